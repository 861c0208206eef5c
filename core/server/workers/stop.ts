import { parentPort, type Worker } from 'node:worker_threads';

/**
 * Ending a worker thread of ours. `Worker.terminate()` interrupts the worker's JavaScript wherever
 * it is, and Node 20 aborts the whole process (not only the worker) when that point lies between
 * zlib.js creating a native zlib handle and initialising it: the handle is destroyed uninitialised
 * ("close before init", node_zlib.cc). Our workers inflate and deflate with Node's zlib (REFI-QDA
 * archives, docx, exports), so they are asked to end themselves instead: the request is handled
 * between two tasks of the worker's event loop, never inside a constructor. Only a worker that
 * does not answer in time (stuck in a long synchronous step) is terminated.
 */

/** The message a worker of ours ends itself on. */
const STOP_REQUEST = { casusWorker: 'stop' } as const;

/** How long a worker has to end itself before it is terminated. */
export const STOP_GRACE_MS = 3000;

function isStopRequest(msg: unknown): boolean {
  return (
    typeof msg === 'object' &&
    msg !== null &&
    (msg as { casusWorker?: unknown }).casusWorker === STOP_REQUEST.casusWorker
  );
}

/**
 * Ends `w` and resolves once it has exited: it is asked to end itself, and terminated only when
 * it has not within `graceMs`. True when it ended itself.
 */
export async function endWorker(w: Worker, graceMs = STOP_GRACE_MS): Promise<boolean> {
  // A worker that has exited has no thread id left.
  if (w.threadId === -1) return true;
  let timer: NodeJS.Timeout | undefined;
  const exited = new Promise<true>((resolve) => w.once('exit', () => resolve(true)));
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), graceMs);
  });
  w.postMessage(STOP_REQUEST);
  const ended = await Promise.race([exited, late]);
  clearTimeout(timer);
  if (!ended) await w.terminate();
  return ended;
}

/**
 * In a worker: hands each message from the parent to `handle`, and ends the thread when the
 * parent asks (see endWorker). While it listens, the worker stays alive.
 */
export function onParentMessage<T>(handle: (msg: T) => void): void {
  parentPort?.on('message', (msg: unknown) => {
    if (isStopRequest(msg)) process.exit(0);
    else handle(msg as T);
  });
}
