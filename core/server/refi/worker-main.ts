import { parentPort, workerData } from 'node:worker_threads';
import { RefiError } from './errors.js';
import { readQde, readQdpx } from './read.js';
import type { WorkerData, WorkerReply } from './worker.js';

const data = workerData as WorkerData;
const read = data.bare
  ? readQde(data.bytes, data.fileName)
  : readQdpx(data.bytes, data.fileName, { limits: data.limits });
read.then(
  (result) => parentPort?.postMessage({ ok: true, result } satisfies WorkerReply),
  (e: unknown) => {
    const error =
      e instanceof RefiError
        ? { code: e.code, file: e.file, reason: e.reason, details: [...e.details] }
        : {
            code: 'read_failed' as const,
            file: data.fileName,
            reason: e instanceof Error ? e.message : String(e),
            details: [],
          };
    parentPort?.postMessage({ ok: false, error } satisfies WorkerReply);
  },
);
