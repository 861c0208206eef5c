import Database from 'better-sqlite3';
import { closeSync, openSync, readSync } from 'node:fs';
import { readerFor, type Reader } from './access.js';
import { reading } from './internal/access.js';
import { LATEST_VERSION } from './migrations/index.js';
import { APPLICATION_ID } from './open.js';
import type { Db } from './sql.js';

/**
 * Whole-file copies of a project (snapshots): writing one from the open connection, and reading
 * one back without changing it. A snapshot is written with VACUUM INTO on the session's own
 * connection: it reads in one read transaction, so it completes while other connections keep
 * writing (the online backup API restarts on every write and never finishes under a busy
 * writer), and the copy is a compacted, self-contained file in rollback-journal mode.
 */

const SQLITE_MAGIC = 'SQLite format 3\0';

/** What a project file holds: the identity of its state and the counts a person recognises. */
export interface SnapshotState {
  schema: number;
  projectUuid: string;
  projectName: string;
  /** The change log's last sequence number: the same file state has the same number. */
  seq: number;
}

export interface SnapshotCounts {
  sources: number;
  codes: number;
  segments: number;
  codings: number;
  memos: number;
  syntheses: number;
}

export interface ChangeSummary {
  at: string;
  action: string;
  coder: string | null;
  /** Rows changed per table ('codings': 3). */
  entities: Record<string, number>;
}

export interface SnapshotContents extends SnapshotState {
  counts: SnapshotCounts;
  lastChange: ChangeSummary | null;
}

/** A snapshot file that cannot be used; the message says why, for people. */
export class SnapshotFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SnapshotFileError';
  }
}

const stateOf = (conn: Db): SnapshotState => {
  const project = conn.prepare('SELECT uuid, name FROM project WHERE id = 1').get() as
    { uuid: string; name: string } | undefined;
  const seq = conn.prepare('SELECT coalesce(max(seq), 0) AS seq FROM change_log').get() as {
    seq: number;
  };
  return {
    schema: conn.pragma('user_version', { simple: true }) as number,
    projectUuid: project?.uuid ?? '',
    projectName: project?.name ?? '',
    seq: seq.seq,
  };
};

/** The identity of the open project's current state (compared with a snapshot's). */
export function liveState(r: Reader): SnapshotState {
  return stateOf(reading(r).conn);
}

/**
 * Writes a consistent copy of the project to `target` (which must not exist). Never inside a
 * transaction: SQLite refuses VACUUM there, and a snapshot of half an action is not one.
 */
export function vacuumInto(r: Reader, target: string): void {
  const conn = reading(r).conn;
  if (conn.inTransaction)
    throw new Error('A snapshot cannot be taken inside a transaction (take it before the action)');
  conn.prepare('VACUUM INTO ?').run(target);
}

const COUNTED: (keyof SnapshotCounts)[] = [
  'sources',
  'codes',
  'segments',
  'codings',
  'memos',
  'syntheses',
];
const TABLE_OF: Record<keyof SnapshotCounts, string> = {
  sources: 'sources',
  codes: 'codes',
  segments: 'segments',
  codings: 'codings',
  memos: 'memos',
  syntheses: 'synthesis_cells',
};

function countsOf(conn: Db): SnapshotCounts {
  // A snapshot taken before a migration has the schema of its day: count the tables it has.
  const tables = new Set(
    (
      conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as {
        name: string;
      }[]
    ).map((t) => t.name),
  );
  const counts = {} as SnapshotCounts;
  for (const k of COUNTED) {
    const table = TABLE_OF[k];
    counts[k] = tables.has(table)
      ? (conn.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n
      : 0;
  }
  return counts;
}

interface LogRow {
  seq: number;
  group_id: string;
  at: string;
  action: string;
  entity: string;
  coder: string | null;
}

/** The newest `limit` actions of the change log, newest first (an action is a group of rows). */
function recentGroups(conn: Db, limit: number): ChangeSummary[] {
  const rows = conn
    .prepare(
      `SELECT l.seq, l.group_id, l.at, l.action, l.entity, c.name AS coder
       FROM change_log l LEFT JOIN coders c ON c.id = l.coder_id ORDER BY l.seq DESC`,
    )
    .iterate() as IterableIterator<LogRow>;
  const out: ChangeSummary[] = [];
  let group: string | null = null;
  for (const row of rows) {
    if (row.group_id !== group) {
      // The rows of one action are consecutive: actions are serialised by the write lock.
      if (out.length === limit) break;
      group = row.group_id;
      out.push({ at: row.at, action: row.action, coder: row.coder, entities: {} });
    }
    const current = out[out.length - 1]!;
    if (row.entity !== 'history')
      current.entities[row.entity] = (current.entities[row.entity] ?? 0) + 1;
  }
  return out;
}

function readHeader(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(16);
    const n = readSync(fd, buf, 0, 16, 0);
    return buf.subarray(0, n).toString('latin1');
  } finally {
    closeSync(fd);
  }
}

