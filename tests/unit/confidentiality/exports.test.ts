import { beforeAll, describe, expect, it } from 'vitest';
import type { Audience } from '../../../core/shared/contract/confidentiality.js';
import type { MatrixSpec } from '../../../core/shared/contract/matrix.js';
import { checkExport } from '../../../core/server/confidentiality/leak-check.js';
import { Lens } from '../../../core/server/confidentiality/lens.js';
import { CasusError } from '../../../core/shared/errors.js';
import { tempProject, type TestProject } from '../helpers.js';

/*
 * Every exporter, on the demo study with names planted in a source, a coded segment, a synthesis
 * cell (cited), a memo and a respondent's real name: made for the public and then leak-checked
 * with the register, zero hits; made for the team, the same check finds them (so the check can
 * fail). The sources themselves never change.
 */

const PLANTED =
  'Wethouder Jan de Vries belde met Dutch Techzone. Daarna sprak De Vries in Hardenberg ' +
  'met de regio over de aanpak op 12 maart 2021.';

interface Setup {
  p: TestProject;
  spec: MatrixSpec;
  caseId: string;
  sourceId: string;
  sourceText: string;
}

async function setup(): Promise<Setup> {
  const p = await tempProject({ demo: true });
  const cell = (await p.call('matrix.synthesis.list', {}))[0];
  const spec = (await p.call('matrix.definitions.list', {}))[0]?.spec;
  if (!cell || !spec) throw new Error('the demo study lacks a synthesis');
  const caseId = cell.coordinate.case ?? '';
  const respondent = (await p.call('respondents.list', {})).find((r) => r.caseId === caseId);
  if (!respondent) throw new Error('the demo case lacks respondents');
  await p.call('respondents.update', { id: respondent.id, realName: 'Jan de Vries' });
  await p.call('names.add', {
    kind: 'organisation',
    term: 'Dutch Techzone',
    replacement: '[netwerk]',
  });
  await p.call('names.add', { kind: 'place', term: 'Hardenberg', replacement: '[gemeente]' });
  const imported = await p.call('import.file', {
    file: { fileName: 'gesprek.txt', dataBase64: Buffer.from(PLANTED).toString('base64') },
    caseId,
    documentType: 'interview-report',
    respondent: { id: respondent.id },
  });
  if (imported.status !== 'imported') throw new Error('the planted source was not imported');
  const sourceId = imported.source.id;
  const code = (await p.call('codes.tree', {})).find(
    (c) => c.id === cell.coordinate.principle || c.key === cell.coordinate.principle,
  );
  const segment = await p.call('coding.apply', {
    sourceId,
    start: 0,
    end: PLANTED.length,
    codeIds: [code?.id ?? ''],
  });
  const at = {
    spec,
    row: `${cell.coordinate.principle}:${cell.coordinate.category}`,
    col: caseId,
  };
  await p.call('matrix.synthesis.save', {
    at,
    body: '',
    bodyText: 'Volgens Jan de Vries werkt de samenwerking met Dutch Techzone goed.',
  });
  await p.call('matrix.synthesis.cite', { at, segmentId: segment.id });
  await p.call('memos.save', {
    targetType: 'source',
    targetId: sourceId,
    body: '',
    bodyText: 'Nagaan bij Jan de Vries (Hardenberg).',
  });
  const text = (await p.call('sources.get', { id: sourceId })).text;
  return { p, spec, caseId, sourceId, sourceText: text };
}

type File = { name: string; base64: string };

/** Every export path, for one audience. */
async function everyExport(s: Setup, audience: Audience): Promise<File[]> {
  const { p, spec, caseId } = s;
  const out: File[] = [];
  for (const format of ['docx', 'html'] as const) {
    const f = await p.call('report.export', { caseId, format, lang: 'nl', audience });
    out.push({ name: f.fileName, base64: f.base64 });
  }
  for (const format of ['json', 'csv', 'xlsx', 'html', 'docx', 'svg'] as const)
    for (const table of format === 'csv'
      ? (['counts', 'syntheses'] as const)
      : (['counts'] as const)) {
      const f = await p.call('matrix.export', { spec, format, lang: 'nl', table, audience });
      out.push({ name: f.filename, base64: f.base64 });
    }
  for (const format of ['csv', 'xlsx'] as const) {
    const f = await p.call('segments.export', { format, lang: 'nl', caseIds: [caseId], audience });
    out.push({ name: f.fileName, base64: f.base64 });
    const a = await p.call('activity.export', { format, lang: 'nl', audience });
    out.push({ name: a.fileName, base64: a.base64 });
  }
  const refi = await p.call('refi.export', { format: 'qdpx', audience });
  out.push({ name: refi.fileName, base64: refi.data ?? '' });
  return out;
}

