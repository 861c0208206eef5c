import type { CDPSession, Page } from '@playwright/test';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createContext } from '../core/server/context.js';
import { dispatch } from '../core/server/dispatch.js';
import { CLI_CALLER } from '../core/server/files/access.js';
import { newId, now } from '../core/server/domain/ids.js';
import { Session } from '../core/server/session.js';
import type { Block, InlineMark } from '../core/shared/blocks.js';
import { insertCoding } from '../db/repo/codings.js';
import { insertSegment } from '../db/repo/segments.js';
import { insertSource } from '../db/repo/sources.js';
import {
  armClock,
  closeBrowser,
  domNodes,
  heapAfterGc,
  moreThan,
  moreThanIn,
  openBrowser,
  readClock,
  type Browsing,
} from './browser.js';
import { ratio, summary, type Measurement } from './harness.js';
import {
  formatTrace,
  startTrace,
  stopTrace,
  stopTraceEvents,
  summariseTrace,
  callersBetween,
  functionsBetween,
  taskTimeline,
  type TaskSpan,
} from './trace.js';

async function call(ctx: ReturnType<typeof createContext>, method: string, input: unknown) {
  const r = await dispatch(method, input, ctx, CLI_CALLER);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value;
}

const WORDS = (
  'de het een regio deal rijk provincie gemeente brede welvaart opgave samenwerking vertrouwen ' +
  'bestuurder programma pijler uitvoering beleidsvorming cofinanciering partners onderwijs zorg ' +
  'arbeidsmarkt wonen leefbaarheid innovatie kennis afspraken monitoring ministerie netwerk ' +
  'inwoners aanpak integraal draagvlak ambitie middelen termijn verantwoording gesprek ervaring'
).split(' ');

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** A report of `pages` pages (~3,000 characters each): headings, paragraphs, bold phrases, page breaks. */
function report(pages: number, seed = 7): { text: string; blocks: Block[]; marks: InlineMark[] } {
  const rand = rng(seed);
  const sentence = () => {
    const n = 8 + Math.floor(rand() * 18);
    const w = Array.from({ length: n }, () => WORDS[Math.floor(rand() * WORDS.length)] as string);
    const s = w.join(' ');
    return `${s.charAt(0).toUpperCase()}${s.slice(1)}.`;
  };
  let text = '';
  const blocks: Block[] = [];
  const marks: InlineMark[] = [];
  const add = (t: string, heading: boolean) => {
    if (text) text += '\n';
    const start = text.length;
    text += t;
    blocks.push(
      heading
        ? { type: 'heading', level: 2, start, end: text.length }
        : { type: 'paragraph', start, end: text.length },
    );
    if (!heading && rand() < 0.3) {
      const at = start + Math.floor(rand() * (t.length - 30));
      marks.push({ kind: 'bold', start: at, end: at + 20 });
    }
  };
  for (let page = 1; page <= pages; page++) {
    if (page > 1)
      blocks.push({ type: 'page_break', page, start: text.length + 1, end: text.length + 1 });
    const pageEnd = text.length + 3000;
    if (page % 4 === 1) add(`${page}. ${sentence()}`, true);
    while (text.length < pageEnd) {
      const sentences = 2 + Math.floor(rand() * 6);
      add(Array.from({ length: sentences }, sentence).join(' '), false);
    }
  }
  // A page break's offset is where the next block starts: after the separating newline.
  return { text, blocks, marks };
}

let made = 0;

/**
 * A project with one report of `pages` pages carrying `codings` coded segments (1-4 codes each,
 * 1-3 sentences long, overlapping), and a small source to switch to.
 */
