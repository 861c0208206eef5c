import { join } from 'node:path';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { createContext } from '../../../core/server/context.js';
import { dispatch } from '../../../core/server/dispatch.js';
import { workbenchCaller, type Grant } from '../../../core/server/files/access.js';
import { Session } from '../../../core/server/session.js';
import type { Envelope } from '../../../core/shared/errors.js';
import type { CorePort } from '../../../electron/core-messages.js';
import { createCoreRelay } from '../../../electron/core-relay.js';
import { serveCore } from '../../../electron/core-server.js';
import { allowsPermission } from '../../../electron/permissions.js';
import { tempDir } from '../helpers.js';

/** Node's MessagePort standing in for Electron's utility process and its parentPort. */
function portOf<Out>(port: MessagePort): CorePort<Out> {
  return {
    postMessage: (message) => port.postMessage(message),
    onMessage: (listener) => port.on('message', listener),
  };
}

/** What the main process sends after the user chose `path` in the save dialog. */
const createGrant = (path: string): Grant[] => [{ path, use: 'create' }];

const channels: MessageChannel[] = [];
afterEach(() => {
  for (const c of channels.splice(0)) {
    c.port1.close();
    c.port2.close();
  }
});

/** The main process's relay, and a core on the other end of a channel holding a real Session. */
function desktopCore() {
  const channel = new MessageChannel();
  channels.push(channel);
  const session = new Session({ remember: false });
  const events: string[] = [];
  serveCore(portOf(channel.port2), {
    context: Promise.resolve(createContext(session)),
    close: () => {
      events.push('closed');
      session.close();
    },
    exit: () => events.push('exited'),
  });
  return { relay: createCoreRelay(portOf(channel.port1)), session, events };
}

describe('the desktop core process, through the relay', () => {
  const dir = tempDir();

  it('answers with the same envelopes as dispatch in the main process', async () => {
    const { relay, session } = desktopCore();
    const created = await relay.invoke(
      'project.create',
      { path: join(dir, 'relay.casus'), template: 'regio-deals' },
      createGrant(join(dir, 'relay.casus')),
    );
    expect(created).toMatchObject({ ok: true, value: { counts: { cases: 4 } } });
    const direct = new Session({ remember: false });
    direct.open(join(dir, 'relay.casus'));
    const ctx = createContext(direct);
    for (const [method, input] of [
      ['project.info', {}],
      ['codes.tree', {}],
      ['cases.list', {}],
      ['sources.get', { id: 'no-such-source' }],
      ['sources.get', { id: 42 }],
      ['no.such.method', {}],
    ] as const) {
      expect(await relay.invoke(method, input)).toEqual(
        await dispatch(method, input, ctx, workbenchCaller()),
      );
    }
    direct.close();
    session.close();
  });

  it('answers calls made at once each with its own result', async () => {
    const { relay, session } = desktopCore();
    await relay.invoke(
      'project.create',
      { path: join(dir, 'many.casus'), template: 'blank' },
      createGrant(join(dir, 'many.casus')),
    );
    const labels = ['Vertrouwen', 'Geld', 'Tijd', 'Regie', 'Kennis', 'Draagvlak'];
    const results = await Promise.all(
      labels.map((nl) =>
        relay.invoke('codes.create', { label: { nl, en: nl }, dimension: 'free' }),
      ),
    );
    expect(results.map((r) => r.ok && (r.value as { label: { nl: string } }).label.nl)).toEqual(
      labels,
    );
    const bad = await Promise.all([
      relay.invoke('sources.get', { id: 'missing' }),
      relay.invoke('project.info', {}),
    ]);
    expect(bad[0]).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(bad[1]).toMatchObject({ ok: true, value: { counts: { codes: labels.length } } });
    session.close();
  });

  it('on shutdown finishes the calls under way, then closes the project and exits', async () => {
    const { relay, events } = desktopCore();
    const creating = relay.invoke(
      'project.create',
      { path: join(dir, 'shutdown.casus'), template: 'regio-deals' },
      createGrant(join(dir, 'shutdown.casus')),
    );
    relay.shutdown();
    const late = relay.invoke('project.info', {});
    expect(await creating).toMatchObject({ ok: true });
    expect(await late).toMatchObject({
      ok: false,
      error: { code: 'internal', message: 'Casus is closing; the call was not run' },
    });
    await new Promise((r) => setTimeout(r, 0));
    expect(events).toEqual(['closed', 'exited']);
  });

  it('fails calls under way and later calls clearly when the core process stops', async () => {
    const channel = new MessageChannel();
    channels.push(channel);
    // Nothing answers on the other end: the core died before replying.
    const relay = createCoreRelay(portOf(channel.port1));
    const underWay = relay.invoke('project.info', {});
    relay.stopped('exit code 134');
    const expected: Envelope<unknown> = {
      ok: false,
      error: {
        code: 'internal',
        message:
          'The Casus core process stopped (exit code 134); restart Casus. Everything saved is in the project file.',
      },
    };
    expect(await underWay).toEqual(expected);
    expect(await relay.invoke('session.get', {})).toEqual(expected);
  });

  it('answers input that cannot be sent to the core with invalid_input', async () => {
    const { relay } = desktopCore();
    const result = await relay.invoke('project.info', { callback: () => 1 });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await relay.invoke('session.get', {})).toMatchObject({ ok: true });
  });

  it('copies the write-ahead log into the project after a write is answered, not inside it', async () => {
    const { relay, session } = desktopCore();
    const path = join(dir, 'log.casus');
    await relay.invoke('project.create', { path, template: 'blank' }, createGrant(path));
    const ok = await relay.invoke('cases.create', { label: { nl: 'Drechtsteden', en: '' } });
    expect(ok).toMatchObject({ ok: true });
    const db = session.db!;
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    const logPages = () => (db.pragma('wal_checkpoint(NOOP)') as { log: number }[])[0]!.log;
    // The log past its limit (1,000 pages), as many writes leave it: no commit copied it.
    db.exec('CREATE TABLE filler (x BLOB)');
    const fill = db.prepare('INSERT INTO filler VALUES (randomblob(3000))');
    for (let i = 0; i < 1500; i++) fill.run();
    expect(logPages()).toBeGreaterThan(1000);
    await relay.invoke('cases.create', { label: { nl: 'Foodvalley', en: '' } });
    await new Promise((done) => setImmediate(done));
    await new Promise((done) => setImmediate(done));
    // Copied after the answer: the next write starts the log from its beginning.
    await relay.invoke('cases.create', { label: { nl: 'Achterhoek', en: '' } });
    expect(logPages()).toBeLessThan(50);
    session.close();
  });
});

describe('desktop permissions', () => {
  const app = { requestingUrl: 'app://casus/index.html', isMainFrame: true };

  it('lets our own window write text to the clipboard, and nothing else', () => {
    expect(allowsPermission('clipboard-sanitized-write', app)).toBe(true);
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      expect(allowsPermission(p, app)).toBe(false);
    }
  });

  it('refuses the clipboard to other origins and to frames', () => {
    expect(
      allowsPermission('clipboard-sanitized-write', {
        requestingUrl: 'https://evil.example/',
        isMainFrame: true,
      }),
    ).toBe(false);
    expect(allowsPermission('clipboard-sanitized-write', { ...app, isMainFrame: false })).toBe(
      false,
    );
    expect(
      allowsPermission('clipboard-sanitized-write', {
        requestingUrl: undefined,
        isMainFrame: true,
      }),
    ).toBe(false);
  });
});
