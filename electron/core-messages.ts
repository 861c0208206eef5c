import type { Grant } from '../core/server/files/access.js';
import type { Envelope } from '../core/shared/errors.js';

/**
 * The messages between the main process (window, protocol, IPC) and the core process (an Electron
 * utility process that holds the Session and calls dispatch). Calls carry a request id, so answers
 * may come back in any order: a long query never holds up a short one.
 */
export type ToCore =
  | {
      type: 'call';
      id: number;
      method: string;
      input: unknown;
      /** The paths the main process granted (native dialogs): the only ones a call may name. */
      granted: Grant[];
    }
  /** Finish the calls under way, close the project, stop. */
  | { type: 'shutdown' };

export type FromCore =
  | { type: 'reply'; id: number; envelope: Envelope<unknown> }
  /** What the audience screens show changed (AudienceState as JSON): every window is told. */
  | { type: 'event'; channel: 'review.live'; json: string };

export type CoreEvent = Extract<FromCore, { type: 'event' }>;

/**
 * One end of the channel. Electron's utility process, its parentPort and Node's MessagePort each
 * get a small adapter (electron/main.ts, electron/core-process.ts; tests use a MessageChannel).
 */
export interface CorePort<Out> {
  postMessage(message: Out): void;
  onMessage(listener: (message: unknown) => void): void;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** The well-formed grants of a message; anything else grants nothing. */
function grantsIn(v: unknown): Grant[] {
  if (!Array.isArray(v)) return [];
  return v.filter(
    (g): g is Grant =>
      isRecord(g) && typeof g.path === 'string' && (g.use === 'open' || g.use === 'create'),
  );
}

/** A message the core understands, or null for anything else. */
export function parseToCore(m: unknown): ToCore | null {
  if (!isRecord(m)) return null;
  if (m.type === 'shutdown') return { type: 'shutdown' };
  if (m.type === 'call' && typeof m.id === 'number' && typeof m.method === 'string') {
    return {
      type: 'call',
      id: m.id,
      method: m.method,
      input: m.input,
      granted: grantsIn(m.granted),
    };
  }
  return null;
}

/** An event from the core, or null for anything else. */
export function parseCoreEvent(m: unknown): CoreEvent | null {
  if (!isRecord(m) || m.type !== 'event' || m.channel !== 'review.live') return null;
  return typeof m.json === 'string' ? { type: 'event', channel: m.channel, json: m.json } : null;
}

/** An answer from the core, or null for anything else. */
export function parseFromCore(m: unknown): Extract<FromCore, { type: 'reply' }> | null {
  if (!isRecord(m) || m.type !== 'reply' || typeof m.id !== 'number') return null;
  const e = m.envelope;
  if (!isRecord(e) || typeof e.ok !== 'boolean') return null;
  return { type: 'reply', id: m.id, envelope: e as Envelope<unknown> };
}
