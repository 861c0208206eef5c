/** A named speed measurement: `run` is timed `n` times (after `setup`), medians reported. */
export interface Measurement {
  name: string;
  /** Runs once before timing; its result is handed to every run. */
  setup?: (study: BenchStudy) => Promise<unknown> | unknown;
  run: (study: BenchStudy, prepared: unknown, i: number) => Promise<unknown> | unknown;
  /** Repetitions (default 20; long measurements use fewer). */
  n?: number;
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
}

export interface Result {
  median_ms: number;
  p95_ms: number;
  /** The fastest run: the floor, least disturbed by other load on the machine. */
  min_ms: number;
  n: number;
  [extra: string]: number;
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;

export async function measure(m: Measurement, study: BenchStudy): Promise<Result> {
  const prepared = m.setup ? await m.setup(study) : undefined;
  const n = m.n ?? 20;
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await m.run(study, prepared, i);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    median_ms: round(quantile(times, 0.5)),
    p95_ms: round(quantile(times, 0.95)),
    min_ms: round(times[0] ?? 0),
    n,
    ...(m.extra?.() ?? {}),
  };
}

export function formatTable(results: Record<string, Result>): string {
  const rows = Object.entries(results);
  const w = Math.max(11, ...rows.map(([k]) => k.length));
  const head = `${'measurement'.padEnd(w)}  ${'median ms'.padStart(10)}  ${'p95 ms'.padStart(10)}  ${'min ms'.padStart(10)}  ${'n'.padStart(4)}  extra`;
  return [
    head,
    '-'.repeat(head.length + 10),
    ...rows.map(([k, r]) => {
      const { median_ms, p95_ms, min_ms, n, ...extra } = r;
      const ex = Object.entries(extra)
        .map(([a, b]) => `${a}=${b}`)
        .join(' ');
      return `${k.padEnd(w)}  ${String(median_ms).padStart(10)}  ${String(p95_ms).padStart(10)}  ${String(min_ms).padStart(10)}  ${String(n).padStart(4)}  ${ex}`;
    }),
  ].join('\n');
}
