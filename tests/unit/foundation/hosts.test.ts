import type { IpcMainInvokeEvent } from 'electron';
import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type CasusClient } from '../../../core/client/client.js';
import { httpTransport } from '../../../core/client/transports.js';
import { createContext } from '../../../core/server/context.js';
import { startServer, type RunningServer } from '../../../core/server/http/server.js';
import { Session } from '../../../core/server/session.js';
import { CasusError, type Envelope } from '../../../core/shared/errors.js';
import { createCoreRelay } from '../../../electron/core-relay.js';
import { serveCore } from '../../../electron/core-server.js';
import { IPC_CHANNEL, isAppUrl, registerIpc, type IpcMainLike } from '../../../electron/ipc.js';
import { runCli } from '../../../cli/main.js';
import { GrantedPaths } from '../../../electron/grants.js';
import { callerFor, tempDir } from '../helpers.js';

/** What the scenario observes, through any host. */
interface Observed {
  template: string;
  cases: { nl: string; en: string }[];
  caseKey: string;
  code: { label: { nl: string; en: string }; dimension: string; color: string };
  coder: { name: string; initials: string };
  /** The coder the session works as (the CLI keeps no session between commands). */
  currentCoder?: string;
  counts: Record<string, number>;
  notFound: unknown;
  invalid: unknown;
}

/**
 * The same scenario, through any client: create, add a case and a code, read them back. The CLI
 * names the new file; the workbench names the project and a folder of the projects folder.
 */
async function scenario(
  client: Pick<CasusClient, 'call'>,
  where: { path: string } | { folder: string; name: string },
): Promise<Observed> {
  const info = await client.call('project.create', { ...where, template: 'blank' });
  const kase = await client.call('cases.create', {
    label: { nl: 'Noorderkwartier', en: 'North Quarter' },
  });
  const code = await client.call('codes.create', {
    label: { nl: 'Vertrouwen', en: 'Trust' },
    dimension: 'free',
  });
  const coder = await client.call('coders.create', { name: 'Anna de Vries' });
  const session = await client.call('session.get', {});
  const after = await client.call('project.info', {});
  let error: unknown;
  try {
    await client.call('sources.get', { id: 'no-such-source' });
  } catch (e) {
    error = e;
  }
  let invalid: unknown;
  try {
    await client.call('codes.create', { label: { nl: '', en: '' } } as never);
  } catch (e) {
    invalid = e;
  }
  return {
    template: info.template,
    cases: after.cases.map((c) => c.label),
    caseKey: kase.key,
    code: { label: code.label, dimension: code.dimension, color: code.color },
    coder: { name: coder.name, initials: coder.initials },
    currentCoder: session.coder?.name,
    counts: after.counts,
    notFound: error instanceof CasusError ? [error.code, error.message] : error,
    invalid: invalid instanceof CasusError ? invalid.code : invalid,
  };
}