export async function reportProject(dir: string, pages: number, codings: number) {
  // Each measurement writes (codes) its own project.
  const path = join(dir, `viewer-${pages}p-${codings}-${++made}.casus`);
  const session = new Session({ remember: false });
  const ctx = createContext(session);
  await call(ctx, 'project.create', { path, template: 'regio-deals' });
  await call(ctx, 'coders.create', { name: 'Bench' });
  const add = (title: string, content: { text: string; blocks: Block[]; marks: InlineMark[] }) => {
    const id = newId();
    const sha = createHash('sha256').update(content.text).digest('hex');
    ctx.action('import.file', (w) =>
      insertSource(
        w,
        {
          id,
          caseId: null,
          title,
          kind: 'document',
          documentType: 'progress-report',
          date: null,
          respondentId: null,
          validation: null,
          originalName: `${title}.txt`,
          sha256: sha,
          textSha256: sha,
          originalBytes: new TextEncoder().encode(content.text),
          createdAt: now(),
          createdBy: null,
        },
        content,
      ),
    );
    return id;
  };
  const big = report(pages);
  const bigId = add('A big report', big);
  add('B small source', report(1, 9));
  const codes = (await call(ctx, 'codes.tree', {})) as { id: string }[];
  const coder = ((await call(ctx, 'coders.list', {})) as { id: string }[])[0]?.id ?? null;
  const rand = rng(11);
  const stops = [...big.text.matchAll(/\. /g)].map((m) => (m.index ?? 0) + 2);
  ctx.action('coding.apply', (w) => {
    for (let i = 0; i < codings; i++) {
      const k = Math.floor(rand() * (stops.length - 4));
      const start = stops[k] as number;
      const end = (stops[k + 1 + Math.floor(rand() * 3)] as number) - 1;
      const id = newId();
      insertSegment(w, {
        id,
        source_id: bigId,
        start,
        end,
        text: big.text.slice(start, end),
        created_by: coder,
        created_at: now(),
      });
      const n = 1 + Math.floor(rand() * 4);
      const first = Math.floor(rand() * codes.length);
      // Distinct codes: a code applies to a segment once.
      const picked = new Set(
        Array.from(
          { length: n },
          (_, c) => (codes[(first + c * 5) % codes.length] as { id: string }).id,
        ),
      );
      for (const code_id of picked)
        insertCoding(w, {
          id: newId(),
          segment_id: id,
          code_id,
          coder_id: coder,
          created_at: now(),
        });
    }
  });
  await call(ctx, 'coding.setFavourite', { digit: 1, codeId: codes[0]?.id });
  session.close();
  return { path, bigId, big };
}

const stripe = '.stripes button.stripe';
/** The stripe margin, and a stripe's label in it (`stripe` is both). */
const MARGIN = '.stripes';
const STRIPE_IN_MARGIN = 'button.stripe';
/** Log lines (the trace) go to stderr, so that `--json` keeps stdout for JSON. */
const note = (t: string) => process.stderr.write(`${t}\n`);

/**
 * The floor of opening a source: the same text as plain paragraphs, in the same page, in the
 * same column as the viewer's text: from inserting them to the first frame after.
 */
async function plainParagraphs(page: Page): Promise<number> {
  return page.evaluate(`(async () => {
    const host = document.querySelector('main');
    const box = document.createElement('div');
    box.className = 'bench-floor';
    box.style.cssText = 'max-width: 48rem; line-height: 1.7';
    const t0 = performance.now();
    for (const t of window.__floorText) {
      const p = document.createElement('p');
      p.textContent = t;
      box.append(p);
    }
    host.prepend(box);
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    const ms = performance.now() - t0;
    box.remove();
    return ms;
  })()`);
}

/** Hands the page the text's paragraphs, for `plainParagraphs`. */
async function giveText(page: Page, text: string, blocks: Block[]): Promise<void> {
  const paragraphs = blocks
    .filter((b) => b.type !== 'page_break')
    .map((b) => text.slice(b.start, b.end));
  await page.evaluate((p) => {
    (globalThis as unknown as { __floorText: string[] }).__floorText = p;
  }, paragraphs);
}

/** Opens the big source by its link, from the small one, timing it in the page (ms). */
async function openBig(b: Browsing): Promise<number> {
  await b.page.getByRole('button', { name: /B small source/ }).click();
  await b.page.locator('h1', { hasText: 'B small source' }).waitFor();
  await b.page.locator(stripe).first().waitFor({ state: 'detached' });
  // The text and the stripes beside it on the screen: the first frame with stripes.
  await armClock(b.page, 'click', [moreThan(stripe, 0)]);
  await b.page.getByRole('button', { name: /A big report/ }).click();
  await b.page.locator(stripe).first().waitFor({ state: 'attached' });
  return (await readClock(b.page))[0] ?? -1;
}

/** Opening the big source N times against the same text as plain paragraphs, alternately. */
function openMeasurement(pages: number, codings: number, n: number): Measurement {
  const inPage: number[] = [];
  const floor: number[] = [];
  return {
    name: `viewer: open ${pages}-page source with ${codings} codings (Chromium)`,
    n,
    extra: () => {
      const a = summary('in_page', inPage);
      const f = summary('floor', floor);
      return { ...a, ...f, ratio: ratio(a.in_page_median_ms ?? 0, f.floor_median_ms ?? 0) };
    },
    async setup(study) {
      const project = await reportProject(study.dir, pages, codings);
      const b = await openBrowser(project.path, study.dir);
      await giveText(b.page, project.big.text, project.big.blocks);
      return { b };
    },
    async run(_s, prepared, i) {
      const { b } = prepared as { b: Browsing };
      inPage.push(await openBig(b));
      floor.push(await plainParagraphs(b.page));
      if (i === n - 1) closeBrowser(b);
    },
  };
}

