import type { z } from 'zod';
import type { RetrievedSegment, SegmentQuerySchema } from '../../core/shared/contract/search.js';
import { CasusError } from '../../core/shared/errors.js';
import type { Dimension } from '../../core/shared/template/types.js';
import type { Reader } from '../access.js';
import { reading } from '../internal/access.js';
import { sql, type SqlValue } from '../sql.js';
import { binaryOrder } from '../internal/binary-order.js';
import { segmentContexts } from './segment-context.js';

type Query = z.output<typeof SegmentQuerySchema>;

/** A list as the JSON array that json_each reads. */
const list = (values: readonly string[]) => JSON.stringify(values);

interface CodeInfo {
  id: string;
  parent_id: string | null;
  key: string | null;
  dimension: Dimension;
  label_nl: string;
  label_en: string;
  color: string;
  sort: number;
}

const DIMENSION_ORDER: Dimension[] = ['principle', 'category', 'phase', 'facet', 'free'];

interface SegmentRow {
  id: string;
  source_id: string;
  start: number;
  end: number;
  text: string;
  created_by: string | null;
  created_at: string;
}

interface SourceRow {
  id: string;
  title: string;
  kind: 'interview' | 'document';
  document_type: string;
  date: string | null;
  case_id: string | null;
  label_nl: string | null;
  label_en: string | null;
  case_sort: number | null;
  sort: number;
  pseudonym: string | null;
  role: string | null;
}

/** The codes of the project with a descendant lookup; one read per request. */
const codeInfo = sql.rows<CodeInfo>(
  'SELECT id, parent_id, key, dimension, label_nl, label_en, color, sort FROM codes',
);

function loadCodes(r: Reader) {
  const codes = reading(r).all(codeInfo);
  const byId = new Map(codes.map((c) => [c.id, c]));
  const children = new Map<string, string[]>();
  for (const c of codes) {
    if (!c.parent_id) continue;
    const list = children.get(c.parent_id) ?? [];
    list.push(c.id);
    children.set(c.parent_id, list);
  }
  /** A code and every code below it: coding with a sub-code counts for its parent. */
  const expand = (ids: readonly string[], what: string): string[] => {
    const out = new Set<string>();
    const walk = (id: string) => {
      if (out.has(id)) return;
      out.add(id);
      for (const child of children.get(id) ?? []) walk(child);
    };
    for (const id of ids) {
      if (!byId.has(id)) throw new CasusError('not_found', `No code with id ${id} (in ${what})`);
      walk(id);
    }
    return [...out];
  };
  return { codes, byId, expand };
}

function checkIds(
  r: Reader,
  table: 'cases' | 'sources' | 'coders',
  ids: readonly string[] | undefined,
  what: string,
) {
  if (!ids?.length) return;
  const found = new Set(
    reading(r).all(
      sql.values<string, { ids: string }>(
        `SELECT id FROM ${table} WHERE id IN (SELECT value FROM json_each(@ids))`,
      ),
      { ids: JSON.stringify(ids) },
    ),
  );
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length) throw new CasusError('not_found', `No ${what} with id ${missing.join(', ')}`);
}

const sourceFacts = sql.rows<SourceRow, { ids: string }>(
  `SELECT s.id, s.title, s.kind, s.document_type, s.date, s.case_id, c.label_nl, c.label_en,
     c.sort AS case_sort, s.sort, r.pseudonym, r.role
   FROM sources s INDEXED BY sources_listing LEFT JOIN cases c ON c.id = s.case_id
     LEFT JOIN respondents r ON r.id = s.respondent_id
   WHERE s.id IN (SELECT value FROM json_each(@ids))`,
);

/**
 * The codings of the listed segments, one row per code and coder with the positions (in @ids)
 * of its segments: a row per coding made 4,000 objects of three 36-character ids for 1,000
 * segments, which cost four times what SQLite took to find them.
 */
const codingsOfSegments = sql.tuples<
  [code_id: string, coder_id: string | null, positions: string],
  { ids: string }
>(
  `SELECT codings.code_id, codings.coder_id, json_group_array(j.key)
   FROM json_each(@ids) j JOIN codings INDEXED BY codings_segment ON codings.segment_id = j.value
   GROUP BY codings.code_id, codings.coder_id`,
);

