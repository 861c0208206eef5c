import type { Block, InlineMark, StructuredText } from '../../core/shared/blocks.js';
import type { Source, SourceSummary } from '../../core/shared/contract/schemas.js';
import type { Reader, Writer } from '../access.js';
import { reading, writing } from '../internal/access.js';
import { sql } from '../sql.js';
import { triggerText } from './indexes.js';
import type { SourceRow, Validation } from '../tables.js';

interface SummaryRow {
  id: string;
  case_id: string | null;
  title: string;
  kind: 'interview' | 'document';
  document_type: string;
  date: string | null;
  respondent_id: string | null;
  pseudonym: string | null;
  role: string | null;
  validation: Validation | null;
  original_name: string;
  text_length: number;
  segment_count: number;
  created_at: string;
  previous_version_id: string | null;
  replaced_by_id: string | null;
}

type ListTuple = [
  id: string,
  case_id: string | null,
  title: string,
  kind: 'interview' | 'document',
  document_type: string,
  date: string | null,
  respondent_id: string | null,
  validation: Validation | null,
  original_name: string,
  text_length: number,
  created_at: string,
  previous_version_id: string | null,
  segment_count: number,
  replaced_by_id: string | null,
];

/**
 * The list reads the covering index sources_list in its order, never a source row (its text);
 * the segment counts the triggers of migration 022 keep (counting them took most of its time).
 * SQLite hands the rows back as one JSON array of arrays: making 26,000 JavaScript values one
 * cell at a time cost half again as much as JSON.parse of one string. A forced scan of the index
 * visits it in its order (sort, title, id), which the aggregate keeps (an ORDER BY inside it
 * would sort again in a temporary B-tree).
 * The newest version that replaced a source is found among the listed rows (for one case's
 * list, where it may lie in another case, by sources_replaced_by, migration 019). The few
 * respondents and cases are read once and joined, and the list ordered by its case, in JS:
 * joining and sorting 2,000 rows in SQL cost twice the reading.
 */
const LIST_SQL = `
  SELECT json_group_array(json_array(s.id, s.case_id, s.title, s.kind, s.document_type, s.date,
    s.respondent_id, s.validation, s.original_name, s.text_length, s.created_at,
    s.previous_version_id,
    coalesce((SELECT k.n FROM source_segment_counts k WHERE k.source_id = s.id), 0)`;
const REPLACED_BY = `(SELECT n.id FROM sources n INDEXED BY sources_replaced_by
     WHERE n.previous_version_id = s.id ORDER BY n.created_at DESC LIMIT 1)`;
// Of all sources, the newest version of each is found among the rows themselves (listSources).
const listAll = sql.values<string>(`${LIST_SQL}, NULL)) FROM sources s INDEXED BY sources_list`);
const listOfCase = sql.values<string, { caseId: string }>(
  `${LIST_SQL}, ${REPLACED_BY})) FROM sources s INDEXED BY sources_list WHERE s.case_id = @caseId`,
);
const respondentFacts = sql.tuples<[string, string, string | null]>(
  'SELECT id, pseudonym, role FROM respondents',
);
const caseSorts = sql.tuples<[string, number]>('SELECT id, sort FROM cases');

const COLUMNS = `s.id, s.case_id, s.title, s.kind, s.document_type, s.date, s.respondent_id,
         r.pseudonym, r.role, s.validation, s.original_name, s.text_length, s.created_at,
         s.previous_version_id,
         coalesce((SELECT k.n FROM source_segment_counts k WHERE k.source_id = s.id), 0)
           AS segment_count`;
const summaryOne = sql.rows<SummaryRow, { id: string }>(
  `SELECT ${COLUMNS},
         (SELECT n.id FROM sources n WHERE n.previous_version_id = s.id
          ORDER BY n.created_at DESC LIMIT 1) AS replaced_by_id
   FROM sources s LEFT JOIN respondents r ON r.id = s.respondent_id
   WHERE s.id = @id`,
);

const META = `id, case_id, title, kind, document_type, date, respondent_id, validation,
  original_name, sha256, text_sha256, text_length, previous_version_id, sort, created_at, created_by`;
const metaOne = sql.rows<SourceRow, { id: string }>(`SELECT ${META} FROM sources WHERE id = @id`);
const metaAll = sql.rows<SourceRow>(`SELECT ${META} FROM sources ORDER BY sort, title, id`);
const blocksOne = sql.rows<
  { type: Block['type']; start: number; end: number; attrs: string },
  {
    id: string;
  }
>('SELECT type, start, end, attrs FROM blocks WHERE source_id = @id ORDER BY seq');
const blocksOver = sql.rows<
  { start: number; end: number },
  { id: string; start: number; end: number }