/** Scrolls the main pane a screen at a time; the time from each scroll to the frame after. */
async function scrollFrames(page: Page, steps: number, selector: string): Promise<number[]> {
  return page.evaluate(
    `(async () => {
      const main = document.querySelector('main');
      const target = document.querySelector(${JSON.stringify(selector)});
      main.scrollTop = target.offsetTop;
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      const times = [];
      for (let i = 0; i < ${steps}; i++) {
        const t0 = performance.now();
        main.scrollTop += main.clientHeight * 0.9;
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        times.push(performance.now() - t0);
      }
      return times;
    })()`,
  ) as Promise<number[]>;
}

/** A trace's main-thread time per kind, wall clock and CPU, as the bench's figures. */
function traceFigures(
  kinds: Record<string, number>,
  cpu: Record<string, number>,
): Record<string, number> {
  const total = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
  return {
    ...Object.fromEntries(Object.entries(kinds).map(([k, v]) => [`${k}_ms`, v])),
    ...Object.fromEntries(Object.entries(cpu).map(([k, v]) => [`cpu_${k}_ms`, v])),
    wall_total_ms: total(kinds),
    cpu_total_ms: total(cpu),
  };
}

/** Where each part of opening the big report went (the first run, traced). */
function traceMeasurement(pages: number, codings: number): Measurement {
  let figures: Record<string, number> = {};
  return {
    name: `viewer: trace of opening the ${pages}-page source with ${codings} codings (Chromium)`,
    n: 1,
    extra: () => figures,
    async setup(study) {
      const project = await reportProject(study.dir, pages, codings);
      return { b: await openBrowser(project.path, study.dir) };
    },
    async run(_s, prepared) {
      const { b } = prepared as { b: Browsing };
      await b.page.getByRole('button', { name: /B small source/ }).click();
      await b.page.locator('h1', { hasText: 'B small source' }).waitFor();
      await startTrace(b.browser, b.page);
      await b.page.getByRole('button', { name: /A big report/ }).click();
      await b.page.locator(stripe).first().waitFor({ state: 'attached' });
      await b.page.evaluate(() => new Promise((r) => setTimeout(r, 300)));
      const t = await stopTrace(b.browser);
      figures = traceFigures(t.kinds, t.cpu);
      note(formatTrace(`\n  trace, opening the ${pages}-page source (main thread, self time)`, t));
      // And scrolling through it: a screen per step.
      await startTrace(b.browser, b.page);
      await scrollFrames(b.page, 30, '.source-text');
      note(formatTrace(`  trace, scrolling 30 screens`, await stopTrace(b.browser)));
      closeBrowser(b);
    },
  };
}

/** Scrolling the big report a screen at a time, against the same text as plain paragraphs. */
function scrollMeasurement(pages: number, codings: number): Measurement {
  const viewer: number[] = [];
  const floor: number[] = [];
  return {
    name: `viewer: scroll the ${pages}-page source with ${codings} codings, a screen a step (Chromium)`,
    n: 3,
    extra: () => {
      const a = summary('frame', viewer);
      const f = summary('floor', floor);
      return { ...a, ...f, ratio: ratio(a.frame_median_ms ?? 0, f.floor_median_ms ?? 0) };
    },
    async setup(study) {
      const project = await reportProject(study.dir, pages, codings);
      const b = await openBrowser(project.path, study.dir);
      await giveText(b.page, project.big.text, project.big.blocks);
      await b.page.getByRole('button', { name: /A big report/ }).click();
      await b.page.locator(stripe).first().waitFor({ state: 'attached' });
      return { b };
    },
    async run(_s, prepared, i) {
      const { b } = prepared as { b: Browsing };
      viewer.push(...(await scrollFrames(b.page, 40, '.source-text')));
      // The floor: the same paragraphs, left in the page while they are scrolled.
      await b.page.evaluate(`(() => {
        const box = document.createElement('div');
        box.className = 'bench-floor';
        box.style.cssText = 'max-width: 48rem; line-height: 1.7';
        for (const t of window.__floorText) {
          const p = document.createElement('p');
          p.textContent = t;
          box.append(p);
        }
        document.querySelector('main').prepend(box);
      })()`);
      floor.push(...(await scrollFrames(b.page, 40, '.bench-floor')));
      await b.page.evaluate(`document.querySelector('.bench-floor').remove()`);
      if (i === 2) closeBrowser(b);
    },
  };
}

