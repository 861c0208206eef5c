import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { endWorker } from '../workers/stop.js';
import { ImportError, type ImportErrorBody } from './errors.js';
import { withDefaults, type ImportLimits } from './limits.js';
import type { ParsedTranscript } from './transcript/types.js';
import type { ParsedDocument } from './types.js';

/** What a worker reads a file as: a document, or a transcript (null: the file is none). */
export type ParseTask = 'document' | 'transcript';

export interface WorkerRequest {
  id: number;
  task: ParseTask;
  bytes: Uint8Array;
  fileName: string;
  limits: ImportLimits;
}

export type ParseResult = ParsedDocument | ParsedTranscript | null;

export type WorkerReply =
  { id: number; ok: true; doc: ParseResult } | { id: number; ok: false; error: ImportErrorBody };

interface Job {
  req: WorkerRequest;
  resolve: (doc: ParseResult) => void;
  reject: (err: ImportError) => void;
}

// From source (tsx, vitest) the worker needs the small bootstrap that registers tsx; in the
// compiled desktop build every module is plain JavaScript and the worker loads directly.
const ENTRY = import.meta.url.endsWith('.ts')
  ? new URL('./parse-worker.mjs', import.meta.url)
  : new URL('./parse-worker-main.js', import.meta.url);

interface Slot {
  worker: Worker | null;
  job: Job | null;
  timer: NodeJS.Timeout | null;
}

/**
 * Parses documents in worker threads, so a big or hostile file never blocks the thread that
 * serves the UI. Each parse has a time limit and each worker a heap limit; a worker that times
 * out or runs out of memory is terminated and replaced, so the next file starts clean. Up to two
 * workers parse at once (the target machine has two cores). Workers are kept between files
 * (starting one with the TypeScript loader costs more than most parses) and do not keep the
 * process alive when idle.
 */
export class ParsePool {
  private readonly slots: Slot[];
  private readonly queue: Job[] = [];
  private nextId = 1;

  /** `size` workers parse in parallel (default: one per core, at most two). */
  constructor(size = Math.min(2, Math.max(1, availableParallelism()))) {
    this.slots = Array.from({ length: size }, () => ({ worker: null, job: null, timer: null }));
  }

  parse(
    bytes: Uint8Array,
    fileName: string,
    limits?: Partial<ImportLimits>,
  ): Promise<ParsedDocument> {
    return this.run('document', bytes, fileName, limits) as Promise<ParsedDocument>;
  }

  /** Reads a transcript (see transcript/parse.ts); null when a .docx or .txt is no transcript. */
  parseTranscript(
    bytes: Uint8Array,
    fileName: string,
    limits?: Partial<ImportLimits>,
  ): Promise<ParsedTranscript | null> {
    return this.run('transcript', bytes, fileName, limits) as Promise<ParsedTranscript | null>;
  }

  private run(
    task: ParseTask,
    bytes: Uint8Array,
    fileName: string,
    limits?: Partial<ImportLimits>,
  ): Promise<ParseResult> {
    const req: WorkerRequest = {
      id: this.nextId++,
      task,
      bytes,
      fileName,
      limits: withDefaults(limits),
    };
    return new Promise((resolve, reject) => {
      this.queue.push({ req, resolve, reject });
      this.pump();
    });
  }

  /** Stops the workers; running and queued parses fail as stopped. */
  async close(): Promise<void> {
    const jobs = [...this.slots.flatMap((s) => (s.job ? [s.job] : [])), ...this.queue.splice(0)];
    const workers: Worker[] = [];
    for (const slot of this.slots) {
      if (slot.timer) clearTimeout(slot.timer);
      if (slot.worker) workers.push(slot.worker);
      Object.assign(slot, { worker: null, job: null, timer: null });
    }
    for (const j of jobs) {
      j.reject(new ImportError('timeout', j.req.fileName, 'the import was stopped'));
    }
    await Promise.all(workers.map((w) => endWorker(w)));
  }

  private spawn(slot: Slot, limits: ImportLimits): Worker {
    const w = new Worker(ENTRY, {
      resourceLimits: { maxOldGenerationSizeMb: limits.maxWorkerHeapMb },
      stdout: false,
      stderr: false,
    });
    w.on('message', (msg: WorkerReply | { ready: true }) => {
      if (!('id' in msg)) return;
      const job = slot.job;
      if (slot.worker !== w || !job || job.req.id !== msg.id) return;
      this.finish(slot);
      if (msg.ok) job.resolve(msg.doc);
      else job.reject(ImportError.fromBody(msg.error));
    });
    const fail = (err: ImportError | null) => {
      // A worker already replaced (after a timeout) no longer owns the slot's job.
      if (slot.worker !== w) return;
      slot.worker = null;
      const job = slot.job;
      if (job) {
        this.finish(slot);
        job.reject(err ?? new ImportError('corrupt', job.req.fileName, 'the parser stopped'));
      }
    };
    w.on('error', (err: Error & { code?: string }) => {
      const name = slot.job?.req.fileName ?? '';
      fail(
        err.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new ImportError('too-large', name, 'reading it needs more memory than allowed')
          : new ImportError('corrupt', name, err.message),
      );
    });
    w.on('exit', () => fail(null));
    return w;
  }

  private finish(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.job = null;
    slot.worker?.unref();
    queueMicrotask(() => this.pump());
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (slot.job || this.queue.length === 0) continue;
      const job = this.queue.shift()!;
      slot.job = job;
      slot.worker ??= this.spawn(slot, job.req.limits);
      const w = slot.worker;
      w.ref();
      slot.timer = setTimeout(() => {
        if (slot.job !== job) return;
        Object.assign(slot, { worker: null, job: null, timer: null });
        void endWorker(w);
        job.reject(
          new ImportError(
            'timeout',
            job.req.fileName,
            `limit ${job.req.limits.timeoutMs / 1000} s`,
          ),
        );
        this.pump();
      }, job.req.limits.timeoutMs);
      w.postMessage(job.req);
    }
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

/** Reads a transcript in the shared worker pool; null when the file is an ordinary document. */
export function parseTranscriptInWorker(
  bytes: Uint8Array,
  fileName: string,
  limits?: Partial<ImportLimits>,
): Promise<ParsedTranscript | null> {
  shared ??= new ParsePool();
  return shared.parseTranscript(bytes, fileName, limits);
}

export async function closeParseWorkers(): Promise<void> {
  const pool = shared;
  shared = null;
  await pool?.close();
}
