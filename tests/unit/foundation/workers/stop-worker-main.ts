import { parentPort } from 'node:worker_threads';
import { createInflateRaw, deflateRawSync } from 'node:zlib';
import { onParentMessage } from '../../../../core/server/workers/stop.js';

/** What the test asks of the worker: be busy as a real one is, then answer. */
export type TestRequest = { id: number; busy: 'inflating' | 'blocked' | 'waiting'; ms: number };

const compressed = deflateRawSync(Buffer.alloc(1 << 20, 'casus '));

/** Inflates again and again through zlib's thread pool, as a REFI-QDA import does. */
function inflateLoop(until: number, done: () => void): void {
  if (Date.now() >= until) return done();
  const z = createInflateRaw();
  z.on('data', () => {});
  z.on('end', () => inflateLoop(until, done));
  z.end(compressed);
}

onParentMessage((req: TestRequest) => {
  const answer = () => parentPort?.postMessage({ id: req.id, ok: true });
  if (req.busy === 'blocked') {
    // A long synchronous step: the stop request waits until it is over.
    const until = Date.now() + req.ms;
    while (Date.now() < until);
    answer();
  } else if (req.busy === 'waiting') setTimeout(answer, req.ms);
  else inflateLoop(Date.now() + req.ms, answer);
});
