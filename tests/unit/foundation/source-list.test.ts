import { describe, expect, it } from 'vitest';
import { insertTestSource, tempProject, type TestProject } from '../helpers.js';

/**
 * The source list is read as one JSON array from a scan of its covering index, joined and ordered
 * in JS (db/repo/sources.ts). It must say what a plain query of the tables says, in the order the
 * workbench shows: by case position (no case first), then the source's position, title and id.
 */
function naiveList(p: TestProject, caseId?: string) {
  return p.db
    .prepare(
      `SELECT s.id, s.case_id AS caseId, s.title, s.kind, s.document_type AS documentType, s.date,
         s.respondent_id AS respondentId, r.pseudonym AS respondentPseudonym,
         r.role AS respondentRole, s.validation, s.original_name AS originalName,
         s.text_length AS characters,
         (SELECT count(*) FROM segments g WHERE g.source_id = s.id) AS segmentCount,
         s.created_at AS createdAt, s.previous_version_id AS previousVersionId,
         (SELECT n.id FROM sources n WHERE n.previous_version_id = s.id
          ORDER BY n.created_at DESC LIMIT 1) AS replacedById
       FROM sources s LEFT JOIN respondents r ON r.id = s.respondent_id
         LEFT JOIN cases c ON c.id = s.case_id
       WHERE @caseId IS NULL OR s.case_id = @caseId
       ORDER BY c.sort IS NOT NULL, c.sort, s.sort, s.title, s.id`,
    )
    .all({ caseId: caseId ?? null });
}

let n = 0;
function add(p: TestProject, over: { caseId: string | null; title: string; sort?: number }) {
  n += 1;
  return insertTestSource(
    p,
    {
      kind: 'document',
      documentType: 'report',
      date: n % 2 ? '2021-03-04' : null,
      respondentId: null,
      validation: null,
      originalName: `${over.title}.txt`,
      sha256: `sha-${n}`,
      textSha256: `text-${n}`,
      originalBytes: new Uint8Array([n]),
      createdAt: `2026-01-0${(n % 9) + 1}T10:00:00.000Z`,
      createdBy: null,
      ...over,
    },
    {
      text: `Tekst ${n}`,
      blocks: [{ type: 'paragraph', start: 0, end: 6 + String(n).length }],
      marks: [],
    },
  );
}

describe('the source list', () => {
  it('equals a plain query of the tables, whole and per case, with ties, odd titles and versions', async () => {
    const p = await tempProject({ demo: true });
    const cases = await p.call('cases.list', {});
    expect(cases.length).toBeGreaterThan(1);
    const [first, second] = cases;
    // Ties on position broken by title, then id; titles JSON must escape; no case sorts first.
    add(p, { caseId: first!.id, title: 'Ä "quoted" \\ title', sort: 0 });
    add(p, { caseId: first!.id, title: 'A\nnew line\ttab', sort: 0 });
    add(p, { caseId: null, title: '😀 emoji', sort: 1 });
    add(p, { caseId: second!.id, title: 'zelfde', sort: 2 });
    add(p, { caseId: second!.id, title: 'zelfde', sort: 2 });
    // A source replaced twice: the newest replacement is named.
    const old = add(p, { caseId: first!.id, title: 'versie 1' });
    const v2 = insertTestSource(
      p,
      {
        caseId: first!.id,
        title: 'versie 2',
        kind: 'document',
        documentType: 'report',
        date: null,
        respondentId: null,
        validation: null,
        originalName: 'v2.txt',
        sha256: 'v2',
        textSha256: 'v2t',
        originalBytes: new Uint8Array([2]),
        previousVersionId: old,
        createdAt: '2026-02-01T00:00:00.000Z',
        createdBy: null,
      },
      { text: 'twee', blocks: [{ type: 'paragraph', start: 0, end: 4 }], marks: [] },
    );
    const list = await p.call('sources.list', {});
    expect(list.length).toBeGreaterThan(7);
    expect(list).toEqual(naiveList(p));
    expect(list.find((s) => s.id === old)?.replacedById).toBe(v2);
    expect(list.some((s) => s.respondentPseudonym !== null && s.segmentCount > 0)).toBe(true);
    for (const c of cases)
      expect(await p.call('sources.list', { caseId: c.id })).toEqual(naiveList(p, c.id));
  });
});
