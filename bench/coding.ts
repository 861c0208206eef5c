import { chromium, type Browser, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { createContext, type ServiceContext } from '../core/server/context.js';
import { dispatch } from '../core/server/dispatch.js';
import { CLI_CALLER } from '../core/server/files/access.js';
import { newId, now } from '../core/server/domain/ids.js';
import { Session } from '../core/server/session.js';
import type { Block } from '../core/shared/blocks.js';
import { insertSource } from '../db/repo/sources.js';
import type { Measurement } from './harness.js';
import { openStudy } from './generate.js';

async function call(ctx: ServiceContext, method: string, input: unknown): Promise<unknown> {
  const r = await dispatch(method, input, ctx, CLI_CALLER);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value;
}

const SENTENCE =
  'De regio nam zelf het initiatief voor de deal en het Rijk sloot pas later aan, zei de programmaleider. ';

/** A project with one ~50-page source (150,000 characters) carrying `codings` segments, and a small one. */
export async function bigSourceProject(dir: string, codings: number) {
  const path = join(dir, `coding-bench-${codings}.casus`);
  const session = new Session({ remember: false });
  const ctx = createContext(session);
  await call(ctx, 'project.create', { path, template: 'regio-deals' });
  await call(ctx, 'coders.create', { name: 'Bench' });
  const add = (title: string, paragraphs: number) => {
    const paras = Array.from({ length: paragraphs }, () => SENTENCE.repeat(6).trim());
    const text = paras.join('\n');
    const blocks: Block[] = [];
    let at = 0;
    for (const p of paras) {
      blocks.push({ type: 'paragraph', start: at, end: at + p.length });
      at += p.length + 1;
    }
    const id = newId();
    const sha = createHash('sha256').update(text).digest('hex');
    ctx.action('import.file', (w) =>
      insertSource(
        w,
        {
          id,
          caseId: null,
          title,
          kind: 'interview',
          documentType: 'interview-report',
          date: null,
          respondentId: null,
          validation: null,
          originalName: `${title}.txt`,
          sha256: sha,
          textSha256: sha,
          originalBytes: new TextEncoder().encode(text),
          createdAt: now(),
          createdBy: null,
        },
        { text, blocks, marks: [] },
      ),
    );
    return { id, text };
  };
  const big = add('A big source', 250);
  add('B small source', 2);
  const codes = (await call(ctx, 'codes.tree', {})) as { id: string }[];
  // Overlapping codings: every sentence start, 1-3 sentences long, 1-4 codes.
  for (let i = 0; i < codings; i++) {
    const start = (i * SENTENCE.length) % (big.text.length - 4 * SENTENCE.length);
    const end = start + SENTENCE.length * (1 + (i % 3)) - 1;
    const ids = [0, 1, 2, 3]
      .slice(0, 1 + (i % 4))
      .map((k) => codes[(i + k * 5) % codes.length]?.id);
    await call(ctx, 'coding.apply', { sourceId: big.id, start, end, codeIds: ids });
  }
  const favourite = codes[0]?.id;
  await call(ctx, 'coding.setFavourite', { digit: 1, codeId: favourite });
  session.close();
  return { path, bigId: big.id, bigText: big.text };
}

interface Browsing {
  server: ChildProcess;
  browser: Browser;
  page: Page;
}

const WAIT_MS = 30_000;

export async function openBrowser(path: string, dir: string): Promise<Browsing> {
  const server = spawn(
    process.execPath,
    ['bin/casus.mjs', 'serve', path, '--no-open', '--port', '0'],
    { env: { ...process.env, CASUS_CONFIG_DIR: join(dir, 'config') } },
  );
  process.once('exit', () => server.kill());
  let out = '';
  let err = '';
  const printed = () =>
    out + err ? `; it printed: ${(out + err).trim()}` : '; it printed nothing';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      server.kill();
      reject(
        new Error(
          `casus serve ${path} did not print its address within ${WAIT_MS / 1000} s${printed()}`,
        ),
      );
    }, WAIT_MS);
    server.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    server.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    server.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`casus serve ${path} exited with ${code}${printed()}`));
    });
  });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(url);
  try {
    await page.locator('button.source-link').first().waitFor({ timeout: WAIT_MS });
  } catch (e) {
    const body = (await page.textContent('body').catch(() => null))?.trim().slice(0, 200);
    void browser.close();
    server.kill();
    throw new Error(
      `The workbench at ${url.split('#')[0]} showed no source list within ${WAIT_MS / 1000} s ` +
        `(page text: ${body ? JSON.stringify(body) : 'none'}): ${(e as Error).message.split('\n')[0]}`,
      { cause: e },
    );
  }
  return { server, browser, page };
}

function close(b: Browsing) {
  void b.browser.close();
  b.server.kill();
}

const stripeCount = (page: Page) => page.locator('.stripes button.stripe').count();

/** Median and p95 of in-page times. */
function summary(prefix: string, ms: number[]): Record<string, number> {
  const s = [...ms].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))] ?? 0;
  return { [`${prefix}_median_ms`]: Math.round(q(0.5)), [`${prefix}_p95_ms`]: Math.round(q(0.95)) };
}

