import { parentPort } from 'node:worker_threads';
import { onParentMessage } from '../workers/stop.js';
import { buildCheckedExport } from './jobs.js';
import type { ExportReply, ExportRequest } from './worker.js';

// Entry of the export worker thread: builds each file it is sent (and leak-checks it when the job
// asks), one at a time, and answers by id.
onParentMessage((req: ExportRequest) => {
  buildCheckedExport(req.job).then(
    (built) => parentPort?.postMessage({ id: req.id, ok: true, ...built } satisfies ExportReply),
    (e: unknown) =>
      parentPort?.postMessage({
        id: req.id,
        ok: false,
        message: e instanceof Error ? e.message : String(e),
      } satisfies ExportReply),
  );
});
