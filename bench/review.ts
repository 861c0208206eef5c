import { chromium, type Browser, type Page } from '@playwright/test';
import { join } from 'node:path';
import { followLive } from '../core/client/live.js';
import { startServer, type RunningServer } from '../core/server/http/server.js';
import type { AudienceState } from '../core/shared/contract/review.js';
import { callStudy, openStudy, type OpenedStudy } from './generate.js';
import type { Measurement } from './harness.js';

/**
 * Group review (issue 14): the audience screen follows a presenter step. Target p95 < 150 ms.
 * A session on the generated study presents the framework matrix (the full principles × cases
 * grid, counts and two quotes per cell: text pages, as heavy as a step gets) and steps through
 * its frames. Measured two ways: from the presenter's call to the state arriving on an event
 * stream (the local server, as the audience window reads it), and in Chromium from the call made
 * in the audience page to that page showing the new frame.
 */

interface Presenting {
  o: OpenedStudy;
  server: RunningServer;
  sessionId: string;
  itemId: string;
  frames: number;
}

async function presenting(path: string, withRenderer: boolean): Promise<Presenting> {
  const o = openStudy(path);
  const s = await callStudy(o, 'review.sessions.create', { title: 'Bench', date: '2022-03-14' });
  const item = await callStudy(o, 'review.items.add', {
    sessionId: s.id,
    matrix: 'framework',
    question: 'Herkent u dit?',
    show: { quotes: 2 },
  });
  // The first showing takes the snapshot (once per item, not per step).
  const first = await callStudy(o, 'review.present', { sessionId: s.id, itemId: item.id });
  const server = await startServer({
    session: o.session,
    ...(withRenderer ? { staticDir: join(import.meta.dirname, '..', 'dist', 'renderer') } : {}),
  });
  return {
    o,
    server,
    sessionId: s.id,
    itemId: item.id,
    frames: first.kind === 'showing' ? first.frames : 1,
  };
}

const frameOf = (p: Presenting, i: number) => (i + 1) % Math.max(2, p.frames);

function summary(prefix: string, ms: number[]): Record<string, number> {
  const s = [...ms].sort((a, b) => a - b);
  const q = (x: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(x * s.length) - 1))] ?? 0;
  return {
    [`${prefix}_median_ms`]: Math.round(q(0.5) * 10) / 10,
    [`${prefix}_p95_ms`]: Math.round(q(0.95) * 10) / 10,
  };
}

export const measurements: Measurement[] = [
  (() => {
    let frames = 0;
    return {
      name: 'review: presenter step → audience event stream (local server)',
      n: 60,
      extra: () => ({ frames }),
      async setup(study) {
        const p = await presenting(study.path, false);
        frames = p.frames;
        const waiting = new Map<number, () => void>();
        const stop = followLive(p.server.url, p.server.token, {
          onState: (s: AudienceState) => {
            if (s.kind !== 'showing') return;
            waiting.get(s.frame)?.();
            waiting.delete(s.frame);
          },
        });
        return { p, waiting, stop };
      },
      async run(_s, prepared, i) {
        const { p, waiting, stop } = prepared as {
          p: Presenting;
          waiting: Map<number, () => void>;
          stop: () => void;
        };
        const frame = frameOf(p, i);
        const arrived = new Promise<void>((resolve) => waiting.set(frame, resolve));
        const res = await fetch(`${p.server.url}/api/review.present`, {
          method: 'POST',
          headers: { 'X-Casus-Token': p.server.token, 'Content-Type': 'application/json' },
          body: JSON.stringify({ sessionId: p.sessionId, itemId: p.itemId, frame }),
        });
        if (!res.ok) throw new Error(`review.present answered ${res.status}`);
        await arrived;
        // The last run lets go of the stream and the server (the harness has no teardown).
        if (i === 59) {
          stop();
          await p.server.close();
          p.o.session.close();
        }
      },
    };
  })(),
  (() => {
    const inPage: number[] = [];
    let browser: Browser | null = null;
    let server: RunningServer | null = null;
    return {
      name: 'review: presenter step → audience page shows it (Chromium)',
      n: 30,
      extra: () => summary('in_page', inPage),
      async setup(study) {
        const p = await presenting(study.path, true);
        server = p.server;
        browser = await chromium.launch({
          executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
          args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
        });
        const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
        await page.goto(`${p.server.url}/?audience#token=${p.server.token}`);
        await page.locator('.aud').waitFor({ timeout: 30_000 });
        return { p, page };
      },
      async run(_s, prepared, i) {
        const { p, page } = prepared as { p: Presenting; page: Page };
        const frame = frameOf(p, i);
        // In the page: the call, the event back, the re-render; until the frame is on screen.
        // (A string: the bench is compiled without the DOM library.)
        const ms = (await page.evaluate(`(async () => {
          const t0 = performance.now();
          const shown = new Promise((resolve) => {
            const done = () => {
              const el = document.querySelector('.aud');
              if (el && el.getAttribute('data-frame') === '${frame}') {
                mo.disconnect();
                requestAnimationFrame(() => resolve(performance.now() - t0));
              }
            };
            const mo = new MutationObserver(done);
            mo.observe(document.body, { subtree: true, childList: true, attributes: true });
          });
          await fetch('/api/review.present', {
            method: 'POST',
            headers: { 'X-Casus-Token': ${JSON.stringify(p.server.token)}, 'Content-Type': 'application/json' },
            body: JSON.stringify({ sessionId: ${JSON.stringify(p.sessionId)}, itemId: ${JSON.stringify(p.itemId)}, frame: ${frame} }),
          });
          return shown;
        })()`)) as number;
        inPage.push(ms);
        if (i === 29) {
          await browser?.close();
          await server?.close();
          p.o.session.close();
        }
      },
    };
  })(),
];
