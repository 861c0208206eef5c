import { readSheet } from 'read-excel-file/node';
import { describe, expect, it } from 'vitest';
import { codeId, smallStudy } from './fixture.js';

describe('auto-code and segment retrieval', async () => {
  const { p, achterhoek, foodvalley } = await smallStudy();
  const db = p.db;
  const welvaart = codeId(p, 'brede-welvaart');
  const integraal = codeId(p, 'integrale-aanpak');
  const factor = codeId(p, 'factor');
  const caseId = (key: string) =>
    (db.prepare('SELECT id FROM cases WHERE key = ?').get(key) as { id: string }).id;
  const sourceText = (id: string) =>
    (db.prepare('SELECT text FROM sources WHERE id = ?').get(id) as { text: string }).text;

  it('codes hits, sentences or paragraphs in one change-log group', async () => {
    const r = await p.call('search.query', { query: '"brede welvaart"' });
    const hits = r.hits.map((h) => ({ sourceId: h.sourceId, ...h.hit }));
    const groupsBefore = db.prepare('SELECT count(DISTINCT group_id) AS n FROM change_log').get();
    const made = await p.call('search.autocode', { hits, unit: 'sentence', codeIds: [welvaart] });
    expect(made.segmentIds).toHaveLength(2);
    expect(made.codingsAdded).toBe(2);
    const texts = (
      db.prepare('SELECT source_id, text FROM segments').all() as {
        source_id: string;
        text: string;
      }[]
    ).map((s) => s.text);
    expect(texts).toContain('Brede welvaart staat centraal in de deal.');
    expect(texts).toContain('Brede welvaart en gezondheid: de regio kiest een integrale aanpak.');
    const groupsAfter = db
      .prepare('SELECT count(DISTINCT group_id) AS n FROM change_log')
      .get() as {
      n: number;
    };
    expect(groupsAfter.n).toBe((groupsBefore as { n: number }).n + 1);
    const log = db
      .prepare("SELECT entity FROM change_log WHERE action = 'search.autocode'")
      .all() as { entity: string }[];
    expect(log.map((l) => l.entity).sort()).toEqual(['codings', 'codings', 'segments', 'segments']);
  });

  it('codes a paragraph and the hit itself', async () => {
    const r = await p.call('search.query', { query: 'integrale aanpak' });
    const h = r.hits[0]!;
    await p.call('search.autocode', {
      hits: [{ sourceId: h.sourceId, ...h.hit }],
      unit: 'hit',
      codeIds: [integraal, factor],
    });
    expect(sourceText(h.sourceId).slice(h.hit.start, h.hit.end)).toBe('integrale aanpak');
    const v = await p.call('search.query', { query: 'verpleegkundige' });
    await p.call('search.autocode', {
      hits: [{ sourceId: v.hits[0]!.sourceId, ...v.hits[0]!.hit }],
      unit: 'paragraph',
      codeIds: [factor],
    });
    const seg = db.prepare('SELECT text FROM segments WHERE text LIKE ?').get('De huisarts%') as {
      text: string;
    };
    expect(seg.text).toBe(
      'De huisarts en de verpleegkundige werken samen in de wijk. Dat is nieuw.',
    );
  });

  it('rejects unknown codes and out-of-range hits without writing anything', async () => {
    const count = () => (db.prepare('SELECT count(*) AS n FROM codings').get() as { n: number }).n;
    const n = count();
    await expect(
      p.call('search.autocode', {
        hits: [{ sourceId: achterhoek, start: 0, end: 5 }],
        codeIds: ['no-such-code'],
      }),
    ).rejects.toMatchObject({ code: 'not_found', message: expect.stringMatching(/no-such-code/) });
    await expect(
      p.call('search.autocode', {
        hits: [
          { sourceId: achterhoek, start: 0, end: 5 },
          { sourceId: foodvalley, start: 0, end: 99999 },
        ],
        codeIds: [welvaart],
      }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    expect(count()).toBe(n);
  });

  it('retrieves by code logic, dimensions and cases, with context and codes', async () => {
    const all = await p.call('segments.query', {});
    expect(all.total).toBe(4);
    const both = await p.call('segments.query', { allCodes: [integraal, factor] });
    expect(both.segments.map((s) => s.text)).toEqual(['integrale aanpak']);
    const seg = both.segments[0]!;
    expect(seg.before).toBe('Brede welvaart en gezondheid: de regio kiest een ');
    expect(seg.after).toBe('.');
    expect(seg.codes.map((c) => c.dimension)).toEqual(['principle', 'facet']);
    const either = await p.call('segments.query', { anyCodes: [welvaart, integraal] });
    expect(either.total).toBe(3);
    const not = await p.call('segments.query', { anyCodes: [welvaart], noneCodes: [factor] });
    expect(not.total).toBe(2);
    const cell = await p.call('segments.query', {
      principles: [welvaart],
      caseIds: [caseId('achterhoek')],
    });
    expect(cell.segments.map((s) => s.respondentPseudonym)).toEqual(['R-A1']);
    // A parent code stands for its children (opgavegericht werken holds integrale aanpak).
    const parent = await p.call('segments.query', {
      principles: [codeId(p, 'opgavegericht-werken')],
    });
    expect(parent.total).toBe(1);
    const ids = await p.call('segments.query', { segmentIds: [seg.id] });
    expect(ids.segments.map((s) => s.id)).toEqual([seg.id]);
  });

  it('groups by case and by code, with counts', async () => {
    const byCase = await p.call('segments.query', { groupBy: 'case' });
    expect(byCase.groups.map((g) => [g.label.nl, g.count])).toEqual([
      ['Achterhoek', 2],
      ['Foodvalley', 2],
    ]);
    const byCode = await p.call('segments.query', { groupBy: 'code' });
    expect(byCode.groups.find((g) => g.key === welvaart)?.count).toBe(2);
    expect(byCode.groups.find((g) => g.key === factor)?.count).toBe(2);
  });

  it('names unknown ids in filters', async () => {
    await expect(p.call('segments.query', { caseIds: ['nope'] })).rejects.toMatchObject({
      code: 'not_found',
      message: 'No case with id nope',
    });
    await expect(p.call('segments.query', { allCodes: ['x1'] })).rejects.toMatchObject({
      message: expect.stringMatching(/No code with id x1/),
    });
  });

  it('uncodes and recodes from the list', async () => {
    const [s] = (await p.call('segments.query', { allCodes: [integraal] })).segments;
    await p.call('segments.recode', {
      segmentId: s!.id,
      fromCodeId: integraal,
      toCodeId: welvaart,
    });
    expect((await p.call('segments.query', { allCodes: [integraal] })).total).toBe(0);
    expect(
      (await p.call('segments.uncode', { segmentId: s!.id, codeId: welvaart })).segmentDeleted,
    ).toBe(false);
    expect(
      (await p.call('segments.uncode', { segmentId: s!.id, codeId: factor })).segmentDeleted,
    ).toBe(true);
    await expect(
      p.call('segments.uncode', { segmentId: s!.id, codeId: factor }),
    ).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('exports the list as CSV and XLSX, one row per segment', async () => {
    const csv = await p.call('segments.export', { format: 'csv', lang: 'en' });
    const bytes = Buffer.from(csv.base64, 'base64');
    // A byte-order mark so that Excel reads the Dutch diacritics as UTF-8.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
    const lines = text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'id,case,source,source id,date,document type,respondent,role,start,end,text,principle,factor category,phase,facet,other codes,coders',
    );
    expect(lines).toHaveLength(1 + 3);
    const xlsx = await p.call('segments.export', {
      format: 'xlsx',
      caseIds: [caseId('achterhoek')],
    });
    const rows = await readSheet(Buffer.from(xlsx.base64, 'base64'));
    expect(rows[0]?.[1]).toBe('casus');
    expect(rows.slice(1).map((r) => r[1])).toEqual(['Achterhoek', 'Achterhoek']);
    expect(rows.slice(1).map((r) => r[11])).toContain('Brede welvaart centraal');
  });

  it('offers sources, codes, cases and respondents for quick open, without real names', async () => {
    const items = await p.call('search.palette', {});
    const types = new Set(items.map((i) => i.type));
    expect([...types].sort()).toEqual(['case', 'code', 'respondent', 'source']);
    expect(items.find((i) => i.type === 'respondent')?.sourceId).toBe(achterhoek);
  });

  it('shows quick-open items by label in each language, a respondent by the label of its role', async () => {
    const items = await p.call('search.palette', {});
    const roles = await p.call('vocabulary.list', {});
    const respondent = items.find((i) => i.type === 'respondent');
    const role = roles.roles.find((v) => respondent?.alt.startsWith(v.key));
    expect(role).toBeDefined();
    expect(respondent?.detail.nl.startsWith(role!.label.nl)).toBe(true);
    expect(respondent?.detail.en.startsWith(role!.label.en)).toBe(true);
    expect(respondent?.detail.nl).not.toContain(role!.key);
    const code = items.find((i) => i.type === 'code' && i.label.nl !== i.label.en);
    expect(code?.label.en).toBeTruthy();
  });
});
