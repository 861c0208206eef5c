import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { mediaOf } from '../../../db/repo/media.js';
import { MEDIA_TYPES } from '../media/kinds.js';
import { checkMedia, mediaFolder, mediaPath } from '../media/store.js';
import type { ServiceContext } from '../context.js';

/**
 * The recordings for the viewer's player: `GET /media/<source id>?token=…`. An <audio> element
 * sends no header of ours, so the session token travels in the query here (our own origin only,
 * no referrer). Range requests are answered with 206, so the player can seek without loading the
 * whole file.
 */
export const MEDIA_PATH = '/media/';

function plain(res: ServerResponse, status: number, text: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(text);
}

/** One byte range of a `Range: bytes=…` header; null when it asks for none we can give. */
export function parseRange(
  header: string,
  size: number,
): { start: number; end: number } | 'unsatisfiable' | null {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m) return null; // several ranges or another unit: the whole file is a valid answer
  const [, a = '', b = ''] = m;
  if (a === '' && b === '') return null;
  if (a === '') {
    const n = Number(b);
    if (n === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(a);
  const end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

export async function serveMedia(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: ServiceContext,
  sourceId: string,
): Promise<void> {
  const path = ctx.session.path;
  if (!ctx.session.db || !path || path === ':memory:')
    return plain(res, 404, 'No project file is open');
  const row = mediaOf(ctx.read(), sourceId);
  if (!row) return plain(res, 404, 'No recording is attached to this source');
  const folder = mediaFolder(path);
  const state = await checkMedia(folder, row);
  if (state !== 'ok')
    return plain(res, 404, `The recording ${row.original_name} is ${state} beside the project`);
  const file = mediaPath(folder, row);
  const size = statSync(file).size;
  res.setHeader('Content-Type', MEDIA_TYPES[row.ext].mime);
  res.setHeader('Accept-Ranges', 'bytes');
  res.setHeader('Cache-Control', 'no-store');
  const header = req.headers.range;
  const range = header ? parseRange(header, size) : null;
  if (range === 'unsatisfiable') {
    res.setHeader('Content-Range', `bytes */${size}`);
    return plain(res, 416, 'The requested range is outside the recording');
  }
  const { start, end } = range ?? { start: 0, end: size - 1 };
  res.statusCode = range ? 206 : 200;
  if (range) res.setHeader('Content-Range', `bytes ${start}-${end}/${size}`);
  res.setHeader('Content-Length', String(size === 0 ? 0 : end - start + 1));
  if (req.method === 'HEAD' || size === 0) {
    res.end();
    return;
  }
  const stream = createReadStream(file, { start, end });
  stream.on('error', () => res.destroy());
  res.on('close', () => stream.destroy());
  stream.pipe(res);
}