>(
  `SELECT start, end FROM blocks WHERE source_id = @id AND end > @start AND start < @end
     AND type != 'page_break' ORDER BY seq`,
);
const bySha = sql.rows<{ id: string; title: string }, { sha: string }>(
  'SELECT id, title FROM sources WHERE sha256 = @sha LIMIT 1',
);
const newer = sql.rows<{ id: string; original_name: string }, { id: string }>(
  'SELECT id, original_name FROM sources WHERE previous_version_id = @id LIMIT 1',
);
const nextSort = sql.values<number>('SELECT coalesce(max(sort), -1) + 1 FROM sources');
const originalOne = sql.values<Buffer, { id: string }>(
  'SELECT bytes FROM source_files WHERE source_id = @id',
);

const toSummary = (r: SummaryRow): SourceSummary => ({
  id: r.id,
  caseId: r.case_id,
  title: r.title,
  kind: r.kind,
  documentType: r.document_type,
  date: r.date,
  respondentId: r.respondent_id,
  respondentPseudonym: r.pseudonym,
  respondentRole: r.role,
  validation: r.validation,
  originalName: r.original_name,
  characters: r.text_length,
  segmentCount: r.segment_count,
  createdAt: r.created_at,
  previousVersionId: r.previous_version_id,
  replacedById: r.replaced_by_id,
});

/** Every source (or a case's), ordered by case (no case first), then position and title. */
export function listSources(r: Reader, caseId?: string): SourceSummary[] {
  const db = reading(r);
  const rows = JSON.parse(
    (caseId ? db.get(listOfCase, { caseId }) : db.get(listAll)) ?? '[]',
  ) as ListTuple[];
  const respondents = new Map(db.all(respondentFacts).map(([id, p, role]) => [id, { p, role }]));
  const caseSort = new Map(db.all(caseSorts));
  if (!caseId) {
    // The version that replaced a source: the newest of those naming it as their previous one.
    const newest = new Map<string, ListTuple>();
    for (const t of rows) {
      if (t[11] === null) continue;
      const seen = newest.get(t[11]);
      if (!seen || t[10] > seen[10]) newest.set(t[11], t);
    }
    for (const t of rows) t[13] = newest.get(t[0])?.[0] ?? null;
  }
  const list = rows.map((t): SourceSummary => {
    const who = t[6] === null ? undefined : respondents.get(t[6]);
    return {
      id: t[0],
      caseId: t[1],
      title: t[2],
      kind: t[3],
      documentType: t[4],
      date: t[5],
      respondentId: t[6],
      respondentPseudonym: who?.p ?? null,
      respondentRole: who?.role ?? null,
      validation: t[7],
      originalName: t[8],
      characters: t[9],
      segmentCount: t[12],
      createdAt: t[10],
      previousVersionId: t[11],
      replacedById: t[13],
    };
  });
  // A stable sort by the case's position keeps each case's sources in position and title order,
  // as SQLite's ORDER BY (case sort, sort, title) did; no case (NULL) sorts first, as there.
  const rank = (s: SourceSummary) => (s.caseId === null ? null : (caseSort.get(s.caseId) ?? null));
  if (!caseId)
    list.sort((a, b) => {
      const x = rank(a);
      const y = rank(b);
      return x === y ? 0 : x === null ? -1 : y === null ? 1 : x - y;
    });
  return list;
}

export function getSourceSummary(r: Reader, id: string): SourceSummary | undefined {
  const row = reading(r).get(summaryOne, { id });
  return row && toSummary(row);
}

/** A source's metadata row (no text). */
export const sourceRow = (r: Reader, id: string): SourceRow | undefined =>
  reading(r).get(metaOne, { id });
/** Every source's metadata row, in source order. */
export const sourceRows = (r: Reader): SourceRow[] => reading(r).all(metaAll);

/** Texts shorter than this (UTF-16 units, some 20 pages) are read each time: it costs little. */
const KEEP_TEXTS_FROM = 50_000;
/** How many long texts a connection keeps (the sources being coded), the most recently used. */
const KEPT_TEXTS = 4;
const keptTexts = new WeakMap<object, Map<string, { stamp: string; text: string }>>();
/** What says the row is the one a kept text was read from; columns before the text only. */
const STAMP = "rowid || ':' || sha256";
const textStamp = sql.values<string, { id: string }>(`SELECT ${STAMP} FROM sources WHERE id = @id`);
/** The text with its row's stamp, in one read. */
const stampedText = sql.rows<{ stamp: string; text: string }, { id: string }>(
  `SELECT ${STAMP} AS stamp, text FROM sources WHERE id = @id`,
);
/** What the viewer reads of a source besides its summary, with the text's stamp. */
const contentOne = sql.rows<
  { stamp: string; text: string; marks: string; sha256: string },
  { id: string }
>(`SELECT ${STAMP} AS stamp, text, marks, sha256 FROM sources WHERE id = @id`);