/*
 * ORDER: the order of the retrieved segments per sort, as SQL would say it (the sort itself is
 * done here, by SOURCE_COMPARE, start and id: no query carries the rows through a sort):
 *   case:   c.sort IS NULL, c.sort, s.sort, s.title, g.start, g.id
 *   source: s.title, s.sort, g.start, g.id
 *   date:   s.date IS NULL, s.date, s.sort, g.start, g.id
 */

/**
 * The part of each ORDER that depends on the source only (a prefix of ORDER), as the columns
 * that the per-source query returns: sources whose keys are equal sort as one.
 */
const SOURCE_ORDER: Record<Query['sort'], { sql: string; key: (r: SourceCount) => unknown[] }> = {
  case: {
    sql: 'c.sort IS NULL, c.sort, s.sort, s.title',
    key: (r) => [r.case_sort, r.sort, r.title],
  },
  source: { sql: 's.title, s.sort', key: (r) => [r.title, r.sort] },
  date: { sql: 's.date IS NULL, s.date, s.sort', key: (r) => [r.date, r.sort] },
};

interface SourceCount {
  source_id: string;
  n: number;
  case_id: string | null;
  case_sort: number | null;
  sort: number;
  title: string;
  date: string | null;
}

const sameKey = (a: unknown[], b: unknown[]) => a.every((v, i) => v === b[i]);

const seqsOfCodes = sql.values<string, { codes: string }>(
  `SELECT json_group_array(segment_seq) FROM codings INDEXED BY codings_code
   WHERE code_id IN (SELECT value FROM json_each(@codes))`,
);

type SourceSeqs = [
  source_id: string,
  case_id: string | null,
  case_sort: number | null,
  sort: number,
  title: string,
  date: string | null,
  seqs: string,
];

/** SQLite's order of two values of one column: NULL first, numbers by value, text by bytes. */
function sqlOrder(a: string | number | null, b: string | number | null): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return binaryOrder(a === null ? null : String(a), b === null ? null : String(b));
}

/** SOURCE_ORDER as a comparison of the sources' keys (`x IS NULL` puts NULL last). */
const SOURCE_COMPARE: Record<Query['sort'], (a: SourceCount, b: SourceCount) => number> = {
  case: (a, b) =>
    Number(a.case_sort === null) - Number(b.case_sort === null) ||
    sqlOrder(a.case_sort, b.case_sort) ||
    a.sort - b.sort ||
    binaryOrder(a.title, b.title),
  source: (a, b) => binaryOrder(a.title, b.title) || a.sort - b.sort,
  date: (a, b) =>
    Number(a.date === null) - Number(b.date === null) ||
    sqlOrder(a.date, b.date) ||
    a.sort - b.sort,
};

/**
 * Per source that passes the source conditions (`passing`, with its parameters), how many of its
 * segments meet every condition on codes, for the sources with any, in SOURCE_ORDER. The seqs
 * of each condition's codes and of each source's segments come as JSON arrays and are matched
 * here: SQLite tested each of 50,000 segments against a temporary index of 50,000 seqs (three
 * categories), at three times the cost of reading both lists; the few sources with segments
 * are then ordered here too.
 */
