import type { Reader } from '../access.js';
import { reading } from '../internal/access.js';
import { sql } from '../sql.js';

/*
 * What the matrix engine reads. SQLite does the heavy lifting through covering indexes and hands
 * back one JSON array per code (its segments' seqs) and the sources' segments in text order
 * (one array for all, or one per source), so JavaScript never materialises a row per segment or
 * coding. A segment's seq is its integer key (migration 011); codings carry it, so a code's
 * segments come without a join to segments: from the arrays kept per (code, source) (migration
 * 025), or from codings_code when only some coders' codings count. A source's segments come from
 * the arrays kept per source (migration 027), or from segments_order where their spans are needed.
 */

const versionNow = sql.values<number>('SELECT total_changes()');

/**
 * A value that changes whenever the data may have: any committed change (PRAGMA data_version for
 * other connections, total_changes() for this one). Null inside a transaction, whose reads might
 * roll back and must not be kept.
 */
export function dataVersion(r: Reader): string | null {
  const db = reading(r);
  if (db.conn.inTransaction) return null;
  return `${String(db.conn.pragma('data_version', { simple: true }))}:${String(db.get(versionNow))}`;
}

/** One source as a row of the matrix: its facts and its segments' seqs in text order. */
export type SourceTuple = [
  id: string,
  sort: number,
  title: string,
  caseId: string | null,
  documentType: string,
  role: string | null,
  respondentId: string | null,
  rowids: number[],
  starts?: number[],
  ends?: number[],
];

// As one JSON array of rows: 10,000 rows handed over one by one cost half again as much.
const FACTS = `SELECT json_group_array(json_array(id, sort, title, case_id, document_type, role,
    respondent_id))
  FROM (SELECT s.id, s.sort, s.title, s.case_id, s.document_type, r.role, s.respondent_id
    FROM sources s LEFT JOIN respondents r ON r.id = s.respondent_id
    WHERE (@cases IS NULL OR s.case_id IN (SELECT value FROM json_each(@cases)))
      AND (@approved = 0 OR (s.kind = 'interview' AND s.validation = 'approved'))
    ORDER BY s.sort, s.title, s.id)`;
type SourceFilter = { cases: string | null; approved: number };
type Facts = [string, number, string, string | null, string, string | null, string | null];
const facts = sql.values<string, SourceFilter>(FACTS);

/** A source's segments in text order: seqs, and with spans their starts and ends. */
interface Lists {
  rowids: number[];
  starts?: number[];
  ends?: number[];
}

// With spans: every segment by one scan of segments_order (its order is the text order the lists
// need, so no sort), as one array each of seqs, starts and ends, cut per source by the kept counts
// (migration 022) read in the same statement, so both see the same data. Grouped per source by
// SQLite, the 10,000 groups of 250,000 segments cost about half again as much (a row and an
// aggregate per source).
const EVERY_SPANS = `SELECT
    (SELECT json_group_array(source_id) FROM (SELECT source_id FROM source_segment_counts
      ORDER BY source_id)),
    (SELECT json_group_array(n) FROM (SELECT n FROM source_segment_counts ORDER BY source_id)),
    json_group_array(seq), json_group_array(start), json_group_array("end")
  FROM (SELECT seq, start, "end" FROM segments INDEXED BY segments_order
    ORDER BY source_id, start, "end", id)`;
// Without spans: the seqs each source keeps in text order (migration 027) joined into one array
// (each a JSON array of integers, so its brackets can be cut; the triggers never leave one
// empty). At 10,000 sources 19 ms against 57 for the scan above, which walks 250,000 index
// entries and builds the array from them.
const EVERY_PLAIN = `SELECT json_group_array(source_id), json_group_array(n),
    '[' || coalesce(group_concat(substr(seqs, 2, length(seqs) - 2)), '') || ']'
  FROM (SELECT source_id, n, seqs FROM source_segment_counts ORDER BY source_id)`;
type Every = [ids: string, counts: string, rowids: string, starts?: string, ends?: string];
const everyPlain = sql.tuples<Every>(EVERY_PLAIN);
const everySpans = sql.tuples<Every>(EVERY_SPANS);

// The same lists grouped per source by SQLite: only where the kept counts disagree with the
// segments (they cannot, unless the file was changed by hand).
const GROUPED = (spans: boolean) => `SELECT source_id, json_group_array(seq)${
  spans ? ', json_group_array(start), json_group_array("end")' : ''
}
  FROM (SELECT source_id, seq, start, "end" FROM segments INDEXED BY segments_order
    ORDER BY source_id, start, "end", id)
  GROUP BY source_id`;
type Grouped = [sourceId: string, rowids: string, starts?: string, ends?: string];
const groupedPlain = sql.tuples<Grouped>(GROUPED(false));
const groupedSpans = sql.tuples<Grouped>(GROUPED(true));

