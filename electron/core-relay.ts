import type { Grant } from '../core/server/files/access.js';
import type { Envelope } from '../core/shared/errors.js';
import {
  parseCoreEvent,
  parseFromCore,
  type CoreEvent,
  type CorePort,
  type ToCore,
} from './core-messages.js';

/** The main process's side of the core process: calls go out with an id, answers come back. */
export interface CoreRelay {
  /**
   * Calls a method in the core process; resolves with its envelope, never rejects. `granted`:
   * the paths the user chose in a native dialog, the only ones the call may name.
   */
  invoke(method: string, input: unknown, granted?: readonly Grant[]): Promise<Envelope<unknown>>;
  /** The core process ended: calls under way and every later call get an error envelope. */
  stopped(reason: string): void;
  /** Asks the core to finish the calls under way, close the project and stop. */
  shutdown(): void;
}

export function createCoreRelay(
  port: CorePort<ToCore>,
  opts: { onEvent?: (event: CoreEvent) => void } = {},
): CoreRelay {
  const pending = new Map<number, (envelope: Envelope<unknown>) => void>();
  let nextId = 1;
  let stoppedBecause: string | null = null;
  const stoppedEnvelope = (): Envelope<never> => ({
    ok: false,
    error: {
      code: 'internal',
      message: `The Casus core process stopped (${stoppedBecause}); restart Casus. Everything saved is in the project file.`,
    },
  });

  port.onMessage((raw) => {
    const event = parseCoreEvent(raw);
    if (event) {
      opts.onEvent?.(event);
      return;
    }
    const reply = parseFromCore(raw);
    if (!reply) return;
    const resolve = pending.get(reply.id);
    pending.delete(reply.id);
    resolve?.(reply.envelope);
  });

  return {
    invoke(method, input, granted = []) {
      if (stoppedBecause !== null) return Promise.resolve(stoppedEnvelope());
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        try {
          port.postMessage({ type: 'call', id, method, input, granted: [...granted] });
        } catch (e) {
          // The input could not be copied to the other process (a function, a DOM object).
          pending.delete(id);
          resolve({
            ok: false,
            error: {
              code: 'invalid_input',
              message: `The input for ${method} cannot be sent to the core: ${e instanceof Error ? e.message : String(e)}`,
            },
          });
        }
      });
    },
    stopped(reason) {
      stoppedBecause ??= reason;
      const waiting = [...pending.values()];
      pending.clear();
      for (const resolve of waiting) resolve(stoppedEnvelope());
    },
    shutdown() {
      if (stoppedBecause === null) port.postMessage({ type: 'shutdown' });
    },
  };
}
