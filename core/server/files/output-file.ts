import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readSync,
  realpathSync,
  statSync,
} from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { CasusError } from '../../shared/errors.js';

/**
 * Every file Casus writes for the user (exports, reports) goes through here, so none can land on
 * a project: not on the open one (nor its -wal/-shm beside it), not on any other SQLite file,
 * and not on an existing file unless the user said so (`--force` on the command line, a
 * confirmation in the workbench). The bytes go to a temporary file beside the target, are
 * flushed to disk, and are renamed into place: a crash leaves the old file or the new one.
 */

export interface OutputOptions {
  /** Replace an existing (non-project) file. */
  force: boolean;
  /** The project file open in this session, if any. */
  openProject: string | null;
}

const PROJECT_SIDE_FILES = ['', '-wal', '-shm', '-journal'];

function samePath(a: string, b: string): boolean {
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return resolve(p);
    }
  };
  const x = real(a);
  const y = real(b);
  // Windows and macOS file systems usually ignore case: so does this check, to be safe.
  return x === y || x.toLowerCase() === y.toLowerCase();
}

function isSqliteFile(path: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const head = Buffer.alloc(16);
    const n = readSync(fd, head, 0, 16, 0);
    return head.subarray(0, n).toString('latin1') === 'SQLite format 3\0';
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Fails, naming the file and the reason, when `path` must not be written. */
export function checkOutputTarget(path: string, opts: OutputOptions): string {
  const full = resolve(path);
  const name = basename(full);
  if (opts.openProject && opts.openProject !== ':memory:') {
    for (const side of PROJECT_SIDE_FILES)
      if (samePath(full, `${opts.openProject}${side}`))
        throw new CasusError(
          'forbidden',
          `${name}: this is the open project${side ? `'s ${side.slice(1)} file` : ''}; an export never replaces it — choose another file name`,
        );
  }
  if (/\.casus(-wal|-shm|-journal)?$/i.test(name))
    throw new CasusError(
      'forbidden',
      `${name}: a name ending in .casus is for projects; an export gets its own kind of name`,
    );
  if (!existsSync(dirname(full)))
    throw new CasusError('not_found', `${name}: the folder ${dirname(full)} does not exist`);
  if (existsSync(full)) {
    if (statSync(full).isDirectory())
      throw new CasusError('invalid_input', `${name}: this is a folder; give a file name`);
    if (isSqliteFile(full))
      throw new CasusError(
        'forbidden',
        `${name}: this is a database (perhaps a Casus project); an export never replaces one`,
      );
    if (!opts.force)
      throw new CasusError(
        'exists',
        `${name} already exists: choose another name, or replace it (--force on the command line)`,
      );
  }
  return full;
}

/** Writes `bytes` to `path` (checked as above) by way of a flushed temporary file. */
export async function writeOutputFile(
  path: string,
  bytes: Uint8Array,
  opts: OutputOptions,
): Promise<string> {
  const full = checkOutputTarget(path, opts);
  const tmp = join(dirname(full), `.${basename(full)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(tmp, 'wx');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    // The same checks again, right before the rename: the folder may have changed meanwhile.
    checkOutputTarget(full, opts);
    await rename(tmp, full);
    syncFolder(dirname(full));
  } catch (e) {
    await rm(tmp, { force: true });
    if (e instanceof CasusError) throw e;
    const code = (e as NodeJS.ErrnoException).code ?? String(e);
    throw new CasusError('io_error', `${basename(full)}: cannot write the file (${code})`);
  }
  return full;
}

/** Makes the rename itself durable (where the platform lets a folder be flushed). */
export function syncFolder(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Windows cannot open a folder for flushing; the rename is as durable as it gets there.
  }
}

/** Flushes a file's contents to disk (before it is renamed into place or trusted as a copy). */
export function syncFile(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
