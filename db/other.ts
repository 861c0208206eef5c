import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LATEST_VERSION } from './migrations/index.js';
import { inspectProjectFile, openProjectDb, type Db } from './open.js';

/** Another project file, opened for reading only (a coder's copy to merge in). */
export interface OtherProject {
  db: Db;
  /** The schema version the file had. */
  version: number;
  close(): void;
}

/**
 * Opens another project without ever writing to it. A file of the current schema is opened
 * read-only as it is; an older one is copied (a consistent snapshot, its WAL included) to a
 * temporary file that is migrated and read there, and removed on close.
 */
export function openOtherProject(path: string): OtherProject {
  const { version } = inspectProjectFile(path);
  if (version === LATEST_VERSION) {
    try {
      const db = new Database(path, { readonly: true, fileMustExist: true });
      db.pragma('query_only = ON');
      // Reading succeeds only when the file's WAL (if any) can be read too.
      db.prepare('SELECT count(*) FROM project').get();
      return { db, version, close: () => db.close() };
    } catch {
      // A WAL file this process may not read beside it: read a snapshot instead.
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'casus-other-'));
  const copy = join(dir, 'other.casus');
  try {
    const ro = new Database(path, { readonly: true, fileMustExist: true });
    try {
      ro.exec(`VACUUM INTO '${copy.replaceAll("'", "''")}'`);
    } finally {
      ro.close();
    }
    const db = openProjectDb(copy);
    db.pragma('query_only = ON');
    return {
      db,
      version,
      close: () => {
        db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}
