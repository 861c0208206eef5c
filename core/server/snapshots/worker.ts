import { Worker } from 'node:worker_threads';
import { CasusError, type ErrorCode } from '../../shared/errors.js';
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

// From source (tsx, vitest) the worker needs the small bootstrap that registers tsx; in a compiled
// build (desktop, CLI) every module is plain JavaScript and the worker loads directly.
const ENTRY = import.meta.url.endsWith('.ts')
  ? new URL('./snapshot-worker.mjs', import.meta.url)
  : new URL('./worker-main.js', import.meta.url);

interface Pending {
  resolve: (s: StoredSnapshot) => void;
  reject: (e: Error) => void;
}

let worker: Worker | null = null;
const pending = new Map<number, Pending>();
let nextId = 1;

/** Ends the worker and fails what it had under way (a crash, or on request). */
function stop(w: Worker, why: string): Promise<number> {
  if (worker === w) worker = null;
  for (const [id, p] of pending) {
    p.reject(new CasusError('io_error', why));
    pending.delete(id);
  }
  return w.terminate();
}

function start(): Worker {
  const w = new Worker(ENTRY, { stdout: false, stderr: false });
  w.on('message', (reply: SnapshotReply) => {
    const p = pending.get(reply.id);
    if (!p) return;
    pending.delete(reply.id);
    if (reply.ok) p.resolve(reply.stored);
    else p.reject(new CasusError(reply.code, reply.message));
    if (pending.size === 0) w.unref();
  });
  w.on('error', (e: Error) => void stop(w, `the snapshot worker failed: ${e.message}`));
  w.on('exit', () => void stop(w, 'the snapshot worker stopped unexpectedly'));
  return w;
}

/**
 * Writes a snapshot of a project file in a worker thread (writeSnapshot from a read-only
 * connection of its own), so that copying a large project never blocks the thread that serves
 * the UI. One worker, kept between snapshots (starting one from source costs more than a small
 * snapshot) and started on the first. Idle, it does not keep the process alive; while it writes
 * it does, so a snapshot under way completes (a process killed meanwhile leaves at most a
 * temporary file, which pruning removes once it is stale).
 */
export function writeSnapshotInWorker(req: Omit<SnapshotRequest, 'id'>): Promise<StoredSnapshot> {
  const w = (worker ??= start());
  w.ref();
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    w.postMessage({ id, ...req } satisfies SnapshotRequest);
  });
}

/** Stops the snapshot worker (tests, shutdown); a snapshot under way fails as stopped. */
export async function closeSnapshotWorker(): Promise<void> {
  if (worker) await stop(worker, 'the snapshot was stopped');
}
