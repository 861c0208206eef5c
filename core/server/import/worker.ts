import { Worker } from 'node:worker_threads';
import { ImportError, type ImportErrorBody } from './errors.js';
import { withDefaults, type ImportLimits } from './limits.js';
import type { ParsedDocument } from './types.js';

export interface WorkerRequest {
  id: number;
  bytes: Uint8Array;
  fileName: string;
  limits: ImportLimits;
}

export type WorkerReply =
  { id: number; ok: true; doc: ParsedDocument } | { id: number; ok: false; error: ImportErrorBody };

interface Job {
  req: WorkerRequest;
  resolve: (doc: ParsedDocument) => void;
  reject: (err: ImportError) => void;
}

// From source (tsx, vitest) the worker needs the small bootstrap that registers tsx; in the
// compiled desktop build every module is plain JavaScript and the worker loads directly.
const ENTRY = import.meta.url.endsWith('.ts')
  ? new URL('./parse-worker.mjs', import.meta.url)
  : new URL('./parse-worker-main.js', import.meta.url);

/**
 * Parses documents in a worker thread, so a big or hostile file never blocks the thread that
 * serves the UI. Each parse has a time limit and the worker a heap limit; a worker that times out
 * or runs out of memory is terminated and replaced, so the next file starts clean. The worker is
 * kept between files (starting one with the TypeScript loader costs more than most parses) and
 * does not keep the process alive when idle.
 */
export class ParsePool {
  private worker: Worker | null = null;
  private current: Job | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly queue: Job[] = [];
  private nextId = 1;

  parse(
    bytes: Uint8Array,
    fileName: string,
    limits?: Partial<ImportLimits>,
  ): Promise<ParsedDocument> {
    const req: WorkerRequest = { id: this.nextId++, bytes, fileName, limits: withDefaults(limits) };
    return new Promise((resolve, reject) => {
      this.queue.push({ req, resolve, reject });
      this.pump();
    });
  }

  /** Stops the worker; queued parses fail as timed out. */
  async close(): Promise<void> {
    const jobs = [...(this.current ? [this.current] : []), ...this.queue.splice(0)];
    this.current = null;
    if (this.timer) clearTimeout(this.timer);
    const w = this.worker;
    this.worker = null;
    for (const j of jobs)
      j.reject(new ImportError('timeout', j.req.fileName, 'the import was stopped'));
    if (w) await w.terminate();
  }

  private spawn(): Worker {
    const limits = this.queue[0]?.req.limits ?? withDefaults();
    const w = new Worker(ENTRY, {
      resourceLimits: { maxOldGenerationSizeMb: limits.maxWorkerHeapMb },
      stdout: false,
      stderr: false,
    });
    w.on('message', (msg: WorkerReply | { ready: true }) => {
      if (!('id' in msg)) return;
      const job = this.current;
      if (!job || job.req.id !== msg.id) return;
      this.finish();
      if (msg.ok) job.resolve(msg.doc);
      else job.reject(ImportError.fromBody(msg.error));
    });
    const fail = (err: ImportError | null) => {
      // A worker already replaced (after a timeout) no longer owns the current job.
      if (this.worker !== w) return;
      this.worker = null;
      const job = this.current;
      if (job) {
        this.finish();
        job.reject(err ?? new ImportError('corrupt', job.req.fileName, 'the parser stopped'));
      }
    };
    w.on('error', (err: Error & { code?: string }) => {
      const job = this.current;
      const name = job?.req.fileName ?? '';
      fail(
        err.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new ImportError('too-large', name, 'reading it needs more memory than allowed')
          : new ImportError('corrupt', name, err.message),
      );
    });
    w.on('exit', () => fail(null));
    return w;
  }

  private finish(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.current = null;
    this.worker?.unref();
    queueMicrotask(() => this.pump());
  }

  private pump(): void {
    if (this.current || this.queue.length === 0) return;
    const job = this.queue.shift()!;
    this.current = job;
    this.worker ??= this.spawn();
    const w = this.worker;
    w.ref();
    this.timer = setTimeout(() => {
      if (this.current !== job) return;
      this.current = null;
      this.timer = null;
      this.worker = null;
      void w.terminate();
      job.reject(
        new ImportError('timeout', job.req.fileName, `limit ${job.req.limits.timeoutMs / 1000} s`),
      );
      this.pump();
    }, job.req.limits.timeoutMs);
    w.postMessage(job.req);
  }
}

let shared: ParsePool | null = null;

/** Parses in the shared worker pool; see ParsePool. */
export function parseInWorker(
  bytes: Uint8Array,
  fileName: string,
  limits?: Partial<ImportLimits>,
): Promise<ParsedDocument> {
  shared ??= new ParsePool();
  return shared.parse(bytes, fileName, limits);
}

export async function closeParseWorkers(): Promise<void> {
  const pool = shared;
  shared = null;
  await pool?.close();
}
