import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { dispatch } from '../core/server/dispatch.js';
import { CLI_CALLER } from '../core/server/files/access.js';
import { openStudy } from './generate.js';
import type { Measurement } from './harness.js';

let qdpxBytes = 0;
const peak = { export: 0, import: 0 };

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
    async run(study, prepared, i) {
      const { ctx, filePath } = prepared as ReturnType<typeof openStudy> & { filePath: string };
      const outPath = join(study.dir, `imported-${i}.casus`);
      const r = await sampled('import', () =>
        dispatch('refi.importProject', { filePath, outPath }, ctx, CLI_CALLER),
      );
      if (!r.ok) throw new Error(r.error.message);
      rmSync(outPath, { force: true });
    },
    extra: () => ({ peak_rss_mb: mb(peak.import) }),
  },
];
