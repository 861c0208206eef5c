import type { IpcMainInvokeEvent } from 'electron';
import type { Envelope } from '../core/shared/errors.js';

/** The one IPC channel: `invoke(method, input)`, answered with the same envelope as HTTP. */
export const IPC_CHANNEL = 'casus:invoke';

/** The part of Electron's ipcMain the adapter needs; tests pass a fake. */
export interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown,
  ): void;
}

/** Runs a call in the core and answers with its envelope: the core process's relay. */
export type Invoke = (method: string, input: unknown) => Promise<Envelope<unknown>>;

/**
 * Registers the IPC handler. Only calls from our own renderer's main frame are answered:
 * `isTrustedSender` checks the sender frame's URL against the app's own origin. Everything else is
 * `invoke`'s: in the desktop app it relays the call to the core process.
 */
export function registerIpc(
  ipcMain: IpcMainLike,
  invoke: Invoke,
  isTrustedSender: (event: IpcMainInvokeEvent) => boolean,
): void {
  ipcMain.handle(IPC_CHANNEL, async (event, method, input): Promise<Envelope<unknown>> => {
    if (!isTrustedSender(event)) {
      return {
        ok: false,
        error: { code: 'forbidden', message: 'IPC call from an untrusted frame refused' },
      };
    }
    if (typeof method !== 'string') {
      return {
        ok: false,
        error: { code: 'invalid_input', message: 'The method name must be a string' },
      };
    }
    return invoke(method, input);
  });
}

/** Our renderer is served from the app:// protocol; anything else is foreign. */
export function isAppUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    // Custom schemes have an opaque origin ("null"), so compare scheme and host.
    const u = new URL(url);
    return u.protocol === 'app:' && u.host === 'casus';
  } catch {
    return false;
  }
}
