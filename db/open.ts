import Database from 'better-sqlite3';
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { readerFor, type Reader } from './access.js';
import { ProjectFileError } from './errors.js';
import { LATEST_VERSION, MIGRATIONS, migrationSql } from './migrations/index.js';
import { storageProblem } from './storage-errors.js';

export type Db = Database.Database;

/** 'CASU' in ASCII: marks a SQLite file as a Casus project (PRAGMA application_id). */
export const APPLICATION_ID = 0x43415355;

/**
 * The page cache of every connection (KiB), where SQLite's default is 2 MB. A matrix or a
 * retrieval at 10,000 sources reads tens of megabytes of index pages, which the default cache
 * reread from the OS on every call (bench: a cell's drill-down took 17 % less CPU with 64 MB). It
 * fills only as pages are read, so a small project never holds more than its own size.
 */
const PAGE_CACHE_KB = 64 * 1024;

const SQLITE_MAGIC = 'SQLite format 3\0';

/** Settings every connection needs; synchronous=FULL does not persist, so set it each time. */
function configure(db: Db): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma(`cache_size = -${PAGE_CACHE_KB}`);
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
 * A storage problem met while reading a project (a full disk, no permission, an I/O error) as
 * that, rather than as "not a Casus project"; null for other errors.
 */
function unreadable(name: string, path: string, e: unknown): ProjectFileError | null {
  const problem = storageProblem(e, path);
  if (!problem) return null;
  const detail = problem.detail ? ` (${problem.detail})` : '';
  return new ProjectFileError(problem.code, `cannot read ${name}: ${problem.reason}${detail}`);
}

/**
 * Checks that a file is a Casus project this version can open, without modifying it:
 * the checks run on a read-only connection before anything writes.
 */
export function inspectProjectFile(path: string): { version: number } {
  const name = basename(path);
  if (!existsSync(path)) {
    throw new ProjectFileError('not_found', `${name}: no such project file (${path})`);
  }
  if (!statSync(path).isFile()) {
    throw new ProjectFileError('not_casus', `${name}: not a Casus project (it is not a file)`);
  }
  let header: string;
  try {
    header = readHeader(path);
  } catch (e) {
    throw unreadable(name, path, e) ?? e;
  }
  if (header !== SQLITE_MAGIC) {
    throw new ProjectFileError('not_casus', `${name}: not a Casus project (not a SQLite database)`);
  }
  let ro: Db | undefined;
  try {
    ro = new Database(path, { readonly: true, fileMustExist: true });
    const appId = ro.pragma('application_id', { simple: true }) as number;
    const version = ro.pragma('user_version', { simple: true }) as number;
    if (appId !== APPLICATION_ID) {
      throw new ProjectFileError(
        'not_casus',
        `${name}: not a Casus project (a SQLite database of another application)`,
      );
    }
    if (version > LATEST_VERSION) {
      throw new ProjectFileError(
        'newer_version',
        `${name}: made by a newer version of Casus (schema ${version}, this version reads up to ${LATEST_VERSION}); update Casus to open it`,
      );
    }
    return { version };
  } catch (e) {
    if (e instanceof ProjectFileError) throw e;
    throw (
      unreadable(name, path, e) ??
      new ProjectFileError('not_casus', `${name}: not a Casus project (${(e as Error).message})`)
    );
  } finally {
    ro?.close();
  }
}

/**
 * Called before migrations change existing data, with the schema before and after: the host keeps
 * a copy of the file as it was (a snapshot), in case a migration surprises someone later. A
 * failure stops the open before anything is migrated.
 */
export type BeforeMigration = (r: Reader, from: number, to: number) => void;

/** Applies pending migrations in one transaction, after `before` for existing data. */
function migrate(db: Db, from: number, before: BeforeMigration | undefined): void {
  const pending = MIGRATIONS.filter((m) => m.version > from);
  if (pending.length === 0) return;
  if (from > 0 && before) before(readerFor(db), from, LATEST_VERSION);
  db.transaction(() => {
    for (const m of pending) {
      db.exec(migrationSql(m));
      db.pragma(`user_version = ${m.version}`);
    }
  })();
}

/**
 * Opens an existing project file, migrating it to the latest schema. Hosts pass `beforeMigration`
 * (the session keeps a snapshot there); without it a migration keeps no copy.
 */
export function openProjectDb(path: string, opts: { beforeMigration?: BeforeMigration } = {}): Db {
  const { version } = inspectProjectFile(path);
  const db = new Database(path, { fileMustExist: true });
  try {
    configure(db);
    migrate(db, version, opts.beforeMigration);
  } catch (e) {
    db.close();
    throw e;
  }
  return db;
}

/** Creates a new, empty project file (schema only) at `path`, or in memory for ':memory:'. */
export function createProjectDb(path: string, opts: { bulk?: boolean } = {}): Db {
  if (path !== ':memory:' && existsSync(path)) {
    throw new ProjectFileError('exists', `${basename(path)}: a file with this name already exists`);
  }
  const db = new Database(path);
  // configure sets the page cache a bulk fill needs too: its inserts into indexes with random
  // keys spilled and reread pages from the default 2 MB cache (bench: a 2,000-source REFI-QDA
  // import's inserts took half the time with 64 MB, as fast as with 192 MB, and its peak memory
  // stays under 1 GB).
  configure(db);
  if (opts.bulk) {
    // Filled in bulk means built under a temporary name that is deleted on any failure and synced
    // to disk before it is moved into place (buildProjectFile): a write-ahead log would write
    // each of its hundreds of megabytes twice, and syncing each commit protects nothing. Opening
    // the finished project sets WAL and synchronous=FULL again (configure).
    db.pragma('journal_mode = MEMORY');
    db.pragma('synchronous = OFF');
  }
  db.pragma(`application_id = ${APPLICATION_ID}`);
  migrate(db, 0, undefined);
  return db;
}

/**
 * How many pages the write-ahead log may hold before it is copied into the project file: SQLite's
 * own default for its automatic checkpoint.
 */
export const CHECKPOINT_PAGES = 1000;

/**
 * Stops `db` from checkpointing inside its commits. SQLite's automatic checkpoint runs in the
 * commit that takes the log past 1,000 pages: with synchronous=FULL that write copies those pages
 * and syncs the file, and the user waits (bench: one coding in ~37 took 15–25 ms more). A host
 * that calls `checkpointIfLarge` after it has answered a write keeps the log as short. Each commit
 * is as durable as before: it is synced in the log. Closing the last connection checkpoints.
 */
export function checkpointAfterAnswers(db: Db): void {
  db.pragma('wal_autocheckpoint = 0');
}

/**
 * Copies the write-ahead log into the project file when it holds `pages` or more (a PASSIVE
 * checkpoint: it never waits for a reader or writer, and does what it can). Returns the log's
 * size in pages before, and whether it was checkpointed.
 */
export function checkpointIfLarge(
  db: Db,
  pages: number = CHECKPOINT_PAGES,
): { logPages: number; checkpointed: boolean } {
  // NOOP: the log's size, without any work (SQLite 3.51+).
  const [status] = db.pragma('wal_checkpoint(NOOP)') as { log: number }[];
  const logPages = status?.log ?? 0;
  if (logPages < pages) return { logPages, checkpointed: false };
  db.pragma('wal_checkpoint(PASSIVE)');
  return { logPages, checkpointed: true };
}