/** Applying the favourite code to a fresh selection: until visible, and until stored. */
function applyMeasurement(pages: number, codings: number, n: number): Measurement {
  const visible: number[] = [];
  const stored: number[] = [];
  const reads: string[][] = [];
  return {
    name: `viewer: apply a favourite code, visible and stored, ${pages}-page source with ${codings} codings (Chromium)`,
    n,
    extra: () => ({
      ...summary('in_page_visible', visible),
      ...summary('in_page_stored', stored),
      // What the page asked the server besides the write, per application (the issue: ≤ 1).
      reads_after_write_max: Math.max(0, ...reads.map((r) => r.length)),
    }),
    async setup(study) {
      const project = await reportProject(study.dir, pages, codings);
      const b = await openBrowser(project.path, study.dir);
      await b.page.getByRole('button', { name: /A big report/ }).click();
      await b.page.locator('.source-text p').first().waitFor();
      await b.page
        .locator(stripe)
        .first()
        .waitFor({ state: 'attached' })
        .catch(() => undefined);
      return { b };
    },
    async run(_s, prepared, i) {
      const { b } = prepared as { b: Browsing };
      // Select the start of paragraph i with the mouse, then press the favourite digit.
      const para = b.page.locator('.source-text p').nth(i * 3);
      await para.scrollIntoViewIfNeeded();
      const box = await para.boundingBox();
      if (!box) throw new Error(`paragraph ${i * 3} is not rendered`);
      await b.page.mouse.move(box.x + 2, box.y + 8);
      await b.page.mouse.down();
      await b.page.mouse.move(box.x + 300, box.y + 8);
      await b.page.mouse.up();
      // Counted here: the viewer lays out the stripes near the screen only.
      const before = await b.page.locator(`${stripe}:not([data-pending])`).count();
      // Visible: one more stripe (pending, or stored when the write's answer came before the
      // pending one was drawn); stored: one more not pending.
      await armClock(b.page, 'keydown', [
        moreThanIn(MARGIN, STRIPE_IN_MARGIN, before),
        moreThanIn(MARGIN, `${STRIPE_IN_MARGIN}:not([data-pending])`, before),
      ]);
      // (The browser keeps 250 resource timings: a fresh list for each application.)
      const at = (await b.page.evaluate(
        '(performance.clearResourceTimings(), performance.now())',
      )) as number;
      await b.page.locator('.source-text').press('1');
      await codingStored(b.page, before);
      const [v, st] = await readClock(b.page);
      visible.push(v ?? -1);
      stored.push(st ?? -1);
      reads.push(await readsAfter(b.page, at));
      if (i === n - 1) {
        // Which reads a coding set off, and how often (over the n applications).
        const by = new Map<string, number>();
        for (const m of reads.flat()) by.set(m, (by.get(m) ?? 0) + 1);
        note(
          `  reads after the write in ${n} applications: ${[...by].map(([m, k]) => `${m} ×${k}`).join(', ') || 'none'}`,
        );
        // In order: whether the slow ones are the first (a cold page) or spread out.
        note(
          `  stored, each application in order (ms): ${stored.map((x) => x.toFixed(1)).join(', ')}`,
        );
        closeBrowser(b);
      }
    },
  };
}

/**
 * The reads the page sent after `at` (ms, the page's clock) besides the write, by method,
 * waiting until none has started for 300 ms.
 */
async function readsAfter(page: Page, at: number): Promise<string[]> {
  const sent = () =>
    page.evaluate(
      `performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/') && !e.name.endsWith('/api/coding.apply') && e.startTime >= ${at}).map((e) => e.name.slice(e.name.indexOf('/api/') + 5))`,
    ) as Promise<string[]>;
  let seen = await sent();
  for (;;) {
    await page.waitForTimeout(300);
    const now = await sent();
    if (now.length === seen.length) return now;
    seen = now;
  }
}

/** Waits until the new coding's stripes are stored: more than `before`, none pending. */
async function codingStored(page: Browsing['page'], before: number): Promise<void> {
  await page.waitForFunction(
    ({ margin, sel, n }) => {
      // (The bench is compiled without the DOM library; a string would need eval, which the
      // workbench's content security policy refuses.) Looked for in the margin only: this runs
      // in every frame, the stored coding's too.
      type Found = { length: number };
      const m = (
        globalThis as unknown as {
          document: {
            querySelector(s: string): { querySelectorAll(s: string): Found } | null;
          };
        }
      ).document.querySelector(margin);
      return (
        m !== null &&
        m.querySelectorAll(`${sel}:not([data-pending])`).length > n &&
        m.querySelectorAll(`${sel}[data-pending]`).length === 0
      );
    },
    { margin: MARGIN, sel: STRIPE_IN_MARGIN, n: before },
  );
}

/** A call's round trip, ms after the key press (the page's clock), with the server's parts. */
interface RoundTrip {
  /** fetch() called; the request on the wire; the server has it; its answer starts, ends. */
  called: number;
  sent: number;
  received: number;
  answerStarts: number;
  answerEnds: number;
  /** The server's Server-Timing: reading the body, dispatch (wall, CPU), the reply. */
  server: Record<string, number>;
}