function codeCounts(
  db: ReturnType<typeof reading>,
  conditions: { ids: string[]; negate: boolean }[],
  source: { where: string[]; params: string[] },
  sort: Query['sort'],
): SourceCount[] {
  const sets = conditions.map((c) => ({
    seqs: JSON.parse(db.get(seqsOfCodes, { codes: list(c.ids) }) ?? '[]') as number[],
    negate: c.negate,
  }));
  let size = 0;
  for (const { seqs } of sets) for (const x of seqs) if (x >= size) size = x + 1;
  const member = sets.map(({ seqs, negate }) => {
    const bits = new Uint8Array(size);
    for (const x of seqs) bits[x] = 1;
    return { bits, negate };
  });
  const out: SourceCount[] = [];
  for (const [id, caseId, caseSort, sort, title, date, seqs] of db.all(
    sql.tuples<SourceSeqs, SqlValue[]>(
      `SELECT s.id, s.case_id, c.sort, s.sort, s.title, s.date,
         (SELECT json_group_array(g.seq) FROM segments g INDEXED BY segments_source
          WHERE g.source_id = s.id)
       FROM sources s INDEXED BY sources_listing LEFT JOIN cases c ON c.id = s.case_id
         ${source.where.length ? `LEFT JOIN respondents r ON r.id = s.respondent_id WHERE ${source.where.join(' AND ')}` : ''}`,
    ),
    source.params,
  )) {
    let n = 0;
    next: for (const seq of JSON.parse(seqs) as number[]) {
      for (const { bits, negate } of member) if ((bits[seq] === 1) === negate) continue next;
      n++;
    }
    if (n > 0)
      out.push({ source_id: id, n, case_id: caseId, case_sort: caseSort, sort, title, date });
  }
  return out.sort(SOURCE_COMPARE[sort]);
}

/** Segments read in full by id. */
const rowsById = sql.rows<SegmentRow, { ids: string }>(
  `SELECT g.id, g.source_id, g.start, g.end, g.text, g.created_by, g.created_at
   FROM segments g WHERE g.id IN (SELECT value FROM json_each(@ids))`,
);

const rowsBySeq = sql.rows<SegmentRow, { seqs: string }>(
  `SELECT g.id, g.source_id, g.start, g.end, g.text, g.created_by, g.created_at
   FROM segments g WHERE g.seq IN (SELECT value FROM json_each(@seqs))`,
);

/**
 * Each source's place in the order (sources whose keys are equal share one), so that segments
 * sort on a number rather than on their sources' titles at every comparison.
 */
function sourcePlaces(
  sources: Map<string, SourceRow>,
  compare: (typeof SOURCE_COMPARE)[keyof typeof SOURCE_COMPARE],
): Map<string, number> {
  const ranked = [...sources.values()].map((f) => ({ ...f, source_id: f.id, n: 0 })).sort(compare);
  const place = new Map<string, number>();
  ranked.forEach((f, i) => {
    const before = ranked[i - 1];
    const at = before ? (place.get(before.id) as number) : 0;
    place.set(f.id, before && compare(before, f) !== 0 ? at + 1 : at);
  });
  return place;
}

/** The first `limit` rows in the order: their source's place, then start, then id. */
function firstInOrder<T extends { source_id: string; start: number; id: string }>(
  rows: T[],
  place: Map<string, number>,
  limit: number,
): T[] {
  return rows
    .map((x) => ({ x, at: place.get(x.source_id) ?? 0 }))
    .sort((a, b) => a.at - b.at || a.x.start - b.x.start || binaryOrder(a.x.id, b.x.id))
    .map((r) => r.x)
    .slice(0, limit);
}

/** The rows in the order of `order` (rows of the same segments). */
function inOrder(rows: SegmentRow[], order: { id: string }[]): SegmentRow[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  return order.flatMap((o) => byId.get(o.id) ?? []);
}

/** Segments in these sources, and codings of these codes: kept counts (migration 022). */
const segmentsIn = sql.values<number, { ids: string }>(
  `SELECT coalesce(sum(k.n), 0) FROM source_segment_counts k
   WHERE k.source_id IN (SELECT value FROM json_each(@ids))`,
);
const codingsOf = sql.values<number, { ids: string }>(
  `SELECT coalesce(sum(k.codings), 0) FROM code_counts k
   WHERE k.code_id IN (SELECT value FROM json_each(@ids))`,
);
/** Seqs in a set per segment tested, below which the set is cheaper than probing (measured). */
const SET_PER_SEGMENT = 4;

/** A condition on segments, in the two forms retrieveSegments builds. */
interface SegmentCondition {
  row: string;
  set: string;
  param: string;
  codes?: { ids: string[]; negate: boolean };
}

type SegmentTuple = [
  position: number,
  id: string,
  start: number,
  end: number,
  text: string,
  created_by: string | null,
  created_at: string,
];

/**
 * The segments of the chosen sources that carry any of some codes, by the seqs kept per (code,
 * source) (migration 025) and read by that integer key: scanning the chosen sources' segments
 * tested every one of them (6,000 for the 1,000 of one principle in one case) to return a few.
 * CROSS JOIN holds the order: SQLite otherwise began with the code's rows in every source.
 */
