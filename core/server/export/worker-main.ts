import { parentPort } from 'node:worker_threads';
import { buildExportFile } from './jobs.js';
import type { ExportReply, ExportRequest } from './worker.js';

// Entry of the export worker thread: builds each file it is sent, one at a time, and answers by id.
parentPort?.on('message', (req: ExportRequest) => {
  buildExportFile(req.job).then(
    (bytes) => parentPort?.postMessage({ id: req.id, ok: true, bytes } satisfies ExportReply),
    (e: unknown) =>
      parentPort?.postMessage({
        id: req.id,
        ok: false,
        message: e instanceof Error ? e.message : String(e),
      } satisfies ExportReply),
  );
});
