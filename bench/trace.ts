import type { Browser, Page } from '@playwright/test';

/** Where the renderer's main thread spent a traced stretch of time (Chromium performance trace). */
export interface TraceSummary {
  /** Self time (ms) per kind of work on the renderer's main thread (wall clock). */
  kinds: Record<string, number>;
  /**
   * The same in the thread's CPU time (ms; the trace's thread clock): on a busy machine the wall
   * clock counts the time the thread waited for a core too, this does not.
   */
  cpu: Record<string, number>;
  /** JS functions by self time (ms), from the sampling profiler: "name (file:line)". */
  functions: [string, number][];
}

export interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  /** Thread (CPU) time of a complete event, µs. */
  tdur?: number;
  args?: {
    name?: string;
    data?: {
      type?: string;
      url?: string;
      requestId?: string;
      cpuProfile?: {
        nodes?: {
          id: number;
          // Later chunks of a profile may repeat a node without its frame.
          callFrame?: { functionName?: string; url?: string; lineNumber?: number };
          parent?: number;
        }[];
        samples?: number[];
      };
      timeDeltas?: number[];
    };
  };
  id?: string;
}

/** The kinds of main-thread work, by trace event name (as DevTools' Performance panel groups them). */
function kindOf(name: string): string {
  if (
    name === 'UpdateLayoutTree' ||
    name === 'RecalculateStyles' ||
    name === 'ParseAuthorStyleSheet'
  )
    return 'style';
  if (name === 'Layout' || name === 'IntersectionObserverController::computeIntersections')
    return 'layout';
  if (
    /^(Paint|PrePaint|Layerize|UpdateLayer|Commit|CompositeLayers|PaintImage|RasterTask)$/.test(
      name,
    )
  )
    return 'paint';
  if (/GC|Sweep|Mark/.test(name)) return 'gc';
  if (name === 'ParseHTML') return 'html';
  return 'script';
}

const TRACE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8.execute',
  'blink.user_timing',
  'disabled-by-default-v8.cpu_profiler',
  'v8',
];

/** Starts a Chromium performance trace of `page`. */
export function startTrace(browser: Browser, page: Page): Promise<void> {
  return browser.startTracing(page, { categories: TRACE_CATEGORIES });
}

/** Stops the trace started by `startTrace` and sums it up. */
export async function stopTrace(browser: Browser): Promise<TraceSummary> {
  return summariseTrace(await stopTraceEvents(browser));
}

/** Stops the trace started by `startTrace`: its events. */
export async function stopTraceEvents(browser: Browser): Promise<TraceEvent[]> {
  const buffer = await browser.stopTracing();
  const parsed = JSON.parse(buffer.toString('utf8')) as
    { traceEvents: TraceEvent[] } | TraceEvent[];
  return Array.isArray(parsed) ? parsed : parsed.traceEvents;
}

/** The renderer's main thread ("pid:tid"): the CrRendererMain with the most complete events. */
function mainThread(events: TraceEvent[]): string | undefined {
  const mains = new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const count = new Map<string, number>();
  for (const e of events) {
    const k = `${e.pid}:${e.tid}`;
    if (e.ph === 'X' && mains.has(k)) count.set(k, (count.get(k) ?? 0) + 1);
  }
  return [...count].sort((a, b) => b[1] - a[1])[0]?.[0];
}

/** One task of the main thread: when it began (ms after the key press), wall and CPU time. */
export interface TaskSpan {
  at: number;
  wall: number;
  cpu: number;
  /** What ran in it: the key press, a network answer, a timer, a frame (paint)… */
  what: string;
}

/** The names of trace events that say what a task was for, as short words. */
const TASK_WORDS: Record<string, string> = {
  ResourceSendRequest: 'send',
  ResourceReceiveResponse: 'response',
  ResourceFinish: 'finish',
  FireAnimationFrame: 'rAF',
  TimerFire: 'timer',
  Layout: 'layout',
  UpdateLayoutTree: 'style',
  Paint: 'paint',
  Commit: 'commit',
  MajorGC: 'gc',
  MinorGC: 'gc',
};