/**
 * How thoroughly a snapshot is checked. 'quick' (SQLite's quick_check) reads every page and
 * record: it finds what a failed or cut-off write leaves; a fresh snapshot and a preview get it.
 * 'full' (integrity_check) also checks every index against its table, which takes several times
 * longer on a large project (21 s against 5 s on a 450 MB study) and is worth it where a file of
 * unknown history is about to become the project: before a restore.
 */
export type Verification = 'none' | 'quick' | 'full';

/**
 * Opens a snapshot file read-only (nothing is written to it or beside it) and runs `fn` on it
 * after checking that it is a Casus project this version can read, and as `verify` says. Every
 * failure becomes a SnapshotFileError that says why.
 */
function withSnapshot<T>(path: string, verify: Verification, fn: (conn: Db) => T): T {
  let conn: Db | undefined;
  try {
    if (readHeader(path) !== SQLITE_MAGIC)
      throw new SnapshotFileError('not a SQLite database (the file is damaged or incomplete)');
    conn = new Database(path, { readonly: true, fileMustExist: true });
    if ((conn.pragma('application_id', { simple: true }) as number) !== APPLICATION_ID)
      throw new SnapshotFileError('not a Casus project');
    const schema = conn.pragma('user_version', { simple: true }) as number;
    if (schema > LATEST_VERSION)
      throw new SnapshotFileError(
        `made by a newer version of Casus (schema ${schema}, this version reads up to ${LATEST_VERSION})`,
      );
    if (verify !== 'none') {
      const check = verify === 'full' ? 'integrity_check' : 'quick_check';
      const problems = (conn.pragma(check) as Record<string, string>[])
        .map((r) => r[check])
        .filter((m) => m !== 'ok');
      if (problems.length > 0)
        throw new SnapshotFileError(`damaged (${check}: ${problems.slice(0, 3).join('; ')})`);
    }
    return fn(conn);
  } catch (e) {
    if (e instanceof SnapshotFileError) throw e;
    const code = (e as { code?: unknown }).code;
    throw new SnapshotFileError(
      code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB'
        ? 'damaged (SQLite cannot read it)'
        : `unreadable (${(e as Error).message})`,
    );
  } finally {
    conn?.close();
  }
}

/** What a snapshot file holds: its state, counts and last change. Throws SnapshotFileError. */
export function readSnapshotFile(path: string, opts: { verify: Verification }): SnapshotContents {
  return withSnapshot(path, opts.verify, (conn) => ({
    ...stateOf(conn),
    counts: countsOf(conn),
    lastChange: recentGroups(conn, 1)[0] ?? null,
  }));
}

/**
 * The quick look a listing takes at a snapshot whose counts are known: it is a SQLite file, a
 * Casus project, of a schema this version reads (only its first page is read). Throws
 * SnapshotFileError.
 */
export function checkSnapshotFile(path: string): { schema: number } {
  return withSnapshot(path, 'none', (conn) => ({
    schema: conn.pragma('user_version', { simple: true }) as number,
  }));
}

/** The newest actions in a snapshot's change log, newest first. Throws SnapshotFileError. */
export function snapshotChanges(path: string, limit: number): ChangeSummary[] {
  return withSnapshot(path, 'none', (conn) => recentGroups(conn, limit));
}

/**
 * Makes sure no other connection has the project file open before it is replaced: switching it
 * out of WAL mode needs the only connection (it also folds the write-ahead log into the file and
 * removes -wal and -shm). Throws SQLite's busy error when another program has it open.
 */
export function claimForReplacement(path: string): void {
  const conn = new Database(path, { fileMustExist: true });
  try {
    conn.pragma('busy_timeout = 1000');
    conn.pragma('journal_mode = DELETE');
  } finally {
    conn.close();
  }
}

/**
 * A read-only connection to a project file, for a snapshot taken beside the connection that
 * writes it (a worker thread): in WAL mode its read transaction sees one committed state. (Not
 * query_only: that refuses VACUUM INTO.)
 */
export function openSnapshotSource(path: string): { reader: Reader; close(): void } {
  const conn = new Database(path, { readonly: true, fileMustExist: true });
  return { reader: readerFor(conn), close: () => conn.close() };
}
