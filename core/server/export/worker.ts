import { CasusError } from '../../shared/errors.js';
import { KeptWorker, workerEntry } from '../workers/kept-worker.js';
import type { BuiltExport, ExportJob } from './jobs.js';

export interface ExportRequest {
  id: number;
  job: ExportJob;
}

export type ExportReply =
  ({ id: number; ok: true } & BuiltExport) | { id: number; ok: false; message: string };

const TIMEOUT_MS = 5 * 60 * 1000;
const HEAP_MB = 2048;

const failure = (message: string) =>
  new CasusError('internal', `The export could not be written: ${message}`);

/**
 * Builds export files in a worker thread, so that a large docx or xlsx never blocks the thread
 * that serves the UI. The data comes already read (the project's connection stays on its
 * thread); the worker only formats it (and leak-checks it, when the job carries the register).
 * A time limit and a heap limit stop a runaway build, and the next export starts a fresh worker.
 */
const exportWorker = new KeptWorker<Omit<ExportRequest, 'id'>, ExportReply, BuiltExport>({
  entry: workerEntry(import.meta.url, './export-worker.mjs'),
  resourceLimits: { maxOldGenerationSizeMb: HEAP_MB },
  timeout: {
    ms: TIMEOUT_MS,
    why: `building it took longer than ${TIMEOUT_MS / 60000} minutes; stopped`,
  },
  failure,
  crashed: (err) =>
    err.code === 'ERR_WORKER_OUT_OF_MEMORY'
      ? 'building it needs more memory than allowed'
      : err.message,
  exited: 'the export worker stopped unexpectedly',
  answer: (reply) =>
    reply.ok ? { bytes: reply.bytes, leaks: reply.leaks } : failure(reply.message),
});

export const buildInExportWorker = (job: ExportJob): Promise<BuiltExport> =>
  exportWorker.run({ job });

/** Stops the export worker (tests, shutdown); exports under way fail as stopped. */
export const closeExportWorker = (): Promise<void> => exportWorker.close('the export was stopped');
