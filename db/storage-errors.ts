import { accessSync, constants, statfsSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * What a SQLite (better-sqlite3 `SqliteError`) or file-system error says about the storage under
 * a project: the other program holding the lock, a full disk, a read-only file or folder, a
 * failing disk. These are conditions a user can act on, so every host names them instead of
 * reporting an internal error.
 */
export type StorageErrorCode = 'busy' | 'disk_full' | 'read_only' | 'io_error';

export interface StorageProblem {
  code: StorageErrorCode;
  /** For people, to follow the name of the file: "the disk is full". */
  reason: string;
  /** SQLite's own words ("disk I/O error"), when SQLite raised it. */
  detail?: string;
}

const BUSY = 'the project is busy: another program is writing to it';
const FULL = 'the disk is full';

/** By exact code, then by SQLite's primary code (`SQLITE_IOERR_WRITE` → `SQLITE_IOERR`). */
const PROBLEMS: Record<string, StorageProblem> = {
  SQLITE_BUSY: { code: 'busy', reason: BUSY },
  SQLITE_LOCKED: { code: 'busy', reason: BUSY },
  SQLITE_FULL: { code: 'disk_full', reason: FULL },
  ENOSPC: { code: 'disk_full', reason: FULL },
  EDQUOT: { code: 'disk_full', reason: 'the disk quota is used up' },
  SQLITE_READONLY: { code: 'read_only', reason: 'the file or its folder is read-only' },
  EROFS: { code: 'read_only', reason: 'the file or its folder is read-only' },
  EACCES: { code: 'read_only', reason: 'permission denied' },
  EPERM: { code: 'read_only', reason: 'permission denied' },
  SQLITE_PERM: { code: 'read_only', reason: 'permission denied' },
  SQLITE_IOERR: { code: 'io_error', reason: 'the disk could not be read or written' },
  EIO: { code: 'io_error', reason: 'the disk could not be read or written' },
  SQLITE_CANTOPEN: { code: 'io_error', reason: 'the file cannot be opened' },
};

function codeOf(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null || !('code' in e)) return undefined;
  return typeof e.code === 'string' ? e.code : undefined;
}

/** Whether the disk holding `path` has no room left (an I/O error often means just that). */
function diskFullAt(path: string): boolean {
  try {
    return statfsSync(dirname(path)).bavail === 0;
  } catch {
    return false;
  }
}

/** Why the folder of `path` cannot be written to, as a storage problem, or null when it can. */
function folderNotWritable(path: string): StorageProblem | null {
  try {
    accessSync(dirname(path), constants.W_OK);
    return null;
  } catch (e) {
    const problem = PROBLEMS[codeOf(e) ?? ''];
    return problem?.code === 'read_only' ? problem : null;
  }
}

/**
 * The storage problem behind an error, or null when it is something else. With the `path` of
 * the file concerned, SQLite's vaguer errors are made precise: an I/O error on a disk without
 * free space is a full disk, and a file that cannot be opened (SQLite needs to create its
 * journal files next to a project) in a folder that cannot be written is read-only.
 */
export function storageProblem(e: unknown, path?: string): StorageProblem | null {
  const code = codeOf(e);
  if (code === undefined) return null;
  const problem = PROBLEMS[code] ?? PROBLEMS[code.replace(/^(SQLITE_[A-Z]+)_.*$/, '$1')];
  if (!problem) return null;
  let found = problem;
  if (problem.code === 'io_error' && path !== undefined) {
    if (diskFullAt(path)) found = { code: 'disk_full', reason: FULL };
    else if (code.startsWith('SQLITE_CANTOPEN')) found = folderNotWritable(path) ?? problem;
  }
  return code.startsWith('SQLITE_') && e instanceof Error ? { ...found, detail: e.message } : found;
}
