import { Worker } from 'node:worker_threads';
import { CasusError } from '../../shared/errors.js';
import type { BuiltExport, ExportJob } from './jobs.js';

export interface ExportRequest {
  id: number;
  job: ExportJob;
}

export type ExportReply =
  ({ id: number; ok: true } & BuiltExport) | { id: number; ok: false; message: string };

// From source (tsx, vitest) the worker needs the small bootstrap that registers tsx; in a compiled
// build (desktop, CLI) every module is plain JavaScript and the worker loads directly.
const ENTRY = import.meta.url.endsWith('.ts')
  ? new URL('./export-worker.mjs', import.meta.url)
  : new URL('./worker-main.js', import.meta.url);
const TIMEOUT_MS = 5 * 60 * 1000;
const HEAP_MB = 2048;

interface Pending {
  resolve: (built: BuiltExport) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

let worker: Worker | null = null;
const pending = new Map<number, Pending>();
let nextId = 1;

const failure = (message: string) =>
  new CasusError('internal', `The export could not be written: ${message}`);

/** Ends the worker and fails what it had under way (after a timeout, a crash, or on request). */
function stop(w: Worker, why: string): Promise<number> {
  if (worker === w) worker = null;
  for (const [id, p] of pending) {
    clearTimeout(p.timer);
    p.reject(failure(why));
    pending.delete(id);
  }
  return w.terminate();
}

function start(): Worker {
  const w = new Worker(ENTRY, {
    resourceLimits: { maxOldGenerationSizeMb: HEAP_MB },
    stdout: false,
    stderr: false,
  });
  w.on('message', (reply: ExportReply) => {
    const p = pending.get(reply.id);
    if (!p) return;
    pending.delete(reply.id);
    clearTimeout(p.timer);
    if (reply.ok) p.resolve({ bytes: reply.bytes, leaks: reply.leaks });
    else p.reject(failure(reply.message));
    // Idle, the worker does not keep the process alive (a command exits when it is done).
    if (pending.size === 0) w.unref();
  });
  w.on('error', (err: Error & { code?: string }) => {
    void stop(
      w,
      err.code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? 'building it needs more memory than allowed'
        : err.message,
    );
  });
  w.on('exit', () => void stop(w, 'the export worker stopped unexpectedly'));
  return w;
}

/**
 * Builds an export file in a worker thread, so that a large docx or xlsx never blocks the thread
 * that serves the UI. The data comes already read (the project's connection stays on its
 * thread); the worker only formats it (and leak-checks it, when the job carries the register).
 * One worker, kept between exports (starting one from
 * source costs more than most exports) and started on the first; a time limit and a heap limit
 * stop a runaway build, and the next export starts a fresh worker.
 */
export function buildInExportWorker(job: ExportJob): Promise<BuiltExport> {
  const w = (worker ??= start());
  w.ref();
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => void stop(w, `building it took longer than ${TIMEOUT_MS / 60000} minutes; stopped`),
      TIMEOUT_MS,
    );
    pending.set(id, { resolve, reject, timer });
    w.postMessage({ id, job } satisfies ExportRequest);
  });
}

/** Stops the export worker (tests, shutdown); exports under way fail as stopped. */
export async function closeExportWorker(): Promise<void> {
  if (worker) await stop(worker, 'the export was stopped');
}