/**
 * A source's plain text. A long one is kept per connection: coding a passage reads its source's
 * text to check the range, and reading and decoding a 300-page report's took 3.6 of the 5.5 ms
 * of applying a code. A text never changes (a trigger refuses it), so a kept one is right as long
 * as the row is the one it was read from: its rowid and original file's hash, read from the
 * columns before the text (no overflow page), say so, also after a delete, an undo or a
 * rolled-back import; deleting or inserting a source through this module also forgets it.
 */
export function getSourceText(r: Reader, id: string): string | undefined {
  const db = reading(r);
  const kept = keptTexts.get(db.conn);
  const hit = kept?.get(id);
  // A source not kept (every short one) is read as it always was: one query.
  if (!kept || !hit) return keepIfLong(db, id, kept);
  if (db.get(textStamp, { id }) !== hit.stamp) {
    kept.delete(id);
    return keepIfLong(db, id, kept);
  }
  kept.delete(id);
  kept.set(id, hit);
  return hit.text;
}

/** Reads a source's text, and keeps it with its row's stamp when it is long. */
function keepIfLong(
  db: ReturnType<typeof reading>,
  id: string,
  kept: Map<string, { stamp: string; text: string }> | undefined,
): string | undefined {
  const row = db.get(stampedText, { id });
  if (row !== undefined) keepText(db, id, row, kept);
  return row?.text;
}

/** Keeps a text just read with its row's stamp, when it is long. */
function keepText(
  db: ReturnType<typeof reading>,
  id: string,
  row: { stamp: string; text: string },
  kept = keptTexts.get(db.conn),
): void {
  if (row.text.length < KEEP_TEXTS_FROM) return;
  if (!kept) keptTexts.set(db.conn, (kept = new Map()));
  kept.delete(id);
  kept.set(id, { stamp: row.stamp, text: row.text });
  for (const oldest of kept.keys()) {
    if (kept.size <= KEPT_TEXTS) break;
    kept.delete(oldest);
  }
}

function forgetText(w: Writer, id: string): void {
  keptTexts.get(writing(w).conn)?.delete(id);
}

export function getSourceBlocks(r: Reader, id: string): Block[] {
  return reading(r)
    .all(blocksOne, { id })
    .map((b) => ({ type: b.type, start: b.start, end: b.end, ...JSON.parse(b.attrs) }) as Block);
}

/** The spans of the text blocks (not page breaks) that overlap start–end. */
export const blockSpansOver = (r: Reader, id: string, start: number, end: number) =>
  reading(r).all(blocksOver, { id, start, end });

export function getSource(r: Reader, id: string): Source | undefined {
  const summary = getSourceSummary(r, id);
  if (!summary) return undefined;
  const db = reading(r);
  const row = db.get(contentOne, { id }) as {
    stamp: string;
    text: string;
    marks: string;
    sha256: string;
  };
  // The source opened in the viewer is the one about to be coded: its text is kept for that.
  keepText(db, id, row);
  return {
    ...summary,
    sha256: row.sha256,
    text: row.text,
    marks: JSON.parse(row.marks) as InlineMark[],
    blocks: getSourceBlocks(r, id),
  };
}

/** The original file of a source, as imported. */
export const originalBytes = (r: Reader, id: string): Buffer | undefined =>
  reading(r).get(originalOne, { id });

/** The source holding a file with these bytes, if any (sha256 of the original). */
export const sourceWithFile = (r: Reader, sha: string) => reading(r).get(bySha, { sha });

/** The version that replaced this source, if any. */
export const newerVersionOf = (r: Reader, id: string) => reading(r).get(newer, { id });

export interface NewSource {
  id: string;
  caseId: string | null;
  title: string;
  kind: 'interview' | 'document';
  documentType: string;
  date: string | null;
  respondentId: string | null;
  validation: Validation | null;
  originalName: string;
  sha256: string;
  textSha256: string;
  originalBytes: Uint8Array;
  previousVersionId?: string | null;
  /** Position in the source list (default: after the last source). */
  sort?: number;
  createdAt: string;
  createdBy: string | null;
}

const insertFile = sql.run<{ id: string; bytes: Buffer }>(
  'INSERT INTO source_files (source_id, bytes) VALUES (@id, @bytes)',
);
const insertBlock = sql.run<{
  source_id: string;
  seq: number;
  type: string;
  start: number;
  end: number;
  attrs: string;
  text: string;
}>(
  `INSERT INTO blocks (source_id, seq, type, start, end, attrs, text)
   VALUES (@source_id, @seq, @type, @start, @end, @attrs, @text)`,
);
const insertMeta = sql.run<SourceRow & { text: string; marks: string }>(
  `INSERT INTO sources (${META}, text, marks) VALUES (@id, @case_id, @title, @kind, @document_type,
     @date, @respondent_id, @validation, @original_name, @sha256, @text_sha256, @text_length,
     @previous_version_id, @sort, @created_at, @created_by, @text, @marks)`,
);

