import type { SearchFilters } from '../../core/shared/contract/search.js';
import type { Reader } from '../access.js';
import { reading } from '../internal/access.js';
import { sql, type SqlValue } from '../sql.js';

// Private-use characters as highlight markers: they cannot come from FTS5 syntax, and a block
// that contains them itself is detected by the caller and shown without emphasis.
export const HIGHLIGHT_OPEN = '\uE000';
export const HIGHLIGHT_CLOSE = '\uE001';

/** SQL conditions (over sources `s` and respondents `r`) and their parameters. */
function sourceFilterSql(f: SearchFilters): { sql: string; params: SqlValue[] } {
  const parts: string[] = [];
  const params: SqlValue[] = [];
  const list = (column: string, values: readonly string[] | undefined) => {
    if (!values || values.length === 0) return;
    parts.push(`${column} IN (SELECT value FROM json_each(?))`);
    params.push(JSON.stringify(values));
  };
  list('s.case_id', f.caseIds);
  list('s.document_type', f.documentTypes);
  list('s.kind', f.kinds);
  list('r.role', f.roles);
  if (f.dateFrom) {
    parts.push('s.date >= ?');
    params.push(f.dateFrom);
  }
  if (f.dateTo) {
    parts.push('s.date <= ?');
    params.push(f.dateTo);
  }
  return { sql: parts.length ? ` AND ${parts.join(' AND ')}` : '', params };
}

export interface RankedBlock {
  id: number;
  score: number;
}

export interface MatchedBlock {
  id: number;
  seq: number;
  source_id: string;
  start: number;
  end: number;
  text: string;
  /** The block's text with matches between HIGHLIGHT_OPEN and HIGHLIGHT_CLOSE. */
  marked: string;
  title: string;
  case_id: string | null;
  date: string | null;
  document_type: string;
  pseudonym: string | null;
}

/** In which order the returned blocks are chosen: best first (bm25), or as the sources run. */
export type MatchOrder = 'relevance' | 'sources';

interface MatchQuery {
  match: string;
  insideWords: boolean;
  filters: SearchFilters;
}

/** The first block of every source, in id order (migration 024). */
const sourceStarts = sql.values<number>(
  'SELECT id FROM blocks INDEXED BY blocks_first WHERE seq = 0 ORDER BY id',
);

/**
 * The block ids a compiled FTS5 expression matches, as one comma-separated text (null for none):
 * one value instead of a row per match, which costs more than FTS5's own walk.
 */
const matchedIds = (table: string) =>
  sql.values<string | null, [string]>(
    `SELECT group_concat(rowid) FROM ${table} WHERE ${table} MATCH ?`,
  );

/**
 * The number of matched ids in each source's run of block ids: `counts[k]` for the run that
 * starts at `starts[k]` and ends before `starts[k + 1]` (a source's blocks are one run, kept so
 * by migration 024). `ids` comes from matchedIds: integers separated by commas.
 */
export function countPerRun(ids: string, starts: readonly number[]): Uint32Array {
  const counts = new Uint32Array(starts.length);
  if (starts.length === 0 || ids.length === 0) return counts;
  // The run of the id being read, and where the next one starts. FTS5 gives the ids in
  // ascending order, so the run only moves forward; an id before it is placed by binary search.
  let k = 0;
  let next = starts.length > 1 ? (starts[1] as number) : Infinity;
  let id = 0;
  for (let i = 0; i <= ids.length; i++) {
    const c = i < ids.length ? ids.charCodeAt(i) : 44;
    if (c !== 44) {
      id = id * 10 + (c - 48);
      continue;
    }
    if (id >= next || id < (starts[k] as number)) {
      k = id >= next ? runOf(id, starts, k + 1) : runOf(id, starts, 0);
      next = k + 1 < starts.length ? (starts[k + 1] as number) : Infinity;
    }
    if (id >= (starts[k] as number)) (counts[k] as number)++;
    id = 0;
  }
  return counts;
}

/** The last run from `from` on that starts at or before `id` (`from` when none does). */
function runOf(id: number, starts: readonly number[], from: number): number {
  // Mostly the very next run (a source with no match is skipped now and then): look there first.
  if (from + 1 >= starts.length || (starts[from + 1] as number) > id) return from;
  let lo = from;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= id) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The matches of a compiled FTS5 expression counted per case, without a lookup per match: FTS5
 * hands over the matched block ids in one text, which are counted per source's run of block ids
 * (countPerRun); then only the sources with matches are looked up (one search each, in small
 * covering indexes), filtered and summed per case. Bench, 10,000 sources: a word in 158,000
 * blocks counted in about 40 ms of CPU instead of 130 (a search per match in blocks_source_of
 * and a sort of 158,000 rows by source). Cheap next to ranking: no score is computed.
 */
export function countMatches(r: Reader, q: MatchQuery): { case_id: string | null; n: number }[] {
  const db = reading(r);
  const table = q.insideWords ? 'blocks_trigram' : 'blocks_fts';
  const ids = db.get(matchedIds(table), [q.match]);
  if (!ids) return [];
  const starts = db.all(sourceStarts);
  const counts = countPerRun(ids, starts);
  const perSource: number[][] = [];
  counts.forEach((n, k) => {
    if (n > 0) perSource.push([starts[k] as number, n]);
  });
  const filter = sourceFilterSql(q.filters);
  return db.all(
    sql.rows<{ case_id: string | null; n: number }, SqlValue[]>(
      `SELECT s.case_id, sum(x.value ->> 1) AS n
       FROM json_each(?) x
         JOIN blocks b INDEXED BY blocks_first ON b.id = x.value ->> 0 AND b.seq = 0
         JOIN sources s INDEXED BY sources_listing ON s.id = b.source_id
         LEFT JOIN respondents r ON r.id = s.respondent_id
       WHERE true${filter.sql} GROUP BY s.case_id ORDER BY s.case_id`,
    ),
    [JSON.stringify(perSource), ...filter.params],
  );
}