const keptListing = sql.tuples<SegmentTuple, { wanted: string; codes: string }>(
  `SELECT w.key, g.id, g.start, g.end, g.text, g.created_by, g.created_at
   FROM json_each(@wanted) w
     CROSS JOIN code_source_counts k ON k.code_id IN (SELECT value FROM json_each(@codes))
       AND k.source_id = w.value
     CROSS JOIN json_each(k.seqs) j
     CROSS JOIN segments g ON g.seq = j.value`,
);

/** The segments of the chosen sources that carry any of `codes` (keptListing), each once. */
function withCodes(db: ReturnType<typeof reading>, wanted: string[], codes: string[]) {
  const tuples = db.all(keptListing, { wanted: list(wanted), codes: list(codes) });
  if (codes.length === 1) return tuples;
  // A segment with two of the codes is found twice.
  const seen = new Set<string>();
  return tuples.filter((t) => !seen.has(t[1]) && seen.add(t[1]));
}

/** The segments of the chosen sources that pass the conditions, by a scan of their segments. */
function scanned(
  db: ReturnType<typeof reading>,
  wanted: string[],
  segment: SegmentCondition[],
): SegmentTuple[] {
  // A condition on codes is tested per segment by probing codings_code (`row`), or against the
  // set of its codes' seqs, gathered once (`set`): cheaper where the set is not much larger
  // than the segments to test (one principle in 240 sources: 8,000 seqs for 6,000 segments, in
  // 2.3 ms against 6.4; three categories in 40 sources: 50,000 for 1,000).
  const testing = segment.some((c) => c.codes)
    ? (db.get(segmentsIn, { ids: list(wanted) }) ?? 0)
    : 0;
  const form = (c: (typeof segment)[number]) =>
    c.codes && (db.get(codingsOf, { ids: list(c.codes.ids) }) ?? 0) <= SET_PER_SEGMENT * testing
      ? c.set
      : c.row;
  return db.all(
    sql.tuples<SegmentTuple, SqlValue[]>(
      `SELECT w.key, g.id, g.start, g.end, g.text, g.created_by, g.created_at
       FROM json_each(?) w JOIN segments g INDEXED BY segments_order ON g.source_id = w.value
       ${segment.length ? `WHERE ${segment.map(form).join(' AND ')}` : ''}`,
    ),
    [list(wanted), ...segment.map((c) => c.param)],
  );
}

/**
 * The segments of the chosen sources that pass the conditions on segments, in the full ORDER,
 * the first `limit`. SQLite reads them source by source in the order of segments_order; the
 * sort is done here, on the source's place among the chosen (sources whose keys are equal share
 * one) and the segment's start and id: sorting in SQL carried every row with its quoted text
 * through a temporary B-tree, which cost as much as finding the rows.
 */
function listedRows(
  db: ReturnType<typeof reading>,
  wanted: string[],
  perSource: SourceCount[],
  order: (typeof SOURCE_ORDER)[Query['sort']],
  segment: SegmentCondition[],
  limit: number,
): SegmentRow[] {
  const only = segment.length === 1 ? segment[0]?.codes : undefined;
  const tuples =
    only && !only.negate ? withCodes(db, wanted, only.ids) : scanned(db, wanted, segment);
  // The place of each chosen source in the order (perSource starts with the chosen ones).
  const place = new Int32Array(wanted.length);
  for (let i = 1; i < wanted.length; i++)
    place[i] =
      (place[i - 1] as number) +
      (sameKey(order.key(perSource[i] as SourceCount), order.key(perSource[i - 1] as SourceCount))
        ? 0
        : 1);
  tuples.sort(
    (a, b) =>
      (place[a[0]] as number) - (place[b[0]] as number) || a[2] - b[2] || binaryOrder(a[1], b[1]),
  );
  return tuples.slice(0, limit).map((t) => ({
    id: t[1],
    source_id: wanted[t[0]] as string,
    start: t[2],
    end: t[3],
    text: t[4],
    created_by: t[5],
    created_at: t[6],
  }));
}

