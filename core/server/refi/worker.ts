import { readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { RefiProgress } from '../../shared/contract/refi.js';
import { CasusError, type ErrorCode } from '../../shared/errors.js';
import { endWorker } from '../workers/stop.js';
import { RefiError, type RefiErrorCode } from './errors.js';
import type { RefiProjectImport } from './read.js';
import type { RefiImportReport } from './report.js';
import { DEFAULT_ZIP_LIMITS, type ZipLimits } from './zip.js';

/** A step of the import, as project-io.ts reports it. */
type RefiStep = Omit<RefiProgress, 'operation'>;

/** Read a file and hand the model back, or read it and build the new project file there. */
export type WorkerData =
  | { mode: 'read'; bytes: Uint8Array; fileName: string; bare: boolean; limits: ZipLimits }
  | {
      mode: 'import';
      bytes: Uint8Array;
      fileName: string;
      bare: boolean;
      limits: ZipLimits;
      target: string;
      sessionId: string | null;
    };

export type WorkerReply =
  | { ok: true; result: RefiProjectImport }
  | { ok: true; report: RefiImportReport }
  | { progress: RefiStep }
  | { ok: false; error: { code: RefiErrorCode; file: string; reason: string; details: string[] } }
  | { ok: false; casus: { code: ErrorCode; message: string; details?: unknown } };

// From source (tsx, vitest) the worker needs the small bootstrap that registers tsx; in a compiled
// build (desktop, CLI) every module is plain JavaScript and the worker loads directly.
const ENTRY = import.meta.url.endsWith('.ts')
  ? new URL('./refi-worker.mjs', import.meta.url)
  : new URL('./worker-main.js', import.meta.url);
const READ_TIMEOUT_MS = 5 * 60 * 1000;
/** Reading and building: the 10,000-source bench study takes minutes on a busy machine. */
const IMPORT_TIMEOUT_MS = 30 * 60 * 1000;
const HEAP_MB = 2048;

/**
 * Runs one job in a worker thread so a large project never blocks the thread that serves the UI.
 * One worker per job (imports are rare); a time limit and a heap limit stop runaway input.
 */
function runWorker(
  data: WorkerData,
  timeoutMs: number,
  onProgress: (step: RefiStep) => void,
  onAbnormalEnd: () => void,
  signal?: AbortSignal,
): Promise<WorkerReply & { ok: true }> {
  const { fileName } = data;
  const doing = data.mode === 'read' ? 'reading' : 'importing';
  return new Promise((resolve, reject) => {
    const w = new Worker(ENTRY, {
      workerData: data,
      resourceLimits: { maxOldGenerationSizeMb: HEAP_MB },
      stdout: false,
      stderr: false,
    });
    let settled = false;
    /** The first end wins: false when the job has ended already. */
    const first = () => {
      if (settled) return false;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', stop);
      return true;
    };
    const settle = (fn: () => void) => {
      if (!first()) return;
      fn();
      void endWorker(w);
    };
    // A worker stopped midway cannot clean up: its files go once it has ended (its connection
    // closed), and only then is the caller told, so it never sees them.
    const end = (error: Error) => {
      if (!first()) return;
      void endWorker(w)
        .catch(() => false)
        .then(() => {
          onAbnormalEnd();
          reject(error);
        });
    };
    const fail = (reason: string) => end(new RefiError('read_failed', fileName, reason));
    const stop = () =>
      end(
        new CasusError('cancelled', `${fileName}: the import was stopped; no project was created`),
      );
    const timer = setTimeout(
      () => fail(`${doing} took longer than ${timeoutMs / 60000} minutes; stopped`),
      timeoutMs,
    );
    if (signal?.aborted) stop();
    else signal?.addEventListener('abort', stop, { once: true });
    w.on('message', (msg: WorkerReply) => {
      if ('progress' in msg) {
        if (!settled) onProgress(msg.progress);
        return;
      }
      settle(() => {
        if (msg.ok) resolve(msg);
        else if ('casus' in msg)
          reject(new CasusError(msg.casus.code, msg.casus.message, msg.casus.details));
        else
          reject(
            new RefiError(msg.error.code, msg.error.file, msg.error.reason, msg.error.details),
          );
      });
    });
    w.on('error', (err: Error & { code?: string }) =>
      fail(
        err.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? `${doing} it needs more memory than allowed`
          : err.message,
      ),
    );
    w.on('exit', () => fail('the reader stopped unexpectedly'));
  });
}

/** Reads a .qdpx/.qde in a worker thread and hands the model back. */
export async function readProjectInWorker(
  bytes: Uint8Array,
  fileName: string,
  bare: boolean,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): Promise<RefiProjectImport> {
  const reply = await runWorker(
    { mode: 'read', bytes, fileName, bare, limits },
    READ_TIMEOUT_MS,
    () => {},
    () => {},
  );
  if (!('result' in reply))
    throw new RefiError('read_failed', fileName, 'the reader gave no result');
  return reply.result;
}

/**
 * Reads a .qdpx/.qde and builds the new project file at `target`, both in a worker thread: the
 * model is never copied between threads, and the thread that serves the UI stays free while
 * thousands of sources are written. A worker that is stopped (time limit, memory, crash) cannot
 * clean up after itself, so its temporary project file is removed here.
 */
export async function importProjectInWorker(
  input: { bytes: Uint8Array; fileName: string },
  target: string,
  opts: {
    bare: boolean;
    limits?: ZipLimits;
    sessionId: string | null;
    progress: (step: RefiStep) => void;
    /** Stops the import: the worker ends, its temporary project is removed, nothing is created. */
    signal?: AbortSignal;
  },
): Promise<RefiImportReport> {
  const reply = await runWorker(
    {
      mode: 'import',
      bytes: input.bytes,
      fileName: input.fileName,
      bare: opts.bare,
      limits: opts.limits ?? DEFAULT_ZIP_LIMITS,
      target,
      sessionId: opts.sessionId,
    },
    IMPORT_TIMEOUT_MS,
    opts.progress,
    () => removeCreating(target),
    opts.signal,
  );
  if (!('report' in reply))
    throw new RefiError('read_failed', input.fileName, 'the import gave no report');
  return reply.report;
}

/** The temporary files of a project being built at `target` (see buildProjectFile). */
function removeCreating(target: string): void {
  const prefix = `.${basename(target)}.`;
  let names: string[];
  try {
    names = readdirSync(dirname(target));
  } catch {
    return;
  }
  for (const name of names) {
    if (name.startsWith(prefix) && /\.creating(-wal|-shm|-journal)?$/.test(name))
      rmSync(join(dirname(target), name), { force: true });
  }
}
