import type { Reader, Writer } from '../access.js';
import { reading, writing } from '../internal/access.js';
import { sql } from '../sql.js';
import type { CodingRow, MergeRow, SegmentRow } from '../tables.js';

export type { MergeRow } from '../tables.js';

const all = sql.rows<MergeRow>('SELECT * FROM merges ORDER BY merged_at, rowid');
const byId = sql.rows<MergeRow, { id: string }>('SELECT * FROM merges WHERE id = @id');
const group = sql.values<number, { group: string }>(
  'SELECT 1 FROM change_log WHERE group_id = @group LIMIT 1',
);
const inserted = sql.values<string, { entity: string; id: string }>(
  `SELECT group_id FROM change_log WHERE entity = @entity AND entity_id = @id AND before IS NULL
     AND after IS NOT NULL ORDER BY seq DESC LIMIT 1`,
);
const tail = sql.values<string>('SELECT group_id FROM change_log ORDER BY seq DESC LIMIT 1');
const codingIdList = sql.values<string>('SELECT id FROM codings');
const codingCount = sql.values<number>('SELECT count(*) FROM codings');
const codingIdsIn = sql.values<string, { ids: string }>(
  'SELECT id FROM codings WHERE id IN (SELECT value FROM json_each(@ids))',
);
const ofSource = sql.values<string, { source: string }>(
  `SELECT k.id FROM codings k JOIN segments g ON g.id = k.segment_id WHERE g.source_id = @source`,
);
const newestFirst = sql.tuples<[string, string, string]>(
  'SELECT group_id, entity, entity_id FROM change_log ORDER BY seq DESC',
);
const spans = sql.tuples<[string, string, number, number]>(
  'SELECT id, source_id, start, end FROM segments INDEXED BY segments_span',
);
const codingsIn = sql.rows<CodingRow, { ids: string }>(
  'SELECT * FROM codings WHERE id IN (SELECT value FROM json_each(@ids))',
);
const segmentsIn = sql.rows<SegmentRow, { ids: string }>(
  'SELECT * FROM segments WHERE id IN (SELECT value FROM json_each(@ids))',
);
const codingThere = sql.values<
  number,
  { source: string; start: number; end: number; coder: string | null; code: string }
>(
  `SELECT 1 FROM segments g JOIN codings k ON k.segment_id = g.id
   WHERE g.source_id = @source AND g.start = @start AND g.end = @end
     AND k.coder_id IS @coder AND k.code_id = @code LIMIT 1`,
);

/** Every merge of another copy, oldest first. */
export const listMerges = (r: Reader): MergeRow[] => reading(r).all(all);
export const mergeById = (r: Reader, id: string): MergeRow | undefined =>
  reading(r).get(byId, { id });

export function insertMerge(w: Writer, row: MergeRow): MergeRow {
  return writing(w).insert('merges', row);
}

/** Whether this project's change log holds a group (shared history with another copy). */
export const hasLogGroup = (r: Reader, groupId: string): boolean =>
  reading(r).get(group, { group: groupId }) !== undefined;

/** The change-log group that last inserted a row. */
export const insertingGroup = (r: Reader, entity: string, id: string): string | undefined =>
  reading(r).get(inserted, { entity, id });

/** The group of the last change in the log ('' for an empty log). */
export const lastLogGroup = (r: Reader): string => reading(r).get(tail) ?? '';

/** The id of every coding. */
export const codingIds = (r: Reader): string[] => reading(r).all(codingIdList);
export const countCodings = (r: Reader): number => reading(r).get(codingCount) ?? 0;
/** The ids of a source's codings. */
export const codingIdsOfSource = (r: Reader, sourceId: string): string[] =>
  reading(r).all(ofSource, { source: sourceId });
/** Which of these codings exist. */
export const existingCodingIds = (r: Reader, ids: readonly string[]): string[] =>
  reading(r).all(codingIdsIn, { ids: JSON.stringify(ids) });

/**
 * What a copy changed since the history it shares with another: "table:id" of every row its
 * change log touched after its newest change whose group `shared` knows. Null when no change is
 * shared (then there is no common history to go by).
 */
export function changedSince(r: Reader, shared: (groupId: string) => boolean): Set<string> | null {
  const out = new Set<string>();
  const known = new Map<string, boolean>();
  for (const [group, entity, id] of reading(r).iterate(newestFirst)) {
    let isShared = known.get(group);
    if (isShared === undefined) known.set(group, (isShared = shared(group)));
    if (isShared) return out;
    out.add(`${entity}:${id}`);
  }
  return null;
}
/** Every segment's id, source and range (from an index, without the quoted text). */
export const segmentSpans = (r: Reader) => reading(r).all(spans);
export const codingsByIds = (r: Reader, ids: readonly string[]): CodingRow[] =>
  reading(r).all(codingsIn, { ids: JSON.stringify(ids) });
export const segmentsByIds = (r: Reader, ids: readonly string[]): SegmentRow[] =>
  reading(r).all(segmentsIn, { ids: JSON.stringify(ids) });
/** Whether this coder's code is on a segment with exactly this range (any segment). */
export const hasCodingAt = (
  r: Reader,
  at: { sourceId: string; start: number; end: number; coderId: string | null; codeId: string },
): boolean =>
  reading(r).get(codingThere, {
    source: at.sourceId,
    start: at.start,
    end: at.end,
    coder: at.coderId,
    code: at.codeId,
  }) !== undefined;
