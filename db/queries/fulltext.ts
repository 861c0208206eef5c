import type { SearchFilters } from '../../core/shared/contract/search.js';
import Database from 'better-sqlite3';
import { readerFor, type Reader } from '../access.js';
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

/** Counts per case as SQL orders them: no case first, then by case id in its BINARY order. */
export type CaseCounts = { case_id: string | null; n: number }[];

function perCaseOf(
  counts: Uint32Array,
  sources: SourceRuns['sources'],
  keep: (s: SourceRuns['sources'][number]) => boolean,
): CaseCounts {
  const perCase = new Map<string | null, number>();
  counts.forEach((n, k) => {
    const source = sources[k];
    if (n > 0 && source && keep(source)) {
      perCase.set(source.case_id, (perCase.get(source.case_id) ?? 0) + n);
    }
  });
  return [...perCase].sort(([a], [b]) => binaryOrder(a, b)).map(([case_id, n]) => ({ case_id, n }));
}

/** A chosen block: its score is bm25 (lower is better) when ranked, null in source order. */
export type ChosenBlock = MatchedBlock & { score: number | null };

export interface FoundMatches {
  perCase: CaseCounts;
  order: MatchOrder;
  blocks: ChosenBlock[];
}

/**
 * The matches of a compiled FTS5 expression: counted per case, and the first `limit` of them
 * with their source and highlights. `auto` ranks them unless more than `rankAtMost` match.
 *
 * Counting: FTS5 hands over the matched block ids in one text, counted per source's run of block
 * ids (countPerRun) and summed per case of the sources the filters keep (sourceRuns), without a
 * lookup per match (10,000 sources: a word in 158,000 blocks counted in about 25 ms of CPU
 * instead of 130).
 *
 * Ranking walks every match once with its bm25 score and counts it on the way (rankedWalk), so a
 * ranked search needs no separate count. bm25 itself first walks each phrase's matches once
 * (xQueryPhrase, for its weights), so a ranked phrase costs two walks; counting first cost three
 * (bench, 10,000 sources, "brede welvaart" in 6,739 blocks: ~27 ms of CPU each).
 * - `relevance`: the ranked walk only.
 * - `auto` with `rankFirst` (a phrase or NEAR, whose walk is dear): the ranked walk, given up
 *   past `rankAtMost` kept matches; then as below.
 * - otherwise: counted first (from `sameBlocks` if given: a word-index expression that matches
 *   exactly the blocks `match` does, cheaper to walk; null when nothing can match), then ranked
 *   or, in source order, the first blocks as FTS5 walks them.
 * SQLite errors (engine limits) are thrown as they come.
 */
export function findMatches(
  r: Reader,
  q: MatchQuery & {
    limit: number;
    order: MatchOrder | 'auto';
    rankAtMost: number;
    rankFirst?: boolean;
    sameBlocks?: string | null;
  },
): FoundMatches {
  const db = reading(r);
  const table = q.insideWords ? 'blocks_trigram' : 'blocks_fts';
  const runs = sourceRuns(db);
  const keep = sourceFilter(q.filters);
  if (q.order === 'relevance' || (q.order === 'auto' && q.rankFirst)) {
    const walked = rankedWalk(
      db,
      table,
      q.match,
      runs,
      q.filters,
      q.order === 'auto' ? q.rankAtMost : Infinity,
    );
    if (walked) {
      return {
        perCase: perCaseOf(walked.counts, runs.sources, keep),
        order: 'relevance',
        blocks: ranked(db, table, q.match, bestOf(walked.scored, q.limit)),
      };
    }
  }
  const ids =
    q.sameBlocks === null
      ? null
      : db.get(matchedIds(q.sameBlocks === undefined ? table : 'blocks_fts'), [
          q.sameBlocks ?? q.match,
        ]);
  const perCase = ids ? perCaseOf(countPerRun(ids, runs.starts), runs.sources, keep) : [];
  const total = perCase.reduce((sum, c) => sum + c.n, 0);
  const order = q.order === 'auto' ? (total > q.rankAtMost ? 'sources' : 'relevance') : q.order;
  if (total === 0) return { perCase, order, blocks: [] };
  if (order === 'relevance') {
    const walked = rankedWalk(db, table, q.match, runs, q.filters, Infinity);
    return {
      perCase,
      order,
      blocks: ranked(db, table, q.match, bestOf(walked?.scored ?? [], q.limit)),
    };
  }
  return { perCase, order, blocks: inSourceOrder(db, table, q) };
}

