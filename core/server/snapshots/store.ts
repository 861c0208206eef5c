import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import type { Reader } from '../../../db/access.js';
import {
  openSnapshotSource,
  readSnapshotFile,
  SnapshotFileError,
  vacuumInto,
  type ChangeSummary,
  type SnapshotCounts,
  type SnapshotState,
} from '../../../db/snapshot.js';
import { storageProblem } from '../../../db/storage-errors.js';
import { CasusError } from '../../shared/errors.js';
import { moveIntoPlace } from '../domain/new-project.js';
import { syncFile, syncFolder } from '../files/output-file.js';
import { makeId, parseId, type SnapshotKind, type SnapshotReason } from './names.js';
import { snapshotsToKeep } from './retention.js';

/**
 * What the .json beside a snapshot says: the exact reason, the state the snapshot holds, and
 * what it holds as the verified copy was counted (so a listing need not count every file again).
 */
export interface SnapshotMeta {
  reason: string;
  kind: SnapshotKind;
  takenAt: string;
  /** The project file the snapshot was taken of. */
  project: string;
  state: SnapshotState;
  /** Bytes of the snapshot file as written: a file of another size is not this snapshot. */
  size?: number;
  counts?: SnapshotCounts;
  lastChange?: ChangeSummary | null;
}

/** A snapshot file in a project's snapshot folder, as its name and .json describe it. */
export interface StoredSnapshot {
  id: string;
  file: string;
  takenAt: Date;
  kind: SnapshotKind;
  reason: string;
  size: number;
  meta: SnapshotMeta | null;
}

const metaFile = (file: string) => file.replace(/\.casus$/i, '.json');

function readMeta(file: string): SnapshotMeta | null {
  try {
    const m = JSON.parse(readFileSync(metaFile(file), 'utf8')) as Partial<SnapshotMeta>;
    return typeof m.reason === 'string' && m.state && typeof m.state.seq === 'number'
      ? (m as SnapshotMeta)
      : null;
  } catch {
    return null;
  }
}

function statOf(file: string): { size: number; mtimeMs: number } | null {
  try {
    return statSync(file);
  } catch {
    return null;
  }
}

function namesIn(folder: string): string[] | null {
  try {
    return readdirSync(folder);
  } catch {
    return null;
  }
}

/** The snapshots in a folder, newest first (other files in it are left alone). */
export function storedSnapshots(folder: string): StoredSnapshot[] {
  const names = namesIn(folder) ?? [];
  const out: (StoredSnapshot & { written: number })[] = [];
  for (const name of names) {
    if (!name.endsWith('.casus')) continue;
    const id = name.slice(0, -'.casus'.length);
    const parsed = parseId(id);
    if (!parsed) continue;
    const file = join(folder, name);
    const stat = statOf(file);
    if (stat === null) continue; // deleted meanwhile (another process pruned it)
    const meta = readMeta(file);
    out.push({
      id,
      file,
      takenAt: parsed.takenAt,
      kind: parsed.kind,
      // Without its .json (copied on its own), the name still says why.
      reason: meta?.reason ?? parsed.tail.replace(/-/g, ' '),
      size: stat.size,
      meta,
      written: stat.mtimeMs,
    });
  }
  // Two of the same moment: the one written last first.
  return out
    .sort(
      (a, b) =>
        b.takenAt.getTime() - a.takenAt.getTime() ||
        b.written - a.written ||
        (a.id < b.id ? 1 : -1),
    )
    .map(({ written: _, ...s }) => s);
}

/** One snapshot by id, or a clear error naming the id and the folder. */
export function findSnapshot(folder: string, id: string): StoredSnapshot {
  const found = storedSnapshots(folder).find((s) => s.id === id.replace(/\.casus$/i, ''));
  if (!found)
    throw new CasusError(
      'not_found',
      `No snapshot ${id} in ${folder} (casus snapshots <file> lists them)`,
    );
  return found;
}

/** Whether the snapshot holds exactly this state (nothing changed since it was taken). */
export function holdsState(s: StoredSnapshot | undefined, state: SnapshotState): boolean {
  const m = s?.meta?.state;
  return (
    !!m && m.seq === state.seq && m.schema === state.schema && m.projectUuid === state.projectUuid
  );
}