/** The round trip of the call of `method` since the last key press (see traceApplyMeasurement). */
async function roundTrip(page: Page, method: string): Promise<RoundTrip | null> {
  return page.evaluate(`(() => {
    const at = window.__keyAt;
    const e = performance
      .getEntriesByType('resource')
      .find((x) => x.name.endsWith('/api/${method}') && x.startTime >= at);
    if (!e) return null;
    const server = {};
    let recv = 0;
    for (const t of e.serverTiming) {
      if (t.name === 'recv') recv = Number(t.description);
      else server[t.name] = t.duration;
    }
    const r = (n) => Math.round(n * 10) / 10;
    return {
      called: r(e.startTime - at),
      sent: r(e.requestStart - at),
      received: r(recv - (performance.timeOrigin + at)),
      answerStarts: r(e.responseStart - at),
      answerEnds: r(e.responseEnd - at),
      server,
    };
  })()`);
}

/** One application's critical path: its round trip and the main thread's tasks until stored. */
interface CriticalPath {
  stored: number;
  trip: RoundTrip | null;
  tasks: TaskSpan[];
  /** When the renderer sent the request and heard its answer (trace, ms after the key press). */
  sent: number;
  answered: number;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, z) => a - z);
  return s.length ? (s[Math.floor((s.length - 1) / 2)] as number) : -1;
};

/** The critical paths as lines: each application, then the medians of its parts. */
function criticalPaths(paths: CriticalPath[]): string {
  const lines = ['  the critical path of each application (ms after the key press):'];
  for (const p of paths) {
    const t = p.trip;
    const s = t?.server ?? {};
    lines.push(
      `    stored ${p.stored.toFixed(1)}: fetch ${t?.called ?? '?'}, on the wire ${t?.sent ?? '?'}, ` +
        `server has it ${t?.received ?? '?'} (body ${s.body ?? '?'}, dispatch ${s.dispatch ?? '?'} ` +
        `of which CPU ${s.cpu ?? '?'}, reply ${s.reply ?? '?'}), answer ${t?.answerStarts ?? '?'}–${t?.answerEnds ?? '?'}, ` +
        `renderer heard it ${p.answered}`,
    );
    lines.push(
      `      tasks: ${p.tasks.map((k) => `${k.at}+${k.wall} (cpu ${k.cpu}) ${k.what}`).join('; ')}`,
    );
  }
  const m = (f: (p: CriticalPath) => number | undefined) =>
    median(paths.map(f).filter((x): x is number => x !== undefined));
  const keyTask = (p: CriticalPath) => p.tasks.find((k) => k.what.includes('keydown'));
  const answerTask = (p: CriticalPath) => p.tasks.find((k) => k.at >= p.answered - 0.05);
  lines.push(
    `    medians: stored ${m((p) => p.stored)}; key-press task wall ${m((p) => keyTask(p)?.wall)} cpu ${m((p) => keyTask(p)?.cpu)}; ` +
      `server has it ${m((p) => p.trip?.received)}, dispatch ${m((p) => p.trip?.server.dispatch)} (cpu ${m((p) => p.trip?.server.cpu)}), ` +
      `answer ends ${m((p) => p.trip?.answerEnds)}, renderer heard it ${m((p) => p.answered)}; ` +
      `the task after the answer wall ${m((p) => answerTask(p)?.wall)} cpu ${m((p) => answerTask(p)?.cpu)}`,
  );
  return lines.join('\n');
}

/**
 * Where applying a code goes on the renderer's main thread: ten applications, each traced from
 * the key press until it is stored and shown (selecting and scrolling to the passage are not).
 */
