import { parentPort } from 'node:worker_threads';
import { onParentMessage } from '../workers/stop.js';
import { ImportError } from './errors.js';
import { parseDocument, toImportError } from './parse-document.js';
import { parseTranscriptFile } from './transcript/parse.js';
import type { WorkerReply, WorkerRequest } from './worker.js';

// One parse at a time per worker; the pool in worker.ts only sends the next one after a reply.
onParentMessage((req: WorkerRequest) => {
  const work =
    req.task === 'transcript'
      ? parseTranscriptFile(req.bytes, req.fileName, req.limits)
      : parseDocument(req.bytes, req.fileName, req.limits);
  work.then(
    (doc) => parentPort?.postMessage({ id: req.id, ok: true, doc } satisfies WorkerReply),
    (err: unknown) => {
      const e = err instanceof ImportError ? err : toImportError(err, req.fileName);
      parentPort?.postMessage({ id: req.id, ok: false, error: e.toBody() } satisfies WorkerReply);
    },
  );
});
parentPort?.postMessage({ ready: true });
