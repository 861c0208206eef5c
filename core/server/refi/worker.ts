import { Worker } from 'node:worker_threads';
import { RefiError, type RefiErrorCode } from './errors.js';
import type { RefiProjectImport } from './read.js';
import { DEFAULT_ZIP_LIMITS, type ZipLimits } from './zip.js';

export interface WorkerData {
  bytes: Uint8Array;
  fileName: string;
  bare: boolean;
  limits: ZipLimits;
}

export type WorkerReply =
  | { ok: true; result: RefiProjectImport }
  | { ok: false; error: { code: RefiErrorCode; file: string; reason: string; details: string[] } };

// From source (tsx, vitest) the worker needs the small bootstrap that registers tsx; in a compiled
// build (desktop, CLI) every module is plain JavaScript and the worker loads directly.
const ENTRY = import.meta.url.endsWith('.ts')
  ? new URL('./refi-worker.mjs', import.meta.url)
  : new URL('./worker-main.js', import.meta.url);
const TIMEOUT_MS = 5 * 60 * 1000;
const HEAP_MB = 2048;

/**
 * Reads a .qdpx/.qde in a worker thread so a large project never blocks the thread that serves the
 * UI. One worker per import (imports are rare); a time limit and a heap limit stop runaway input.
 */
export function readProjectInWorker(
  bytes: Uint8Array,
  fileName: string,
  bare: boolean,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): Promise<RefiProjectImport> {
  return new Promise((resolve, reject) => {
    const w = new Worker(ENTRY, {
      workerData: { bytes, fileName, bare, limits } satisfies WorkerData,
      resourceLimits: { maxOldGenerationSizeMb: HEAP_MB },
      stdout: false,
      stderr: false,
    });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
      void w.terminate();
    };
    const timer = setTimeout(
      () =>
        settle(() =>
          reject(
            new RefiError(
              'read_failed',
              fileName,
              `reading took longer than ${TIMEOUT_MS / 60000} minutes; stopped`,
            ),
          ),
        ),
      TIMEOUT_MS,
    );
    w.on('message', (msg: WorkerReply) =>
      settle(() =>
        msg.ok
          ? resolve(msg.result)
          : reject(
              new RefiError(msg.error.code, msg.error.file, msg.error.reason, msg.error.details),
            ),
      ),
    );
    w.on('error', (err: Error & { code?: string }) =>
      settle(() =>
        reject(
          new RefiError(
            'read_failed',
            fileName,
            err.code === 'ERR_WORKER_OUT_OF_MEMORY'
              ? 'reading it needs more memory than allowed'
              : err.message,
          ),
        ),
      ),
    );
    w.on('exit', () =>
      settle(() =>
        reject(new RefiError('read_failed', fileName, 'the reader stopped unexpectedly')),
      ),
    );
  });
}
