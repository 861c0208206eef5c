import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { createContext } from '../../../core/server/context.js';
import { Session } from '../../../core/server/session.js';
import { AudienceState } from '../../../core/shared/contract/review.js';
import type { CoreEvent, CorePort } from '../../../electron/core-messages.js';
import { createCoreRelay } from '../../../electron/core-relay.js';
import { serveCore } from '../../../electron/core-server.js';

function portOf<Out>(port: MessagePort): CorePort<Out> {
  return {
    postMessage: (message) => port.postMessage(message),
    onMessage: (listener) => port.on('message', listener),
  };
}

describe('the desktop app relays the presentation to every window', () => {
  const channel = new MessageChannel();
  const session = new Session({ remember: false });
  const dir = mkdtempSync(join(tmpdir(), 'casus-live-'));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    channel.port1.close();
    channel.port2.close();
    session.close();
  });

  it("the core process tells the main process each change of the audience's state", async () => {
    serveCore(portOf(channel.port2), {
      context: Promise.resolve(createContext(session)),
      close: () => session.close(),
      exit: () => undefined,
      session,
    });
    const events: CoreEvent[] = [];
    const relay = createCoreRelay(portOf(channel.port1), { onEvent: (e) => events.push(e) });
    const project = join(dir, 'live.casus');
    // The workbench creates a project only where the user chose (a granted path).
    const call = async (method: string, input: unknown) => {
      const e = await relay.invoke(method, input, [{ path: project, use: 'create' }]);
      if (!e.ok) throw new Error(e.error.message);
      return e.value as Record<string, unknown>;
    };
    await call('project.create', { path: project, template: 'regio-deals', demo: true });
    const s = await call('review.sessions.create', { title: 'Sessie', date: '2022-03-14' });
    const item = await call('review.items.add', { sessionId: s.id, matrix: 'framework' });
    await call('review.present', { sessionId: s.id, itemId: item.id, frame: 1 });
    await call('review.stop', {});
    for (let i = 0; i < 100 && events.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    const states = events.map((e) => AudienceState.parse(JSON.parse(e.json)));
    expect(states.map((x) => x.kind)).toEqual(['showing', 'idle']);
    expect(states[0]).toMatchObject({ item: { id: item.id }, frame: 1 });
    // Replies still come back as before.
    expect((await call('review.live', {})).kind).toBe('idle');
  });
});