/**
 * Matching segments are found in two steps so that only the returned ones are read in full:
 * 1. per source, the number of matching segments, with the source's sort keys, in source order:
 *    a lone code's kept counts; conditions on codes only, counted in JS (codeCounts); others, a
 *    scan of the segments_order index testing each segment. This gives the total and the
 *    counts per case;
 * 2. the segments themselves, from just the first sources in that order that hold `limit` of
 *    them (plus any source that sorts equal to the last one), sorted by the full ORDER
 *    (listedRows).
 * Every ORDER starts with source columns, so step 2 returns exactly the first `limit` rows of
 * the whole ordered list.
 */
/**
 * The segments a query finds, counted per case, with their codes and context. `bySource`:
 * explicit segments by their integer keys (segments.seq) per source (a matrix cell, found by the
 * server), as `segmentIds` are by id; then no other condition applies.
 */
export function retrieveSegments(
  r: Reader,
  q: Query,
  bySource?: ReadonlyMap<string, readonly number[]>,
) {
  const db = reading(r);
  const { codes, byId, expand } = loadCodes(r);
  checkIds(r, 'cases', q.caseIds, 'case');
  checkIds(r, 'sources', q.sourceIds, 'source');
  checkIds(r, 'coders', q.coderIds, 'coder');

  // Conditions on the segment (g), each in two equivalent forms: `set` for the per-source count,
  // which tests every segment (uncorrelated subqueries, run once through codings_code; segments
  // are matched by their integer seq, which segments_order carries as its rowid, as the
  // 36-character ids took twice as long to read and compare: migration 011), and
  // `row` for the listing, which tests only the segments of the chosen sources by probing
  // codings_code (code, segment): its pages for a few codes stay in the cache, whereas the
  // (segment, code) index is probed all over.
  const segment: {
    set: string;
    row: string;
    param: string;
    code?: string;
    codes?: { ids: string[]; negate: boolean };
  }[] = [];
  const hasAny = (ids: string[], negate = false) =>
    segment.push({
      // One code, present: its segments per source are kept counts (see below).
      ...(ids.length === 1 && !negate ? { code: ids[0] } : {}),
      codes: { ids, negate },
      set: `g.seq ${negate ? 'NOT ' : ''}IN (SELECT k.segment_seq
         FROM codings k INDEXED BY codings_code WHERE k.code_id IN (SELECT value FROM json_each(?)))`,
      row: `${negate ? 'NOT ' : ''}EXISTS (SELECT 1 FROM codings k INDEXED BY codings_code
         WHERE k.code_id IN (SELECT value FROM json_each(?)) AND k.segment_seq = g.seq)`,
      param: list(ids),
    });
  const segmentIn = (column: string, values: readonly string[] | undefined) => {
    if (!values?.length) return;
    const sql = `${column} IN (SELECT value FROM json_each(?))`;
    segment.push({ set: sql, row: sql, param: list(values) });
  };
  segmentIn('g.id', q.segmentIds);
  // Without sub-codes a code matches its own codings only (as the code tree counts them).
  const logic = (ids: string[], what: string) =>
    q.subcodes !== false ? expand(ids, what) : expand(ids, what).filter((id) => ids.includes(id));
  for (const id of q.allCodes ?? []) hasAny(logic([id], 'codes that must all apply'));
  if (q.anyCodes?.length) hasAny(logic(q.anyCodes, 'codes of which any applies'));
  if (q.noneCodes?.length) hasAny(logic(q.noneCodes, 'codes that must not apply'), true);
  if (q.principles?.length) hasAny(expand(q.principles, 'principles'));
  if (q.categories?.length) hasAny(expand(q.categories, 'factor categories'));
  if (q.phases?.length) hasAny(expand(q.phases, 'phases'));
  if (q.facets?.length) hasAny(expand(q.facets, 'facets'));
  segmentIn('g.source_id', q.sourceIds);
  if (q.coderIds?.length) {
    const sql = `EXISTS (SELECT 1 FROM codings k WHERE k.segment_id = g.id
         AND k.coder_id IN (SELECT value FROM json_each(?)))`;
    segment.push({ set: sql, row: sql, param: list(q.coderIds) });
  }
  if (q.reviewStates?.length) {
    const sql = `EXISTS (SELECT 1 FROM segment_reviews v WHERE v.segment_id = g.id
         AND v.state IN (SELECT value FROM json_each(?)))`;
    segment.push({ set: sql, row: sql, param: list(q.reviewStates) });
  }
  if (q.speakerRoles?.length) {
    // A segment belongs to a speaker when it overlaps the words of one of their turns.
    const sql = `EXISTS (SELECT 1 FROM turns t WHERE t.source_id = g.source_id
         AND t.speaker_role IN (SELECT value FROM json_each(?))
         AND t.words_start < g."end" AND t.words_end > g.start)`;
    segment.push({ set: sql, row: sql, param: list(q.speakerRoles) });
  }
  // Conditions on the source (s) and its respondent (r).
  const source: string[] = [];
  const sourceParams: string[] = [];
  const sourceIn = (column: string, values: readonly string[] | undefined) => {
    if (!values?.length) return;
    source.push(`${column} IN (SELECT value FROM json_each(?))`);
    sourceParams.push(list(values));
  };
  sourceIn('s.case_id', q.caseIds);
  sourceIn('s.document_type', q.documentTypes);
  sourceIn('s.kind', q.kinds);
  sourceIn('r.role', q.roles);

  const countWhere = segment.map((c) => c.set);
  const passing = source.length
    ? `IN (SELECT s.id FROM sources s INDEXED BY sources_listing
         LEFT JOIN respondents r ON r.id = s.respondent_id WHERE ${source.join(' AND ')})`
    : null;
  if (passing) countWhere.push(`g.source_id ${passing}`);
  const order = SOURCE_ORDER[q.sort];
  const factsOfSources = (ids: string[]) =>
    new Map(ids.length === 0 ? [] : db.all(sourceFacts, { ids: list(ids) }).map((s) => [s.id, s]));
  const factsOf = (rows: SegmentRow[]) =>
    factsOfSources([...new Set(rows.map((x) => x.source_id))]);

  let rows: SegmentRow[];
  let sources: Map<string, SourceRow>;
  let counted: { case_id: string | null; case_sort: number | null; n: number }[];
  if (bySource) {
    // Counted and ordered by their sources; only the sources that hold the first `limit` (and
    // those that sort equal to the last) are read, a segment each, and sorted as below.
    sources = factsOfSources([...bySource.keys()]);
    const place = sourcePlaces(sources, SOURCE_COMPARE[q.sort]);
    const inPlace = [...bySource.keys()].sort((a, b) => (place.get(a) ?? 0) - (place.get(b) ?? 0));
    const seqs: number[] = [];
    let lastPlace = -1;
    for (const id of inPlace) {
      const at = place.get(id) ?? 0;
      if (seqs.length >= q.limit && at !== lastPlace) break;
      seqs.push(...(bySource.get(id) ?? []));
      lastPlace = at;
    }
    rows = firstInOrder(db.all(rowsBySeq, { seqs: JSON.stringify(seqs) }), place, q.limit);
    counted = [...bySource].map(([id, list]) => {
      const s = sources.get(id);
      return { case_id: s?.case_id ?? null, case_sort: s?.case_sort ?? null, n: list.length };
    });
  } else if (q.segmentIds?.length) {
    // Explicit segments (a matrix cell): all that match are found by their ids, counted per
    // source and sorted here, by the facts of their sources, rather than by SQLite, which
    // carried each row with its quoted text through a temporary B-tree. More than the limit (a
    // busy cell of 14,000 at 10,000 sources, of which the cell panel shows 5,000) are found
    // from segments_span, which holds what the count and the order need, and only the returned
    // ones are then read in full: SQLite sorted all 14,000 rows with their text.
    const light = q.segmentIds.length > q.limit;
    const found = db.all(
      sql.rows<SegmentRow, SqlValue[]>(
        `SELECT g.id, g.source_id, g.start${
          light ? '' : ', g.end, g.text, g.created_by, g.created_at'
        }
         FROM segments g${light ? ' INDEXED BY segments_span' : ''}
         WHERE ${passing ? `g.source_id ${passing}` : '1'}
         ${segment.map((c) => `AND ${c.row}`).join(' ')}`,
      ),
      [...sourceParams, ...segment.map((c) => c.param)],
    );
    sources = factsOf(found);
    const place = sourcePlaces(sources, SOURCE_COMPARE[q.sort]);
    const first = firstInOrder(found, place, q.limit);
    rows = light ? inOrder(db.all(rowsById, { ids: list(first.map((x) => x.id)) }), first) : first;
    const n = new Map<string, number>();
    for (const x of found) n.set(x.source_id, (n.get(x.source_id) ?? 0) + 1);
    counted = [...n].map(([id, k]) => {
      const s = sources.get(id);
      return { case_id: s?.case_id ?? null, case_sort: s?.case_sort ?? null, n: k };
    });
  } else {
    // With one code as the only condition on segments, its segments per source are the kept
    // counts of its codings per source (migration 022; a segment has a code once): neither the
    // code's segments nor those of the passing sources are gathered to count them.
    const kept = segment.length === 1 ? segment[0]?.code : undefined;
    // Conditions on codes only (no explicit segments): counted here (see codeCounts).
    const byCodes = kept === undefined && segment.length > 0 ? segment.map((c) => c.codes) : [];
    const inJs = byCodes.length > 0 && byCodes.every((c) => c !== undefined);
    const counts =
      kept === undefined
        ? `SELECT g.source_id, count(*) AS n FROM segments g INDEXED BY segments_order
           ${countWhere.length ? `WHERE ${countWhere.join(' AND ')}` : ''}
           GROUP BY g.source_id`
        : `SELECT k.source_id, k.n FROM code_source_counts k WHERE k.code_id = ?
           ${passing ? `AND k.source_id ${passing}` : ''}`;
    const perSource = inJs
      ? codeCounts(
          db,
          byCodes.filter((c) => c !== undefined),
          { where: source, params: sourceParams },
          q.sort,
        )
      : db.all(
          sql.rows<SourceCount, SqlValue[]>(
            `SELECT x.source_id, x.n, s.case_id, c.sort AS case_sort, s.sort, s.title, s.date
         FROM (${counts}) x
           JOIN sources s INDEXED BY sources_listing ON s.id = x.source_id
           LEFT JOIN cases c ON c.id = s.case_id
         ORDER BY ${order.sql}`,
          ),
          kept === undefined
            ? [...segment.map((c) => c.param), ...sourceParams]
            : [kept, ...sourceParams],
        );
    // The first sources that hold `limit` segments, and those that sort equal to the last.
    const wanted: string[] = [];
    let held = 0;
    let lastKey: unknown[] | null = null;
    for (const r of perSource) {
      const key = order.key(r);
      if (held >= q.limit && !(lastKey && sameKey(key, lastKey))) break;
      wanted.push(r.source_id);
      held += r.n;
      lastKey = key;
    }
    // The chosen sources passed the source conditions already.
    rows = listedRows(db, wanted, perSource, order, segment, q.limit);
    // One read per source of the returned segments.
    sources = factsOf(rows);
    counted = perSource;
  }

  // Counts per case, ordered as before: by the case's sort (no case first), then by case id.
  const caseCounts = new Map<string | null, { n: number; sort: number | null }>();
  for (const r of counted) {
    const c = caseCounts.get(r.case_id) ?? { n: 0, sort: r.case_sort };
    c.n += r.n;
    caseCounts.set(r.case_id, c);
  }
  const perCase = [...caseCounts]
    .sort(
      ([a, x], [b, y]) =>
        (x.sort === y.sort ? 0 : x.sort === null ? -1 : y.sort === null ? 1 : x.sort - y.sort) ||
        binaryOrder(a, b),
    )
    .map(([caseId, c]) => ({ caseId, count: c.n }));
  const total = counted.reduce((sum, r) => sum + r.n, 0);

  // The context comes from the blocks around each segment (segment-context.ts), not from the
  // source's whole text.
  const contexts = segmentContexts(
    r,
    rows.map((x) => ({ sourceId: x.source_id, start: x.start, end: x.end })),
    q.context,
  );

  const codesOf = segmentCodes(
    db.all(codingsOfSegments, { ids: JSON.stringify(rows.map((x) => x.id)) }),
    rows.length,
    byId,
  );

  const segments: RetrievedSegment[] = [];
  for (const [i, r] of rows.entries()) {
    const s = sources.get(r.source_id);
    if (!s) continue; // deleted between the two reads: cannot happen on one connection
    segments.push({
      id: r.id,
      sourceId: r.source_id,
      sourceTitle: s.title,
      kind: s.kind,
      documentType: s.document_type,
      date: s.date,
      caseId: s.case_id,
      caseLabel: s.label_nl === null ? null : { nl: s.label_nl, en: s.label_en ?? s.label_nl },
      respondentPseudonym: s.pseudonym,
      respondentRole: s.role,
      start: r.start,
      end: r.end,
      text: r.text,
      before: contexts[i]?.before ?? '',
      after: contexts[i]?.after ?? '',
      codes: codesOf[i] ?? [],
      createdBy: r.created_by,
      createdAt: r.created_at,
    });
  }

  return {
    total,
    truncated: total > segments.length,
    segments,
    groups: group(q, segments, codes),
    perCase,
  };
}

