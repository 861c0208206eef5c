import { availableParallelism, loadavg } from 'node:os';

/** A named speed measurement: `run` is timed `n` times (after `setup`), medians reported. */
export interface Measurement {
  name: string;
  /** Runs once before timing; its result is handed to every run. */
  setup?: (study: BenchStudy) => Promise<unknown> | unknown;
  run: (study: BenchStudy, prepared: unknown, i: number) => Promise<unknown> | unknown;
  /**
   * The floor: the least the same answer can cost (the raw SQL query, the raw FTS5 query with its
   * snippets and count), timed alternately with `run` in the same loop, so that both see the
   * same load on the machine. The result then carries the floor's median and p95 and the ratio.
   */
  floor?: (study: BenchStudy, prepared: unknown, i: number) => Promise<unknown> | unknown;
  /** Repetitions (default 20; long measurements use fewer). */
  n?: number;
  /**
   * Untimed runs (and floor runs) first, for a line that times a steady state: a quick call's
   * first dozen runs are slower while V8 compiles it, and would set its p95. Their i is negative.
   */
  warmup?: number;
  /**
   * Also report the CPU time of this process per run (and per floor run): for work done in the
   * bench's own process (dispatch, SQL), what the run cost, however busy the machine is.
   */
  cpu?: boolean;
  /** Extra figures a measurement reports besides time (e.g. peak memory, sources per second). */
  extra?: () => Record<string, number>;
}

export interface BenchStudy {
  /** Path of the generated project file. */
  path: string;
  dir: string;
  sources: number;
  segments: number;
  quick: boolean;
  large: boolean;
}

export interface Result {
  median_ms: number;
  p95_ms: number;
  /** The fastest run: the least disturbed by other load on the machine. */
  min_ms: number;
  n: number;
  [extra: string]: number;
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
const round = (x: number) => Math.round(x * 100) / 100;

/** Median and p95 of a list of times (ms), under `prefix`_median_ms and `prefix`_p95_ms. */
export function summary(prefix: string, ms: number[]): Record<string, number> {
  const s = [...ms].sort((a, b) => a - b);
  return {
    [`${prefix}_median_ms`]: round(quantile(s, 0.5)),
    [`${prefix}_p95_ms`]: round(quantile(s, 0.95)),
  };
}

/** How much slower than its floor: the ratio of the medians. */
export const ratio = (median: number, floorMedian: number): number =>
  floorMedian > 0 ? round(median / floorMedian) : 0;

export async function measure(m: Measurement, study: BenchStudy): Promise<Result> {
  const prepared = m.setup ? await m.setup(study) : undefined;
  const n = m.n ?? 20;
  const times: number[] = [];
  const floors: number[] = [];
  const cpu: number[] = [];
  const floorCpu: number[] = [];
  const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;
  for (let i = 0; i < (m.warmup ?? 0); i++) {
    await m.run(study, prepared, -1 - i);
    await m.floor?.(study, prepared, -1 - i);
  }
  for (let i = 0; i < n; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await m.run(study, prepared, i);
    times.push(performance.now() - t0);
    cpu.push(cpuMs(process.cpuUsage(c0)));
    if (m.floor) {
      const c1 = process.cpuUsage();
      const f0 = performance.now();
      await m.floor(study, prepared, i);
      floors.push(performance.now() - f0);
      floorCpu.push(cpuMs(process.cpuUsage(c1)));
    }
  }
  const cpuFigures: Record<string, number> = {};
  if (m.cpu) {
    Object.assign(cpuFigures, summary('cpu', cpu));
    if (m.floor) {
      Object.assign(cpuFigures, summary('floor_cpu', floorCpu));
      cpuFigures.cpu_ratio = ratio(
        cpuFigures.cpu_median_ms ?? 0,
        cpuFigures.floor_cpu_median_ms ?? 0,
      );
    }
  }
  times.sort((a, b) => a - b);
  const median = round(quantile(times, 0.5));
  const floor = m.floor ? summary('floor', floors) : {};
  return {
    median_ms: median,
    p95_ms: round(quantile(times, 0.95)),
    min_ms: round(times[0] ?? 0),
    n,
    ...floor,
    ...(m.floor ? { ratio: ratio(median, floor.floor_median_ms ?? 0) } : {}),
    ...cpuFigures,
    ...(m.extra?.() ?? {}),
  };
}

/** The machine's load (1-minute average) and cores, to read the figures by. */
export function machineLoad(): { load_1m: number; cores: number } {
  return { load_1m: round(loadavg()[0] ?? 0), cores: availableParallelism() };
}

export function formatTable(results: Record<string, Result>): string {
  const rows = Object.entries(results);
  const w = Math.max(11, ...rows.map(([k]) => k.length));
  const col = (s: string | number | undefined) => String(s ?? '').padStart(9);
  const head = `${'measurement'.padEnd(w)}  ${col('median ms')}  ${col('p95 ms')}  ${col('min ms')}  ${col('floor ms')}  ${col('ratio')}  ${'n'.padStart(4)}  extra`;
  return [
    head,
    '-'.repeat(head.length + 10),
    ...rows.map(([k, r]) => {
      const {
        median_ms,
        p95_ms,
        min_ms,
        n,
        floor_median_ms,
        floor_p95_ms: _p,
        ratio: x,
        ...extra
      } = r;
      const ex = Object.entries(extra)
        .map(([a, b]) => `${a}=${b}`)
        .join(' ');
      return `${k.padEnd(w)}  ${col(median_ms)}  ${col(p95_ms)}  ${col(min_ms)}  ${col(floor_median_ms)}  ${col(x)}  ${String(n).padStart(4)}  ${ex}`;
    }),
  ].join('\n');
}
