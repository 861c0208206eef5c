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

/**
 * The matches of a compiled FTS5 expression counted per case: per source through the small
 * (id, source_id) index, then per case over the sources that pass the filters. Cheap next to
 * ranking: no score is computed.
 */
export function countMatches(r: Reader, q: MatchQuery): { case_id: string | null; n: number }[] {
  const table = q.insideWords ? 'blocks_trigram' : 'blocks_fts';
  const filter = sourceFilterSql(q.filters);
  return reading(r).all(
    sql.rows<{ case_id: string | null; n: number }, SqlValue[]>(
      `SELECT s.case_id, sum(x.n) AS n
       FROM (SELECT b.source_id, count(*) AS n FROM ${table} f
               JOIN blocks b INDEXED BY blocks_source_of ON b.id = f.rowid
             WHERE f.${table} MATCH ? GROUP BY b.source_id) x
         JOIN sources s ON s.id = x.source_id LEFT JOIN respondents r ON r.id = s.respondent_id
       WHERE true${filter.sql} GROUP BY s.case_id ORDER BY s.case_id`,
    ),
    [q.match, ...filter.params],
  );
}

/**
 * The first `limit` block matches of a compiled FTS5 expression, in two statements so that the
 * expensive work is done for the returned blocks only (a common word matches most blocks):
 * 1. choose: block ids and scores, LIMIT applied inside; by relevance (best first, ties in block
 *    order), which scores every match, or in block order (sources as imported, each from its
 *    start), which FTS5 walks in its own order and stops after `limit`; the source filters join
 *    only when there are any;
 * 2. the chosen blocks with their source, respondent and highlight(): one pass over the match
 *    keeping the chosen rowids. `+rowid` stops SQLite from handing the rowids to FTS5 one by
 *    one, which re-runs the query per rowid (for a prefix it merges every matching term's list
 *    again: 50 times 1-2 ms).
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
  const ranked = db.all(
    sql.rows<RankedBlock, SqlValue[]>(
      filter.sql
        ? `SELECT f.rowid AS id, f.rank AS score FROM ${table} f
             JOIN blocks b INDEXED BY blocks_source_of ON b.id = f.rowid
             JOIN sources s ON s.id = b.source_id
             LEFT JOIN respondents r ON r.id = s.respondent_id
           WHERE f.${table} MATCH ?${filter.sql}
           ORDER BY ${best ? 'f.rank, f.rowid' : 'f.rowid'} LIMIT ?`
        : `SELECT rowid AS id, rank AS score FROM ${table} WHERE ${table} MATCH ?
           ORDER BY ${best ? 'rank, rowid' : 'rowid'} LIMIT ?`,
    ),
    [q.match, ...filter.params, q.limit],
  );
  const blocks = db.all(
    sql.rows<MatchedBlock, { match: string; ids: string }>(
      `SELECT b.id, b.seq, b.source_id, b.start, b.end, b.text,
         highlight(${table}, 0, '${HIGHLIGHT_OPEN}', '${HIGHLIGHT_CLOSE}') AS marked,
         s.title, s.case_id, s.date, s.document_type, r.pseudonym
       FROM ${table} JOIN blocks b ON b.id = ${table}.rowid
         JOIN sources s ON s.id = b.source_id LEFT JOIN respondents r ON r.id = s.respondent_id
       WHERE ${table} MATCH @match AND +${table}.rowid IN (SELECT value FROM json_each(@ids))`,
    ),
    { match: q.match, ids: JSON.stringify(ranked.map((h) => h.id)) },
  );
  return { ranked, blocks };
}
