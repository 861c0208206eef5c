import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../core/server/http/server.js';
import { CasusError } from '../../core/shared/errors.js';
import { Session } from '../../core/server/session.js';
import { intOption, type CliCommand } from '../command.js';

/**
 * The built renderer, dist/renderer at the repository root: the nearest folder above this module
 * with a package.json, from the sources (cli/commands/) as from the compiled CLI
 * (dist/cli/cli/commands/).
 */
function rendererDir(): string {
  const start = dirname(fileURLToPath(import.meta.url));
  for (let dir = start; dirname(dir) !== dir; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'dist', 'renderer');
  }
  return join(start, '..', '..', 'dist', 'renderer');
}

export const RENDERER_DIR = rendererDir();

/** Opens a URL in the user's browser; failure is not an error, the URL is printed anyway. */
export function openInBrowser(url: string): void {
  const [cmd, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '', url]]
        : ['xdg-open', [url]];
  try {
    const child = spawn(cmd as string, args as string[], { detached: true, stdio: 'ignore' });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // No browser launcher: the printed URL is enough.
  }
}

/** Serves a session until the process is stopped. */
export async function serveSession(
  session: Session,
  opts: { port?: number | undefined; open: boolean; out: (t: string) => void },
): Promise<never> {
  const server = await startServer({
    session,
    port: opts.port ?? 0,
    staticDir: RENDERER_DIR,
  }).catch((e: unknown) => {
    const code = (e as { code?: string }).code;
    if (code === 'EADDRINUSE' || code === 'EACCES')
      throw new CasusError(
        'invalid_input',
        `cannot serve on port ${opts.port ?? 0}: ${code === 'EADDRINUSE' ? 'another program uses it' : 'not allowed'}; choose another with --port, or leave it out for a free one`,
      );
    throw e;
  });
  opts.out(
    `Casus is running in browser mode. Open:\n  ${server.openUrl}\n(API under ${server.url}/api/; stop with Ctrl+C)`,
  );
  // The browser gets a one-time launch URL: a command line is readable by every user (`ps`).
  if (opts.open) openInBrowser(server.launchUrl());
  const stop = () => {
    void server.close().then(() => {
      session.close();
      process.exit(0);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return new Promise<never>(() => undefined);
}

export const serveCommands: CliCommand[] = [
  {
    name: 'serve',
    usage: 'casus serve <file.casus> [--port N] [--no-open]',
    summary: 'Serve the workbench for a browser on 127.0.0.1 (API under /api/).',
    options: { port: { type: 'string' }, 'no-open': { type: 'boolean' } },
    async run({ positionals, values }, io) {
      const session = new Session({ remember: true, announce: 'workbench', autoSnapshots: true });
      if (positionals[0]) session.open(positionals[0]);
      await serveSession(session, {
        port: intOption(values, 'port'),
        open: values['no-open'] !== true,
        out: io.out,
      });
      return 0;
    },
  },
];
