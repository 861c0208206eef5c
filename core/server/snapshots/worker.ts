import { Worker } from 'node:worker_threads';
import { CasusError, type ErrorCode } from '../../shared/errors.js';
import type { SnapshotReason } from './names.js';
import type { StoredSnapshot } from './store.js';

export interface SnapshotRequest {
  folder: string;
  reason: SnapshotReason;
  /** ISO time the snapshot is named after. */
  at: string;
  projectPath: string;
}

export type SnapshotReply =
  { ok: true; stored: StoredSnapshot } | { ok: false; message: string; code: ErrorCode };

// From source (tsx, vitest) the worker needs the small bootstrap that registers tsx; in a compiled
// build (desktop, CLI) every module is plain JavaScript and the worker loads directly.
const ENTRY = import.meta.url.endsWith('.ts')
  ? new URL('./snapshot-worker.mjs', import.meta.url)
  : new URL('./worker-main.js', import.meta.url);

/**
 * Writes a snapshot of a project file in a worker thread of its own (writeSnapshot from a
 * read-only connection), so that copying a large project never blocks the thread that serves
 * the UI. One short-lived worker per snapshot: automatic snapshots are rare. The worker does not
 * keep the process alive: a process that ends meanwhile leaves at most a temporary file, which
 * pruning removes once it is stale.
 */
export function writeSnapshotInWorker(req: SnapshotRequest): Promise<StoredSnapshot> {
  return new Promise((resolve, reject) => {
    const w = new Worker(ENTRY, { stdout: false, stderr: false });
    w.unref();
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
      void w.terminate();
    };
    w.once('message', (reply: SnapshotReply) =>
      settle(() =>
        reply.ok ? resolve(reply.stored) : reject(new CasusError(reply.code, reply.message)),
      ),
    );
    w.once('error', (e: Error) =>
      settle(() => reject(new CasusError('io_error', `the snapshot worker failed: ${e.message}`))),
    );
    w.once('exit', () =>
      settle(() => reject(new CasusError('io_error', 'the snapshot worker stopped unexpectedly'))),
    );
    w.postMessage(req satisfies SnapshotRequest);
  });
}
