import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { agreementCommands } from '../../../cli/commands/agreement.js';
import { projectCommands } from '../../../cli/commands/project.js';
import type { CliCommand } from '../../../cli/command.js';
import { tempDir, tempProject } from '../helpers.js';
import { agreementProject, type AgreementProject } from './fixture.js';

const command = (name: string) =>
  [...agreementCommands, ...projectCommands].find((c) => c.name === name) as CliCommand;

async function run(
  name: string,
  positionals: string[],
  values: Record<string, string | string[] | boolean>,
) {
  const out: string[] = [];
  const code = await command(name).run(
    { positionals, values },
    { out: (t) => out.push(t), err: () => undefined },
  );
  return { code, out: out.join('\n') };
}

let t: AgreementProject;
beforeEach(async () => {
  t = await agreementProject({ file: true });
});

describe('casus agreement', () => {
  it('prints the figures as JSON, coders and codes named by name, initials and key', async () => {
    const path = t.p.path;
    t.p.session.close();
    const r = await run('agreement', [path], {
      coders: ['Anna Aerts,bb'],
      codes: ['brede-welvaart,opgave-regio,multi-actor'],
      json: true,
    });
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as {
      unit: string;
      coders: { name: string }[];
      codes: {
        code: string;
        label: { nl: string };
        percent: number;
        kappa: number | null;
        reason: string | null;
        alpha: number | null;
        units: number;
      }[];
      pooled: { percent: number; kappa: number; alpha: number };
    };
    expect(json.unit).toBe('char');
    expect(json.coders.map((c) => c.name)).toEqual(['Anna Aerts', 'Bart Bos']);
    expect(json.codes.map((c) => c.code)).toEqual([
      'brede-welvaart',
      'opgave-regio',
      'multi-actor',
    ]);
    expect(json.codes[0]).toMatchObject({ percent: 70, units: 100 });
    expect(json.codes[0]?.kappa).toBeCloseTo(0.08 / 0.38, 12);
    // Undefined: null with the reason, not 0.
    expect(json.codes[2]).toMatchObject({ kappa: null, alpha: null });
    expect(json.codes[2]?.reason).toMatch(/neither coder applied the code/);
    expect(json.pooled.kappa).toBeCloseTo(0.18 / 0.38, 12);
  });

  it('prints a table for people with "—" and the reason, CSV, and the methods paragraph', async () => {
    const path = t.p.path;
    t.p.session.close();
    const table = await run('agreement', [path], {
      coders: ['AA,BB'],
      codes: ['brede-welvaart,multi-actor'],
      unit: 'block',
    });
    expect(table.out).toMatch(/Anna Aerts × Bart Bos · 1 source\(s\) · unit: block/);
    expect(table.out).toMatch(/brede-welvaart +Broad well-being is central +66\.7 +0\.400 /);
    expect(table.out).toMatch(/multi-actor .* 100\.0 +— +— +3 +κ: neither coder applied/);
    const csv = await run('agreement', [path], {
      coders: ['AA,BB'],
      dimension: 'principle',
      csv: true,
    });
    expect(csv.out.split('\r\n')[0]).toMatch(/^niveau,casus,bron,code,label,% overeenstemming/);
    const methods = await run('agreement', [path], {
      coders: ['AA,BB'],
      codes: ['brede-welvaart'],
      methods: 'en',
    });
    expect(methods.out).toMatch(/^Intercoder agreement\. Two coders \(Anna Aerts and Bart Bos\)/);
    await expect(
      run('agreement', [path], { coders: ['AA,BB'], unit: 'word', codes: ['brede-welvaart'] }),
    ).rejects.toThrow(/--unit must be char, segment or block, not "word"/);
    await expect(run('agreement', [path], { coders: ['AA,Zoë'] })).rejects.toThrow(
      /No coder called "Zoë" \(the coders are: Anna Aerts \(AA\), Bart Bos \(BB\)\)/,
    );
  });

  it('a coder added with casus coders add can be compared at once', async () => {
    const path = t.p.path;
    t.p.session.close();
    await run('coders', ['add', path], { name: 'Cas Claes', initials: 'CC' });
    const r = await run('agreement', [path], {
      coders: ['AA,BB,CC'],
      codes: ['brede-welvaart'],
      sources: [t.sourceId],
      json: true,
    });
    const json = JSON.parse(r.out) as { codes: { kappa: null; reason: string }[] };
    expect(json.codes[0]?.reason).toMatch(/Cohen's κ compares exactly two coders/);
  });
});

describe('casus disagreements', () => {
  it('lists the passages where two coders differ', async () => {
    const path = t.p.path;
    t.p.session.close();
    const r = await run('disagreements', [path], { coders: ['AA,BB'], code: 'brede-welvaart' });
    expect(r.out).toMatch(/Interview 1 +brede-welvaart +boundaries +0–20 +10–30 /);
    expect(r.out).toMatch(/Interview 1 +brede-welvaart +only-a +50–60 +— /);
    expect(r.out).toMatch(/2 disagreement\(s\); 0 decision\(s\) recorded/);
    const json = JSON.parse(
      (
        await run('disagreements', [path], {
          coders: ['AA,BB'],
          dimension: 'principle',
          json: true,
        })
      ).out,
    ) as { rows: unknown[] };
    expect(json.rows).toHaveLength(3);
  });
});

describe('casus merge', () => {
  it('previews with --dry-run, merges, and a second merge changes nothing', async () => {
    const dir = tempDir();
    const copy = join(dir, 'laptop.casus');
    t.p.db.exec(`VACUUM INTO '${copy}'`);
    const path = t.p.path;
    t.p.session.close();
    // The copy gets a coding of a third coder.
    await run('coders', ['add', copy], { name: 'Cas Claes' });
    const { codingCommands } = await import('../../../cli/commands/coding.js');
    const code = codingCommands.find((c) => c.name === 'code') as CliCommand;
    await code.run(
      {
        positionals: [copy],
        values: {
          source: t.sourceId,
          start: '0',
          end: '10',
          codes: ['brede-welvaart'],
          coder: 'Cas Claes',
        },
      },
      { out: () => undefined, err: () => undefined },
    );
    const dry = JSON.parse((await run('merge', [path, copy], { 'dry-run': true, json: true })).out);
    expect(dry).toMatchObject({
      status: 'preview',
      added: { coders: 1, codings: 1, segments: 1, sources: 0 },
      matched: { sourcesById: 1, codings: 6 },
      conflicts: [],
    });
    const merged = JSON.parse((await run('merge', [path, copy], { json: true })).out);
    expect(merged.status).toBe('merged');
    const again = await run('merge', [path, copy], {});
    expect(again.out).toMatch(/^Nothing to merge from laptop\.casus/);
    const list = JSON.parse((await run('merge', [path], { list: true, json: true })).out);
    expect(list).toHaveLength(1);
    const undone = await run('merge', [path], { undo: list[0].id });
    expect(undone.out).toMatch(/^Undid merge /);
  });

  it("asks for --yes for another project's copy, and says why", async () => {
    const other = await tempProject({ file: true });
    other.db.pragma('wal_checkpoint(TRUNCATE)');
    const path = t.p.path;
    t.p.session.close();
    await expect(run('merge', [path, other.path], {})).rejects.toThrow(
      /test\.casus is a copy of another project .*confirm to merge it anyway/,
    );
    const ok = JSON.parse((await run('merge', [path, other.path], { yes: true, json: true })).out);
    expect(ok.sameProject).toBe(false);
  });
});