/**
 * Arms an in-page clock: it starts at the next `start` event (click or keydown) and, for each
 * selector, stops at the first frame after more than `count` elements match it; `readClock` gives
 * the times (ms). This is the time the page itself takes, without the test driver's round trips.
 * (A string, because the bench is compiled without the DOM library.)
 */
async function armClock(
  page: Page,
  start: 'click' | 'keydown',
  selectors: string[],
  count: number,
) {
  await page.evaluate(`(() => {
    const selectors = ${JSON.stringify(selectors)};
    window.__clock = new Promise((resolve) => {
      let t0 = 0;
      const times = selectors.map(() => -1);
      document.addEventListener(${JSON.stringify(start)}, () => (t0 = performance.now()), {
        once: true,
        capture: true,
      });
      const check = () => {
        if (!t0) return;
        selectors.forEach((sel, i) => {
          if (times[i] === -1 && document.querySelectorAll(sel).length > ${count}) {
            times[i] = -2;
            requestAnimationFrame(() =>
              setTimeout(() => {
                times[i] = performance.now() - t0;
                if (times.every((t) => t >= 0)) {
                  mo.disconnect();
                  resolve(times);
                }
              }, 0),
            );
          }
        });
      };
      const mo = new MutationObserver(check);
      mo.observe(document.body, { childList: true, subtree: true, attributes: true });
    });
  })()`);
}
const readClock = (page: Page) => page.evaluate('window.__clock') as Promise<number[]>;

/** Coding workspace figures, driven in a real Chromium page. */
export const measurements: Measurement[] = [
  {
    name: 'coding.apply 4 codes (dispatch, generated study)',
    n: 50,
    async setup(study) {
      const opened = openStudy(study.path);
      const source = opened.session.db
        ?.prepare('SELECT id, text_length FROM sources LIMIT 1')
        .get() as {
        id: string;
        text_length: number;
      };
      const codes = (await call(opened.ctx, 'codes.tree', {})) as { id: string }[];
      return { ...opened, source, codeIds: codes.slice(0, 4).map((c) => c.id) };
    },
    async run(_s, prepared, i) {
      const p = prepared as {
        ctx: ServiceContext;
        source: { id: string; text_length: number };
        codeIds: string[];
      };
      const start = (i * 7) % Math.max(p.source.text_length - 20, 1);
      await call(p.ctx, 'coding.apply', {
        sourceId: p.source.id,
        start,
        end: start + 10,
        codeIds: p.codeIds,
      });
    },
  },
  (() => {
    const inPage: number[] = [];
    return {
      name: 'viewer: open 50-page source with 500 codings (Chromium)',
      n: 8,
      extra: () => summary('in_page', inPage),
      async setup(study) {
        const project = await bigSourceProject(study.dir, 500);
        return { project, b: await openBrowser(project.path, study.dir) };
      },
      async run(_s, prepared, i) {
        const { b } = prepared as { b: Browsing };
        // Alternate via the small source so every run builds the big document afresh.
        await b.page.getByRole('button', { name: 'B small source' }).click();
        await b.page.locator('.stripes button.stripe').first().waitFor({ state: 'detached' });
        await armClock(b.page, 'click', ['.stripes button.stripe'], 499);
        await b.page.getByRole('button', { name: /A big source/ }).click();
        await b.page.locator('.stripes button.stripe').nth(499).waitFor({ state: 'attached' });
        inPage.push(...(await readClock(b.page)));
        if (i === 7) close(b);
      },
    };
  })(),
  (() => {
    const visible: number[] = [];
    const stored: number[] = [];
    return {
      name: 'viewer: apply a favourite code, visible and stored (Chromium)',
      n: 20,
      extra: () => ({
        ...summary('in_page_visible', visible),
        ...summary('in_page_stored', stored),
      }),
      async setup(study) {
        const project = await bigSourceProject(join(study.dir), 0);
        const b = await openBrowser(project.path, study.dir);
        await b.page.getByRole('button', { name: /A big source/ }).click();
        await b.page.locator('.source-text p').first().waitFor();
        return { b };
      },
      async run(_s, prepared, i) {
        const { b } = prepared as { b: Browsing };
        const before = await stripeCount(b.page);
        // Select the start of paragraph i with the mouse, then press the favourite digit.
        const para = b.page.locator('.source-text p').nth(i);
        await para.scrollIntoViewIfNeeded();
        const box = await para.boundingBox();
        if (!box) throw new Error(`paragraph ${i} is not rendered`);
        await b.page.mouse.move(box.x + 2, box.y + 8);
        await b.page.mouse.down();
        await b.page.mouse.move(box.x + 300, box.y + 8);
        await b.page.mouse.up();
        // Visible: a new stripe (shown at once, marked pending); stored: one no longer pending.
        await armClock(
          b.page,
          'keydown',
          ['.stripes button.stripe', '.stripes button.stripe:not([data-pending])'],
          before,
        );
        await b.page.locator('.source-text').press('1');
        await b.page
          .locator('.stripes button.stripe:not([data-pending])')
          .nth(before)
          .waitFor({ state: 'attached' });
        const [v, st] = await readClock(b.page);
        visible.push(v ?? -1);
        stored.push(st ?? -1);
        if (i === 19) close(b);
      },
    };
  })(),
];
