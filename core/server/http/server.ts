import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp.js';
import type { Envelope, ErrorCode } from '../../shared/errors.js';
import { createContext } from '../context.js';
import { dispatch, toErrorEnvelope } from '../dispatch.js';
import { workbenchCaller } from '../files/access.js';
import { REVIEW_STREAM_PATH, streamReviewLive } from '../review/stream.js';
import type { Session } from '../session.js';
import { LAUNCH_PATH, LaunchCodes } from './launch.js';
import { MEDIA_PATH, serveMedia } from './media.js';
import { receiveUpload, UPLOAD_PATH } from './upload.js';
import { BodyNotUtf8, BodyTooLarge, declaredTooLarge, dropRestOfBody, readBody } from './body.js';
import { AnsweredCheckpoints } from '../checkpoints.js';
import { startCallTiming, serverTiming, type CallTiming } from './timing.js';

export const TOKEN_HEADER = 'x-casus-token';
/** Imports travel as base64 in JSON; 50 MB files grow by a third. */
const MAX_BODY_BYTES = 80 * 1024 * 1024;

/** HTTP status per error code; other codes are the caller's to fix (400). */
const ERROR_STATUS: Partial<Record<ErrorCode, number>> = {
  unknown_method: 404,
  forbidden: 403,
  in_the_past: 409,
  cancelled: 409,
  busy: 503,
  disk_full: 507,
  read_only: 500,
  io_error: 500,
  internal: 500,
};

const LAUNCH_USED = [
  'Deze startlink is al gebruikt of verlopen. Open het adres dat Casus in de terminal toonde.',
  'This launch link has been used or has expired. Open the address Casus printed in the terminal.',
  '',
].join('\n');

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

export interface ServerOptions {
  session: Session;
  /** 0 picks a free port. */
  port?: number;
  /** The built renderer (vite build output); without it only the API is served. */
  staticDir?: string;
  token?: string;
}

export interface RunningServer {
  url: string;
  /**
   * The URL with the token in its fragment (never sent to the server): to print for the user.
   * Do not put it on a command line, where other users can read it; use launchUrl() for that.
   */
  openUrl: string;
  /**
   * A fresh one-time URL to open the browser with: it carries no token, and the server answers
   * it once, within a minute, with a redirect to openUrl.
   */
  launchUrl(): string;
  port: number;
  token: string;
  close(): Promise<void>;
}

function securityHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: Envelope<unknown>,
  timing?: CallTiming,
): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  const json = JSON.stringify(body);
  if (timing) res.setHeader('Server-Timing', serverTiming(timing, performance.now()));
  res.end(json);
}

function sendError(res: ServerResponse, status: number, message: string): void {
  sendJson(res, status, { ok: false, error: { code: 'invalid_input', message } });
}

/** An unexpected throw while handling a request: answered with 500, never a crash. */
function fail(res: ServerResponse, e: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, 500, toErrorEnvelope(e));
}

/** The path of a request target (origin or absolute form), or null when it is no URL. */
function pathOf(target: string | undefined): string | null {
  try {
    return new URL(target ?? '/', 'http://127.0.0.1').pathname;
  } catch {
    return null;
  }
}

/** Percent-decoding that says null instead of throwing on bad input (`%E0%A4%A`). */
function decodePath(path: string): string | null {
  try {
    return decodeURIComponent(path);
  } catch {
    return null;
  }
}

/** 413 with the JSON envelope; the rest of the body is read and dropped (see dropRestOfBody). */
function refuseTooLarge(req: IncomingMessage, res: ServerResponse, e: BodyTooLarge): void {
  sendError(res, 413, `Request refused: ${e.message}`);
  dropRestOfBody(req);
}

