import { describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/main.js';
import { caseIdOf, codeIdOf } from '../review/fixture.js';
import { tempProject, withCoder } from '../helpers.js';

/*
 * What the command line prints of the project (issue 17): segments as CSV, JSON and a table, a
 * source's text and metadata, search hits, the activity log, comment threads and the matrix
 * table take --audience like the file exports, respondents by default. A real name and a
 * register term planted in a source, its title and a comment never appear outside --audience
 * team; with it they do (so the test can fail).
 */

async function casus(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const PLANTED = 'Jan de Vries vertelde dat Dutch Techzone de trekker was.';
const NAMES = ['Jan de Vries', 'De Vries', 'Dutch Techzone'];

const clean = (text: string, what: string) => {
  for (const name of NAMES) expect(text, `${what}: ${name}`).not.toContain(name);
};

describe('what the command line prints, for an audience', () => {
  it('applies the register outside --audience team, field by field', async () => {
    const p = await tempProject({ demo: true, file: true });
    await withCoder(p, 'Fenna Facilitator');
    const respondent = (await p.call('respondents.list', {})).find((r) => r.pseudonym === 'ACH-R1');
    if (!respondent) throw new Error('the demo study lacks ACH-R1');
    await p.call('respondents.update', { id: respondent.id, realName: 'Jan de Vries' });
    // A replacement with a comma: CSV must quote the field it lands in.
    await p.call('names.add', {
      kind: 'organisation',
      term: 'Dutch Techzone',
      replacement: '[netwerk, oost]',
    });
    const imported = await p.call('import.file', {
      file: {
        fileName: 'Gesprek Jan de Vries.txt',
        dataBase64: Buffer.from(PLANTED).toString('base64'),
      },
      caseId: caseIdOf(p, 'achterhoek'),
      documentType: 'interview-report',
      respondent: { id: respondent.id },
    });
    if (imported.status !== 'imported') throw new Error('the planted source was not imported');
    const sourceId = imported.source.id;
    const segment = await p.call('coding.apply', {
      sourceId,
      start: 0,
      end: PLANTED.length,
      codeIds: [codeIdOf(p, 'multi-level')],
    });
    await p.call('comments.add', {
      target: { type: 'segment', id: segment.id },
      text: 'Navragen bij Jan de Vries of Dutch Techzone echt trok.',
    });
    p.session.close();
    const file = p.path;

    // Segments printed as CSV: the same replacement as the file export, quoted where needed.
    const csv = await casus('segments', file, '--code', 'multi-level', '--csv');
    expect(csv.code).toBe(0);
    clean(csv.out, 'segments --csv');
    expect(csv.out).toContain('"ACH-R1 vertelde dat [netwerk, oost] de trekker was."');
    const teamCsv = await casus(
      'segments',
      file,
      '--code',
      'multi-level',
      '--csv',
      '--audience',
      'team',
    );
    expect(teamCsv.out).toContain(PLANTED);
    for (const args of [['--json'], []]) {
      const printed = await casus('segments', file, '--code', 'multi-level', ...args);
      expect(printed.code).toBe(0);
      clean(printed.out, `segments ${args.join(' ')}`);
    }

    // A source: its text and its metadata (the title names the respondent).
    const text = await casus('source', file, sourceId, '--text');
    expect(text.out).toBe('ACH-R1 vertelde dat [netwerk, oost] de trekker was.');
    expect(text.err).toContain('offsets differ from the stored text');
    expect((await casus('source', file, sourceId, '--text', '--audience', 'team')).out).toBe(
      PLANTED,
    );
    for (const args of [['--json'], []])
      clean((await casus('source', file, sourceId, ...args)).out, 'source');
    expect((await casus('source', file, sourceId, '--json', '--audience', 'team')).out).toContain(
      'Jan de Vries',
    );

    // Search hits, the activity log, comment threads.
    const search = await casus('search', file, 'trekker', '--json');
    expect(search.code).toBe(0);
    clean(search.out, 'search');
    expect(search.out).toContain('[netwerk, oost]');
    const log = await casus('log', file, '--json');
    clean(log.out, 'log');
    expect((await casus('log', file, '--json', '--audience', 'team')).out).toContain(
      'Jan de Vries',
    );
    const comments = await casus('comments', file, '--json');
    clean(comments.out, 'comments');
    expect(comments.out).toContain('Navragen bij ACH-R1 of [netwerk, oost] echt trok.');
    clean((await casus('comments', file)).out, 'comments (table)');
    expect((await casus('comments', file, '--json', '--audience', 'team')).out).toContain(
      'Jan de Vries',
    );

    // The matrix table with the case names hidden for the public; the respondents (never names).
    const matrix = await casus(
      'matrix',
      file,
      '--rows',
      'principle',
      '--cols',
      'case',
      '--audience',
      'public',
      '--hide-cases',
    );
    expect(matrix.code).toBe(0);
    expect(matrix.out).toContain('Casus A');
    expect(matrix.out).not.toContain('Achterhoek');
    clean((await casus('respondents', file, '--json')).out, 'respondents');
  }, 90_000);
});