/**
 * Every match of `match` the filters keep, with its bm25 score, counted per source's run on the
 * way; null once more than `stopAbove` are kept. FTS5 gives the rowids in ascending order, so
 * the run of each only moves forward (runOf places one that does not).
 */
function rankedWalk(
  db: ReturnType<typeof reading>,
  table: string,
  match: string,
  runs: SourceRuns,
  filters: SearchFilters,
  stopAbove: number,
): { counts: Uint32Array; scored: [number, number][] } | null {
  const keep = sourceFilter(filters);
  const { starts, sources } = runs;
  const counts = new Uint32Array(starts.length);
  const scored: [number, number][] = [];
  const walk = `SELECT rowid, rank FROM ${table} WHERE ${table} MATCH ?`;
  // Unfiltered, FTS5 stops the walk itself; with filters, it is stopped here.
  const unfiltered = !sourceFilterSql(filters).sql;
  const rows =
    stopAbove === Infinity
      ? db.all(sql.tuples<[number, number], [string]>(walk), [match])
      : unfiltered
        ? db.all(sql.tuples<[number, number], [string, number]>(`${walk} LIMIT ?`), [
            match,
            stopAbove + 1,
          ])
        : db.iterate(sql.tuples<[number, number], [string]>(walk), [match]);
  // The kept state of the current run, refreshed when the walk enters another run.
  let k = -1;
  let next = -Infinity;
  let kept = false;
  for (const row of rows) {
    const id = row[0];
    if (k < 0 || id >= next || id < (starts[k] as number)) {
      k = k >= 0 && id >= next ? runOf(id, starts, k + 1) : runOf(id, starts, 0);
      next = k + 1 < starts.length ? (starts[k + 1] as number) : Infinity;
      const source = sources[k];
      kept = source !== undefined && id >= (starts[k] as number) && keep(source);
    }
    if (!kept) continue;
    (counts[k] as number)++;
    scored.push([id, row[1]]);
    if (scored.length > stopAbove) return null;
  }
  return { counts, scored };
}

/** The chosen [id, score] pairs as blocks with their source and highlights, in that order. */
function ranked(
  db: ReturnType<typeof reading>,
  table: string,
  match: string,
  chosen: [number, number][],
): ChosenBlock[] {
  if (chosen.length === 0) return [];
  const byId = new Map(
    chosenBlocks(
      db,
      table,
      match,
      chosen.map(([id]) => id),
    ).map((b) => [b.id, b]),
  );
  const out: ChosenBlock[] = [];
  for (const [id, score] of chosen) {
    const b = byId.get(id);
    if (b) out.push({ ...b, score });
  }
  return out;
}

/**
 * The first `limit` matches in block order, unscored: bm25 would first count every phrase's
 * matches in a full extra pass (for inside-word search as dear as the count itself: 80-120 ms of
 * CPU for "welvaart" at 10,000 sources), and the list shows no score. FTS5 walks in rowid order
 * and stops at the limit; unfiltered, one statement gives the blocks with their highlights.
 */