describe('exports for an audience', () => {
  let s: Setup;
  beforeAll(async () => {
    s = await setup();
  }, 60_000);

  it('leave no register term in any file made for the public', async () => {
    const files = await everyExport(s, { kind: 'public', hideCases: false });
    expect(files).toHaveLength(14);
    for (const f of files) {
      const check = await s.p.call('confidentiality.leakCheck', {
        data: f.base64,
        fileName: f.name,
      });
      expect(check.hits, f.name).toEqual([]);
      expect(check.terms).toBe(3);
    }
    // The replacements are there instead.
    const csv = Buffer.from(
      files.find((f) => f.name === 'Matrix-syntheses.csv')?.base64 ?? '',
      'base64',
    );
    expect(csv.toString()).toContain('[netwerk]');
  }, 120_000);

  it('are checked: the same files for the team hold the planted names', async () => {
    const files = await everyExport(s, { kind: 'team', hideCases: false });
    const leaking = [];
    for (const f of files) {
      const check = await s.p.call('confidentiality.leakCheck', {
        data: f.base64,
        fileName: f.name,
      });
      if (check.hits.length > 0) leaking.push(f.name);
      // A hit never carries the term itself.
      for (const h of check.hits) expect(h.context).not.toMatch(/Jan de Vries|Techzone/);
    }
    // The report, the matrix files with syntheses, the segments and the REFI-QDA project.
    expect(
      leaking
        .map((n) =>
          n.replace(/\d{4}-\d{2}-\d{2}/, 'DATE').replace(/rapport-.+-v/, 'rapport-CASE-v'),
        )
        .sort(),
    ).toEqual([
      'Matrix-syntheses.csv',
      'Matrix.docx',
      'Matrix.html',
      'Matrix.xlsx',
      'Regio Deals — demo.qdpx',
      'casusrapport-CASE-v1.docx',
      'casusrapport-CASE-v1.html',
      'segments-DATE.csv',
      'segments-DATE.xlsx',
    ]);
  }, 120_000);

  it('hide the case names for the public on request, and coarsen dates to the month', async () => {
    const { p, caseId } = s;
    const cases = await p.call('cases.list', {});
    const label = cases.find((c) => c.id === caseId)?.label.nl ?? '';
    const audience = { kind: 'public', hideCases: true } as const;
    const f = await p.call('segments.export', {
      format: 'csv',
      lang: 'nl',
      caseIds: [caseId],
      audience,
    });
    const text = Buffer.from(f.base64, 'base64').toString();
    expect(text).not.toContain(label);
    expect(text).toContain('Casus ');
    expect(text).toContain('maart 2021');
    expect(text).not.toContain('12 maart 2021');
    const check = await p.call('confidentiality.leakCheck', {
      data: f.base64,
      fileName: f.fileName,
      hideCases: true,
    });
    expect(check.hits).toEqual([]);
    expect(f.check?.hideCases).toBe(true);
  });

  it('apply the register for respondents by default, and the source stays as it was', async () => {
    const { p, spec } = s;
    const f = await p.call('matrix.export', {
      spec,
      format: 'csv',
      lang: 'nl',
      table: 'syntheses',
    });
    const text = Buffer.from(f.base64, 'base64').toString();
    expect(f.check?.audience).toBe('respondents');
    expect(text).toContain('Volgens');
    expect(text).not.toContain('Jan de Vries');
    expect((await p.call('sources.get', { id: s.sourceId })).text).toBe(s.sourceText);
    expect(s.sourceText).toContain('Jan de Vries');
  });

  it('the leak check names where a term is, never the term', async () => {
    const { p } = s;
    const data = Buffer.from('Regel een\nHier staat Dutch Techzone nog.\n').toString('base64');
    const check = await p.call('confidentiality.leakCheck', { data, fileName: 'uit.txt' });
    expect(check.hits).toHaveLength(1);
    expect(check.hits[0]).toMatchObject({
      kind: 'organisation',
      replacement: '[netwerk]',
      where: 'uit.txt, line 2',
    });
    expect(check.hits[0]?.context).toBe('Hier staat ███ nog.');
  });

  it('refuses a file whose text it cannot read, by name', async () => {
    await expect(
      s.p.call('confidentiality.leakCheck', { data: 'AAAA', fileName: 'foto.png' }),
    ).rejects.toThrow(/foto\.png: cannot read the text/);
  });
});

describe('the register and the leak check refuse', () => {
  it('a repeated term or a replacement holding a term, without naming the term', async () => {
    const p = await tempProject({ demo: true });
    await p.call('names.add', { kind: 'person', term: 'Jan de Vries', replacement: 'R1' });
    await expect(
      p.call('names.add', { kind: 'person', term: 'Piet', replacement: 'Jan de Vries' }),
    ).rejects.toThrow(/contains the term replaced by “R1”/);
    const e = await p
      .call('names.add', { kind: 'person', term: 'JAN DE VRIËS', replacement: 'R2' })
      .then(
        () => null,
        (x: unknown) => x,
      );
    expect(e).toBeInstanceOf(CasusError);
    expect((e as CasusError).code).toBe('conflict');
    expect((e as CasusError).message).not.toMatch(/vri/i);
  });

  it('an output in which a term remains: leak_found, with where it is', () => {
    const lens = new Lens({ kind: 'public', hideCases: false }, [
      { id: 't1', kind: 'person', forms: ['Jan de Vries'], replacement: 'R1' },
    ]);
    const bytes = new TextEncoder().encode('kop\nmet dank aan Jan de Vries\n');
    let caught: unknown = null;
    try {
      checkExport(bytes, 'uit.csv', lens);
    } catch (x) {
      caught = x;
    }
    expect(caught).toBeInstanceOf(CasusError);
    const err = caught as CasusError;
    expect(err.code).toBe('leak_found');
    expect(err.message).toContain('uit.csv, line 2');
    expect(err.message).not.toContain('Vries');
    expect(err.details).toMatchObject({ audience: 'public', hits: [{ replacement: 'R1' }] });
    // Clean bytes pass, with what was checked.
    const clean = checkExport(new TextEncoder().encode('met dank aan R1'), 'uit.csv', lens);
    expect(clean).toMatchObject({ audience: 'public', terms: 1 });
  });
});
