import type { Db } from '../../../db/open.js';
import type { SearchFilters, SearchHit, Snippet } from '../../shared/contract/search.js';
import { CasusError } from '../../shared/errors.js';
import { compileQuery, QueryError } from './query.js';

interface Range {
  start: number;
  end: number;
}

// Private-use characters as highlight markers: they cannot come from FTS5 syntax, and a block
// that contains them itself is detected below and shown without emphasis rather than wrongly.
const OPEN = '\uE000';
const CLOSE = '\uE001';

/** Reads the matched ranges (block-relative) from FTS5 highlight() output. */
export function markedRanges(marked: string, original: string): Range[] {
  const ranges: Range[] = [];
  let plain = '';
  let open = -1;
  for (const ch of marked) {
    if (ch === OPEN) open = plain.length;
    else if (ch === CLOSE && open >= 0) {
      if (plain.length > open) ranges.push({ start: open, end: plain.length });
      open = -1;
    } else plain += ch;
  }
  return plain === original ? ranges : [];
}

/** A window of about `length` characters around the first match, cut at spaces. */
export function makeSnippet(text: string, matches: Range[], length: number): Snippet {
  if (text.length <= length) {
    return { text, highlights: matches, cutStart: false, cutEnd: false };
  }
  const first = matches[0]?.start ?? 0;
  let start = Math.max(0, first - Math.floor(length / 3));
  if (start > 0) {
    const space = text.indexOf(' ', start);
    if (space >= 0 && space < first) start = space + 1;
  }
  let end = Math.min(text.length, start + length);
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end);
    if (space > start && space > (matches[0]?.end ?? 0)) end = space;
  }
  // Never split a surrogate pair at either edge.
  if (start > 0 && /[\uDC00-\uDFFF]/.test(text[start] ?? '')) start--;
  if (/[\uD800-\uDBFF]/.test(text[end - 1] ?? '')) end++;
  const highlights = matches
    .filter((m) => m.end > start && m.start < end)
    .map((m) => ({ start: Math.max(m.start, start) - start, end: Math.min(m.end, end) - start }));
  return {
    text: text.slice(start, end),
    highlights,
    cutStart: start > 0,
    cutEnd: end < text.length,
  };
}

/** SQL conditions (over sources `s` and respondents `r`) and their parameters. */
export function sourceFilterSql(f: SearchFilters): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
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

interface RankedRow {
  id: number;
  score: number;
}

interface HitRow {
  id: number;
  seq: number;
  source_id: string;
  start: number;
  end: number;
  text: string;
  marked: string;
  title: string;
  case_id: string | null;
  date: string | null;
  document_type: string;
  pseudonym: string | null;
}

export interface FullTextInput {
  query: string;
  insideWords: boolean;
  filters: SearchFilters;
  limit: number;
  snippetLength: number;
}

/** Compiles the query, explaining a malformed one as a CasusError the user can act on. */
export function compileOrExplain(query: string, insideWords: boolean): string {
  try {
    return compileQuery(query, insideWords);
  } catch (e) {
    if (e instanceof QueryError) {
      throw new CasusError(
        'invalid_input',
        `Cannot search for ${JSON.stringify(query)}: ${e.message}`,
        {
          position: e.position,
        },
      );
    }
    throw e;
  }
}

/**
 * Ranked hits with snippets and counts per case, in three statements so that the expensive work
 * is done for the returned hits only (a common word matches most blocks of a study):
 * 1. rank: block ids and scores, best first (ties in block order), LIMIT applied inside; the
 *    source filters join only when there are any;
 * 2. counts per case: the matches counted per source through the small (id, source_id) index,
 *    then per case over the sources that pass the filters;
 * 3. the returned blocks with their source, respondent and highlight(): one pass over the match
 *    keeping the returned rowids. `+rowid` stops SQLite from handing the rowids to FTS5 one by
 *    one, which re-runs the query per rowid (for a prefix it merges every matching term's list
 *    again: 50 times 1-2 ms).
 */