/**
 * Each listed segment's codes (by its position in the list) in dimension order, then code
 * order, codes of equal rank as codings_segment holds them (by code id), from the rows of
 * codingsOfSegments.
 */
function segmentCodes(
  grouped: [code_id: string, coder_id: string | null, positions: string][],
  n: number,
  byId: Map<string, CodeInfo>,
): (RetrievedSegment['codes'] | undefined)[] {
  const rank = (id: string) => {
    const c = byId.get(id);
    return c ? DIMENSION_ORDER.indexOf(c.dimension) * 100000 + c.sort : 0;
  };
  grouped.sort(([a], [b]) => rank(a) - rank(b) || binaryOrder(a, b));
  const out: (RetrievedSegment['codes'] | undefined)[] = new Array<undefined>(n);
  for (const [codeId, coderId, positions] of grouped) {
    const c = byId.get(codeId);
    if (!c) continue;
    // One object for all the segments it is on (read only: the answer is checked and copied
    // or serialised), not 4,000 for 1,000 segments.
    const code = {
      id: c.id,
      key: c.key,
      label: { nl: c.label_nl, en: c.label_en },
      color: c.color,
      dimension: c.dimension,
      coderId,
    };
    for (const i of JSON.parse(positions) as number[]) {
      const list = out[i];
      if (list) list.push(code);
      else out[i] = [code];
    }
  }
  return out;
}

