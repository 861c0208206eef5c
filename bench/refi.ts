import { execFile } from 'node:child_process';
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { dispatch } from '../core/server/dispatch.js';
import { CLI_CALLER } from '../core/server/files/access.js';
import { openStudy } from './generate.js';
import type { Measurement } from './harness.js';

let qdpxBytes = 0;
const peak = { export: 0 };
/** What each import child reported: its own time, CPU time (all threads) and peak memory. */
const child = { ms: [] as number[], cpuMs: [] as number[], peakMb: [] as number[] };
const CHILD = fileURLToPath(new URL('./refi-import-child.ts', import.meta.url));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/** Runs `fn` and keeps the highest resident memory of the process (worker threads included). */
async function sampled<T>(op: keyof typeof peak, fn: () => Promise<T>): Promise<T> {
  const sample = () => {
    peak[op] = Math.max(peak[op], process.memoryUsage().rss);
  };
  const timer = setInterval(sample, 50);
  try {
    return await fn();
  } finally {
    clearInterval(timer);
    sample();
  }
}
const mb = (bytes: number) => Math.round(bytes / 1048576);

/** REFI-QDA: export the generated study as .qdpx, and import that file into a new project. */
export const measurements: Measurement[] = [
  {
    name: 'refi.export qdpx (generated study, schema-validated)',
    n: 3,
    setup: (study) => openStudy(study.path),
    async run(study, prepared, i) {
      const { ctx } = prepared as ReturnType<typeof openStudy>;
      const outPath = join(study.dir, `export-${i}.qdpx`);
      const r = await sampled('export', () =>
        dispatch('refi.export', { format: 'qdpx', outPath }, ctx, CLI_CALLER),
      );
      if (!r.ok) throw new Error(r.error.message);
      qdpxBytes = statSync(outPath).size;
    },
    extra: () => ({ qdpx_bytes: qdpxBytes, peak_rss_mb: mb(peak.export) }),
  },
  {
    name: 'refi.importProject (that .qdpx into a new project)',
    n: 3,
    async setup(study) {
      const opened = openStudy(study.path);
      const filePath = join(study.dir, 'import-source.qdpx');
      const r = await dispatch(
        'refi.export',
        { format: 'qdpx', outPath: filePath },
        opened.ctx,
        CLI_CALLER,
      );
      if (!r.ok) throw new Error(r.error.message);
      return { ...opened, filePath };
    },
    /**
     * In a process of its own (bench/refi-import-child.ts): the time measured here includes that
     * process's start (loading the modules through tsx); `import_ms` is the import alone.
     */
    async run(study, prepared, i) {
      const { filePath } = prepared as ReturnType<typeof openStudy> & { filePath: string };
      const outPath = join(study.dir, `imported-${i}.casus`);
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', CHILD, filePath, outPath],
        { maxBuffer: 1 << 20 },
      );
      const r = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as {
        ok: boolean;
        error?: string;
        ms: number;
        cpuMs: number;
        peakRssMb: number;
      };
      if (!r.ok) throw new Error(r.error);
      child.ms.push(r.ms);
      child.cpuMs.push(r.cpuMs);
      child.peakMb.push(r.peakRssMb);
      rmSync(outPath, { force: true });
    },
    extra: () => ({
      import_ms: Math.round(median(child.ms)),
      cpu_ms: Math.round(median(child.cpuMs)),
      peak_rss_mb: Math.round(Math.max(0, ...child.peakMb)),
    }),
  },
];
