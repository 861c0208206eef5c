import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { newId, now } from '../../../core/server/domain/ids.js';
import { computeMatrix } from '../../../core/server/matrix/engine.js';
import { readerFor } from '../../../db/access.js';
import { matrixSources } from '../../../db/queries/matrix.js';
import {
  MatrixSpec,
  MEASURES,
  type AxisDimension,
  type MatrixSpec as MatrixSpecInput,
} from '../../../core/shared/contract/matrix.js';
import { tempProject, withCoder, type TestProject } from '../helpers.js';
import { rng } from '../random.js';
import { addSource, rawCodings } from '../search/fixture.js';
import { referenceMatrix } from './reference.js';

let p: TestProject;
const ids = { coders: [] as string[], cases: [] as string[], codes: new Map<string, string[]>() };

/**
 * A random small study with everything that makes counting hard: overlapping and identical
 * segments, segments with several codes of one dimension, codes under a group and a free code
 * under a principle, codings by several coders and by a deleted one (NULL), a respondent in two
 * cases, sources tied on (sort, title), document types and roles outside the vocabulary, a source
 * without a case, approved and draft interviews.
 */
beforeAll(async () => {
  p = await tempProject({ file: true });
  const rand = rng(20240605);
  const pick = <T>(list: T[]): T => list[Math.floor(rand() * list.length)] as T;
  const db = p.db;
  for (const name of ['Anna', 'Bea', 'Cas']) ids.coders.push(await withCoder(p, name));
  const gone = await withCoder(p, 'Gone');
  ids.cases = (db.prepare('SELECT id FROM cases ORDER BY sort').all() as { id: string }[]).map(
    (c) => c.id,
  );
  const caseKeys = (
    db.prepare('SELECT key FROM cases ORDER BY sort').all() as { key: string }[]
  ).map((c) => c.key);
  const principle = (
    db.prepare("SELECT id FROM codes WHERE dimension = 'principle' LIMIT 1").get() as { id: string }
  ).id;
  const insertCode = db.prepare(
    `INSERT INTO codes (id, parent_id, key, dimension, label_nl, label_en, color, sort, created_at)
     VALUES (?, ?, NULL, ?, ?, ?, '#4477AA', ?, ?)`,
  );
  const freeParent = newId();
  insertCode.run(freeParent, null, 'free', 'Vrij', 'Free', 1, now());
  for (const [i, parent] of [freeParent, freeParent, principle].entries())
    insertCode.run(newId(), parent, 'free', `Vrij ${i}`, `Free ${i}`, i, now());
  for (const dim of ['principle', 'category', 'phase', 'facet', 'free'])
    ids.codes.set(
      dim,
      (db.prepare('SELECT id FROM codes WHERE dimension = ?').all(dim) as { id: string }[]).map(
        (c) => c.id,
      ),
    );
  const allCodes = [...ids.codes.values()].flat();

  const line = 'abcdefghijklmnopqrstuvwxyz0123456789'.repeat(3);
  const sources: string[] = [];
  for (let i = 0; i < 14; i++) {
    const interview = i % 3 !== 2;
    sources.push(
      addSource(p, {
        title: `Bron ${i % 11}`, // sources 11..13 tie with 0..2 on title
        paragraphs: [line, line],
        ...(i === 13 ? {} : { caseKey: caseKeys[i % caseKeys.length] as string }),
        ...(interview
          ? {
              respondent: {
                pseudonym: `R${i}`,
                role: i === 4 ? 'buurtwerker' : pick(['programmaleiding', 'rijksdealmaker']),
              },
            }
          : { documentType: i === 5 ? 'notulen' : pick(['deal-text', 'progress-report']) }),
      }),
    );
    db.prepare('UPDATE sources SET validation = ?, sort = ? WHERE id = ?').run(
      interview ? pick(['approved', 'draft', 'approved']) : null,
      (i % 11) % 2,
      sources[i],
    );
  }
  // One respondent speaks in sources of two cases.
  const shared = (
    db.prepare('SELECT respondent_id FROM sources WHERE id = ?').get(sources[0]) as {
      respondent_id: string;
    }
  ).respondent_id;
  db.prepare('UPDATE sources SET respondent_id = ? WHERE id = ?').run(shared, sources[7]);

  const raw = rawCodings(p);
  const spans: [number, number][] = [];
  for (let i = 0; i < 160; i++) {
    const source = pick(sources);
    // Reuse a span now and then: identical and overlapping segments.
    const [start, end] =
      spans.length && rand() < 0.2
        ? pick(spans)
        : ((s) => [s, s + 1 + Math.floor(rand() * 40)] as [number, number])(
            Math.floor(rand() * 150),
          );
    spans.push([start, end]);
    const id = raw.segment(source, start, end, 'x'.repeat(end - start));
    const n = rand() < 0.1 ? 0 : 1 + Math.floor(rand() * 5);
    for (let k = 0; k < n; k++)
      raw.code(id, pick(allCodes), pick([...ids.coders, gone, ids.coders[0] as string]));
  }
  // A deleted coder leaves codings without one.
  db.prepare('DELETE FROM coders WHERE id = ?').run(gone);
});

