import type { SearchFilters } from '../../core/shared/contract/search.js';
import type { Reader } from '../access.js';
import { reading } from '../internal/access.js';
import { binaryOrder } from '../internal/binary-order.js';
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
 * Every source as a run of block ids (migration 024), with what the search filters test: read
 * once per state of the project and kept per connection. A search counts its matches per source
 * run and sums them per case in JS; looking up each source with matches instead cost 16-25 ms of
 * CPU per search at 10,000 sources (a JSON list of them, a search in two indexes each).
 */
interface SourceRuns {
  /** Changes whenever the project may have changed (see projectState). */
  state: string;
  /** The first block id of each source, ascending. */
  starts: number[];
  sources: {
    case_id: string | null;
    kind: string;
    document_type: string;
    date: string | null;
    role: string | null;
  }[];
}

const runsByConnection = new WeakMap<object, SourceRuns>();

/**
 * A value that changes with every change to the project: data_version with each commit of
 * another connection, total_changes() with each row this connection writes (also inside a
 * transaction not yet committed).
 */
const projectState = sql.values<string>(
  "SELECT (SELECT data_version FROM pragma_data_version) || ':' || total_changes()",
);

const sourceRunRows = sql.rows<{ start: number } & SourceRuns['sources'][number], void>(
  `SELECT b.id AS start, s.case_id, s.kind, s.document_type, s.date, r.role
   FROM blocks b INDEXED BY blocks_first
     JOIN sources s ON s.id = b.source_id
     LEFT JOIN respondents r ON r.id = s.respondent_id
   WHERE b.seq = 0 ORDER BY b.id`,
);

function sourceRuns(db: ReturnType<typeof reading>): SourceRuns {
  const state = db.get(projectState) ?? '';
  const kept = runsByConnection.get(db.conn);
  if (kept && kept.state === state) return kept;
  const rows = db.all(sourceRunRows);
  const runs: SourceRuns = {
    state,
    starts: rows.map((row) => row.start),
    sources: rows.map(({ case_id, kind, document_type, date, role }) => ({
      case_id,
      kind,
      document_type,
      date,
      role,
    })),
  };
  runsByConnection.set(db.conn, runs);
  return runs;
}

/** The filters as a test of one source: what sourceFilterSql asks of SQL. */
function sourceFilter(f: SearchFilters): (s: SourceRuns['sources'][number]) => boolean {
  const among = (values: readonly string[] | undefined, value: string | null) =>
    !values || values.length === 0 || (value !== null && values.includes(value));
  return (s) =>
    among(f.caseIds, s.case_id) &&
    among(f.documentTypes, s.document_type) &&
    among(f.kinds, s.kind) &&
    among(f.roles, s.role) &&
    (!f.dateFrom || (s.date !== null && s.date >= f.dateFrom)) &&
    (!f.dateTo || (s.date !== null && s.date <= f.dateTo));
}

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
 * (countPerRun) and summed per case of the sources the filters keep (sourceRuns). Bench, 10,000
 * sources: a word in 158,000 blocks counted in about 25 ms of CPU instead of 130 (a search per
 * match in blocks_source_of and a sort of 158,000 rows by source). No score is computed.
 */
export function countMatches(r: Reader, q: MatchQuery): { case_id: string | null; n: number }[] {
  const db = reading(r);
  const table = q.insideWords ? 'blocks_trigram' : 'blocks_fts';
  const ids = db.get(matchedIds(table), [q.match]);
  if (!ids) return [];
  const { starts, sources } = sourceRuns(db);
  const counts = countPerRun(ids, starts);
  const keep = sourceFilter(q.filters);
  const perCase = new Map<string | null, number>();
  counts.forEach((n, k) => {
    const source = sources[k];
    if (n > 0 && source && keep(source)) {
      perCase.set(source.case_id, (perCase.get(source.case_id) ?? 0) + n);
    }
  });
  // As SQL orders them: no case first, then by case id in its BINARY order.
  return [...perCase].sort(([a], [b]) => binaryOrder(a, b)).map(([case_id, n]) => ({ case_id, n }));
}