function tokenMatches(given: string | string[] | undefined, token: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The local server of browser mode: 127.0.0.1 only, a per-launch token, Host/Origin checks. */
export function startServer(options: ServerOptions): Promise<RunningServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const launchCodes = new LaunchCodes();
  const checkpoints = new AnsweredCheckpoints();
  const ctx = createContext(options.session);
  const staticRoot = options.staticDir ? resolve(options.staticDir) : null;
  let allowedHosts = new Set<string>();
  let allowedOrigins = new Set<string>();

  const serveStatic = (pathname: string, res: ServerResponse) => {
    if (!staticRoot || !existsSync(join(staticRoot, 'index.html'))) {
      res.statusCode = 404;
      res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      res.end('The renderer is not built: run `npm run build:renderer`.');
      return;
    }
    const decoded = decodePath(pathname);
    if (decoded === null) {
      sendError(res, 400, 'The request URL is not valid percent-encoding');
      return;
    }
    const rel = normalize(decoded).replace(/^([/\\])+/, '');
    let file = resolve(staticRoot, rel);
    if (file !== staticRoot && !file.startsWith(staticRoot + sep)) {
      res.statusCode = 403;
      res.end();
      return;
    }
    if (!existsSync(file) || !statSync(file).isFile()) file = join(staticRoot, 'index.html');
    res.statusCode = 200;
    res.setHeader('Content-Type', MIME[extname(file)] ?? 'application/octet-stream');
    res.setHeader('Cache-Control', file.endsWith('index.html') ? 'no-store' : 'max-age=3600');
    res.end(readFileSync(file));
  };

  /** A one-time launch code: redeemed once by a GET, with a redirect that hands over the token. */
  const launch = (code: string, req: IncomingMessage, res: ServerResponse) => {
    res.setHeader('Cache-Control', 'no-store');
    if (req.method !== 'GET') {
      res.setHeader('Allow', 'GET');
      res.statusCode = 405;
      res.end();
      return;
    }
    if (launchCodes.redeem(code)) {
      // Browsers keep the fragment of a Location; the token never travels in a request.
      res.statusCode = 303;
      res.setHeader('Location', `/#token=${token}`);
      res.end();
      return;
    }
    res.statusCode = 410;
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.end(LAUNCH_USED);
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    securityHeaders(res);
    // DNS rebinding and cross-site requests: only our own Host and Origin, on every path.
    const host = req.headers.host ?? '';
    const origin = req.headers.origin;
    if (!allowedHosts.has(host) || (origin !== undefined && !allowedOrigins.has(origin))) {
      sendJson(res, 403, {
        ok: false,
        error: { code: 'forbidden', message: 'Forbidden: foreign Host or Origin' },
      });
      return;
    }
    const pathname = pathOf(req.url);
    if (pathname === null) {
      sendError(res, 400, 'The request URL is not valid');
      return;
    }
    if (pathname.startsWith('/api/')) {
      if (!tokenMatches(req.headers[TOKEN_HEADER], token)) {
        sendJson(res, 401, {
          ok: false,
          error: { code: 'unauthorized', message: 'Missing or wrong token' },
        });
        return;
      }
      // The audience screens' event stream: the one GET under /api/ (token checked above).
      if (pathname === REVIEW_STREAM_PATH && req.method === 'GET') {
        streamReviewLive(req, res, options.session);
        return;
      }
      if (pathname === UPLOAD_PATH && req.method === 'POST') {
        receiveUpload(req, res, options.session.uploads);
        return;
      }
      if (req.method !== 'POST') {
        res.setHeader('Allow', 'POST');
        sendJson(res, 405, {
          ok: false,
          error: { code: 'invalid_input', message: 'Use POST for /api/ calls' },
        });
        return;
      }
      const method = decodePath(pathname.slice('/api/'.length));
      if (method === null) {
        sendError(res, 400, 'The method name in the URL is not valid percent-encoding');
        return;
      }
      if (declaredTooLarge(req, MAX_BODY_BYTES)) {
        refuseTooLarge(req, res, new BodyTooLarge(MAX_BODY_BYTES));
        return;
      }
      const timing = startCallTiming();
      readBody(req, MAX_BODY_BYTES)
        .then(async (body) => {
          let input: unknown;
          try {
            input = body ? JSON.parse(body) : {};
          } catch {
            sendError(res, 400, 'The request body is not valid JSON');
            return;
          }
          timing.bodyRead();
          checkpoints.beforeCall(options.session.db);
          // A page names no file on this computer beyond the projects folder and recent list.
          const envelope = await dispatch(method, input, ctx, workbenchCaller());
          timing.dispatched();
          const status = envelope.ok ? 200 : (ERROR_STATUS[envelope.error.code] ?? 400);
          sendJson(res, status, envelope, timing);
          if (envelope.ok && envelope.changed)
            res.once('finish', () => checkpoints.afterAnswer(options.session));
        })
        .catch((e: unknown) => {
          if (res.headersSent) return;
          if (e instanceof BodyTooLarge) refuseTooLarge(req, res, e);
          else if (e instanceof BodyNotUtf8) sendError(res, 400, e.message);
          else fail(res, e);
        });
      return;
    }
    if (pathname.startsWith(MEDIA_PATH)) {
      // The player's requests: the token in the query, since a media element sends no header.
      const query = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams;
      if (!tokenMatches(query.get('token') ?? undefined, token)) {
        res.statusCode = 401;
        res.end();
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.setHeader('Allow', 'GET, HEAD');
        res.statusCode = 405;
        res.end();
        return;
      }
      const sourceId = decodePath(pathname.slice(MEDIA_PATH.length));
      if (sourceId === null) {
        sendError(res, 400, 'The source id in the URL is not valid percent-encoding');
        return;
      }
      serveMedia(req, res, ctx.forCall(), sourceId).catch((e: unknown) => fail(res, e));
      return;
    }
    if (pathname.startsWith(LAUNCH_PATH)) {
      launch(pathname.slice(LAUNCH_PATH.length), req, res);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.statusCode = 405;
      res.end();
      return;
    }
    serveStatic(pathname, res);
  };

  // Whatever a request holds, an unexpected throw is answered and the server keeps running.
  const server = createServer((req, res) => {
    try {
      handle(req, res);
    } catch (e) {
      fail(res, e);
    }
  });

  return new Promise((resolveServer, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
      allowedOrigins = new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
      const url = `http://127.0.0.1:${port}`;
      resolveServer({
        url,
        openUrl: `${url}/#token=${token}`,
        launchUrl: () => `${url}${LAUNCH_PATH}${launchCodes.create()}`,
        port,
        token,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => void options.session.uploads.clear().then(done, done));
          }),
      });
    });
  });
}