const DIMS: [AxisDimension, AxisDimension?][] = [
  ['principle', 'category'],
  ['case'],
  ['principle'],
  ['category'],
  ['sourceType'],
  ['role'],
  ['coder'],
  ['free'],
  ['phase', 'case'],
  ['case', 'role'],
  ['coder', 'principle'],
];
const axis = ([dim, split]: [AxisDimension, AxisDimension?], collapsed?: string[]) => ({
  dim,
  ...(split ? { split } : {}),
  ...(collapsed ? { collapsed } : {}),
});

/** The codes with sub-codes (the groups a matrix side can collapse). */
const parentCodes = () =>
  (
    p.db
      .prepare('SELECT DISTINCT parent_id AS id FROM codes WHERE parent_id IS NOT NULL')
      .all() as { id: string }[]
  ).map((g) => g.id);

async function same(input: MatrixSpecInput) {
  const spec = MatrixSpec.parse(input);
  const expected = referenceMatrix(p.db, spec);
  const got = await p.call('matrix.compute', input);
  expect(got).toEqual(expected);
  const lean = await p.call('matrix.compute', { ...input, includeSegments: false });
  expect(lean).toEqual({ ...expected, cells: expected.cells.map((c) => ({ ...c, segments: [] })) });
  // Drill-down: the busiest cell and an empty one give the same segments, in the same order.
  const busiest = [...expected.cells].sort((a, b) => b.segments.length - a.segments.length)[0];
  const empty = expected.cells.find((c) => c.segments.length === 0);
  for (const c of [busiest, empty])
    if (c)
      expect(
        (await p.call('matrix.cell', { spec: input, row: c.row, col: c.col })).segmentIds,
      ).toEqual(c.segments);
  return expected;
}

describe('the SQL engine equals a naive reference on a random study', () => {
  it('every measure and percentage, over many dimension pairs', async () => {
    let nonEmpty = 0;
    for (const rows of DIMS)
      for (const cols of [DIMS[1], DIMS[0], DIMS[6], DIMS[4]] as [AxisDimension, AxisDimension?][])
        for (const measure of MEASURES) {
          const m = await same({ rows: axis(rows), cols: axis(cols), measure });
          if (m.cells.some((c) => c.raw > 0)) nonEmpty++;
        }
    expect(nonEmpty).toBeGreaterThan(100);
    for (const percent of ['row', 'col'] as const)
      for (const measure of MEASURES)
        await same({
          rows: axis(DIMS[0] as [AxisDimension]),
          cols: axis(['case']),
          measure,
          percent,
        });
  });

  it('with filters: codes of one and two dimensions, cases, coders, approved only', async () => {
    const codes = (dim: string) => ids.codes.get(dim) ?? [];
    const filters = [
      { codes: [codes('phase')[0] as string] },
      {
        codes: [
          codes('principle')[0] as string,
          codes('principle')[2] as string,
          codes('facet')[1] as string,
        ],
      },
      { codes: [codes('free')[0] as string] },
      { cases: [ids.cases[0] as string, ids.cases[2] as string] },
      { coders: [ids.coders[1] as string] },
      { coders: [ids.coders[0] as string, ids.coders[2] as string], approvedOnly: true },
      { approvedOnly: true, codes: [codes('category')[1] as string] },
    ];
    for (const filter of filters)
      for (const [rows, cols] of [
        [DIMS[0], DIMS[1]],
        [DIMS[4], DIMS[5]],
        [DIMS[6], DIMS[7]],
        [DIMS[9], DIMS[8]],
      ] as [AxisDimension, AxisDimension?][][])
        for (const measure of MEASURES)
          await same({
            rows: axis(rows as [AxisDimension]),
            cols: axis(cols as [AxisDimension]),
            filter,
            measure,
          });
  });

  it('with a collapsed group', async () => {
    const db = p.db;
    const groups = (
      db
        .prepare('SELECT DISTINCT parent_id AS id FROM codes WHERE parent_id IS NOT NULL')
        .all() as { id: string }[]
    ).map((g) => g.id);
    for (const dim of ['principle', 'free'] as const)
      for (const measure of MEASURES)
        await same({
          rows: axis([dim, 'category'], groups),
          cols: axis(['case']),
          measure,
        });
  });
});

