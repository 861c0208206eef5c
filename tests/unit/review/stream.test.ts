import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followLive, parseEvents, REVIEW_STREAM } from '../../../core/client/live.js';
import { startServer, type RunningServer } from '../../../core/server/http/server.js';
import { liveHub } from '../../../core/server/review/live.js';
import type { AudienceState } from '../../../core/shared/contract/review.js';
import type { TestProject } from '../helpers.js';
import { reviewStudy } from './fixture.js';

/** Waits until `check` holds for the states received so far. */
async function until(states: AudienceState[], check: (s: AudienceState[]) => boolean) {
  for (let i = 0; i < 200 && !check(states); i++) await new Promise((r) => setTimeout(r, 25));
  expect(check(states)).toBe(true);
}

describe("the audience screens' event stream (browser mode)", () => {
  let p: TestProject;
  let server: RunningServer;
  let sessionId = '';
  const items: string[] = [];

  beforeAll(async () => {
    const study = await reviewStudy();
    p = study.p;
    sessionId = study.session.id;
    for (const question of ['Een', 'Twee'])
      items.push(
        (await p.call('review.items.add', { sessionId, matrix: 'framework', question })).id,
      );
    server = await startServer({ session: p.session });
  });
  afterAll(() => server.close());

  const post = (method: string, body: unknown) =>
    fetch(`${server.url}/api/${method}`, {
      method: 'POST',
      headers: { 'X-Casus-Token': server.token, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('refuses a stream without the token, or with a foreign origin', async () => {
    expect((await fetch(`${server.url}${REVIEW_STREAM}`)).status).toBe(401);
    expect(
      (await fetch(`${server.url}${REVIEW_STREAM}`, { headers: { 'X-Casus-Token': 'wrong' } }))
        .status,
    ).toBe(401);
    const foreign = await fetch(`${server.url}${REVIEW_STREAM}`, {
      headers: { 'X-Casus-Token': server.token, Origin: 'http://evil.example' },
    });
    expect(foreign.status).toBe(403);
    // Every other /api/ path still takes POST only.
    const get = await fetch(`${server.url}/api/review.live`, {
      headers: { 'X-Casus-Token': server.token },
    });
    expect(get.status).toBe(405);
  });

  it('sends the current state at once, then every step the presenter takes, in order', async () => {
    const states: AudienceState[] = [];
    const stop = followLive(server.url, server.token, { onState: (s) => states.push(s) });
    try {
      await until(states, (s) => s.length === 1);
      expect(states[0]?.kind).toBe('idle');

      expect((await post('review.present', { sessionId, itemId: items[0], frame: 0 })).status).toBe(
        200,
      );
      await until(states, (s) => s.at(-1)?.kind === 'showing');
      const first = states.at(-1);
      if (first?.kind !== 'showing') throw new Error('not showing');
      expect(first.item).toMatchObject({ id: items[0], position: 1, count: 2 });
      expect(first.snapshot.question).toBe('Een');
      expect(first.frames).toBeGreaterThan(1);

      await post('review.present', { sessionId, itemId: items[0], frame: 1 });
      await until(states, (s) => {
        const x = s.at(-1);
        return x?.kind === 'showing' && x.frame === 1;
      });
      await post('review.present', { sessionId, itemId: items[1], frame: -1 });
      await until(states, (s) => {
        const x = s.at(-1);
        return x?.kind === 'showing' && x.item.id === items[1];
      });
      const last = states.at(-1);
      if (last?.kind !== 'showing') throw new Error('not showing');
      expect(last.frame).toBe(last.frames - 1);

      await post('review.stop', {});
      await until(states, (s) => s.at(-1)?.kind === 'idle');
      // Strictly newer each time: no step arrives twice or out of order.
      const seqs = states.map((s) => s.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(new Set(seqs).size).toBe(seqs.length);
    } finally {
      stop();
    }
    // The server lets go of a screen that went away.
    for (let i = 0; i < 100 && liveHub(p.session).subscribers > 0; i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(liveHub(p.session).subscribers).toBe(0);
  });

  it('a second screen that joins late gets what the room sees now', async () => {
    await post('review.present', { sessionId, itemId: items[1], frame: 0 });
    const states: AudienceState[] = [];
    const stop = followLive(server.url, server.token, { onState: (s) => states.push(s) });
    try {
      await until(states, (s) => s.length >= 1);
      expect(states[0]).toMatchObject({ kind: 'showing', item: { id: items[1] }, frame: 0 });
    } finally {
      stop();
      await post('review.stop', {});
    }
  });

  it('parses server-sent events split anywhere across reads', () => {
    const text = 'data: {"a":1}\n\n: keepalive\n\ndata: {"b":\ndata: 2}\n\ndata: {"c"';
    const { events, rest } = parseEvents(text);
    expect(events).toEqual(['{"a":1}', '{"b":\n2}']);
    expect(rest).toBe('data: {"c"');
  });
});