function traceApplyMeasurement(pages: number, codings: number): Measurement {
  let kinds: Record<string, number> = {};
  let cpu: Record<string, number> = {};
  return {
    name: `viewer: trace of applying a code, ${pages}-page source with ${codings} codings (Chromium)`,
    n: 1,
    extra: () => traceFigures(kinds, cpu),
    async setup(study) {
      const project = await reportProject(study.dir, pages, codings);
      const b = await openBrowser(project.path, study.dir);
      await b.page.getByRole('button', { name: /A big report/ }).click();
      await b.page.locator(stripe).first().waitFor({ state: 'attached' });
      return { b };
    },
    async run(_s, prepared) {
      const { b } = prepared as { b: Browsing };
      const functions = new Map<string, number>();
      const paths: CriticalPath[] = [];
      const afterAnswer = new Map<string, number>();
      const insideAfterAnswer = new Map<string, number>();
      let samplesAfterAnswer = 0;
      const inKeyTask = new Map<string, number>();
      for (let i = 0; i < 10; i++) {
        const para = b.page.locator('.source-text p').nth(i * 3 + 1);
        await para.scrollIntoViewIfNeeded();
        const box = await para.boundingBox();
        if (!box) throw new Error(`paragraph ${i * 3 + 1} is not rendered`);
        await b.page.mouse.move(box.x + 2, box.y + 8);
        await b.page.mouse.down();
        await b.page.mouse.move(box.x + 300, box.y + 8);
        await b.page.mouse.up();
        const before = await b.page.locator(`${stripe}:not([data-pending])`).count();
        await armClock(b.page, 'keydown', [
          moreThanIn(MARGIN, `${STRIPE_IN_MARGIN}:not([data-pending])`, before),
        ]);
        await b.page.evaluate(
          `(performance.clearResourceTimings(), document.addEventListener('keydown', () => (window.__keyAt = performance.now()), { once: true, capture: true }))`,
        );
        await startTrace(b.browser, b.page);
        await b.page.locator('.source-text').press('1');
        await codingStored(b.page, before);
        // What the write sets off afterwards (the re-read, the segment's panel) is counted too.
        await b.page.evaluate(() => new Promise((r) => setTimeout(r, 200)));
        const events = await stopTraceEvents(b.browser);
        const t = summariseTrace(events);
        const stored = (await readClock(b.page))[0] ?? -1;
        const trip = await roundTrip(b.page, 'coding.apply');
        const line = taskTimeline(events, '/api/coding.apply', stored);
        paths.push({ stored, trip, ...line });
        // The functions between the answer and the stored coding's frame, and those of the key press.
        if (line.answered >= 0) {
          const at = (ms: number) => line.keyTs + ms * 1000;
          for (const [f, n] of functionsBetween(events, at(line.answered), at(stored)))
            afterAnswer.set(f, (afterAnswer.get(f) ?? 0) + n);
          const inside = callersBetween(events, at(line.answered), at(stored));
          samplesAfterAnswer += inside.total;
          for (const [f, n] of inside.functions)
            insideAfterAnswer.set(f, (insideAfterAnswer.get(f) ?? 0) + n);
          const key = line.tasks.find((k) => k.what.includes('keydown'));
          if (key)
            for (const [f, n] of functionsBetween(events, at(key.at), at(key.at + key.wall)))
              inKeyTask.set(f, (inKeyTask.get(f) ?? 0) + n);
        }
        for (const [k, v] of Object.entries(t.kinds)) kinds[k] = (kinds[k] ?? 0) + v;
        for (const [k, v] of Object.entries(t.cpu)) cpu[k] = (cpu[k] ?? 0) + v;
        for (const [f, ms] of t.functions) functions.set(f, (functions.get(f) ?? 0) + ms);
      }
      const mean = (r: Record<string, number>) =>
        Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Math.round(v / 10)]));
      kinds = mean(kinds);
      cpu = mean(cpu);
      const top = [...functions]
        .sort((a, z) => z[1] - a[1])
        .slice(0, 20)
        .map(([f, ms]) => [f, Math.round(ms) / 10] as [string, number]);
      note(
        formatTrace(`\n  trace, applying a code (main thread per application, mean)`, {
          kinds,
          cpu,
          functions: top,
        }),
      );
      note(criticalPaths(paths));
      const topOf = (m: Map<string, number>, n = 15) =>
        [...m]
          .sort((a, z) => z[1] - a[1])
          .slice(0, n)
          .map(([f, n]) => `    ${String(Math.round(n * 10) / 10).padStart(6)}  ${f}`)
          .join('\n');
      note(`  samples in the key press's task (10 applications):\n${topOf(inKeyTask)}`);
      note(
        `  samples from the answer to the stored frame (10 applications):\n${topOf(afterAnswer)}`,
      );
      note(
        `  the same stretch, ${samplesAfterAnswer} ms sampled, by the ms each function was on the stack (it and what it called; 10 applications):\n${topOf(insideAfterAnswer, 80)}`,
      );
      closeBrowser(b);
    },
  };
}

/**
 * Where opening a source of the study goes on the renderer's main thread: eight sources, each
 * traced from the click until it shows (text and stripes), the mean per opening; the CPU time
 * counts what the page did, not the time it waited for a core on a busy machine.
 */
