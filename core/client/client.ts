import type { Contract, InputOf, Method, OutputOf } from '../shared/contract/index.js';
import { CasusError, type Envelope } from '../shared/errors.js';

/** How a call travels: HTTP in browser mode, IPC in Electron. Both return the same envelope. */
export type Transport = (method: string, input: unknown) => Promise<Envelope<unknown>>;

export interface CasusClient {
  call<K extends Method>(method: K, input: InputOf<Contract, K>): Promise<OutputOf<Contract, K>>;
}

/** The one typed client the renderer uses; it never knows which host answers. */
export function createClient(transport: Transport): CasusClient {
  return {
    async call(method, input) {
      const envelope = await transport(method, input);
      if (!envelope.ok)
        throw new CasusError(envelope.error.code, envelope.error.message, envelope.error.details);
      return envelope.value as never;
    },
  };
}
