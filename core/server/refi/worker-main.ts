import { parentPort, workerData } from 'node:worker_threads';
import { CasusError } from '../../shared/errors.js';
import { onParentMessage } from '../workers/stop.js';
import { RefiError } from './errors.js';
import { buildImportedProject } from './project-io.js';
import { readQde, readQdpx } from './read.js';
import type { WorkerData, WorkerReply } from './worker.js';

const data = workerData as WorkerData;
const post = (reply: WorkerReply) => parentPort?.postMessage(reply);
// The job comes with the worker; the only message is the parent's request to end (a stop, a time
// limit, or the job done).
onParentMessage(() => {});

const job: Promise<WorkerReply> =
  data.mode === 'read'
    ? (data.bare
        ? readQde(data.bytes, data.fileName)
        : readQdpx(data.bytes, data.fileName, { limits: data.limits })
      ).then((result) => ({ ok: true, result }))
    : buildImportedProject({ bytes: data.bytes, fileName: data.fileName }, data.target, {
        bare: data.bare,
        limits: data.limits,
        sessionId: data.sessionId,
        progress: (step) => post({ progress: step }),
      }).then((report) => ({ ok: true, report }));

job.then(post, (e: unknown) => {
  if (e instanceof CasusError) {
    post({
      ok: false,
      casus: {
        code: e.code,
        message: e.message,
        ...(e.details === undefined ? {} : { details: e.details }),
      },
    });
    return;
  }
  const error =
    e instanceof RefiError
      ? { code: e.code, file: e.file, reason: e.reason, details: [...e.details] }
      : {
          code: 'read_failed' as const,
          file: data.fileName,
          reason: e instanceof Error ? e.message : String(e),
          details: [],
        };
  post({ ok: false, error });
});