function traceOpenStudySource(): Measurement {
  let kinds: Record<string, number> = {};
  let cpu: Record<string, number> = {};
  const n = 8;
  return {
    name: 'viewer: trace of opening a source of the study (Chromium)',
    n: 1,
    extra: () => traceFigures(kinds, cpu),
    async setup(study) {
      return { b: await openBrowser(study.path, study.dir) };
    },
    async run(study, prepared) {
      const { b } = prepared as { b: Browsing };
      const links = b.page.locator('button.source-link');
      const functions = new Map<string, number>();
      for (let i = 0; i < n; i++) {
        // Others than the untraced measurement opens (13 further on): none was read before.
        const link = links.nth(Math.floor(((i + 0.5) * Math.min(study.sources, 2000)) / n) + 13);
        await link.scrollIntoViewIfNeeded();
        const title = (await link.locator('.source-link-title').textContent()) ?? '';
        await startTrace(b.browser, b.page);
        await link.click();
        await b.page.waitForFunction(
          ({ title, sel }) => {
            const d = (
              globalThis as unknown as {
                document: {
                  querySelector(s: string): { textContent: string | null } | null;
                  querySelectorAll(s: string): { length: number };
                };
              }
            ).document;
            return (
              d.querySelector('h1#source-title')?.textContent === title &&
              d.querySelectorAll(sel).length > 0
            );
          },
          { title, sel: stripe },
        );
        const t = await stopTrace(b.browser);
        for (const [k, v] of Object.entries(t.kinds)) kinds[k] = (kinds[k] ?? 0) + v;
        for (const [k, v] of Object.entries(t.cpu)) cpu[k] = (cpu[k] ?? 0) + v;
        for (const [f, ms] of t.functions) functions.set(f, (functions.get(f) ?? 0) + ms);
      }
      const mean = (r: Record<string, number>) =>
        Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Math.round(v / n)]));
      kinds = mean(kinds);
      cpu = mean(cpu);
      const top = [...functions]
        .sort((a, z) => z[1] - a[1])
        .slice(0, 15)
        .map(([f, ms]) => [f, Math.round((ms / n) * 10) / 10] as [string, number]);
      note(
        formatTrace(`\n  trace, opening a source of the study (main thread per opening, mean)`, {
          kinds,
          cpu,
          functions: top,
        }),
      );
      closeBrowser(b);
    },
  };
}

/** The renderer's memory while 50 sources of the study are opened one after another. */
function memoryMeasurement(): Measurement {
  let figures: Record<string, number> = {};
  return {
    name: 'viewer: renderer memory, 50 sources opened one after another (Chromium)',
    n: 1,
    extra: () => figures,
    async run(study) {
      const b = await openBrowser(study.path, study.dir);
      const cdp: CDPSession = await b.page.context().newCDPSession(b.page);
      const links = b.page.locator('button.source-link');
      const heap: Record<number, number> = {};
      const nodes: Record<number, number> = {};
      for (let i = 0; i < 50; i++) {
        const link = links.nth(i);
        const title = (await link.locator('.source-link-title').textContent()) ?? '';
        await link.click();
        await b.page.getByRole('heading', { level: 1, name: title, exact: true }).waitFor();
        await b.page.locator('.source-text p').first().waitFor();
        await b.page.locator(stripe).first().waitFor({ state: 'attached' });
        if ([1, 10, 25, 50].includes(i + 1)) {
          heap[i + 1] = await heapAfterGc(cdp);
          nodes[i + 1] = await domNodes(cdp);
        }
      }
      figures = {
        heap_mb_1: heap[1] ?? 0,
        heap_mb_10: heap[10] ?? 0,
        heap_mb_25: heap[25] ?? 0,
        heap_mb_50: heap[50] ?? 0,
        growth_mb_10_to_50: Math.round(((heap[50] ?? 0) - (heap[10] ?? 0)) * 10) / 10,
        dom_nodes_1: nodes[1] ?? 0,
        dom_nodes_50: nodes[50] ?? 0,
      };
      closeBrowser(b);
    },
  };
}

/**
 * The reads an action set off in the page that were answered within `upTo` ms (before what was
 * timed showed), from the browser's resource timings: until the last of those answers arrived
 * (ms after the action) and the slowest one. What is left of the time in the page is the
 * renderer's.
 */
async function readsSince(
  page: Page,
  at: number,
  upTo: number,
): Promise<{ untilLast: number; slowest: number; method: string }> {
  return page.evaluate(`(() => {
    const reads = performance
      .getEntriesByType('resource')
      .filter((e) => e.name.includes('/api/') && e.startTime >= ${at} && e.responseEnd <= ${at + upTo});
    let untilLast = 0;
    let slowest = 0;
    let method = '';
    for (const e of reads) {
      untilLast = Math.max(untilLast, e.responseEnd - ${at});
      if (e.duration > slowest) {
        slowest = e.duration;
        method = decodeURIComponent(e.name.split('/api/')[1] ?? '');
      }
    }
    return { untilLast, slowest, method };
  })()`);
}

/** Each read an action set off in the page: when it was sent and answered (ms after the action). */
async function readTimeline(
  page: Page,
  at: number,
): Promise<{ method: string; sent: number; answered: number; waited: number }[]> {
  return page.evaluate(`performance
    .getEntriesByType('resource')
    .filter((e) => e.name.includes('/api/') && e.startTime >= ${at})
    .map((e) => ({
      method: decodeURIComponent(e.name.split('/api/')[1] ?? ''),
      sent: Math.round(e.startTime - ${at}),
      answered: Math.round(e.responseEnd - ${at}),
      // Before the request went out: queued in the browser (connections, the main thread).
      waited: Math.round(e.requestStart - e.startTime),
    }))`);
}

