import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { ActionInfo, Reader, Writer } from '../access.js';
import {
  prepared,
  sql,
  type Command,
  type Db,
  type Params,
  type Query,
  type SqlValue,
} from '../sql.js';
import { rowKey, TABLES, type Table, type Tables } from '../tables.js';

type Args<P extends Params> = P extends void ? [] : [P];

/** better-sqlite3 binds an array as positional parameters, an object as named ones. */
const bind = (p: unknown[]): unknown[] => (p.length === 1 && Array.isArray(p[0]) ? p[0] : p);

/** The implementation behind a Reader: typed statements on one connection. */
export class ReadAccess {
  constructor(readonly conn: Db) {}

  protected statement(s: {
    text: string;
    mode: Query<Params, unknown>['mode'];
  }): Database.Statement {
    const st = prepared(this.conn, s);
    // A Reader outside a transaction runs read-only statements only.
    if (!(this instanceof WriteAccess) && !st.readonly)
      throw new Error(`A read path tried to write: ${s.text.slice(0, 60)}`);
    return st;
  }

  get<P extends Params, R>(q: Query<P, R>, ...p: Args<P>): R | undefined {
    return this.statement(q).get(...bind(p)) as R | undefined;
  }

  all<P extends Params, R>(q: Query<P, R>, ...p: Args<P>): R[] {
    return this.statement(q).all(...bind(p)) as R[];
  }

  iterate<P extends Params, R>(q: Query<P, R>, ...p: Args<P>): IterableIterator<R> {
    return this.statement(q).iterate(...bind(p)) as IterableIterator<R>;
  }
}

/** Positional: bound from an array, cheaper than by name for a statement run for every row. */
const insertLog = sql.run<
  [
    group_id: string,
    at: string,
    coder_id: string | null,
    session_id: string | null,
    action: string,
    entity: string,
    entity_id: string,
    before: string | null,
    after: string | null,
  ]
>(
  `INSERT INTO change_log (group_id, at, coder_id, session_id, action, entity, entity_id, before, after)
   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
);

type AnyRow = Record<string, SqlValue>;

/** The prepared INSERTs of each connection, by table and columns (see WriteAccess.insertStatement). */
const insertStatements = new WeakMap<Db, Map<string, Database.Statement>>();

/** The implementation behind a Writer: one action's transaction and change-log group. */
export class WriteAccess extends ReadAccess {
  readonly groupId = randomUUID();
  readonly at = new Date().toISOString();
  readonly changed = new Set<Table>();
  /** The change log's INSERT, looked up once per action (it runs for every row written). */
  private logStatement: Database.Statement | undefined;

  constructor(
    conn: Db,
    readonly info: ActionInfo,
  ) {
    super(conn);
  }

  run<P extends Params>(c: Command<P>, ...p: Args<P>): Database.RunResult {
    return prepared(this.conn, c).run(...bind(p));
  }

  /** Records one change; `entity` is a table, or a marker such as 'history'. */
  record(entity: string, entityId: string, before: unknown, after: unknown): void {
    if (entity in TABLES) this.changed.add(entity as Table);
    (this.logStatement ??= prepared(this.conn, insertLog)).run(
      this.groupId,
      this.at,
      this.info.coderId,
      this.info.sessionId,
      this.info.name,
      entity,
      entityId,
      before === null || before === undefined ? null : JSON.stringify(before),
      after === null || after === undefined ? null : JSON.stringify(after),
    );
  }

  /** The row as the change log keeps it (confidential columns left out). */
  private logged<T extends Table>(table: T, row: Tables[T] | null): unknown {
    const hidden = TABLES[table].unlogged;
    if (!row || !hidden) return row;
    const copy: Record<string, unknown> = { ...row };
    for (const c of hidden) delete copy[c];
    return copy;
  }

  /**
   * The INSERT of `table` for rows with these columns, bound by position. Kept by table and
   * columns, so that an import of 200,000 rows does not write out and look up the statement's
   * text for each of them.
   */
  private insertStatement(table: Table, cols: readonly string[]): Database.Statement {
    let byConn = insertStatements.get(this.conn);
    if (!byConn) {
      byConn = new Map();
      insertStatements.set(this.conn, byConn);
    }
    const key = `${table}\u0000${cols.join('\u0000')}`;
    let st = byConn.get(key);
    if (!st) {
      st = prepared(this.conn, {
        text: `INSERT INTO ${table} (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols
          .map(() => '?')
          .join(', ')})`,
        mode: 'run',
      });
      byConn.set(key, st);
    }
    return st;
  }

  /** Inserts a row; a generated key the row leaves out is filled in, returned and logged. */
  insert<T extends Table>(table: T, row: Tables[T]): Tables[T] {
    // Bound by position, the values in the order of their keys.
    const result = this.insertStatement(table, Object.keys(row)).run(Object.values(row));
    const generated = TABLES[table].generated;
    const stored =
      generated && (row as unknown as AnyRow)[generated] == null
        ? ({ ...row, [generated]: Number(result.lastInsertRowid) } as Tables[T])
        : row;
    this.record(table, rowKey(table, stored), null, this.logged(table, stored));
    return stored;
  }

  /** Updates the columns of `patch` that differ from `before`; logs the whole row both ways. */
  update<T extends Table>(table: T, before: Tables[T], patch: Partial<Tables[T]>): Tables[T] {
    const after = { ...before, ...patch } as Tables[T];
    const b = before as unknown as AnyRow;
    const a = after as unknown as AnyRow;
    const cols = Object.keys(patch).filter((c) => a[c] !== b[c]);
    if (cols.length === 0) return before;
    const key = TABLES[table].key as readonly string[];
    const params: AnyRow = {};
    for (const c of cols) params[`v_${c}`] = a[c] ?? null;
    for (const k of key) params[`k_${k}`] = b[k] ?? null;
    prepared(this.conn, {
      text: `UPDATE ${table} SET ${cols.map((c) => `"${c}" = @v_${c}`).join(', ')} WHERE ${key
        .map((k) => `"${k}" = @k_${k}`)
        .join(' AND ')}`,
      mode: 'run',
    }).run(params);
    this.record(
      table,
      rowKey(table, before),
      this.logged(table, before),
      this.logged(table, after),
    );
    return after;
  }

  remove<T extends Table>(table: T, row: Tables[T]): void {
    const key = TABLES[table].key as readonly string[];
    const r = row as unknown as AnyRow;
    const params: AnyRow = {};
    for (const k of key) params[k] = r[k] ?? null;
    prepared(this.conn, {
      text: `DELETE FROM ${table} WHERE ${key.map((k) => `"${k}" = @${k}`).join(' AND ')}`,
      mode: 'run',
    }).run(params);
    this.record(table, rowKey(table, row), this.logged(table, row), null);
  }
}

/** Inside db/: the implementation behind an opaque Reader or Writer. */
export const reading = (r: Reader): ReadAccess => r as unknown as ReadAccess;
export const writing = (w: Writer): WriteAccess => w as unknown as WriteAccess;
