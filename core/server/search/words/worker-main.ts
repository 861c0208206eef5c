import { parentPort } from 'node:worker_threads';
import { readWordListOfFile } from '../../../../db/queries/fulltext.js';
import { lowerThreadPriority } from '../../workers/background.js';
import { onParentMessage } from '../../workers/stop.js';
import type { WordsReply, WordsRequest } from './worker.js';

// Entry of the word-list worker thread: reads the word index's words of the project file it is
// sent, from a read-only connection of its own, and answers by id. Nobody waits on it: the thread
// yields the cores to the one that serves the workbench.
lowerThreadPriority();
onParentMessage((req: WordsRequest) => {
  let reply: WordsReply;
  try {
    reply = { id: req.id, ok: true, list: readWordListOfFile(req.path) };
  } catch (e) {
    reply = { id: req.id, ok: false, message: e instanceof Error ? e.message : String(e) };
  }
  parentPort?.postMessage(reply);
});
