import { describe, expect, it } from 'vitest';
import { codingCommands } from '../../../cli/commands/coding.js';
import type { CliCommand } from '../../../cli/command.js';
import { codingProject, TEXT } from './fixture.js';

const command = (name: string) => codingCommands.find((c) => c.name === name) as CliCommand;

async function run(name: string, positionals: string[], values: Record<string, string | string[]>) {
  const out: string[] = [];
  const code = await command(name).run(
    { positionals, values },
    { out: (t) => out.push(t), err: () => undefined },
  );
  return { code, out: out.join('\n') };
}

describe('casus code / casus uncode', () => {
  it('codes a range by key and bilingual label, prints segment id and exact text, and uncodes', async () => {
    const { p, sourceId } = await codingProject({ file: true });
    // The CLI opens the file with its own connection: release ours first.
    p.session.close();
    const start = TEXT.indexOf('Het Rijk');
    const end = TEXT.indexOf(',', start);
    const r = await run('code', [p.path], {
      source: sourceId,
      start: String(start),
      end: String(end),
      codes: ['opgave-regio,Political-administrative', 'Beleidsvorming', 'factor'],
      coder: 'test coder',
      memo: 'CLI',
      json: 'x',
    });
    expect(r.code).toBe(0);
    const seg = JSON.parse(r.out) as { id: string; text: string; codings: unknown[] };
    expect(seg.text).toBe('Het Rijk 😀 sloot pas later aan');
    expect(seg.codings).toHaveLength(4);
    const u = await run('uncode', [p.path], { segment: seg.id, codes: ['factor'] });
    expect(u.out).toMatch(/Removed 1 coding/);
  });

  it('refuses an ambiguous code name, listing the candidates', async () => {
    const { p, sourceId } = await codingProject({ file: true });
    await p.call('codes.create', {
      label: { nl: 'Geld', en: 'Money' },
      dimension: 'free',
      parentId: null,
    });
    await p.call('codes.create', {
      label: { nl: 'Money', en: 'Geld' },
      dimension: 'free',
      parentId: null,
    });
    p.session.close();
    await expect(
      run('code', [p.path], { source: sourceId, start: '0', end: '5', codes: ['geld'] }),
    ).rejects.toThrow(
      /"geld" names 2 codes; use the id or key of one: .*"Geld" \/ "Money".*"Money" \/ "Geld"/,
    );
    await expect(
      run('code', [p.path], {
        source: sourceId,
        start: '0',
        end: '5',
        codes: ['factor'],
        coder: 'X',
      }),
    ).rejects.toThrow(/No coder named "X"/);
  });
});
