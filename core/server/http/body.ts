import type { IncomingMessage } from 'node:http';

/** A request body over the server's cap; answered with 413. */
export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`the request body is larger than ${Math.round(limit / 1024 / 1024)} MB`);
    this.name = 'BodyTooLarge';
  }
}

/** A body that is not valid UTF-8 (JSON over HTTP must be). */
export class BodyNotUtf8 extends Error {
  constructor() {
    super('The request body is not valid UTF-8');
    this.name = 'BodyNotUtf8';
  }
}

/** The declared Content-Length when it is over `limit`, checked before reading anything. */
export function declaredTooLarge(req: IncomingMessage, limit: number): boolean {
  const declared = Number(req.headers['content-length']);
  return Number.isFinite(declared) && declared > limit;
}

/**
 * After a refusal the client may still be sending. Closing the socket at once would make the
 * kernel answer its next bytes with a reset, and clients then report "connection reset" instead
 * of our 413. So the rest is read and dropped, within bounds; a client that keeps sending past
 * them is cut off. A body that ends in time leaves the connection clean for its next request.
 */
const DRAIN_BYTES = 256 * 1024 * 1024;
const DRAIN_MS = 15_000;

export function dropRestOfBody(req: IncomingMessage): void {
  if (req.complete) return;
  let dropped = 0;
  const cutOff = () => req.socket.destroy();
  const timer = setTimeout(cutOff, DRAIN_MS);
  timer.unref();
  req.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > DRAIN_BYTES) cutOff();
  });
  req.on('end', () => clearTimeout(timer));
  req.on('close', () => clearTimeout(timer));
  req.on('error', () => clearTimeout(timer));
  req.resume();
}

/**
 * Reads a request body of at most `limit` bytes as UTF-8 text. Over the limit it stops keeping
 * the bytes and rejects with BodyTooLarge (the caller answers 413, then calls dropRestOfBody).
 */
export function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        req.off('data', onData);
        req.pause();
        reject(new BodyTooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => {
      if (over) return;
      try {
        resolve(new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks)));
      } catch {
        reject(new BodyNotUtf8());
      }
    });
    req.on('error', reject);
  });
}