describe('a drill-down equals the cell of the whole matrix', () => {
  /**
   * Every cell's segments, asked one cell at a time, against the reference's: without a grid
   * before them (each reads its own values), then after the grid (they use the grid's lookups).
   */
  async function everyCell(input: MatrixSpecInput) {
    const expected = referenceMatrix(p.db, MatrixSpec.parse(input));
    let nonEmpty = 0;
    for (const afterGrid of [false, true]) {
      if (afterGrid) await p.call('matrix.compute', { ...input, includeSegments: false });
      for (const c of expected.cells) {
        const { segmentIds } = await p.call('matrix.cell', {
          spec: input,
          row: c.row,
          col: c.col,
        });
        const name = `${c.row} × ${c.col}${afterGrid ? ' (after the grid)' : ''}`;
        expect(segmentIds, name).toEqual(c.segments);
        if (c.segments.length && !afterGrid) nonEmpty++;
        // The cell panel's first page reads the cell by its keys per source: the same answer as
        // its ids give, where a page cuts a source's segments and where starts tie.
        const page = { limit: 3, context: 20 };
        const panel = await p.call('matrix.cellSegments', {
          spec: input,
          row: c.row,
          col: c.col,
          ...page,
        });
        const byIds = segmentIds.length
          ? await p.call('segments.query', { segmentIds, ...page })
          : { total: 0, truncated: false, segments: [], groups: [], perCase: [] };
        expect(panel, name).toEqual(byIds);
      }
    }
    return nonEmpty;
  }
  // A function: the coders exist once beforeAll has run.
  const specs = (): MatrixSpecInput[] => [
    { rows: axis(['principle', 'category']), cols: axis(['case']) },
    { rows: axis(['case', 'role']), cols: axis(['phase']) },
    { rows: axis(['coder', 'principle']), cols: axis(['sourceType']) },
    { rows: axis(['free']), cols: axis(['coder']) },
    {
      rows: axis(['principle', 'category']),
      cols: axis(['case']),
      filter: { coders: [ids.coders[1] as string], approvedOnly: true },
    },
    { rows: axis(['category', 'principle']), cols: axis(['case', 'coder']) },
    { rows: axis(['case']), cols: axis(['principle', 'free']), measure: 'chars' },
    {
      rows: axis(['principle', 'category'], parentCodes()),
      cols: axis(['case']),
      filter: { codes: [(ids.codes.get('phase') ?? [])[0] as string] },
    },
  ];

  it('for every cell (with "no value" rows, ties, filters), before and after sources are deleted', async () => {
    let nonEmpty = 0;
    for (const spec of specs()) nonEmpty += await everyCell(spec);
    expect(nonEmpty).toBeGreaterThan(40);
    // Deleting sources takes their segments and codings with them (cascade); the segments'
    // seqs are not reused, so the dense numbering has gaps.
    const db = p.db;
    const before = (db.prepare('SELECT count(*) AS n FROM segments').get() as { n: number }).n;
    db.prepare(
      'DELETE FROM sources WHERE id IN (SELECT id FROM sources ORDER BY sort, title, id LIMIT 2 OFFSET 3)',
    ).run();
    const after = (db.prepare('SELECT count(*) AS n FROM segments').get() as { n: number }).n;
    expect(after).toBeLessThan(before);
    for (const spec of specs()) await everyCell(spec);
    for (const spec of specs()) await same(spec);
  });
});

