import type Database from 'better-sqlite3';

/**
 * Typed SQL statements. A statement is declared once, next to the repository that owns it, with
 * the types of its parameters and of its rows, so no caller casts a row. The text is prepared
 * once per connection and kept (better-sqlite3 statements are reusable).
 *
 * Only db/ may import this module (lint zone): SQL stays in the data layer, so a second storage
 * (the planned PostgreSQL team server) replaces repositories, not services.
 */

export type Db = Database.Database;
export type SqlValue = string | number | bigint | null | Buffer | Uint8Array;
/**
 * Named parameters (`@name` in the text), positional ones (`?`, for statements whose text is
 * assembled from optional conditions), or `void` for statements without any.
 */
export type Params = object | readonly SqlValue[] | void;

type Mode = 'rows' | 'tuples' | 'values' | 'run';

declare const types: unique symbol;

/** A statement that reads: each result row as R. */
export interface Query<P extends Params, R> {
  readonly text: string;
  readonly mode: Exclude<Mode, 'run'>;
  readonly [types]?: { params: P; row: R };
}

/** A statement that writes. */
export interface Command<P extends Params> {
  readonly text: string;
  readonly mode: 'run';
  readonly [types]?: { params: P };
}

export const sql = {
  /** Rows as objects with the result columns as keys. */
  rows: <R, P extends Params = void>(text: string): Query<P, R> => ({ text, mode: 'rows' }),
  /** Rows as arrays (for wide scans that should not build an object per row). */
  tuples: <R extends readonly unknown[], P extends Params = void>(text: string): Query<P, R> => ({
    text,
    mode: 'tuples',
  }),
  /** The first column of every row. */
  values: <V, P extends Params = void>(text: string): Query<P, V> => ({ text, mode: 'values' }),
  run: <P extends Params = void>(text: string): Command<P> => ({ text, mode: 'run' }),
};

const cache = new WeakMap<Db, Map<string, Database.Statement>>();

/** The prepared statement for this connection (prepared on first use). */
export function prepared(conn: Db, s: { text: string; mode: Mode }): Database.Statement {
  let m = cache.get(conn);
  if (!m) {
    m = new Map();
    cache.set(conn, m);
  }
  const key = `${s.mode}\u0000${s.text}`;
  let st = m.get(key);
  if (!st) {
    st = conn.prepare(s.text);
    if (s.mode === 'tuples') st.raw(true);
    else if (s.mode === 'values') st.pluck(true);
    m.set(key, st);
  }
  return st;
}

/** The texts of the statements prepared on a connection so far (tests check their query plans). */
export function preparedTexts(conn: Db): string[] {
  return [...(cache.get(conn)?.keys() ?? [])].map((k) => k.slice(k.indexOf('\u0000') + 1));
}
