import type { Contract, InputOf, Method, OutputOf } from '../shared/contract/index.js';
import { CasusError, type Envelope } from '../shared/errors.js';
import { changesOf } from './reads.js';

/** How a call travels: HTTP in browser mode, IPC in Electron. Both return the same envelope. */
export type Transport = (method: string, input: unknown) => Promise<Envelope<unknown>>;

export interface CasusClient {
  call<K extends Method>(method: K, input: InputOf<Contract, K>): Promise<OutputOf<Contract, K>>;
}

export interface ClientOptions {
  /**
   * Told after every successful call that changed something, before its caller gets the value:
   * the tables it wrote ('*': everything), plus `session` when the session's coder changed
   * (see reads.ts). A cache re-reads what depends on them.
   */
  onChanged?: (changed: string[], method: Method) => void;
}

/** The one typed client the renderer uses; it never knows which host answers. */
export function createClient(transport: Transport, options: ClientOptions = {}): CasusClient {
  return {
    async call(method, input) {
      const envelope = await transport(method, input);
      if (!envelope.ok)
        throw new CasusError(envelope.error.code, envelope.error.message, envelope.error.details);
      const changed = changesOf(method, envelope.changed);
      if (changed.length > 0) options.onChanged?.(changed, method);
      return envelope.value as never;
    },
  };
}
