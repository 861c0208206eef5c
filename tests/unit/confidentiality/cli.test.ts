import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/main.js';
import { tempDir, tempProject } from '../helpers.js';

async function casus(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('casus names and casus leak-check', () => {
  it('adds a term, keeps real names out of the JSON unless the team asks, and checks files', async () => {
    const p = await tempProject({ demo: true, file: true });
    const respondent = (await p.call('respondents.list', {}))[0];
    await p.call('respondents.update', {
      id: respondent?.id ?? '',
      realName: 'Greetje Oosterhuis',
    });
    p.session.close();
    const file = p.path;
    const dir = tempDir();

    const added = await casus(
      'names',
      'add',
      file,
      '--term',
      'Dutch Techzone',
      '--replace',
      '[netwerk]',
      '--variant',
      'DTZ',
      '--kind',
      'organisation',
      '--json',
    );
    expect(added.code).toBe(0);
    expect(JSON.parse(added.out)).toMatchObject({ term: 'Dutch Techzone', variants: ['DTZ'] });

    const listed = await casus('names', file, '--json');
    expect(listed.code).toBe(0);
    expect(listed.out).not.toContain('Oosterhuis');
    expect(listed.out).toContain(respondent?.pseudonym ?? '?');
    const forTeam = await casus('names', file, '--audience', 'team', '--json');
    expect(forTeam.out).toContain('Greetje Oosterhuis');

    const candidates = await casus('names', file, '--candidates', '--json');
    const found = JSON.parse(candidates.out) as { candidates: { text: string }[] };
    expect(found.candidates.map((c) => c.text)).toContain('Hardenberg');
    expect(found.candidates.map((c) => c.text)).not.toContain('Dutch Techzone');

    const leaky = join(dir, 'notities.csv');
    writeFileSync(leaky, 'wie,wat\nGreetje Oosterhuis,trekker bij DTZ\n');
    const hit = await casus('leak-check', file, leaky);
    expect(hit.code).toBe(1);
    expect(hit.out).toContain('notities.csv, line 2');
    expect(hit.out).not.toContain('Oosterhuis');
    const clean = join(dir, 'schoon.csv');
    writeFileSync(clean, 'wie,wat\nACH-R1,trekker\n');
    expect((await casus('leak-check', file, clean)).code).toBe(0);

    // An export for the public, then checked by the command: clean. Every segment names its
    // case, so a case name in the register is in every team export.
    await casus(
      'names',
      'add',
      file,
      '--term',
      'Foodvalley',
      '--replace',
      '[regio]',
      '--kind',
      'place',
    );
    const out = join(dir, 'segmenten.xlsx');
    const exported = await casus('segments', file, '--xlsx', out, '--audience', 'public');
    expect(exported.code).toBe(0);
    expect(readFileSync(out).subarray(0, 2).toString('latin1')).toBe('PK');
    expect((await casus('leak-check', file, out)).code).toBe(0);
    const team = join(dir, 'team.xlsx');
    await casus('segments', file, '--xlsx', team, '--audience', 'team');
    expect((await casus('leak-check', file, team)).code).toBe(1);

    const bad = await casus('segments', file, '--xlsx', out, '--audience', 'iedereen');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--audience must be team, respondents or public');
  }, 60_000);
});
