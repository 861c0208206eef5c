import type { Db } from '../../../db/open.js';
import { CasusError } from '../../shared/errors.js';
import type { ChangeLog } from '../changelog.js';

/**
 * Undo and redo over the append-only change log. An undo is a new group that writes the inverse
 * of an earlier group, plus one marker entry (entity 'history', entity_id = the reversed group);
 * a redo reverses an undo group the same way. The undo/redo stacks are derived from the log, so
 * they survive restarts and every host sees the same history.
 */

/** Actions whose groups can be reversed exactly (they log complete rows). */
export const UNDOABLE_ACTIONS = new Set([
  'coding.apply',
  'coding.inVivo',
  'coding.remove',
  'coding.setFavourite',
  'segments.update',
  'codes.create',
  'codes.update',
  'codes.merge',
  'codes.move',
  'codes.delete',
  'codes.split',
  'memos.save',
  'segments.uncode',
  'segments.recode',
  'search.autocode',
]);

/** Tables an undo may write, with their primary-key column. */
const TABLES: Record<string, string> = {
  segments: 'id',
  codings: 'id',
  codes: 'id',
  memos: 'id',
  project: 'id',
};

interface GroupHead {
  groupId: string;
  action: string;
  target: string | null;
}

interface Stacks {
  undo: GroupHead[];
  redo: GroupHead[];
  /** group id → the action a user would recognise (undo/redo groups resolve to the original) */
  original: Map<string, string>;
}

export function historyStacks(db: Db): Stacks {
  const rows = db
    .prepare(
      `SELECT group_id, action, min(seq) AS seq,
              max(CASE WHEN entity = 'history' THEN entity_id END) AS target
       FROM change_log GROUP BY group_id ORDER BY seq`,
    )
    .all() as { group_id: string; action: string; target: string | null }[];
  const stacks: Stacks = { undo: [], redo: [], original: new Map() };
  for (const r of rows) {
    const head: GroupHead = { groupId: r.group_id, action: r.action, target: r.target };
    if (r.action === 'history.undo' || r.action === 'history.redo') {
      stacks.original.set(r.group_id, stacks.original.get(r.target ?? '') ?? r.action);
      if (r.action === 'history.undo') {
        stacks.undo.pop();
        stacks.redo.push(head);
      } else {
        stacks.redo.pop();
        stacks.undo.push(head);
      }
    } else if (UNDOABLE_ACTIONS.has(r.action)) {
      stacks.original.set(r.group_id, r.action);
      stacks.undo.push(head);
      stacks.redo = [];
    } else {
      // Imports and other bulk actions are not reversible here: they end the undo history.
      stacks.undo = [];
      stacks.redo = [];
    }
  }
  return stacks;
}

type Row = Record<string, unknown>;

function columnsOf(db: Db, table: string): Set<string> {
  const cols = db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[];
  return new Set(cols.map((c) => c.name));
}

function sameRow(a: Row | undefined, b: Row): boolean {
  if (!a) return false;
  return Object.keys(b).every((k) => (a[k] ?? null) === (b[k] ?? null));
}

/**
 * Writes the inverse of `groupId` into the current transaction, logging each change in `log`.
 * Fails (and the transaction rolls back) when a row no longer looks as the group left it.
 */
export function reverseGroup(db: Db, log: ChangeLog, groupId: string): void {
  const entries = db
    .prepare(
      `SELECT entity, entity_id, before, after FROM change_log
       WHERE group_id = ? AND entity <> 'history' ORDER BY seq DESC`,
    )
    .all(groupId) as {
    entity: string;
    entity_id: string;
    before: string | null;
    after: string | null;
  }[];
  const columns = new Map<string, Set<string>>();
  for (const e of entries) {
    const pk = TABLES[e.entity];
    if (!pk) throw new CasusError('unsupported', `Cannot undo a change to ${e.entity}`);
    let cols = columns.get(e.entity);
    if (!cols) {
      cols = columnsOf(db, e.entity);
      columns.set(e.entity, cols);
    }
    const before = e.before === null ? null : (JSON.parse(e.before) as Row);
    const after = e.after === null ? null : (JSON.parse(e.after) as Row);
    const key = (before ?? after)?.[pk] ?? e.entity_id;
    const current = db.prepare(`SELECT * FROM ${e.entity} WHERE ${pk} = ?`).get(key) as
      Row | undefined;
    if (after && !sameRow(current, after)) {
      throw new CasusError(
        'conflict',
        `Cannot undo: ${e.entity} ${e.entity_id} has changed since (undo the later change first)`,
      );
    }
    if (!after && current) {
      throw new CasusError('conflict', `Cannot undo: ${e.entity} ${e.entity_id} exists again`);
    }
    if (!before) {
      db.prepare(`DELETE FROM ${e.entity} WHERE ${pk} = ?`).run(key);
      log.record(e.entity, e.entity_id, current, null);
      continue;
    }
    const names = Object.keys(before).filter((k) => cols.has(k));
    const values = names.map((k) => before[k] ?? null) as (string | number | null)[];
    if (!after) {
      db.prepare(
        `INSERT INTO ${e.entity} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`,
      ).run(...values);
      log.record(e.entity, e.entity_id, null, before);
    } else {
      db.prepare(
        `UPDATE ${e.entity} SET ${names.map((n) => `${n} = ?`).join(', ')} WHERE ${pk} = ?`,
      ).run(...values, key as string | number);
      log.record(e.entity, e.entity_id, current, before);
    }
  }
  log.record('history', groupId, null, null);
}
