import { parentPort } from 'node:worker_threads';
import { CasusError } from '../../shared/errors.js';
import { writeSnapshotOfFile } from './store.js';
import type { SnapshotReply, SnapshotRequest } from './worker.js';

// Entry of the snapshot worker thread: writes the one snapshot it is sent from its own read-only
// connection, answers, and ends.
parentPort?.once('message', (req: SnapshotRequest) => {
  let reply: SnapshotReply;
  try {
    const stored = writeSnapshotOfFile(req.projectPath, {
      folder: req.folder,
      reason: req.reason,
      at: new Date(req.at),
      projectPath: req.projectPath,
    });
    reply = { ok: true, stored };
  } catch (e) {
    reply = {
      ok: false,
      message: e instanceof Error ? e.message : String(e),
      code: e instanceof CasusError ? e.code : 'io_error',
    };
  }
  parentPort?.postMessage(reply);
});
