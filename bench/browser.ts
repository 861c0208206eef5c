import { chromium, type Browser, type CDPSession, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { CORE_V8_FLAGS } from '../core/server/heap.js';

/** The workbench served on a project and a Chromium page opened on it. */
export interface Browsing {
  server: ChildProcess;
  browser: Browser;
  page: Page;
}

/**
 * How long the server may take to start. Opening a project the snapshots do not hold yet takes a
 * snapshot first (VACUUM INTO, in the open): minutes for the 2.4 GB file of `--large`.
 */
const WAIT_MS = 600_000;

/** Serves `path` with the compiled `casus serve` and opens it in Debian's Chromium. */
export async function openBrowser(path: string, dir: string): Promise<Browsing> {
  const server = spawn(
    process.execPath,
    [...CORE_V8_FLAGS, 'bin/casus.mjs', 'serve', path, '--no-open', '--port', '0'],
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
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      // performance.memory in exact figures, for the memory measurement.
      '--enable-precise-memory-info',
      '--js-flags=--expose-gc',
    ],
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

export function closeBrowser(b: Browsing): void {
  void b.browser.close();
  b.server.kill();
}

/**
 * Arms an in-page clock: it starts at the next `start` event (click or keydown) and, for each
 * condition (a JS expression evaluated in the page after every DOM change), stops at the first
 * frame after it holds; `readClock` gives the times (ms). This is the time the page itself
 * takes, without the test driver's round trips. (Strings, because the bench is compiled without
 * the DOM library.)
 */
export async function armClock(
  page: Page,
  start: 'click' | 'keydown',
  conditions: string[],
): Promise<void> {
  await page.evaluate(`(() => {
    const conditions = [${conditions.map((c) => `() => (${c})`).join(', ')}];
    window.__clock = new Promise((resolve) => {
      let t0 = 0;
      const times = conditions.map(() => -1);
      document.addEventListener(${JSON.stringify(start)}, () => (t0 = performance.now()), {
        once: true,
        capture: true,
      });
      const check = () => {
        if (!t0) return;
        conditions.forEach((holds, i) => {
          if (times[i] === -1 && holds()) {
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

/** A condition for `armClock`: more than `n` elements match `selector`. */
export const moreThan = (selector: string, n: number): string =>
  `document.querySelectorAll(${JSON.stringify(selector)}).length > ${n}`;

/**
 * A condition for `armClock`: more than `n` elements inside the first `container` match
 * `selector`. Looked for there only: the clock checks after every change to the page, and a
 * query over the whole page (the viewer's thousands of runs) cost the page itself ms of the
 * time being measured.
 */
export const moreThanIn = (container: string, selector: string, n: number): string =>
  `(document.querySelector(${JSON.stringify(container)})?.querySelectorAll(${JSON.stringify(selector)}).length ?? 0) > ${n}`;

export const readClock = (page: Page): Promise<number[]> =>
  page.evaluate('window.__clock') as Promise<number[]>;

/** The renderer's JS heap after a full garbage collection, MB. */
export async function heapAfterGc(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return Math.round((usedSize / 2 ** 20) * 10) / 10;
}

/** How many DOM nodes the page holds. */
export async function domNodes(cdp: CDPSession): Promise<number> {
  return (await cdp.send('Memory.getDOMCounters')).nodes;
}
