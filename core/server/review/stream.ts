import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Session } from '../session.js';
import { liveHub } from './live.js';

/**
 * The audience screens' event stream in browser mode: `GET /api/review.stream` with the
 * per-launch token in its header (the page reads it with fetch(), so the token never appears in
 * a URL), answered as server-sent events: the current AudienceState at once, then every change.
 */
export const REVIEW_STREAM_PATH = '/api/review.stream';

/** A comment line now and then keeps proxies and idle timers from closing a quiet stream. */
const KEEPALIVE_MS = 15_000;

export function streamReviewLive(
  req: IncomingMessage,
  res: ServerResponse,
  session: Session,
): void {
  const hub = liveHub(session);
  res.statusCode = 200;
  res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Accel-Buffering', 'no');
  // Each event goes out as one small write: no waiting to fill a packet.
  res.socket?.setNoDelay(true);
  const send = (json: string) => {
    if (res.writableEnded || res.destroyed) throw new Error('stream closed');
    res.write(`data: ${json}\n\n`);
  };
  send(hub.currentJson());
  const unsubscribe = hub.subscribe((_state, json) => send(json));
  const keepalive = setInterval(() => {
    if (!res.writableEnded && !res.destroyed) res.write(': keepalive\n\n');
  }, KEEPALIVE_MS);
  keepalive.unref();
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    clearInterval(keepalive);
    unsubscribe();
  };
  req.on('close', end);
  res.on('close', end);
  res.on('error', end);
}
