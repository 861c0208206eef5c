import type { Db } from './sql.js';
import type { Table } from './tables.js';
import { ReadAccess, WriteAccess } from './internal/access.js';

/**
 * What services hold instead of a connection. A Reader can only be passed to repository read
 * functions; a Writer (which is also a Reader) only exists inside one action's transaction and
 * can only be passed to repository write functions, every one of which records its change in the
 * change log. So a read path cannot write, and no write can go unlogged. Both are opaque outside
 * db/: there is no way to run SQL through them.
 */
declare const readerBrand: unique symbol;
declare const writerBrand: unique symbol;

export interface Reader {
  readonly [readerBrand]: true;
}

export interface Writer extends Reader {
  readonly [writerBrand]: true;
}

/** Who does what: recorded with every change of the action. */
export interface ActionInfo {
  /** The user action, e.g. 'coding.apply'; undo and the activity log show it. */
  name: string;
  coderId: string | null;
  /** The host session (one per window, server or CLI run): undo acts within it. */
  sessionId: string | null;
}

const readers = new WeakMap<Db, ReadAccess>();

export function readerFor(conn: Db): Reader {
  let r = readers.get(conn);
  if (!r) {
    r = new ReadAccess(conn);
    readers.set(conn, r);
  }
  return r as unknown as Reader;
}

export interface ActionResult<T> {
  value: T;
  /** Tables the action changed (a client invalidates what it shows from them). */
  changed: Table[];
  groupId: string;
}

/**
 * Runs one user action as one IMMEDIATE transaction and one change-log group. IMMEDIATE takes the
 * write lock at the start, so a second writer waits (busy timeout) instead of failing half-way
 * with SQLITE_BUSY_SNAPSHOT after it has read. Nested actions join the outer transaction.
 */
export function runAction<T>(conn: Db, info: ActionInfo, fn: (w: Writer) => T): ActionResult<T> {
  const outer = current.get(conn);
  if (outer) {
    // A nested action is part of the outer one: same transaction, same change-log group.
    const value = fn(outer as unknown as Writer);
    return { value, changed: [...outer.changed], groupId: outer.groupId };
  }
  const w = new WriteAccess(conn, info);
  current.set(conn, w);
  try {
    const value = conn.transaction(() => fn(w as unknown as Writer)).immediate();
    return { value, changed: [...w.changed], groupId: w.groupId };
  } finally {
    current.delete(conn);
  }
}

/** An action held open across awaits (see openAction). */
export interface OpenAction {
  readonly w: Writer;
  /** Ends the action: its transaction is committed. */
  commit(): ActionResult<void>;
  /** Ends the action without a trace (nothing when it has ended already). */
  rollback(): void;
}

/**
 * `runAction` for an action whose work awaits between its writes (a REFI-QDA import that writes
 * each source as it is read from the file): one IMMEDIATE transaction and one change-log group
 * that stay open until `commit` or `rollback`. Only for a connection nothing else writes meanwhile
 * (a new project being built): actions run on it while this one is open join it, as nested
 * actions do.
 */
export function openAction(conn: Db, info: ActionInfo): OpenAction {
  if (current.has(conn) || conn.inTransaction)
    throw new Error('an action cannot be opened inside another one');
  const w = new WriteAccess(conn, info);
  conn.exec('BEGIN IMMEDIATE');
  current.set(conn, w);
  const end = (sql: 'COMMIT' | 'ROLLBACK') => {
    if (current.get(conn) !== w) return false;
    current.delete(conn);
    if (conn.inTransaction) conn.exec(sql);
    return true;
  };
  return {
    w: w as unknown as Writer,
    commit: () => {
      if (!end('COMMIT')) throw new Error('the action has ended already');
      return { value: undefined, changed: [...w.changed], groupId: w.groupId };
    },
    rollback: () => void end('ROLLBACK'),
  };
}

const current = new WeakMap<Db, WriteAccess>();