// The chosen sources' segments, where a filter keeps a part of the sources (one case of four at
// 10,000 sources: 25 ms against 80 for every segment, read by a seek of segments_order per
// source): without spans their kept arrays (migration 027), with spans from that index.
const perSourceSpans = sql.tuples<[string, string], { ids: string }>(
  `SELECT w.value, (SELECT json_array(json_group_array(seq), json_group_array(start),
      json_group_array("end"))
    FROM (SELECT seq, start, "end" FROM segments INDEXED BY segments_order
      WHERE source_id = w.value ORDER BY start, "end", id))
  FROM json_each(@ids) w`,
);
const perSourcePlain = sql.tuples<[string, string], { ids: string }>(
  `SELECT k.source_id, k.seqs FROM json_each(@ids) w
     JOIN source_segment_counts k ON k.source_id = w.value`,
);

const segmentsOf = sql.values<number, { ids: string }>(
  `SELECT coalesce(sum(n), 0) FROM source_segment_counts
   WHERE source_id IN (SELECT value FROM json_each(@ids))`,
);
const segmentsInAll = sql.values<number>('SELECT coalesce(sum(n), 0) FROM source_segment_counts');

/**
 * Below this share of all segments, the chosen sources' segments are read per source rather
 * than by a scan of every segment (measured at 10,000 sources: the seeks cost about 1.3 times
 * what the scan costs per segment read, and the scan reads them all).
 */
const PER_SOURCE_SHARE = 0.5;

function everySource(db: ReturnType<typeof reading>, spans: boolean): Map<string, Lists> {
  const [ids, counts, rowids, starts, ends] = db.get(spans ? everySpans : everyPlain) ?? [];
  const idList = JSON.parse(ids ?? '[]') as string[];
  const n = JSON.parse(counts ?? '[]') as number[];
  const all = JSON.parse(rowids ?? '[]') as number[];
  const allStarts = spans ? (JSON.parse(starts ?? '[]') as number[]) : null;
  const allEnds = spans ? (JSON.parse(ends ?? '[]') as number[]) : null;
  const out = new Map<string, Lists>();
  let at = 0;
  idList.forEach((id, i) => {
    const to = at + (n[i] as number);
    out.set(id, {
      rowids: all.slice(at, to),
      ...(allStarts && allEnds
        ? { starts: allStarts.slice(at, to), ends: allEnds.slice(at, to) }
        : {}),
    });
    at = to;
  });
  if (at === all.length) return out;
  out.clear();
  for (const [id, r, st, en] of db.all(spans ? groupedSpans : groupedPlain))
    out.set(id, {
      rowids: JSON.parse(r) as number[],
      ...(spans
        ? { starts: JSON.parse(st ?? '[]') as number[], ends: JSON.parse(en ?? '[]') as number[] }
        : {}),
    });
  return out;
}

function perSource(
  db: ReturnType<typeof reading>,
  ids: string[],
  spans: boolean,
): Map<string, Lists> {
  const out = new Map<string, Lists>();
  for (const [id, json] of db.all(spans ? perSourceSpans : perSourcePlain, {
    ids: JSON.stringify(ids),
  })) {
    if (spans) {
      const [rowids, starts, ends] = JSON.parse(json) as [number[], number[], number[]];
      out.set(id, { rowids, starts, ends });
    } else out.set(id, { rowids: JSON.parse(json) as number[] });
  }
  return out;
}

/**
 * The sources that pass the source-level filters, in matrix order (sort, title, id), each with
 * its segments' seqs (and, with `spans`, their starts and ends) in text order.
 */
export function matrixSources(
  r: Reader,
  f: { caseIds: string[] | null; approvedOnly: boolean },
  spans: boolean,
): SourceTuple[] {
  const db = reading(r);
  const rows = JSON.parse(
    db.get(facts, {
      cases: f.caseIds ? JSON.stringify(f.caseIds) : null,
      approved: f.approvedOnly ? 1 : 0,
    }) ?? '[]',
  ) as Facts[];
  const ids = rows.map((row) => row[0]);
  // A filter may keep a part of the sources: their kept counts tell how many segments that is.
  const few =
    (f.caseIds !== null || f.approvedOnly) &&
    (db.get(segmentsOf, { ids: JSON.stringify(ids) }) ?? 0) <
      PER_SOURCE_SHARE * (db.get(segmentsInAll) ?? 0);
  const lists = few ? perSource(db, ids, spans) : everySource(db, spans);
  const none: number[] = [];
  return rows.map((row): SourceTuple => {
    const l = lists.get(row[0]);
    return spans
      ? [...row, l?.rowids ?? none, l?.starts ?? none, l?.ends ?? none]
      : [...row, l?.rowids ?? none];
  });
}

const coders = (ids: string[] | null) => (ids ? JSON.stringify(ids) : null);

