import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';
import { Session } from '../../../core/server/session.js';

const root = join(import.meta.dirname, '..', '..', '..');

export interface ServedProject {
  child: ChildProcess;
  port: number;
  token: string;
  /** Whether the server process is still running. */
  alive(): boolean;
  stop(): void;
}

/** Creates a blank project in `dir` and serves it with `casus serve`, as a user would. */
export async function serveProject(dir: string): Promise<ServedProject> {
  const path = join(dir, 'served.casus');
  const session = new Session({ remember: false });
  await session.create(path, { template: 'blank', demo: false });
  session.close();
  const child = spawn(
    process.execPath,
    [join(root, 'bin/casus.mjs'), 'serve', path, '--no-open', '--port', '0'],
    { env: { ...process.env, CASUS_CONFIG_DIR: join(dir, 'config') }, stdio: 'pipe' },
  );
  let exited = false;
  child.on('exit', () => (exited = true));
  const openUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => reject(new Error(`casus serve exited with ${code}: ${err}`)));
  });
  return {
    child,
    port: Number(/:(\d+)\//.exec(openUrl)![1]),
    token: openUrl.split('#token=')[1]!,
    alive: () => !exited,
    stop: () => void child.kill('SIGTERM'),
  };
}

export interface RawResponse {
  /** The status code of the first response, or 0 when none came. */
  status: number;
  /** Everything the server sent. */
  text: string;
  /** The body of the first response (after the blank line). */
  body: string;
}

/** Whether the text holds a whole final response with a Content-Length. */
function complete(text: string): boolean {
  const split = text.indexOf('\r\n\r\n');
  if (split < 0 || /^HTTP\/1\.[01] 1\d\d/.test(text)) return false;
  const length = /\r\ncontent-length: *(\d+)/i.exec(text.slice(0, split));
  return length !== null && text.length - split - 4 >= Number(length[1]);
}

/**
 * Sends raw bytes to the server over TCP and collects what comes back until the server closes
 * the connection, a whole response has come, or `waitMs` passes. `cut` closes our side right
 * after sending: a request broken off midway.
 */
export function rawRequest(
  port: number,
  parts: (string | Buffer)[],
  opts: { cut?: boolean; waitMs?: number } = {},
): Promise<RawResponse> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      const split = text.indexOf('\r\n\r\n');
      resolve({
        status: m ? Number(m[1]) : 0,
        text,
        body: split >= 0 ? text.slice(split + 4) : '',
      });
    };
    const timer = setTimeout(finish, opts.waitMs ?? 3000);
    socket.on('data', (d: Buffer) => {
      chunks.push(d);
      if (complete(Buffer.concat(chunks).toString('latin1'))) finish();
    });
    socket.on('close', finish);
    socket.on('error', finish);
    socket.on('connect', () => {
      for (const p of parts) socket.write(p);
      if (opts.cut) finish();
    });
  });
}