/** The triggers that index each inserted block, one per search index. */
const INDEX_TRIGGERS = [
  { trigger: 'blocks_fts_insert', index: 'blocks_fts' },
  { trigger: 'blocks_trigram_insert', index: 'blocks_trigram' },
] as const;

/**
 * Runs `fn`, which inserts many sources, with the search indexes built once at the end instead
 * of block by block: for thousands of sources one rebuild is about three times faster than the
 * insert triggers (bench: 42,000 blocks, 30 MB of text, 39 s by trigger, 14 s inserted plainly
 * and rebuilt). The rebuild covers every block, so this pays only when most blocks are new (an
 * import into a new project). The triggers are dropped and re-created inside the action's
 * transaction: a failure rolls them back with everything else. The change log is unaffected.
 */
export function withSearchIndexBuiltAfter<T>(w: Writer, fn: () => T): T {
  const built = dropSearchIndexUntilBuilt(w);
  const result = fn();
  built();
  return result;
}

/** The first half of `withSearchIndexBuiltAfter`; what it returns rebuilds the search indexes. */
export function dropSearchIndexUntilBuilt(w: Writer): () => void {
  const tx = writing(w);
  const saved = INDEX_TRIGGERS.map(({ trigger, index }) => {
    const text = tx.get(triggerText, { name: trigger });
    if (text === undefined) throw new Error(`the search index trigger ${trigger} is missing`);
    return { trigger, index, text };
  });
  for (const t of saved) tx.run(sql.run(`DROP TRIGGER ${t.trigger}`));
  return () => {
    for (const t of saved) {
      tx.run(sql.run(`INSERT INTO ${t.index} (${t.index}) VALUES ('rebuild')`));
      tx.run(sql.run(t.text));
    }
  };
}

/**
 * Inserts a source with its original bytes and blocks (the search indexes follow by trigger),
 * inside the action's transaction, so a source arrives whole or not at all. The change log keeps
 * the metadata row; the text, bytes and blocks are immutable and stay in their tables.
 */
export function insertSource(w: Writer, s: NewSource, content: StructuredText): SourceRow {
  const tx = writing(w);
  forgetText(w, s.id);
  const row: SourceRow = {
    id: s.id,
    case_id: s.caseId,
    title: s.title,
    kind: s.kind,
    document_type: s.documentType,
    date: s.date,
    respondent_id: s.respondentId,
    validation: s.validation,
    original_name: s.originalName,
    sha256: s.sha256,
    text_sha256: s.textSha256,
    text_length: content.text.length,
    previous_version_id: s.previousVersionId ?? null,
    sort: s.sort ?? (tx.get(nextSort) as number),
    created_at: s.createdAt,
    created_by: s.createdBy,
  };
  tx.run(insertMeta, { ...row, text: content.text, marks: JSON.stringify(content.marks) });
  tx.run(insertFile, { id: s.id, bytes: Buffer.from(s.originalBytes) });
  content.blocks.forEach((b, seq) => {
    const { type, start, end, ...attrs } = b;
    tx.run(insertBlock, {
      source_id: s.id,
      seq,
      type,
      start,
      end,
      attrs: JSON.stringify(attrs),
      text: content.text.slice(start, end),
    });
  });
  tx.record('sources', s.id, null, row);
  return row;
}

/** Changes a source's metadata (never its text: the schema refuses that). */
export function updateSource(
  w: Writer,
  before: SourceRow,
  patch: Partial<Omit<SourceRow, 'id' | 'sha256' | 'text_sha256' | 'text_length'>>,
): SourceRow {
  return writing(w).update('sources', before, patch);
}

/**
 * Deletes a source's row; its text, blocks and original bytes go with it (they were never logged
 * row by row either). Its segments, codings and memos must be removed first, through their own
 * repositories, so the change log holds them.
 */
export function deleteSource(w: Writer, row: SourceRow): void {
  forgetText(w, row.id);
  writing(w).remove('sources', row);
}

const newerAll = sql.rows<SourceRow, { id: string }>(
  `SELECT ${META} FROM sources WHERE previous_version_id = @id`,
);
/** The sources that name this one as their previous version. */
export const versionsAfter = (r: Reader, id: string): SourceRow[] =>
  reading(r).all(newerAll, { id });

const marksOne = sql.values<string, { id: string }>('SELECT marks FROM sources WHERE id = @id');
/** A source's inline marks (bold, italic) as offsets into its text. */
export function sourceMarks(r: Reader, id: string): InlineMark[] {
  return JSON.parse(reading(r).get(marksOne, { id }) ?? '[]') as InlineMark[];
}
