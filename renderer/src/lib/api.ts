import { createClient, type CasusClient } from '../../../core/client/client.js';
import { httpTransport, ipcTransport, type CasusBridge } from '../../../core/client/transports.js';
import { afterWrite } from './cache.js';

declare global {
  interface Window {
    casus?: CasusBridge;
  }
}

/** Browser mode gets its token in the URL fragment (never sent to a server); keep it per tab. */
function browserToken(): string {
  const match = /(?:^#|&)token=([^&]+)/.exec(window.location.hash);
  if (match?.[1]) {
    sessionStorage.setItem('casus.token', match[1]);
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  return sessionStorage.getItem('casus.token') ?? '';
}

export const host: 'electron' | 'browser' = window.casus ? 'electron' : 'browser';

/** Browser mode's per-launch token (also for the group review's event stream); '' in Electron. */
export const apiToken: string = window.casus ? '' : browserToken();

/** Every call goes through here; after a write, the cache re-reads what it changed. */
export const api: CasusClient = createClient(
  window.casus ? ipcTransport(window.casus) : httpTransport(window.location.origin, apiToken),
  { onChanged: afterWrite },
);