export function fullTextSearch(db: Db, input: FullTextInput) {
  const match = compileOrExplain(input.query, input.insideWords);
  const table = input.insideWords ? 'blocks_trigram' : 'blocks_fts';
  const filter = sourceFilterSql(input.filters);
  let ranked: RankedRow[];
  let perCase: { case_id: string | null; n: number }[];
  let rows: HitRow[];
  try {
    ranked = db
      .prepare(
        filter.sql
          ? `SELECT f.rowid AS id, f.rank AS score FROM ${table} f
               JOIN blocks b INDEXED BY blocks_source_of ON b.id = f.rowid
               JOIN sources s ON s.id = b.source_id
               LEFT JOIN respondents r ON r.id = s.respondent_id
             WHERE f.${table} MATCH ?${filter.sql} ORDER BY f.rank, f.rowid LIMIT ?`
          : `SELECT rowid AS id, rank AS score FROM ${table} WHERE ${table} MATCH ?
             ORDER BY rank, rowid LIMIT ?`,
      )
      .all(match, ...filter.params, input.limit) as RankedRow[];
    perCase = db
      .prepare(
        `SELECT s.case_id, sum(x.n) AS n
         FROM (SELECT b.source_id, count(*) AS n FROM ${table} f
                 JOIN blocks b INDEXED BY blocks_source_of ON b.id = f.rowid
               WHERE f.${table} MATCH ? GROUP BY b.source_id) x
           JOIN sources s ON s.id = x.source_id LEFT JOIN respondents r ON r.id = s.respondent_id
         WHERE true${filter.sql} GROUP BY s.case_id ORDER BY s.case_id`,
      )
      .all(match, ...filter.params) as { case_id: string | null; n: number }[];
    rows = db
      .prepare(
        `SELECT b.id, b.seq, b.source_id, b.start, b.end, b.text,
           highlight(${table}, 0, '${OPEN}', '${CLOSE}') AS marked,
           s.title, s.case_id, s.date, s.document_type, r.pseudonym
         FROM ${table} JOIN blocks b ON b.id = ${table}.rowid
           JOIN sources s ON s.id = b.source_id LEFT JOIN respondents r ON r.id = s.respondent_id
         WHERE ${table} MATCH ? AND +${table}.rowid IN (SELECT value FROM json_each(?))`,
      )
      .all(match, JSON.stringify(ranked.map((h) => h.id))) as HitRow[];
  } catch (e) {
    // The compiled expression is always well-formed; this guards against engine limits.
    const reason = e instanceof Error ? e.message : String(e);
    throw new CasusError(
      'invalid_input',
      `Cannot search for ${JSON.stringify(input.query)}: ${reason}`,
    );
  }
  const byId = new Map(rows.map((r) => [r.id, r]));
  const hits: SearchHit[] = [];
  for (const { id, score } of ranked) {
    const r = byId.get(id);
    if (!r) continue;
    const local = markedRanges(r.marked, r.text);
    const matches = local.map((m) => ({ start: r.start + m.start, end: r.start + m.end }));
    const hit =
      matches.length > 0
        ? {
            start: (matches[0] as Range).start,
            end: Math.max(...matches.map((m) => m.end)),
          }
        : { start: r.start, end: r.end };
    hits.push({
      blockId: r.id,
      blockSeq: r.seq,
      sourceId: r.source_id,
      sourceTitle: r.title,
      caseId: r.case_id,
      date: r.date,
      documentType: r.document_type,
      respondentPseudonym: r.pseudonym,
      block: { start: r.start, end: r.end },
      hit,
      matches,
      snippet: makeSnippet(r.text, local, input.snippetLength),
      score,
    });
  }
  return {
    match,
    total: perCase.reduce((sum, c) => sum + c.n, 0),
    hits,
    perCase: perCase.map((c) => ({ caseId: c.case_id, count: c.n })),
  };
}

const SENTENCE_END = /[.!?…]/;

/**
 * The range to code for a hit: the hit itself, its sentence, or its paragraph (block), trimmed
 * of surrounding white space. `blocks` are the source's blocks that overlap the hit.
 */
export function unitRange(
  text: string,
  blocks: Range[],
  hit: Range,
  unit: 'hit' | 'sentence' | 'paragraph',
): Range {
  const lo = blocks.length ? Math.min(...blocks.map((b) => b.start)) : hit.start;
  const hi = blocks.length ? Math.max(...blocks.map((b) => b.end)) : hit.end;
  let start = hit.start;
  let end = hit.end;
  if (unit === 'paragraph') {
    start = lo;
    end = hi;
  } else if (unit === 'sentence') {
    start = hit.start;
    while (
      start > lo &&
      !(SENTENCE_END.test(text[start - 1] ?? '') && /\s/.test(text[start] ?? ''))
    )
      start--;
    end = hit.end;
    while (end < hi && !(SENTENCE_END.test(text[end - 1] ?? '') && /\s/.test(text[end] ?? '')))
      end++;
  }
  while (start < end && /\s/.test(text[start] ?? '')) start++;
  while (end > start && /\s/.test(text[end - 1] ?? '')) end--;
  return { start, end };
}