/** A chosen block: its score is bm25 (lower is better) when ranked, null in source order. */
export type ChosenBlock = MatchedBlock & { score: number | null };

/**
 * The first `limit` block matches of a compiled FTS5 expression, in two steps so that the
 * expensive work is done for the returned blocks only:
 * 1. choose the block ids. In source order no score is computed: bm25 first counts every
 *    phrase's matches in a full extra pass (FTS5's xQueryPhrase, once per statement), which for
 *    inside-word search costs as much as the count itself (bench, 10,000 sources: 80-120 ms of
 *    CPU for "welvaart"), and the list shows no score. FTS5 walks in rowid order and stops after
 *    `limit`. By relevance, unfiltered: every match's id and score in FTS5's own walk, the best
 *    chosen here (bestOf); FTS5's ORDER BY rank would run the same walk inside a sorter and then
 *    seek each returned row again (a phrase in 6,739 blocks: 63-86 ms of CPU against 60). With
 *    filters: one statement joining the sources, SQLite sorting by rank, then block id.
 * 2. the chosen blocks with their source, respondent and highlight() (chosenBlocks).
 * Unfiltered in source order, one statement does both (FTS5's order, stopped at the limit).
 * SQLite errors (engine limits) are thrown as they come.
 */
export function matchBlocks(
  r: Reader,
  q: MatchQuery & { limit: number; order: MatchOrder },
): ChosenBlock[] {
  const db = reading(r);
  const table = q.insideWords ? 'blocks_trigram' : 'blocks_fts';
  const filter = sourceFilterSql(q.filters);
  const best = q.order === 'relevance';
  if (!filter.sql && !best) {
    const rows = db.all(
      sql.rows<MatchedBlock, [string, number]>(
        `${chosenColumns(table)} FROM ${table} ${withSource(table)}
         WHERE ${table} MATCH ? ORDER BY ${table}.rowid LIMIT ?`,
      ),
      [q.match, q.limit],
    );
    return rows.map((b) => ({ ...b, score: null }));
  }
  let chosen: { id: number; score: number | null }[];
  if (!filter.sql) {
    const scored = db.all(
      sql.tuples<[number, number], [string]>(
        `SELECT rowid, rank FROM ${table} WHERE ${table} MATCH ?`,
      ),
      [q.match],
    );
    chosen = bestOf(scored, q.limit).map(([id, score]) => ({ id, score }));
  } else if (best) {
    chosen = db.all(
      sql.rows<{ id: number; score: number }, SqlValue[]>(
        `SELECT f.rowid AS id, f.rank AS score FROM ${table} f
           JOIN blocks b INDEXED BY blocks_source_of ON b.id = f.rowid
           JOIN sources s ON s.id = b.source_id
           LEFT JOIN respondents r ON r.id = s.respondent_id
         WHERE f.${table} MATCH ?${filter.sql}
         ORDER BY f.rank, f.rowid LIMIT ?`,
      ),
      [q.match, ...filter.params, q.limit],
    );
  } else {
    const ids = db.all(
      sql.values<number, SqlValue[]>(
        `SELECT f.rowid FROM ${table} f
           JOIN blocks b INDEXED BY blocks_source_of ON b.id = f.rowid
           JOIN sources s ON s.id = b.source_id
           LEFT JOIN respondents r ON r.id = s.respondent_id
         WHERE f.${table} MATCH ?${filter.sql}
         ORDER BY f.rowid LIMIT ?`,
      ),
      [q.match, ...filter.params, q.limit],
    );
    chosen = ids.map((id) => ({ id, score: null }));
  }
  if (chosen.length === 0) return [];
  const byId = new Map(
    chosenBlocks(
      db,
      table,
      q.match,
      chosen.map((c) => c.id),
    ).map((b) => [b.id, b]),
  );
  const out: ChosenBlock[] = [];
  for (const { id, score } of chosen) {
    const b = byId.get(id);
    if (b) out.push({ ...b, score });
  }
  return out;
}