/**
 * The first `limit` block matches of a compiled FTS5 expression. Without source filters in one
 * statement, FTS5 giving the order: its rowid order (sources as imported, each from its start),
 * which stops after `limit`, or its sort by rank (bestUnfiltered). With filters, in two
 * statements so that the expensive work is done for the returned blocks only (a common word
 * matches most blocks):
 * 1. choose: block ids and scores, LIMIT applied inside; by relevance (best first, ties in block
 *    order), which scores every match, or in block order, which FTS5 walks in its own order and
 *    stops after `limit`;
 * 2. the chosen blocks with their source, respondent and highlight(): one pass over the match
 *    keeping the chosen rowids. `+rowid` stops SQLite from handing the rowids to FTS5 one by
 *    one, which re-runs the query per rowid (for a prefix it merges every matching term's list
 *    again: 50 times 1-2 ms). The pass starts at the first chosen rowid and stops at the last
 *    (FTS5 walks in rowid order and the LIMIT is the number chosen), so in source order it reads
 *    the first few matches of a common word, not all of them.
 * SQLite errors (engine limits) are thrown as they come.
 */
export function matchBlocks(
  r: Reader,
  q: MatchQuery & { limit: number; order: MatchOrder },
): { ranked: RankedBlock[]; blocks: MatchedBlock[] } {
  const db = reading(r);
  const table = q.insideWords ? 'blocks_trigram' : 'blocks_fts';
  const filter = sourceFilterSql(q.filters);
  const best = q.order === 'relevance';
  const chosen = `SELECT b.id, b.seq, b.source_id, b.start, b.end, b.text,
      highlight(${table}, 0, '${HIGHLIGHT_OPEN}', '${HIGHLIGHT_CLOSE}') AS marked,
      s.title, s.case_id, s.date, s.document_type, r.pseudonym`;
  const withSource = `JOIN blocks b ON b.id = ${table}.rowid
      JOIN sources s ON s.id = b.source_id LEFT JOIN respondents r ON r.id = s.respondent_id`;
  const unfiltered = `${chosen}, ${table}.rank AS score FROM ${table} ${withSource}
      WHERE ${table} MATCH ?`;
  if (!filter.sql && best) return bestUnfiltered(db, `${unfiltered} ORDER BY ${table}.rank`, q);
  if (!filter.sql) {
    // The first matches in block order, unfiltered: FTS5's own order, so one statement does
    // both steps for the rows it returns (every statement on a prefix merges its terms again).
    const rows = db.all(
      sql.rows<MatchedBlock & { score: number }, [string, number]>(
        `${unfiltered} ORDER BY ${table}.rowid LIMIT ?`,
      ),
      [q.match, q.limit],
    );
    return { ranked: rows.map(({ id, score }) => ({ id, score })), blocks: rows };
  }
  const ranked = db.all(
    sql.rows<RankedBlock, SqlValue[]>(
      `SELECT f.rowid AS id, f.rank AS score FROM ${table} f
         JOIN blocks b INDEXED BY blocks_source_of ON b.id = f.rowid
         JOIN sources s ON s.id = b.source_id
         LEFT JOIN respondents r ON r.id = s.respondent_id
       WHERE f.${table} MATCH ?${filter.sql}
       ORDER BY ${best ? 'f.rank, f.rowid' : 'f.rowid'} LIMIT ?`,
    ),
    [q.match, ...filter.params, q.limit],
  );
  if (ranked.length === 0) return { ranked, blocks: [] };
  const blocks = db.all(
    sql.rows<MatchedBlock, { match: string; ids: string; from: number; n: number }>(
      `${chosen} FROM ${table} ${withSource}
       WHERE ${table} MATCH @match AND ${table}.rowid >= @from
         AND +${table}.rowid IN (SELECT value FROM json_each(@ids))
       ORDER BY ${table}.rowid LIMIT @n`,
    ),
    {
      match: q.match,
      ids: JSON.stringify(ranked.map((h) => h.id)),
      from: Math.min(...ranked.map((h) => h.id)),
      n: ranked.length,
    },
  );
  return { ranked, blocks };
}

/**
 * The best `limit` matches, unfiltered, with their blocks and highlights in one statement: FTS5
 * sorts by rank itself, keeping each row's positions, so highlight() needs no second pass over
 * the match (a phrase in 6,739 blocks of 10,000 sources: 25 ms of CPU less). Its sort leaves
 * equal ranks in no set order; bestFirst puts them in block order.
 */
function bestUnfiltered(
  db: ReturnType<typeof reading>,
  text: string,
  q: { match: string; limit: number },
): { ranked: RankedBlock[]; blocks: MatchedBlock[] } {
  const rows = db.iterate(sql.rows<MatchedBlock & { score: number }, [string]>(text), [q.match]);
  const blocks = bestFirst(rows, q.limit);
  return { ranked: blocks.map(({ id, score }) => ({ id, score })), blocks };
}

/**
 * The first `limit` rows by score, then id, of rows that come by ascending score with equal
 * scores in any order: rows are read until the score passes the limit-th one's (the rest are
 * left unread), and the ties among them are put in id order.
 */
export function bestFirst<T extends { id: number; score: number }>(
  rows: Iterable<T>,
  limit: number,
): T[] {
  const read: T[] = [];
  for (const row of rows) {
    if (read.length >= limit && row.score > (read[limit - 1] as T).score) break;
    read.push(row);
  }
  return read.sort((a, b) => a.score - b.score || a.id - b.id).slice(0, limit);
}