/** A storage failure while writing a snapshot, named with the folder; other errors pass. */
function asSnapshotError(e: unknown, folder: string): unknown {
  if (e instanceof CasusError) return e;
  const problem = storageProblem(e, join(folder, 'x'));
  if (problem)
    return new CasusError(problem.code, `cannot write a snapshot in ${folder}: ${problem.reason}`);
  if (e instanceof SnapshotFileError)
    return new CasusError('io_error', `the snapshot written in ${folder} is ${e.message}`);
  return e;
}

/**
 * Writes a snapshot of the open project into `folder`: VACUUM INTO a temporary file there,
 * flushed and verified (quick_check, application id, schema) before its .json and then the
 * snapshot itself are renamed into place. A snapshot that failed leaves nothing behind. Then
 * prunes the folder (retention.ts).
 */
export function writeSnapshot(
  r: Reader,
  opts: { folder: string; reason: SnapshotReason; at: Date; projectPath: string },
): StoredSnapshot {
  const { folder, reason, at } = opts;
  const tmp = join(folder, `.snapshot-${randomBytes(6).toString('hex')}.tmp`);
  const cleanup = () => {
    for (const f of [tmp, `${tmp}-journal`, `${tmp}.json`]) rmSync(f, { force: true });
  };
  try {
    mkdirSync(folder, { recursive: true });
    vacuumInto(r, tmp);
    syncFile(tmp);
    // What the copy holds is the state it was taken of (another process may write meanwhile).
    const { counts, lastChange, ...state } = readSnapshotFile(tmp, { verify: 'quick' });
    let n = 1;
    while (existsSync(join(folder, `${makeId(at, reason, n)}.casus`))) n++;
    const id = makeId(at, reason, n);
    const file = join(folder, `${id}.casus`);
    const meta: SnapshotMeta = {
      reason: reason.text,
      kind: reason.kind,
      takenAt: at.toISOString(),
      project: opts.projectPath,
      state,
      size: statSync(tmp).size,
      counts,
      lastChange,
    };
    writeFileSync(`${tmp}.json`, `${JSON.stringify(meta, null, 2)}\n`);
    syncFile(`${tmp}.json`);
    renameSync(`${tmp}.json`, metaFile(file));
    moveIntoPlace(tmp, file);
    syncFolder(folder);
    const stored: StoredSnapshot = {
      id,
      file,
      takenAt: at,
      kind: reason.kind,
      reason: reason.text,
      size: statSync(file).size,
      meta,
    };
    pruneSnapshots(folder, at);
    return stored;
  } catch (e) {
    cleanup();
    throw asSnapshotError(e, folder);
  }
}

/**
 * writeSnapshot from a read-only connection of its own to the project file (the snapshot
 * worker): it copies the committed state its read transaction sees, whatever the writer does.
 */
export function writeSnapshotOfFile(
  path: string,
  opts: { folder: string; reason: SnapshotReason; at: Date; projectPath: string },
): StoredSnapshot {
  let source: ReturnType<typeof openSnapshotSource>;
  try {
    source = openSnapshotSource(path);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new CasusError('io_error', `cannot read ${path} to take a snapshot: ${why}`);
  }
  try {
    return writeSnapshot(source.reader, opts);
  } finally {
    source.close();
  }
}

const STALE_TEMP = 3_600_000;

/**
 * Deletes the snapshots retention does not keep, .json files whose snapshot is gone, and
 * temporary files left by a snapshot that was interrupted (older than an hour: a younger one
 * may be another process's snapshot under way). A file that cannot be deleted stays until the
 * next time.
 */
export function pruneSnapshots(folder: string, now: Date): string[] {
  const stored = storedSnapshots(folder);
  const keep = snapshotsToKeep(stored, now);
  const removed: string[] = [];
  for (const s of stored) {
    if (keep.has(s.id)) continue;
    try {
      rmSync(s.file, { force: true });
      rmSync(metaFile(s.file), { force: true });
      removed.push(s.id);
    } catch {
      // read-only or in use: next time
    }
  }
  const ids = new Set(stored.map((s) => s.id));
  for (const name of namesIn(folder) ?? []) {
    const file = join(folder, name);
    try {
      if (name.endsWith('.json') && parseId(name.slice(0, -5)) && !ids.has(name.slice(0, -5)))
        rmSync(file, { force: true });
      else if (name.startsWith('.snapshot-') && Date.now() - statSync(file).mtimeMs > STALE_TEMP)
        rmSync(file, { force: true });
    } catch {
      // next time
    }
  }
  return removed;
}
