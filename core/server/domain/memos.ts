import type { Writer } from '../../../db/access.js';
import { insertMemo, memoOf, updateMemo, type MemoRow } from '../../../db/repo/memos.js';
import type { MemoTargetType } from '../../../db/tables.js';
import { newId, now } from './ids.js';

/** Writes the memo of a target: updates the one it has, or adds one. */
export function writeMemo(
  w: Writer,
  args: { type: MemoTargetType; id: string; body: string; bodyText: string; author: string | null },
): MemoRow {
  const before = memoOf(w, args.type, args.id);
  const at = now();
  if (before)
    return updateMemo(w, before, { body: args.body, body_text: args.bodyText, updated_at: at });
  return insertMemo(w, {
    id: newId(),
    target_type: args.type,
    target_id: args.id,
    title: '',
    body: args.body,
    body_text: args.bodyText,
    author_id: args.author,
    created_at: at,
    updated_at: at,
  });
}
