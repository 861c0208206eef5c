import { CasusError, type Envelope } from '../shared/errors.js';
import type { Transport } from './client.js';

export const TOKEN_HEADER = 'X-Casus-Token';

/** Browser mode: POST /api/<method> to the local server with the per-launch token. */
export function httpTransport(
  baseUrl: string,
  token: string,
  fetchImpl: typeof fetch = fetch,
): Transport {
  return async (method, input) => {
    let response: Response;
    try {
      response = await fetchImpl(`${baseUrl}/api/${encodeURIComponent(method)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', [TOKEN_HEADER]: token },
        body: JSON.stringify(input ?? {}),
      });
    } catch (e) {
      return {
        ok: false,
        error: {
          code: 'internal',
          message: `The Casus server cannot be reached (${(e as Error).message})`,
        },
      };
    }
    try {
      return (await response.json()) as Envelope<unknown>;
    } catch {
      return {
        ok: false,
        error: {
          code: 'internal',
          message: `The Casus server answered ${response.status} without a result`,
        },
      };
    }
  };
}

/** What the server answers for an upload: the id a call names instead of the file's bytes. */
export interface Uploaded {
  upload: string;
  size: number;
}

/**
 * Browser mode: sends a file's bytes as they are to POST /api/upload (no JSON, no base64, so
 * size is bounded by the server's limit, not by a request body), for a call to name its id.
 */
export function httpUpload(baseUrl: string, token: string, fetchImpl: typeof fetch = fetch) {
  return async (file: Blob, fileName: string): Promise<Uploaded> => {
    let response: Response;
    try {
      response = await fetchImpl(`${baseUrl}/api/upload?name=${encodeURIComponent(fileName)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/octet-stream', [TOKEN_HEADER]: token },
        body: file,
      });
    } catch (e) {
      throw new CasusError(
        'internal',
        `${fileName}: the Casus server cannot be reached (${(e as Error).message})`,
      );
    }
    let envelope: Envelope<unknown>;
    try {
      envelope = (await response.json()) as Envelope<unknown>;
    } catch {
      throw new CasusError('internal', `${fileName}: the server answered ${response.status}`);
    }
    if (!envelope.ok)
      throw new CasusError(envelope.error.code, envelope.error.message, envelope.error.details);
    return envelope.value as Uploaded;
  };
}

/** A screen the desktop app can put the audience window on. */
export interface DisplayInfo {
  id: number;
  label: string;
  width: number;
  height: number;
  primary: boolean;
}

/** What the Electron preload exposes on `window.casus`. */
export interface CasusBridge {
  invoke(method: string, input: unknown): Promise<Envelope<unknown>>;
  host: 'electron';
  /** The native open dialog: the chosen project file (granted for opening), or null. */
  chooseProjectToOpen(): Promise<string | null>;
  /** The native save dialog for a new project named `name`: its path (granted), or null. */
  chooseNewProjectLocation(name: string): Promise<string | null>;
  /** A .casus file dropped on the window: its path (granted for opening), or null. */
  projectFromDrop(file: File): Promise<string | null>;
  /** A File the user chose to import or attach: its path (granted for reading), or null. */
  fileToRead?(file: File): Promise<string | null>;
  /** The screens attached (group review: where the audience window goes). */
  displays?(): Promise<DisplayInfo[]>;
  /** Opens (or moves) the audience window, full screen on a display (null: another than ours). */
  openAudience?(displayId: number | null): Promise<{ ok: boolean; message?: string }>;
  /** Every change of what the audience screens show, as AudienceState JSON; returns an unsubscribe. */
  onReviewLive?(listener: (json: string) => void): () => void;
}

export function ipcTransport(bridge: CasusBridge): Transport {
  return (method, input) => bridge.invoke(method, input);
}