/**
 * Whether the workbench has written its on-open snapshot of the project yet (a copy of the
 * whole file, in a worker, beside it): until then the server shares the machine with that copy.
 */
function onOpenSnapshotWritten(path: string): boolean {
  const dir = `${path}-snapshots`;
  return existsSync(dir) && readdirSync(dir).some((f) => f.endsWith('_on-open.casus'));
}

/** Openings of sources of the study: at least 20, so that the p95 is not one opening. */
const STUDY_OPENINGS = 24;

/**
 * Opening sources of the generated study (a 5-page report each) by their link; the time until
 * the last of the server's answers arrived is reported beside it (the rest is the renderer's),
 * and the reads of the slowest openings, to tell what the page waited on.
 */
function openStudySource(): Measurement {
  const inPage: number[] = [];
  const reads: number[] = [];
  const slowest: number[] = [];
  const slowestBy = new Map<string, number>();
  const timelines: { shown: number; title: string; reads: string }[] = [];
  const n = STUDY_OPENINGS;
  /** Openings while the server was still writing its on-open snapshot of the project. */
  let duringSnapshot = 0;
  let fileMb = 0;
  return {
    name: 'viewer: open a source of the study (Chromium)',
    n,
    extra: () => {
      const renderer = inPage.map((t, i) => t - (reads[i] ?? 0));
      const by = [...slowestBy].sort((a, z) => z[1] - a[1])[0];
      if (by) note(`    slowest read most often: ${by[0]} (${by[1]} of ${inPage.length})`);
      for (const x of [...timelines].sort((a, z) => z.shown - a.shown).slice(0, 3))
        note(`    ${Math.round(x.shown)} ms, ${x.title}: ${x.reads}`);
      if (duringSnapshot)
        note(
          `    ${duringSnapshot} of ${inPage.length} openings while the server wrote its on-open snapshot of the ${fileMb} MB project`,
        );
      return {
        openings_during_snapshot: duringSnapshot,
        ...summary('in_page', inPage),
        ...summary('until_last_read', reads),
        ...summary('slowest_read', slowest),
        ...summary('renderer_rest', renderer),
      };
    },
    async setup(study) {
      return { b: await openBrowser(study.path, study.dir) };
    },
    async run(study, prepared, i) {
      const { b } = prepared as { b: Browsing };
      const links = b.page.locator('button.source-link');
      // Spread over the list: far apart, so that none was read before.
      const link = links.nth(Math.floor(((i + 0.5) * Math.min(study.sources, 2000)) / n));
      await link.scrollIntoViewIfNeeded();
      const title = (await link.locator('.source-link-title').textContent()) ?? '';
      await armClock(b.page, 'click', [
        `document.querySelector('h1#source-title')?.textContent === ${JSON.stringify(title)} && ${moreThan(stripe, 0)}`,
      ]);
      await b.page.evaluate(
        `document.addEventListener('click', () => (window.__clickAt = performance.now()), { once: true, capture: true })`,
      );
      const snapshotting = !onOpenSnapshotWritten(study.path);
      await link.click();
      const shown = (await readClock(b.page))[0] ?? -1;
      inPage.push(shown);
      if (snapshotting && !onOpenSnapshotWritten(study.path)) duringSnapshot++;
      fileMb = Math.round(statSync(study.path).size / 2 ** 20);
      // The reads the click set off before the source showed, timed from the click as the
      // clock is (reads that come after, for other panes, are not the opening's).
      const at = (await b.page.evaluate('window.__clickAt')) as number;
      const r = await readsSince(b.page, at, shown);
      reads.push(r.untilLast);
      slowest.push(r.slowest);
      slowestBy.set(r.method, (slowestBy.get(r.method) ?? 0) + 1);
      // Each read: sent at +ms, answered at +ms, and how long it was queued before it went out.
      const timeline = (await readTimeline(b.page, at))
        .map(
          (x) =>
            `${x.method} ${x.sent}→${x.answered}${x.waited > 5 ? ` (queued ${x.waited})` : ''}`,
        )
        .join(', ');
      timelines.push({ shown, title, reads: timeline });
      if (i === n - 1) closeBrowser(b);
    },
  };
}

/** The viewer in a real Chromium page: opening, scrolling, coding, memory. */
export const measurements: Measurement[] = [
  traceMeasurement(300, 5000),
  openMeasurement(50, 500, 8),
  openMeasurement(300, 5000, 6),
  scrollMeasurement(300, 5000),
  // 60 applications: the p95 of 20 is their second-slowest, one disturbed run decides it.
  applyMeasurement(50, 0, 60),
  applyMeasurement(300, 5000, 60),
  traceApplyMeasurement(300, 5000),
  openStudySource(),
  traceOpenStudySource(),
  memoryMeasurement(),
];