const chosenColumns = (table: string) => `SELECT b.id, b.seq, b.source_id, b.start, b.end, b.text,
    highlight(${table}, 0, '${HIGHLIGHT_OPEN}', '${HIGHLIGHT_CLOSE}') AS marked,
    s.title, s.case_id, s.date, s.document_type, r.pseudonym`;
const withSource = (table: string) => `JOIN blocks b ON b.id = ${table}.rowid
    JOIN sources s ON s.id = b.source_id LEFT JOIN respondents r ON r.id = s.respondent_id`;

/**
 * The chosen blocks with their source, respondent and highlight(). FTS5 needs the matched
 * positions of each block, so the match is evaluated again for these rowids only:
 * - by a seek per rowid (`rowid = ?` goes to FTS5, which looks the rowid up in each term's list):
 *   50 blocks of a phrase in 3-5 ms of CPU, of "welvaart" inside words in 13 ms;
 * - for an expression with a prefix term, which a seek per rowid merges again for every term
 *   the prefix matches (50 blocks of verantw*: 400 ms), by one pass over the match from the first
 *   chosen rowid to the last: `+rowid` keeps the rowids from FTS5, and the LIMIT ends the walk.
 * A rowid bound is cast: better-sqlite3 binds a JS number as a REAL, and FTS5 ignores a rowid
 * bound that is not an INTEGER while telling SQLite it applied it (`rowid = ?` would return
 * every match).
 */
function chosenBlocks(
  db: ReturnType<typeof reading>,
  table: string,
  match: string,
  ids: readonly number[],
): MatchedBlock[] {
  if (!hasPrefixTerm(match)) {
    const one = sql.rows<MatchedBlock, { match: string; id: number }>(
      `${chosenColumns(table)} FROM ${table} ${withSource(table)}
       WHERE ${table} MATCH @match AND ${table}.rowid = CAST(@id AS INTEGER)`,
    );
    return ids.flatMap((id) => db.all(one, { match, id }));
  }
  return db.all(
    sql.rows<MatchedBlock, { match: string; ids: string; from: number; n: number }>(
      `${chosenColumns(table)} FROM ${table} ${withSource(table)}
       WHERE ${table} MATCH @match AND ${table}.rowid >= CAST(@from AS INTEGER)
         AND +${table}.rowid IN (SELECT value FROM json_each(@ids))
       ORDER BY ${table}.rowid LIMIT @n`,
    ),
    { match, ids: JSON.stringify(ids), from: Math.min(...ids), n: ids.length },
  );
}

/**
 * Whether a compiled FTS5 expression has a prefix term (`"verantw"*`): a `*` outside its string
 * literals (user text reaches MATCH only inside them, quotes doubled).
 */
export function hasPrefixTerm(match: string): boolean {
  let inLiteral = false;
  for (const ch of match) {
    if (ch === '"') inLiteral = !inLiteral;
    else if (ch === '*' && !inLiteral) return true;
  }
  return false;
}

/**
 * The first `limit` of [id, score] pairs by score (lower is better), then id: the limit-th
 * lowest score is found on a sorted copy of the scores, and only the pairs up to it are sorted.
 */
export function bestOf(
  scored: readonly (readonly [number, number])[],
  limit: number,
): [number, number][] {
  if (limit <= 0 || scored.length === 0) return [];
  let candidates = scored;
  if (scored.length > limit) {
    const scores = Float64Array.from(scored, (s) => s[1]).sort();
    const last = scores[limit - 1] as number;
    candidates = scored.filter((s) => s[1] <= last);
  }
  return candidates
    .map(([id, score]): [number, number] => [id, score])
    .sort((a, b) => a[1] - b[1] || a[0] - b[0])
    .slice(0, limit);
}