/** The rendering steps of a frame (or forced in a task), by trace event name. */
const RENDER_STEPS = new Set([
  'UpdateLayoutTree',
  'Layout',
  'PrePaint',
  'Paint',
  'Layerize',
  'Commit',
  'HitTest',
  'UpdateLayerTree',
]);

/**
 * The main thread's tasks from the first key press of a trace on: each with what ran in it, so
 * that the path from a key press to the frame that shows its result can be read task by task.
 * `until` (ms after the key press) ends the list. Also when the page sent its first request
 * whose URL contains `url`, and when it heard its answer (ms after the key press).
 */
export function taskTimeline(
  events: TraceEvent[],
  url: string,
  until: number,
): { tasks: TaskSpan[]; sent: number; answered: number; keyTs: number } {
  const main = mainThread(events);
  const onMain = events.filter((e) => `${e.pid}:${e.tid}` === main);
  const key = onMain.find(
    (e) => e.name === 'EventDispatch' && (e.args?.data as { type?: string })?.type === 'keydown',
  );
  const empty = { tasks: [], sent: -1, answered: -1, keyTs: -1 };
  if (!key) return empty;
  const t0 = key.ts;
  const rel = (ts: number) => Math.round((ts - t0) / 100) / 10;
  const data = (e: TraceEvent) => e.args?.data ?? {};
  const send = events.find(
    (e) => e.name === 'ResourceSendRequest' && e.ts >= t0 && data(e).url?.includes(url),
  );
  const id = send ? data(send).requestId : undefined;
  const answer = events.find(
    (e) => e.name === 'ResourceReceiveResponse' && id !== undefined && data(e).requestId === id,
  );
  const tops = onMain
    .filter(
      (e) => e.ph === 'X' && (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask'),
    )
    .sort((a, b) => a.ts - b.ts);
  const tasks: TaskSpan[] = [];
  let end = -Infinity;
  for (const task of tops) {
    const stop = task.ts + (task.dur ?? 0);
    // Nested RunTasks belong to the task around them.
    if (task.ts < end) continue;
    end = stop;
    if (stop < t0 || rel(task.ts) > until) continue;
    const words = new Set<string>();
    for (const e of events) {
      if (e.ts < task.ts || e.ts > stop) continue;
      if (e.name === 'EventDispatch' && data(e).type) words.add(data(e).type as string);
      else if (`${e.pid}:${e.tid}` === main && TASK_WORDS[e.name]) {
        const w = TASK_WORDS[e.name] as string;
        const mine = !data(e).requestId || data(e).requestId === id;
        if (w === 'send' || w === 'response' || w === 'finish') {
          if (mine) words.add(w);
        } else words.add(w);
      }
    }
    if ((task.dur ?? 0) < 500 && words.size === 0) continue;
    // The rendering steps in it (ms), with how much they had to do: elements styled, layout
    // objects dirty of all.
    const steps = new Map<string, number>();
    const counts: string[] = [];
    for (const e of onMain) {
      if (e.ph !== 'X' || e.ts < task.ts || e.ts > stop) continue;
      if (!RENDER_STEPS.has(e.name)) continue;
      steps.set(e.name, (steps.get(e.name) ?? 0) + (e.dur ?? 0) / 1000);
      const a = e.args as
        | { elementCount?: number; beginData?: { dirtyObjects?: number; totalObjects?: number } }
        | undefined;
      if (e.name === 'UpdateLayoutTree' && a?.elementCount) counts.push(`${a.elementCount} styled`);
      if (e.name === 'Layout' && a?.beginData?.dirtyObjects !== undefined)
        counts.push(`${a.beginData.dirtyObjects}/${a.beginData.totalObjects} laid out`);
    }
    tasks.push({
      at: rel(task.ts),
      wall: Math.round((task.dur ?? 0) / 100) / 10,
      cpu: Math.round((task.tdur ?? 0) / 100) / 10,
      what:
        ([...words].join('+') || '-') +
        (steps.size
          ? ` [${[...steps].map(([k, ms]) => `${k} ${ms.toFixed(1)}`).join(', ')}${counts.length ? `; ${counts.join(', ')}` : ''}]`
          : ''),
    });
  }
  return {
    tasks,
    sent: send ? rel(send.ts) : -1,
    answered: answer ? rel(answer.ts) : -1,
    keyTs: t0,
  };
}

export function summariseTrace(events: TraceEvent[]): TraceSummary {
  const thread = mainThread(events);
  const main = events.filter((e) => e.ph === 'X' && `${e.pid}:${e.tid}` === thread);
  // Self time: an event's duration less that of the events nested directly inside it.
  main.sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const kinds: Record<string, number> = {};
  const cpu: Record<string, number> = {};
  type Open = { e: TraceEvent; end: number; child: number; childCpu: number };
  const stack: Open[] = [];
  const close = (upTo: number) => {
    while (stack.length && (stack[stack.length - 1] as Open).end <= upTo) {
      const top = stack.pop() as Open;
      const kind = kindOf(top.e.name);
      kinds[kind] = (kinds[kind] ?? 0) + ((top.e.dur ?? 0) - top.child) / 1000;
      cpu[kind] = (cpu[kind] ?? 0) + Math.max((top.e.tdur ?? 0) - top.childCpu, 0) / 1000;
    }
  };
  for (const e of main) {
    close(e.ts);
    const parent = stack[stack.length - 1];
    if (parent) {
      parent.child += e.dur ?? 0;
      parent.childCpu += e.tdur ?? 0;
    }
    stack.push({ e, end: e.ts + (e.dur ?? 0), child: 0, childCpu: 0 });
  }
  close(Infinity);
  for (const k of Object.keys(kinds)) kinds[k] = Math.round(kinds[k] as number);
  for (const k of Object.keys(cpu)) cpu[k] = Math.round(cpu[k] as number);

  // The sampling profiler: self time per function.
  const frames = new Map<string, string>();
  const self = new Map<string, number>();
  for (const e of events) {
    if (e.name !== 'ProfileChunk') continue;
    const data = e.args?.data;
    nameFrames(e, frames);
    const samples = data?.cpuProfile?.samples ?? [];
    const deltas = data?.timeDeltas ?? [];
    samples.forEach((s, i) => {
      const name = frames.get(`${e.id}:${s}`) ?? '(unknown)';
      self.set(name, (self.get(name) ?? 0) + (deltas[i] ?? 0) / 1000);
    });
  }
  const functions = [...self]
    .filter(([name]) => !/^\((idle|program|root)\)/.test(name))
    .sort((a, b) => b[1] - a[1])
    .slice(0, 25)
    .map(([n, ms]) => [n, Math.round(ms * 10) / 10] as [string, number]);
  return { kinds, cpu, functions };
}

/** Names each profile node of a ProfileChunk by its function and place, keyed `<id>:<node>`. */
function nameFrames(e: TraceEvent, frames: Map<string, string>): void {
  for (const n of e.args?.data?.cpuProfile?.nodes ?? []) {
    const f = n.callFrame;
    if (!f) continue;
    const file = (f.url ?? '').split('/').pop() ?? '';
    frames.set(
      `${e.id}:${n.id}`,
      `${f.functionName || '(anonymous)'} (${file}:${(f.lineNumber ?? 0) + 1})`,
    );
  }
}

/**
 * The sampling profiler's samples with their times (trace µs): function per sample, for the
 * functions of one stretch of time (`functionsBetween`).
 */
function samples(events: TraceEvent[]): { ts: number; dt: number; fn: string; stack: string[] }[] {
  const starts = new Map<string, number>();
  for (const e of events)
    if (e.name === 'Profile' && e.id !== undefined)
      starts.set(e.id, (e.args?.data as { startTime?: number } | undefined)?.startTime ?? e.ts);
  const frames = new Map<string, string>();
  const parents = new Map<string, string>();
  const clock = new Map<string, number>();
  const out: { ts: number; dt: number; fn: string; stack: string[] }[] = [];
  for (const e of events) {
    if (e.name !== 'ProfileChunk' || e.id === undefined) continue;
    const data = e.args?.data;
    nameFrames(e, frames);
    for (const n of data?.cpuProfile?.nodes ?? [])
      if (n.parent !== undefined) parents.set(`${e.id}:${n.id}`, `${e.id}:${n.parent}`);
    let t = clock.get(e.id) ?? starts.get(e.id) ?? e.ts;
    const deltas = data?.timeDeltas ?? [];
    (data?.cpuProfile?.samples ?? []).forEach((smp, i) => {
      t += deltas[i] ?? 0;
      // The functions on the stack, each once (for the time spent inside a function).
      const stack = new Set<string>();
      for (let n: string | undefined = `${e.id}:${smp}`; n !== undefined; n = parents.get(n))
        stack.add(frames.get(n) ?? '(unknown)');
      out.push({
        ts: t,
        dt: (deltas[i + 1] ?? deltas[i] ?? 0) / 1000,
        fn: frames.get(`${e.id}:${smp}`) ?? '(unknown)',
        stack: [...stack],
      });
    });
    clock.set(e.id, t);
  }
  return out;
}

/** Functions by samples (≈ ms at the default 1 kHz... counted, not timed) between two trace times. */
export function functionsBetween(
  events: TraceEvent[],
  from: number,
  to: number,
): [string, number][] {
  const count = new Map<string, number>();
  for (const x of samples(events))
    if (x.ts >= from && x.ts <= to && !/^\((idle|program|root)\)/.test(x.fn))
      count.set(x.fn, (count.get(x.fn) ?? 0) + 1);
  return [...count].sort((a, b) => b[1] - a[1]).slice(0, 12);
}

/**
 * Functions by the time (ms, from the samples) they were on the stack (inclusive: a function
 * and what it called) between two trace times, with the time sampled in that stretch (total).
 * To look inside one function (a minified name's start, e.g. `renderRootSync`), set
 * TRACE_UNDER to it: only the samples with it on the stack count; with TRACE_LEAVES=1 too, by
 * the function each sample was taken in (self time), not by every one on the stack.
 */
export function callersBetween(
  events: TraceEvent[],
  from: number,
  to: number,
): { total: number; functions: [string, number][] } {
  const count = new Map<string, number>();
  const under = process.env.TRACE_UNDER;
  const leaves = Boolean(process.env.TRACE_LEAVES);
  let total = 0;
  for (const x of samples(events)) {
    if (x.ts < from || x.ts > to || /^\((idle|program|root)\)/.test(x.fn)) continue;
    total += x.dt;
    if (under && !x.stack.some((f) => f.startsWith(under))) continue;
    if (under && leaves) {
      count.set(x.fn, (count.get(x.fn) ?? 0) + x.dt);
      continue;
    }
    for (const f of x.stack) count.set(f, (count.get(f) ?? 0) + x.dt);
  }
  const functions = [...count]
    .filter(([f]) => !/^\((root|program)\)/.test(f))
    .sort((a, b) => b[1] - a[1])
    .slice(0, 80)
    .map(([f, ms]) => [f, Math.round(ms * 10) / 10] as [string, number]);
  return { total: Math.round(total), functions };
}

/** The summary as lines of text, for the bench's log. */
export function formatTrace(title: string, t: TraceSummary): string {
  const list = (r: Record<string, number>) =>
    Object.entries(r)
      .sort((a, b) => b[1] - a[1])
      .map(([k, ms]) => `${k} ${ms} ms`)
      .join(', ');
  return [
    `${title}: ${list(t.kinds)}`,
    `    CPU time of the thread: ${list(t.cpu)}`,
    ...t.functions.map(([n, ms]) => `    ${String(ms).padStart(7)} ms  ${n}`),
  ].join('\n');
}
