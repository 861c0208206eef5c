import { Worker, type ResourceLimits } from 'node:worker_threads';
import { endWorker } from './stop.js';

/**
 * The entry of a worker next to `moduleUrl`: from source (tsx, vitest) the worker needs the
 * small bootstrap that registers tsx; in a compiled build (desktop, CLI) every module is plain
 * JavaScript and the worker loads directly.
 */
export const workerEntry = (moduleUrl: string, bootstrap: string): URL =>
  moduleUrl.endsWith('.ts')
    ? new URL(bootstrap, moduleUrl)
    : new URL('./worker-main.js', moduleUrl);

export interface KeptWorkerOptions<Reply, T> {
  entry: URL;
  resourceLimits?: ResourceLimits;
  /** A request that takes longer stops the worker (the next request starts a fresh one). */
  timeout?: { ms: number; why: string };
  /** What a request fails with when the worker stops under it. */
  failure: (why: string) => Error;
  /** Why the worker failed, from the error it raised. */
  crashed: (e: Error & { code?: string }) => string;
  /** Said when the worker exits on its own. */
  exited: string;
  /** A reply as the caller's value, or as the error the request fails with. */
  answer: (reply: Reply) => T | Error;
}

interface Pending<T> {
  /** The worker it was sent to: a worker that ends fails its own requests only. */
  worker: Worker;
  resolve: (value: T) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout | null;
}

/**
 * One worker thread kept between requests (starting one from source costs more than most
 * requests) and started on the first. Requests and replies carry an id. Idle, the worker does
 * not keep the process alive (a command exits when it is done); while it works it does. A
 * crash, a time-out or `close` fails every request under way, and the next starts a fresh one.
 */
export class KeptWorker<Req extends object, Reply extends { id: number }, T> {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending<T>>();
  private nextId = 1;

  constructor(private readonly o: KeptWorkerOptions<Reply, T>) {}

  run(req: Req): Promise<T> {
    const w = (this.worker ??= this.start());
    w.ref();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const limit = this.o.timeout;
      const timer = limit ? setTimeout(() => void this.stop(w, limit.why), limit.ms) : null;
      this.pending.set(id, { worker: w, resolve, reject, timer });
      w.postMessage({ id, ...req });
    });
  }

  /** Stops the worker (tests, shutdown); requests under way fail with `why`. */
  async close(why: string): Promise<void> {
    if (this.worker) await this.stop(this.worker, why);
  }

  private async stop(w: Worker, why: string): Promise<void> {
    if (this.worker === w) this.worker = null;
    for (const [id, p] of this.pending) {
      if (p.worker !== w) continue;
      if (p.timer) clearTimeout(p.timer);
      p.reject(this.o.failure(why));
      this.pending.delete(id);
    }
    await endWorker(w);
  }

  private start(): Worker {
    const w = new Worker(this.o.entry, {
      ...(this.o.resourceLimits ? { resourceLimits: this.o.resourceLimits } : {}),
      stdout: false,
      stderr: false,
    });
    w.on('message', (reply: Reply) => {
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      if (p.timer) clearTimeout(p.timer);
      const value = this.o.answer(reply);
      if (value instanceof Error) p.reject(value);
      else p.resolve(value);
      if (this.pending.size === 0) w.unref();
    });
    w.on('error', (e: Error & { code?: string }) => void this.stop(w, this.o.crashed(e)));
    w.on('exit', () => void this.stop(w, this.o.exited));
    return w;
  }
}
