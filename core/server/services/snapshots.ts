import { dirname, join, resolve } from 'node:path';
import {
  checkSnapshotFile,
  readSnapshotFile,
  snapshotChanges,
  SnapshotFileError,
  type SnapshotContents,
  type Verification,
} from '../../../db/snapshot.js';
import type { Snapshot, snapshotsContract } from '../../shared/contract/snapshots.js';
import { CasusError } from '../../shared/errors.js';
import type { ServiceContext } from '../context.js';
import type { HandlersFor } from '../handlers.js';
import { checkedId, reasons } from '../snapshots/names.js';
import { restoreAsCopy, restoreInPlace } from '../snapshots/restore.js';
import { RETENTION } from '../snapshots/retention.js';
import { findSnapshot, storedSnapshots, type StoredSnapshot } from '../snapshots/store.js';

export const POLICY =
  `Snapshots are kept as follows: the newest always; those taken by hand until you delete them; ` +
  `those taken before merging or deleting codes, importing a codebook, restoring or upgrading ` +
  `for ${RETENTION.beforeDays} days (the ${RETENTION.beforeAtMost} newest); and of those taken on ` +
  `open and hourly, the newest of every hour of the last ${RETENTION.hours} hours and of every ` +
  `day of the last ${RETENTION.days} days.`;

function toSnapshot(s: StoredSnapshot, contents: SnapshotContents | null, problem: string | null) {
  return {
    id: s.id,
    takenAt: s.takenAt.toISOString(),
    kind: s.kind,
    reason: s.reason,
    size: s.size,
    status: contents ? 'ok' : 'damaged',
    problem,
    schema: contents?.schema ?? null,
    counts: contents?.counts ?? null,
    lastChange: contents?.lastChange ?? null,
  } satisfies Snapshot;
}

/**
 * A snapshot as listed. Its counts come from its .json (counted when it was taken and verified)
 * after a quick look at the file (size, header, first page); without a .json, from the file
 * itself. A preview reads every page (quick_check); a restore checks in full (integrity_check).
 */
function described(s: StoredSnapshot, verify: Verification = 'none'): Snapshot {
  const m = s.meta;
  try {
    if (verify === 'none' && m?.counts && m.size !== undefined) {
      if (s.size !== m.size)
        throw new SnapshotFileError(
          `damaged or incomplete (${s.size} bytes; it was written with ${m.size})`,
        );
      const { schema } = checkSnapshotFile(s.file);
      return toSnapshot(
        s,
        { ...m.state, schema, counts: m.counts, lastChange: m.lastChange ?? null },
        null,
      );
    }
    return toSnapshot(s, readSnapshotFile(s.file, { verify }), null);
  } catch (e) {
    if (e instanceof SnapshotFileError) return toSnapshot(s, null, e.message);
    throw e;
  }
}

function folderOf(ctx: ServiceContext): string {
  ctx.read(); // no_project when none is open
  const folder = ctx.session.snapshotFolder();
  if (!folder)
    throw new CasusError('unsupported', 'This project is not a file: it has no snapshots');
  return folder;
}

export const snapshotsHandlers: HandlersFor<typeof snapshotsContract> = {
  'snapshots.list': (_input, ctx) => {
    ctx.read();
    const folder = ctx.session.snapshotFolder();
    return {
      folder,
      snapshots: folder ? storedSnapshots(folder).map((s) => described(s)) : [],
      problem: ctx.session.keeper?.problem ?? null,
      policy: POLICY,
    };
  },
  'snapshots.preview': ({ id, changes }, ctx) => {
    const folder = folderOf(ctx);
    checkedId(id);
    const stored = findSnapshot(folder, id);
    const snapshot = described(stored, 'quick');
    return {
      ...snapshot,
      recentChanges: snapshot.status === 'ok' ? snapshotChanges(stored.file, changes) : [],
    };
  },
  'snapshots.take': ({ reason }, ctx) => {
    folderOf(ctx);
    const taken = ctx.session.takeSnapshot(reasons.manual(reason));
    if (!taken)
      throw new CasusError('unsupported', 'This project is not a file: it has no snapshots');
    return described(taken);
  },
  'snapshots.restore': ({ id, mode, name, outPath }, ctx) => {
    checkedId(id);
    const folder = folderOf(ctx);
    if (mode === 'copy') {
      const project = ctx.session.path ?? '';
      // A name (what the workbench asks) goes beside the project; a path only from the CLI.
      const target = outPath !== undefined ? resolve(outPath) : join(dirname(project), name ?? '');
      return { mode, path: restoreAsCopy(folder, id, target), before: null };
    }
    const before = restoreInPlace(ctx.session, id);
    ctx.changedAll();
    return {
      mode,
      path: ctx.session.path ?? '',
      before: before ? described(before) : null,
    };
  },
};