describe('the engine keeps what it read only while the data stays the same', () => {
  const spec = { rows: { dim: 'principle', split: 'category' }, cols: { dim: 'case' } } as const;
  const total = (m: { cells: { raw: number }[] }) => m.cells.reduce((t, c) => t + c.raw, 0);

  it('sees writes by this connection, by another connection, and forgets rolled-back ones', async () => {
    const db = p.db;
    const before = await same(spec);
    // A new segment in a source of a case, coded with a principle and a category: it adds to
    // the grid whatever the random study holds.
    const source = (
      db.prepare('SELECT id FROM sources WHERE case_id IS NOT NULL ORDER BY id LIMIT 1').get() as {
        id: string;
      }
    ).id;
    const segment = newId();
    db.prepare(
      `INSERT INTO segments (id, source_id, start, end, text, created_by, created_at)
       VALUES (?, ?, 0, 1, (SELECT substr(text, 1, 1) FROM sources WHERE id = ?), NULL, ?)`,
    ).run(segment, source, source, now());
    for (const code of [ids.codes.get('principle')?.[0], ids.codes.get('category')?.[0]])
      db.prepare(
        `INSERT INTO codings (id, segment_id, segment_seq, code_id, coder_id, created_at)
         SELECT ?, g.id, g.seq, ?, NULL, ? FROM segments g WHERE g.id = ?`,
      ).run(newId(), code, now(), segment);
    const mine = await same(spec);
    expect(total(mine)).not.toBe(total(before));

    const other = new Database(p.path);
    other.prepare('DELETE FROM codings WHERE segment_id = ?').run(segment);
    other.close();
    const theirs = await same(spec);
    expect(total(theirs)).not.toBe(total(mine));

    // Read inside a transaction that rolls back: nothing of it may be kept.
    const inside = db.transaction(() => {
      db.prepare('DELETE FROM codings').run();
      const m = computeMatrix(readerFor(db), MatrixSpec.parse(spec));
      throw Object.assign(new Error('rollback'), { m });
    });
    let seen: { cells: { raw: number }[] } | undefined;
    try {
      inside();
    } catch (e) {
      seen = (e as { m?: { cells: { raw: number }[] } }).m;
    }
    expect(seen && total(seen)).toBe(0);
    expect(total(await same(spec))).toBe(total(theirs));
  });
});

describe("the matrix's sources and their segments, read by a scan of all or per source", () => {
  /** Per source (in matrix order) its segments' seqs, starts and ends, one query per source. */
  function naive(f: { caseIds: string[] | null; approvedOnly: boolean }) {
    const segs = p.db.prepare(
      'SELECT seq, start, "end" FROM segments WHERE source_id = ? ORDER BY start, "end", id',
    );
    return (
      p.db
        .prepare(
          `SELECT id FROM sources
           WHERE (? IS NULL OR case_id IN (SELECT value FROM json_each(?)))
             AND (? = 0 OR (kind = 'interview' AND validation = 'approved'))
           ORDER BY sort, title, id`,
        )
        .all(
          f.caseIds && JSON.stringify(f.caseIds),
          f.caseIds && JSON.stringify(f.caseIds),
          f.approvedOnly ? 1 : 0,
        ) as { id: string }[]
    ).map(({ id }) => {
      const rows = segs.all(id) as { seq: number; start: number; end: number }[];
      return {
        id,
        rowids: rows.map((r) => r.seq),
        starts: rows.map((r) => r.start),
        ends: rows.map((r) => r.end),
      };
    });
  }
  function check() {
    const filters = [
      { caseIds: null, approvedOnly: false },
      { caseIds: null, approvedOnly: true },
      ...ids.cases.map((c) => ({ caseIds: [c], approvedOnly: false })),
      { caseIds: [ids.cases[0] as string, ids.cases[2] as string], approvedOnly: true },
    ];
    for (const f of filters) {
      const expected = naive(f);
      expect(expected.length).toBeGreaterThan(0);
      for (const spans of [false, true]) {
        const got = matrixSources(readerFor(p.db), f, spans).map((t) => ({
          id: t[0],
          rowids: t[7],
          starts: spans ? t[8] : expected.find((e) => e.id === t[0])?.starts,
          ends: spans ? t[9] : expected.find((e) => e.id === t[0])?.ends,
        }));
        expect(got, JSON.stringify({ f, spans })).toEqual(expected);
      }
    }
  }

  it('gives every filter the same lists (one case, approved only, none)', () => {
    check();
  });

  it('is right even where the kept segment counts are off (then read grouped per source)', () => {
    const one = p.db.prepare('SELECT source_id FROM source_segment_counts LIMIT 1').pluck();
    const id = one.get() as string;
    p.db.prepare('UPDATE source_segment_counts SET n = n + 1 WHERE source_id = ?').run(id);
    try {
      check();
    } finally {
      p.db.prepare('UPDATE source_segment_counts SET n = n - 1 WHERE source_id = ?').run(id);
    }
  });
});