function inSourceOrder(
  db: ReturnType<typeof reading>,
  table: string,
  q: MatchQuery & { limit: number },
): ChosenBlock[] {
  const filter = sourceFilterSql(q.filters);
  if (!filter.sql) {
    const rows = db.all(
      sql.rows<MatchedBlock, [string, number]>(
        `${chosenColumns(table)} FROM ${table} ${withSource(table)}
         WHERE ${table} MATCH ? ORDER BY ${table}.rowid LIMIT ?`,
      ),
      [q.match, q.limit],
    );
    return rows.map((b) => ({ ...b, score: null }));
  }
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
  const byId = new Map(chosenBlocks(db, table, q.match, ids).map((b) => [b.id, b]));
  return ids.flatMap((id) => {
    const b = byId.get(id);
    return b ? [{ ...b, score: null }] : [];
  });
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

interface KeptWords {
  /** The word index's structure record: FTS5 rewrites it with every change to the index. */
  key: Buffer;
  words: readonly string[] | null;
}

const wordsByConnection = new WeakMap<object, KeptWords>();

const wordIndexStructure = sql.values<Buffer>(
  'SELECT block FROM blocks_fts_data WHERE id = 10 /* FTS5_STRUCTURE_ROWID */',
);
/** Answered by the partial index blocks_with_nul (migration 026): one lookup. */
const anyBlockWithNul = sql.values<number>(
  'SELECT EXISTS (SELECT 1 FROM blocks WHERE instr(text, char(0)) > 0)',
);
const vocabularyWords = sql.values<string>('SELECT term FROM temp.blocks_fts_words');

/**
 * Every word of the word index (blocks_fts) as it indexes them (case and diacritics folded), for
 * inside-word search to find a substring in the words that hold it instead of walking the
 * trigram index: at 10,000 sources "welvaart" is in 2 of 10,049 words, whose 158,000 blocks the
 * word index lists in ~19 ms of CPU against the trigram index's ~100.
 *
 * Both tokenizers fold every character by the same function (SQLite's trigram tokenizer turns
 * `remove_diacritics 1` into unicode61's `remove_diacritics 2`), so a substring of letters and
 * digits is in a block's folded text exactly when it is in one of its words, with one exception,
 * found by trying every code point against both (tests/unit/search/word-standin.test.ts): NUL
 * is skipped by the trigram tokenizer but splits words in unicode61. While any block holds a NUL
 * (imports drop it), this answers null and inside-word search walks the trigram index; also
 * inside a write transaction, whose index changes FTS5 may not have written yet.
 *
 * Read through fts5vocab (a full pass over the index: ~150 ms of CPU at 10,000 sources; the
 * blocks with a NUL are one lookup in their partial index, migration 026) and kept per
 * connection until the word index changes: coding and other edits leave it as it is; an import
 * or a removed source renews it. With `read: false`, words not read yet for the index as it is
 * are not read now: undefined.
 */
export function indexedWords(
  r: Reader,
  opts: { read: boolean } = { read: true },
): readonly string[] | null | undefined {
  const db = reading(r);
  if (db.conn.inTransaction) return null;
  const key = db.get(wordIndexStructure);
  if (!key) return null;
  const kept = wordsByConnection.get(db.conn);
  if (kept && kept.key.equals(key)) return kept.words;
  if (!opts.read) return undefined;
  const words = readWords(r);
  wordsByConnection.set(db.conn, { key, words });
  return words;
}

/** The words of the index as this reader sees it; null while a block holds a NUL. */
function readWords(r: Reader): string[] | null {
  const db = reading(r);
  if (db.get(anyBlockWithNul)) return null;
  // A temporary table of this connection: the project's schema stays as it is.
  db.conn.exec(
    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.blocks_fts_words USING fts5vocab(main, blocks_fts, 'row')",
  );
  return db.all(vocabularyWords);
}

/** The word index's words as read elsewhere, with the structure record they were read at. */
export interface WordList {
  key: Uint8Array;
  words: readonly string[] | null;
}

/**
 * The project file a reader's connection holds, for reading its words on a connection of their
 * own (a worker thread); null for a project in memory or shown as it was (time travel).
 */
export function wordListFile(r: Reader): string | null {
  const conn = reading(r).conn;
  return conn.memory || conn.name === '' ? null : conn.name;
}

/**
 * Reads the word list of a project file on a read-only connection of its own, in one read
 * transaction (WAL: one committed state, the structure record and the words alike), so the
 * pass over the index never holds up the connection that answers the workbench.
 */
export function readWordListOfFile(path: string): WordList | null {
  const conn = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const r = readerFor(conn);
    conn.exec('BEGIN');
    try {
      const key = reading(r).get(wordIndexStructure);
      return key ? { key, words: readWords(r) } : null;
    } finally {
      conn.exec('COMMIT');
    }
  } finally {
    conn.close();
  }
}

/**
 * Keeps a word list read on another connection for this one, if the word index is still as it
 * was when the list was read (an import meanwhile makes it stale: it is dropped, and the next
 * inside-word search asks again). Whether it was kept.
 */
export function keepIndexedWords(r: Reader, list: WordList): boolean {
  const db = reading(r);
  if (db.conn.inTransaction) return false;
  const key = db.get(wordIndexStructure);
  if (!key || !key.equals(list.key)) return false;
  wordsByConnection.set(db.conn, { key, words: list.words });
  return true;
}
