import type { Reader, Writer } from '../access.js';
import { reading, writing } from '../internal/access.js';
import { sql } from '../sql.js';
import type { MemoRow, MemoTargetType } from '../tables.js';

export type { MemoRow } from '../tables.js';

const first = sql.rows<MemoRow, { type: string; id: string }>(
  'SELECT * FROM memos WHERE target_type = @type AND target_id = @id ORDER BY created_at LIMIT 1',
);
const ofTarget = sql.rows<MemoRow, { type: string; id: string }>(
  'SELECT * FROM memos WHERE target_type = @type AND target_id = @id ORDER BY created_at',
);
const recent = sql.rows<{
  id: string;
  title: string;
  head: string;
  target_type: MemoTargetType;
  target_id: string;
}>(
  `SELECT id, title, substr(body_text, 1, 200) AS head, target_type, target_id FROM memos
   ORDER BY updated_at DESC`,
);

/** The memo of a target (one per target; the oldest if an import brought several). */
export const memoOf = (r: Reader, type: MemoTargetType, id: string): MemoRow | undefined =>
  reading(r).get(first, { type, id });
/** Every memo on a target, oldest first. */
export const memosOf = (r: Reader, type: MemoTargetType, id: string): MemoRow[] =>
  reading(r).all(ofTarget, { type, id });
/** Every memo's head (first 200 characters), most recently changed first. */
export const memoHeads = (r: Reader) => reading(r).all(recent);

export function insertMemo(w: Writer, row: MemoRow): MemoRow {
  return writing(w).insert('memos', row);
}

export function updateMemo(
  w: Writer,
  before: MemoRow,
  patch: Partial<Omit<MemoRow, 'id'>>,
): MemoRow {
  return writing(w).update('memos', before, patch);
}

export function deleteMemo(w: Writer, row: MemoRow): void {
  writing(w).remove('memos', row);
}

const everything = sql.rows<MemoRow>('SELECT * FROM memos ORDER BY created_at, id');
/** Every memo, oldest first. */
export const allMemos = (r: Reader): MemoRow[] => reading(r).all(everything);
