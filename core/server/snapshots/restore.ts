import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import {
  claimForReplacement,
  readSnapshotFile,
  SnapshotFileError,
  type SnapshotContents,
} from '../../../db/snapshot.js';
import { storageProblem } from '../../../db/storage-errors.js';
import { CasusError } from '../../shared/errors.js';
import { moveIntoPlace } from '../domain/new-project.js';
import { describePresence, openElsewhere } from '../domain/presence.js';
import { syncFile, syncFolder } from '../files/output-file.js';
import type { Session } from '../session.js';
import { FOLDER_SUFFIX, reasons } from './names.js';
import { findSnapshot, type StoredSnapshot } from './store.js';

/** A snapshot about to be restored, checked in full first: a damaged one is never restored. */
export function verifiedSnapshot(
  folder: string,
  id: string,
): { stored: StoredSnapshot; contents: SnapshotContents } {
  const stored = findSnapshot(folder, id);
  try {
    return { stored, contents: readSnapshotFile(stored.file, { verify: 'full' }) };
  } catch (e) {
    if (e instanceof SnapshotFileError)
      throw new CasusError(
        'not_casus',
        `Snapshot ${stored.id} is ${e.message}; it cannot be restored — choose another snapshot`,
      );
    throw e;
  }
}

/** A copy of the snapshot under a temporary name in `dir`, flushed to disk. */
function stagedCopy(stored: StoredSnapshot, dir: string, name: string): string {
  const tmp = join(dir, `.${name}.${randomBytes(6).toString('hex')}.restoring`);
  try {
    copyFileSync(stored.file, tmp);
    syncFile(tmp);
  } catch (e) {
    rmSync(tmp, { force: true });
    const problem = storageProblem(e, tmp);
    if (problem)
      throw new CasusError(problem.code, `${name}: cannot be written: ${problem.reason}`);
    throw e;
  }
  return tmp;
}

/** Where a restored copy goes: `.casus` added when missing; never an existing file. */
export function copyTarget(outPath: string): string {
  let full = resolve(outPath);
  if (extname(full).toLowerCase() !== '.casus') full = `${full}.casus`;
  const name = basename(full);
  if (basename(dirname(full)).endsWith(FOLDER_SUFFIX))
    throw new CasusError(
      'forbidden',
      `${name}: a restored copy does not go into a snapshot folder; choose another folder`,
    );
  if (!existsSync(dirname(full)))
    throw new CasusError('not_found', `${name}: the folder ${dirname(full)} does not exist`);
  if (existsSync(full))
    throw new CasusError(
      'exists',
      `${name} already exists: a restored copy never replaces a file — choose another name`,
    );
  return full;
}

/** Restores a snapshot as a new project file; returns its path. */
export function restoreAsCopy(folder: string, id: string, outPath: string): string {
  const { stored } = verifiedSnapshot(folder, id);
  const target = copyTarget(outPath);
  const tmp = stagedCopy(stored, dirname(target), basename(target));
  try {
    // No clobbering: a file that appeared meanwhile under this name stays as it is.
    moveIntoPlace(tmp, target);
    syncFolder(dirname(target));
  } finally {
    rmSync(tmp, { force: true });
  }
  return target;
}

/**
 * Restores a snapshot in place of the session's open project: the current state is kept as a
 * snapshot first, the connection is closed, the file is replaced (its -wal and -shm are folded
 * in and removed first) and the project is opened again. Refused while another program has the
 * project open: replacing the file under it would lose what it writes. Returns the snapshot of
 * the state before.
 */
export function restoreInPlace(session: Session, id: string): StoredSnapshot | null {
  const folder = session.snapshotFolder();
  const path = session.path;
  if (!folder || !path) throw new CasusError('no_project', 'No project file is open');
  const name = basename(path);
  const { stored } = verifiedSnapshot(folder, id);
  const other = openElsewhere(path);
  if (other)
    throw new CasusError(
      'busy',
      `${name} is ${describePresence(other)}; close it there before restoring in place, or restore the snapshot as a copy`,
    );
  // Copied aside first: the snapshot of the current state prunes the folder, which may take
  // the one being restored.
  const tmp = stagedCopy(stored, dirname(path), name);
  let before: StoredSnapshot | null;
  try {
    before = session.takeSnapshot(reasons.beforeRestore(stored.id));
    session.replaceFile((file) => {
      try {
        claimForReplacement(file);
      } catch (e) {
        if (storageProblem(e, file)?.code === 'busy')
          throw new CasusError(
            'busy',
            `${name} is open in another program (another Casus window or command); close it there before restoring in place, or restore the snapshot as a copy`,
          );
        throw e;
      }
      for (const side of ['-wal', '-shm']) rmSync(`${file}${side}`, { force: true });
      renameSync(tmp, file);
      syncFolder(dirname(file));
    });
  } finally {
    rmSync(tmp, { force: true });
  }
  return before;
}
