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

interface TraceEvent {
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
      cpuProfile?: {
        nodes?: {
          id: number;
          // Later chunks of a profile may repeat a node without its frame.
          callFrame?: { functionName?: string; url?: string; lineNumber?: number };
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
  const buffer = await browser.stopTracing();
  const parsed = JSON.parse(buffer.toString('utf8')) as
    { traceEvents: TraceEvent[] } | TraceEvent[];
  return summariseTrace(Array.isArray(parsed) ? parsed : parsed.traceEvents);
}

export function summariseTrace(events: TraceEvent[]): TraceSummary {
  // The renderer's main thread: the CrRendererMain with the most complete events.
  const mains = new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const perThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    const k = `${e.pid}:${e.tid}`;
    if (e.ph !== 'X' || !mains.has(k)) continue;
    const list = perThread.get(k) ?? [];
    list.push(e);
    perThread.set(k, list);
  }
  const main = [...perThread.values()].sort((a, b) => b.length - a.length)[0] ?? [];
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
    for (const n of data?.cpuProfile?.nodes ?? []) {
      const f = n.callFrame;
      if (!f) continue;
      const file = (f.url ?? '').split('/').pop() ?? '';
      frames.set(
        `${e.id}:${n.id}`,
        `${f.functionName || '(anonymous)'} (${file}:${(f.lineNumber ?? 0) + 1})`,
      );
    }
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
