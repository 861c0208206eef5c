import { parentPort } from 'node:worker_threads';
import { CasusError } from '../../shared/errors.js';
import { lowerThreadPriority } from '../workers/background.js';
import { onParentMessage } from '../workers/stop.js';
import { writeSnapshotOfFile } from './store.js';
import type { SnapshotReply, SnapshotRequest } from './worker.js';

// Entry of the snapshot worker thread: writes each snapshot it is sent, from a read-only
// connection of its own, one at a time, and answers by id. Nobody waits on a snapshot: the thread
// yields the cores to the one that serves the workbench.
lowerThreadPriority();
onParentMessage((req: SnapshotRequest) => {
  let reply: SnapshotReply;
  try {
    const stored = writeSnapshotOfFile(req.projectPath, {
      folder: req.folder,
      reason: req.reason,
      at: new Date(req.at),
      projectPath: req.projectPath,
    });
    reply = { id: req.id, ok: true, stored };
  } catch (e) {
    reply = {
      id: req.id,
      ok: false,
      message:
        e instanceof CasusError
          ? e.message
          : `cannot write a snapshot in ${req.folder}: ${e instanceof Error ? e.message : String(e)}`,
      code: e instanceof CasusError ? e.code : 'io_error',
    };
  }
  parentPort?.postMessage(reply);
});
