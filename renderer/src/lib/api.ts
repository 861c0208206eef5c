import { createClient, type CasusClient } from '../../../core/client/client.js';
import {
  httpTransport,
  httpUpload,
  ipcTransport,
  type CasusBridge,
} from '../../../core/client/transports.js';
import { afterWrite } from './cache.js';
import { inUserLanguage } from './refusals.js';

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

const client: CasusClient = createClient(
  window.casus ? ipcTransport(window.casus) : httpTransport(window.location.origin, apiToken),
  { onChanged: afterWrite },
);

/**
 * Every call goes through here; after a write, the cache re-reads what it changed. Refusals the
 * workbench words itself (a write in the past) arrive in the user's language.
 */
export const api: CasusClient = {
  async call(method, input) {
    try {
      return await client.call(method, input);
    } catch (e) {
      throw inUserLanguage(e);
    }
  },
};

/** Browser mode: sends a chosen file's bytes to the server ahead of the call that names it. */
export const upload = httpUpload(window.location.origin, apiToken);
