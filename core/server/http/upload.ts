import type { IncomingMessage, ServerResponse } from 'node:http';
import { storageProblem } from '../../../db/storage-errors.js';
import type { Envelope, ErrorCode } from '../../shared/errors.js';
import { UploadTooLarge, type UploadStore } from '../files/uploads.js';
import { dropRestOfBody } from './body.js';

/**
 * Browser mode's way in for large files: the page POSTs the file's bytes as they are (no JSON,
 * no base64) and names the upload id in the call that uses it (core/server/files/uploads.ts).
 * The token, Host and Origin are checked before this is reached, as for every /api/ request.
 */
export const UPLOAD_PATH = '/api/upload';

const STATUS: Partial<Record<ErrorCode, number>> = { disk_full: 507, read_only: 500 };

function answer(res: ServerResponse, status: number, body: Envelope<unknown>): void {
  if (res.headersSent) return;
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(JSON.stringify(body));
}

/** The file's name the page gives (for messages only: it never becomes a path). */
function nameOf(req: IncomingMessage): string {
  const name = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('name') ?? '';
  return name.trim().slice(0, 500) || 'the file';
}

export function receiveUpload(
  req: IncomingMessage,
  res: ServerResponse,
  uploads: UploadStore,
): void {
  const name = nameOf(req);
  const tooLarge = (e: UploadTooLarge) => {
    answer(res, 413, {
      ok: false,
      error: { code: 'invalid_input', message: `${name}: not taken, ${e.message}` },
    });
    dropRestOfBody(req);
  };
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > uploads.limit) {
    tooLarge(new UploadTooLarge(uploads.limit));
    return;
  }
  uploads
    .receive(req, name)
    .then(({ id, size }) => answer(res, 200, { ok: true, value: { upload: id, size } }))
    .catch((e: unknown) => {
      if (e instanceof UploadTooLarge) {
        tooLarge(e);
        return;
      }
      // The page went away mid-file: nobody is left to answer.
      if (req.destroyed && !req.complete) return;
      const problem = storageProblem(e);
      answer(res, problem ? (STATUS[problem.code] ?? 500) : 500, {
        ok: false,
        error: {
          code: problem?.code ?? 'internal',
          message: `${name}: not taken, ${problem?.reason ?? (e instanceof Error ? e.message : String(e))}`,
        },
      });
    });
}
