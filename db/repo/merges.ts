import type { Reader, Writer } from '../access.js';
import { reading, writing } from '../internal/access.js';
import { sql } from '../sql.js';
import type { MergeRow } from '../tables.js';

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
const keys = sql.tuples<[string, string, number, number, string | null, string, string]>(
  `SELECT k.id, g.source_id, g.start, g.end, k.coder_id, k.code_id, k.segment_id
   FROM codings k JOIN segments g ON g.id = k.segment_id`,
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

/** Every coding with its segment's source and range: [coding, source, start, end, coder, code, segment]. */
export const codingRanges = (r: Reader) => reading(r).all(keys);