const byCode = sql.tuples<[string, string], { codes: string; coders: string }>(
  `SELECT c.code_id, json_group_array(c.segment_seq)
   FROM codings c INDEXED BY codings_code
   WHERE c.code_id IN (SELECT value FROM json_each(@codes))
     AND c.coder_id IN (SELECT value FROM json_each(@coders))
   GROUP BY c.code_id`,
);
// Every coder's codings: the arrays kept per (code, source) by migration 025's triggers, joined
// into one per code (each a JSON array of integers, so its brackets can be cut; an empty one,
// which the triggers never leave, would add an empty item).
const byCodeKept = sql.tuples<[string, string], { codes: string }>(
  `SELECT code_id, '[' || group_concat(substr(seqs, 2, length(seqs) - 2)) || ']'
   FROM code_source_counts
   WHERE code_id IN (SELECT value FROM json_each(@codes)) AND seqs != '[]'
   GROUP BY code_id`,
);
/**
 * Per code: the seqs of its segments (JSON, in no particular order), codings by the given coders
 * only.
 */
export const segmentsPerCode = (r: Reader, codeIds: string[], coderIds: string[] | null) =>
  coderIds
    ? reading(r).all(byCode, { codes: JSON.stringify(codeIds), coders: JSON.stringify(coderIds) })
    : reading(r).all(byCodeKept, { codes: JSON.stringify(codeIds) });

const byCoder = sql.tuples<[string, string], { coders: string | null }>(
  `SELECT c.coder_id, json_group_array(c.segment_seq)
   FROM codings c
   WHERE c.coder_id IS NOT NULL
     AND (@coders IS NULL OR c.coder_id IN (SELECT value FROM json_each(@coders)))
   GROUP BY c.coder_id`,
);
/** Per coder: the seqs of the segments they coded (JSON). */
export const segmentsPerCoder = (r: Reader, coderIds: string[] | null) =>
  reading(r).all(byCoder, { coders: coders(coderIds) });

const coded = sql.values<string, { coders: string | null }>(
  `SELECT json_group_array(g.seq) FROM segments g
   WHERE EXISTS (SELECT 1 FROM codings c WHERE c.segment_id = g.id
     AND (@coders IS NULL OR c.coder_id IN (SELECT value FROM json_each(@coders))))`,
);
/** Seqs (JSON) of the segments with at least one coding by the given coders. */
export const codedSegmentRowids = (r: Reader, coderIds: string[] | null): string =>
  reading(r).get(coded, { coders: coders(coderIds) }) as string;

const spoken = sql.values<string, { roles: string }>(
  `SELECT json_group_array(g.seq) FROM segments g
   WHERE EXISTS (SELECT 1 FROM turns t WHERE t.source_id = g.source_id
     AND t.speaker_role IN (SELECT value FROM json_each(@roles))
     AND t.words_start < g."end" AND t.words_end > g.start)`,
);
/** Seqs (JSON) of the segments that overlap the words of a turn of one of these speaker roles. */
export const segmentsSpokenBy = (r: Reader, roles: readonly string[]): string =>
  reading(r).get(spoken, { roles: JSON.stringify(roles) }) as string;

// segments_id_by_seq (migration 023) holds both keys: the segment rows, with their quoted text,
// are not read. The seqs go in ascending, so the index is walked in its order (`seq IN (SELECT
// ...)` built a temporary index of them: 17 ms against 9 for the 14,000 of a busy cell at 10,000
// sources), and the ids come back as one JSON array in that order: a row per id, with a Map
// from seq to id, took twice as long as finding them.
const idsBySeqs = sql.values<string, { seqs: string }>(
  `SELECT json_group_array(g.id) FROM json_each(@seqs) j
     JOIN segments g INDEXED BY segments_id_by_seq ON g.seq = j.value`,
);
/** Segment ids for seqs, in the order of the seqs given. */
export function segmentIdsByRowid(r: Reader, rowids: readonly number[]): string[] {
  const n = rowids.length;
  if (n === 0) return [];
  // Positions sorted by seq: the ids come back in that order, and are put back in the given one.
  const sorted = Int32Array.from(rowids).sort();
  const ids = JSON.parse(
    reading(r).get(idsBySeqs, { seqs: JSON.stringify(Array.from(sorted)) }) ?? '[]',
  ) as string[];
  if (ids.length !== n)
    throw new Error(`segment ids: ${n - ids.length} of ${n} segments are not in the project`);
  const at = new Map<number, number>();
  for (let i = 0; i < n; i++) at.set(sorted[i] as number, i);
  return rowids.map((seq) => ids[at.get(seq) as number] as string);
}

const idsPerSource = sql.tuples<[string, string], { ids: string }>(
  `SELECT s.value, (SELECT json_group_array(v) FROM (SELECT g.id AS v FROM segments g
     WHERE g.source_id = s.value ORDER BY g.start, g.end, g.id))
   FROM json_each(@ids) s`,
);
/** Per source: its segment ids in text order (JSON). */
export const segmentIdsPerSource = (r: Reader, sourceIds: string[]) =>
  new Map(reading(r).all(idsPerSource, { ids: JSON.stringify(sourceIds) }));