/** Runs `casus <args>` as the command line does (argument parsing, output, exit code). */
async function casus(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** The scenario through the `casus` commands; each opens the file on its own, as a process does. */
async function cliScenario(path: string): Promise<Observed> {
  const json = async <T>(...argv: string[]): Promise<T> => {
    const r = await casus(...argv, '--json');
    if (r.code !== 0) throw new Error(`casus ${argv.join(' ')}: ${r.err}`);
    return JSON.parse(r.out) as T;
  };
  const info = await json<{ template: string }>('new', path, '--template', 'blank');
  const kase = await json<{ key: string }>(
    'cases',
    'add',
    path,
    '--label-nl',
    'Noorderkwartier',
    '--label-en',
    'North Quarter',
  );
  const code = await json<Observed['code']>(
    'codes',
    'add',
    path,
    '--label-nl',
    'Vertrouwen',
    '--label-en',
    'Trust',
    '--dimension',
    'free',
  );
  const coder = await json<Observed['coder']>('coders', 'add', path, '--name', 'Anna de Vries');
  const after = await json<{
    cases: { label: { nl: string; en: string } }[];
    counts: Record<string, number>;
  }>('info', path);
  // An error is one line on stderr, "casus <command>: <message>"; invalid input exits with 2.
  const missing = await casus('source', path, 'no-such-source');
  const invalid = await casus('codes', 'add', path, '--label-nl', ' ');
  return {
    template: info.template,
    cases: after.cases.map((c) => c.label),
    caseKey: kase.key,
    code: { label: code.label, dimension: code.dimension, color: code.color },
    coder: { name: coder.name, initials: coder.initials },
    counts: after.counts,
    // The CLI reports an error by its message and exit code (2 for invalid input, 1 otherwise).
    notFound: [`exit ${missing.code}`, missing.err.replace(/^casus source: /, '')],
    invalid: `exit ${invalid.code}`,
  };
}

/** A client that calls through the desktop host: IPC in the main process, relayed to the core. */
function ipcClient(session: Session, granted: string[] = []) {
  const channel = new MessageChannel();
  serveCore(
    {
      postMessage: (m) => channel.port2.postMessage(m),
      onMessage: (l) => channel.port2.on('message', l),
    },
    {
      context: Promise.resolve(createContext(session)),
      close: () => undefined,
      exit: () => undefined,
    },
  );
  const relay = createCoreRelay({
    postMessage: (m) => channel.port1.postMessage(m),
    onMessage: (l) => channel.port1.on('message', l),
  });
  const { ipc, invoke } = fakeIpc();
  // As main.ts does: every call carries the paths the user chose in a native dialog.
  const grants = new GrantedPaths();
  for (const path of granted) grants.grant(path, 'create');
  registerIpc(
    ipc,
    (method, input) => relay.invoke(method, input, grants.list()),
    (event) => isAppUrl(event.senderFrame?.url),
  );
  const client: Pick<CasusClient, 'call'> = {
    call: async (method, input) => {
      const envelope = await invoke('app://casus/index.html', method, input);
      if (!envelope.ok)
        throw new CasusError(envelope.error.code, envelope.error.message, envelope.error.details);
      return envelope.value as never;
    },
  };
  return { client, invoke, close: () => channel.port1.close() };
}

function fakeIpc() {
  const handlers = new Map<string, (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown>();
  const ipc: IpcMainLike = {
    handle: (channel, listener) => void handlers.set(channel, listener),
  };
  const invoke = (url: string, ...args: unknown[]) =>
    handlers.get(IPC_CHANNEL)!(
      { senderFrame: { url, parent: null } } as unknown as IpcMainInvokeEvent,
      ...args,
    ) as Promise<Envelope<unknown>>;
  return { ipc, invoke };
}

describe('one API, four hosts', () => {
  const dir = tempDir();
  let server: RunningServer;
  const serverSession = new Session({ remember: false });

  const projectsDir = process.env.CASUS_PROJECTS_DIR;
  beforeAll(async () => {
    process.env.CASUS_PROJECTS_DIR = join(dir, 'projects');
    server = await startServer({ session: serverSession });
  });
  afterAll(async () => {
    await server.close();
    serverSession.close();
    if (projectsDir === undefined) delete process.env.CASUS_PROJECTS_DIR;
    else process.env.CASUS_PROJECTS_DIR = projectsDir;
  });

  it('gives the same results through the core, the HTTP server, Electron IPC and the CLI', async () => {
    const direct = new Session({ remember: false });
    const viaCore = await scenario(
      { call: callerFor(createContext(direct)) },
      { path: join(dir, 'direct.casus') },
    );
    direct.close();
    const viaHttp = await scenario(createClient(httpTransport(server.url, server.token)), {
      folder: '',
      name: 'Via HTTP',
    });
    expect(viaHttp).toEqual(viaCore);
    expect(viaCore.notFound).toEqual(['not_found', 'No source with id no-such-source']);
    expect(viaCore.invalid).toBe('invalid_input');
    expect(viaCore.currentCoder).toBe('Anna de Vries');

    // The desktop host: IPC in the main process, relayed to the core process.
    const desktop = new Session({ remember: false });
    const ipc = ipcClient(desktop, [join(dir, 'ipc.casus')]);
    const viaIpc = await scenario(ipc.client, { path: join(dir, 'ipc.casus') });
    ipc.close();
    desktop.close();
    expect(viaIpc).toEqual(viaCore);

    // The command line: one `casus` command per step, each opening the file anew.
    const viaCli = await cliScenario(join(dir, 'cli.casus'));
    const { currentCoder: _session, ...sessionless } = viaCore;
    expect(viaCli).toEqual({
      ...sessionless,
      notFound: ['exit 1', 'No source with id no-such-source'],
      invalid: 'exit 2',
    });
  });

  it('answers /api/ without the token with 401, before any routing', async () => {
    const res = await fetch(`${server.url}/api/project.info`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(401);
    const unknown = await fetch(`${server.url}/api/no.such.method`, { method: 'POST', body: '{}' });
    expect(unknown.status).toBe(401);
    const wrong = await fetch(`${server.url}/api/project.info`, {
      method: 'POST',
      body: '{}',
      headers: { 'X-Casus-Token': 'x'.repeat(server.token.length) },
    });
    expect(wrong.status).toBe(401);
  });

  it('answers a foreign Host or Origin with 403 on any path, and sends no CORS headers', async () => {
    const { request } = await import('node:http');
    const raw = (path: string, headers: Record<string, string>) =>
      new Promise<{ status: number; headers: Record<string, unknown> }>((resolve, reject) => {
        const req = request(
          { host: '127.0.0.1', port: server.port, path, method: 'POST', headers },
          (res) => {
            res.resume();
            resolve({ status: res.statusCode ?? 0, headers: res.headers });
          },
        );
        req.on('error', reject);
        req.end('{}');
      });
    const rebinding = await raw('/api/project.info', {
      Host: 'evil.example:80',
      'X-Casus-Token': server.token,
    });
    expect(rebinding.status).toBe(403);
    const page = await raw('/', { Host: 'attacker.test' });
    expect(page.status).toBe(403);
    const csrf = await raw('/api/project.info', {
      Host: `127.0.0.1:${server.port}`,
      Origin: 'http://evil.example',
      'X-Casus-Token': server.token,
    });
    expect(csrf.status).toBe(403);
    const ok = await raw('/api/session.get', {
      Host: `127.0.0.1:${server.port}`,
      Origin: server.url,
      'X-Casus-Token': server.token,
    });
    expect(ok.status).toBe(200);
    expect(ok.headers['access-control-allow-origin']).toBeUndefined();
    expect(String(ok.headers['content-security-policy'])).toContain("script-src 'self'");
  });

  it('keeps running after malformed requests and reports them clearly', async () => {
    const headers = { 'X-Casus-Token': server.token };
    const badJson = await fetch(`${server.url}/api/project.info`, {
      method: 'POST',
      body: '{oops',
      headers,
    });
    expect(badJson.status).toBe(400);
    expect((await badJson.json()) as Envelope<unknown>).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    const unknown = await fetch(`${server.url}/api/no.such.method`, {
      method: 'POST',
      body: '{}',
      headers,
    });
    expect(unknown.status).toBe(404);
    const get = await fetch(`${server.url}/api/project.info`, { headers });
    expect(get.status).toBe(405);
    const still = await fetch(`${server.url}/api/session.get`, {
      method: 'POST',
      body: '{}',
      headers,
    });
    expect(still.status).toBe(200);
  });

  it('binds to 127.0.0.1 only', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
});

describe('Electron IPC adapter', () => {
  const dir = tempDir();

  it('serves the contract on one channel, validating input, and refuses foreign frames', async () => {
    // As in the desktop app: IPC in the main process, relayed to the core over a message port.
    const session = new Session({ remember: false });
    const { invoke, close } = ipcClient(session, [join(dir, 'ipc.casus')]);
    const elsewhere = await invoke('app://casus/index.html', 'project.create', {
      path: join(dir, 'not-chosen.casus'),
      template: 'regio-deals',
    });
    expect(elsewhere).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const created = await invoke('app://casus/index.html', 'project.create', {
      path: join(dir, 'ipc.casus'),
      template: 'regio-deals',
    });
    expect(created, JSON.stringify(created)).toMatchObject({
      ok: true,
      value: { template: 'regio-deals', counts: { cases: 4 } },
    });
    const bad = await invoke('app://casus/index.html', 'sources.get', { id: 42 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const notString = await invoke('app://casus/index.html', 42, {});
    expect(notString).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const foreign = await invoke('https://evil.example/', 'project.info', {});
    expect(foreign).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    close();
    session.close();
  });
});
