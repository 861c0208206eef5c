import { CasusError, type ErrorCode } from '../../shared/errors.js';
import { KeptWorker, workerEntry } from '../workers/kept-worker.js';
import type { SnapshotReason } from './names.js';
import type { StoredSnapshot } from './store.js';

export interface SnapshotRequest {
  id: number;
  folder: string;
  reason: SnapshotReason;
  /** ISO time the snapshot is named after. */
  at: string;
  projectPath: string;
}

export type SnapshotReply =
  | { id: number; ok: true; stored: StoredSnapshot }
  | { id: number; ok: false; message: string; code: ErrorCode };

/**
 * Writes snapshots of a project file in a worker thread (writeSnapshot from a read-only
 * connection of its own), so that copying a large project never blocks the thread that serves
 * the UI. While it writes the worker keeps the process alive, so a snapshot under way completes
 * (a process killed meanwhile leaves at most a temporary file, which pruning removes once it is
 * stale).
 */
const snapshotWorker = new KeptWorker<Omit<SnapshotRequest, 'id'>, SnapshotReply, StoredSnapshot>({
  entry: workerEntry(import.meta.url, './snapshot-worker.mjs'),
  failure: (why) => new CasusError('io_error', why),
  crashed: (e) => `the snapshot worker failed: ${e.message}`,
  exited: 'the snapshot worker stopped unexpectedly',
  answer: (reply) => (reply.ok ? reply.stored : new CasusError(reply.code, reply.message)),
});

export const writeSnapshotInWorker = (req: Omit<SnapshotRequest, 'id'>): Promise<StoredSnapshot> =>
  snapshotWorker.run(req);

/** Stops the snapshot worker (tests, shutdown); a snapshot under way fails as stopped. */
export const closeSnapshotWorker = (): Promise<void> =>
  snapshotWorker.close('the snapshot was stopped');
