import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { KeptWorker } from '../../../core/server/workers/kept-worker.js';
import { endWorker } from '../../../core/server/workers/stop.js';
import type { TestRequest } from './workers/stop-worker-main.js';

/**
 * Imports, exports and snapshots run in worker threads that are stopped when the user stops an
 * import or a time limit passes. Terminating a worker in the middle of Node's zlib can abort the
 * whole process (the core, with the open project), so a worker is asked to end itself and is
 * terminated only when it does not.
 */
const ENTRY = new URL('./workers/stop-worker.mjs', import.meta.url);
const started: Worker[] = [];

function startWorker(): Promise<Worker> {
  const w = new Worker(ENTRY, { stdout: false, stderr: false });
  started.push(w);
  // Ready once it answers a first request.
  return new Promise((resolve, reject) => {
    w.once('message', () => resolve(w));
    w.once('error', reject);
    w.postMessage({ id: 0, busy: 'waiting', ms: 0 } satisfies TestRequest);
  });
}

const exitCode = (w: Worker) => new Promise<number>((resolve) => w.once('exit', resolve));

afterEach(async () => {
  await Promise.all(started.splice(0).map((w) => w.terminate()));
});

describe('ending a worker thread', () => {
  it('a worker busy inflating through zlib ends itself, between two steps', async () => {
    const w = await startWorker();
    const code = exitCode(w);
    w.postMessage({ id: 1, busy: 'inflating', ms: 10_000 } satisfies TestRequest);
    await new Promise((r) => setTimeout(r, 100));
    expect(await endWorker(w)).toBe(true);
    // A terminated worker exits with 1; one that ended itself with 0.
    expect(await code).toBe(0);
    expect(w.threadId).toBe(-1);
  });

  it('a worker stuck in a synchronous step is terminated once the grace has passed', async () => {
    const w = await startWorker();
    const code = exitCode(w);
    w.postMessage({ id: 1, busy: 'blocked', ms: 10_000 } satisfies TestRequest);
    await new Promise((r) => setTimeout(r, 100));
    const t0 = Date.now();
    expect(await endWorker(w, 300)).toBe(false);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(await code).toBe(1);
  });

  it('a worker that has exited is ended at once', async () => {
    const w = await startWorker();
    await endWorker(w);
    const t0 = Date.now();
    expect(await endWorker(w, 10_000)).toBe(true);
    expect(Date.now() - t0).toBeLessThan(1_000);
  });
});

describe('a kept worker stopped on its time limit', () => {
  it('fails the request that took too long, and only that one', async () => {
    const kept = new KeptWorker<Omit<TestRequest, 'id'>, { id: number; ok: true }, string>({
      entry: ENTRY,
      timeout: { ms: 3_000, why: 'took too long' },
      failure: (why) => new Error(why),
      crashed: (e) => e.message,
      exited: 'the worker stopped',
      answer: () => 'answered',
    });
    // Blocked past its limit: the worker is asked to end and does so when the step is over.
    const slow = kept.run({ busy: 'blocked', ms: 4_000 });
    const slowFailed = slow.then(
      () => null,
      (e: Error) => e.message,
    );
    await new Promise((r) => setTimeout(r, 3_200));
    // The next request goes to a fresh worker; it is still under way when the old one exits.
    const next = kept.run({ busy: 'waiting', ms: 1_500 });
    expect(await slowFailed).toBe('took too long');
    expect(await next).toBe('answered');
    await kept.close('done');
  });
});