function group(q: Query, segments: RetrievedSegment[], codes: CodeInfo[]) {
  if (q.groupBy === 'case') {
    const groups = new Map<
      string,
      {
        key: string;
        label: { nl: string; en: string };
        color: null;
        count: number;
        segmentIds: string[];
      }
    >();
    for (const s of segments) {
      const key = s.caseId ?? '';
      const g = groups.get(key) ?? {
        key,
        label: s.caseLabel ?? { nl: 'Zonder casus', en: 'Without case' },
        color: null,
        count: 0,
        segmentIds: [],
      };
      g.count++;
      g.segmentIds.push(s.id);
      groups.set(key, g);
    }
    return [...groups.values()];
  }
  if (q.groupBy === 'code') {
    // A Set keeps the first-seen order and drops repeats without scanning the list.
    const ids = new Map<string, Set<string>>();
    for (const s of segments)
      for (const c of s.codes) {
        const set = ids.get(c.id) ?? new Set<string>();
        set.add(s.id);
        ids.set(c.id, set);
      }
    return codes
      .filter((c) => ids.has(c.id))
      .sort(
        (a, b) =>
          DIMENSION_ORDER.indexOf(a.dimension) - DIMENSION_ORDER.indexOf(b.dimension) ||
          a.sort - b.sort,
      )
      .map((c) => {
        const segmentIds = [...(ids.get(c.id) ?? [])];
        return {
          key: c.id,
          label: { nl: c.label_nl, en: c.label_en },
          color: c.color,
          count: segmentIds.length,
          segmentIds,
        };
      });
  }
  return [];
}
