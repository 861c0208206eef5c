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

/**
 * Ranked block matches of a compiled FTS5 expression, in three statements so that the expensive
 * work is done for the returned blocks only (a common word matches most blocks of a study):
 * 1. rank: block ids and scores, best first (ties in block order), LIMIT applied inside; the
 *    source filters join only when there are any;
 * 2. counts per case: the matches counted per source through the small (id, source_id) index,
 *    then per case over the sources that pass the filters;
 * 3. the returned blocks with their source, respondent and highlight(): one pass over the match
 *    keeping the returned rowids. `+rowid` stops SQLite from handing the rowids to FTS5 one by
 *    one, which re-runs the query per rowid (for a prefix it merges every matching term's list
 *    again: 50 times 1-2 ms).
 * SQLite errors (engine limits) are thrown as they come.
 */
export function matchBlocks(
  r: Reader,
  q: { match: string; insideWords: boolean; filters: SearchFilters; limit: number },
): {
  ranked: RankedBlock[];
  perCase: { case_id: string | null; n: number }[];
  blocks: MatchedBlock[];
} {
  const db = reading(r);
  const table = q.insideWords ? 'blocks_trigram' : 'blocks_fts';
  const filter = sourceFilterSql(q.filters);
  const ranked = db.all(
    sql.rows<RankedBlock, SqlValue[]>(
      filter.sql
        ? `SELECT f.rowid AS id, f.rank AS score FROM ${table} f
             JOIN blocks b INDEXED BY blocks_source_of ON b.id = f.rowid
             JOIN sources s ON s.id = b.source_id
             LEFT JOIN respondents r ON r.id = s.respondent_id
           WHERE f.${table} MATCH ?${filter.sql} ORDER BY f.rank, f.rowid LIMIT ?`
        : `SELECT rowid AS id, rank AS score FROM ${table} WHERE ${table} MATCH ?
           ORDER BY rank, rowid LIMIT ?`,
    ),
    [q.match, ...filter.params, q.limit],
  );
  const perCase = db.all(
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
  return { ranked, perCase, blocks };
}
