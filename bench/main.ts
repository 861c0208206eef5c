import {
  closeSync,
  copyFileSync,
  fsyncSync,
  openSync,
  existsSync,
  mkdtempSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { measurements as agreement } from './agreement.js';
import { measurements as audit } from './audit.js';
import { generateStudy, openStudy } from './generate.js';
import { measurements as cli } from './cli.js';
import { measurements as coding } from './coding.js';
import { formatTable, machineLoad, measure, type Measurement, type Result } from './harness.js';
import { measurements as importing } from './import.js';
import { measurements as matrix } from './matrix.js';
import { measurements as project } from './project.js';
import { measurements as refi } from './refi.js';
import { measurements as report } from './report.js';
import { measurements as review } from './review.js';
import { measurements as search } from './search.js';
import { measurements as viewer } from './viewer.js';

/**
 * `npm run bench [-- --quick | --large] [--json] [--sources N] [--segments N]
 *   [--study-cache <dir>] [--only <substring>[,<substring>...]]`
 * Generates a synthetic study, then reports medians and p95 of every named measurement, and
 * beside them the floor measured in the same run where there is one, and the ratio.
 * `--large` is a programme evaluation rather than one study: 10,000 sources, 250,000 segments.
 * `--study-cache <dir>` keeps the generated study there and reuses it in later runs (the large
 * one takes long to generate); every run works on a copy of it.
 * Each feature lists its measurements in bench/<feature>.ts.
 */
const { values } = parseArgs({
  options: {
    quick: { type: 'boolean' },
    large: { type: 'boolean' },
    json: { type: 'boolean' },
    sources: { type: 'string' },
    segments: { type: 'string' },
    only: { type: 'string' },
    'study-cache': { type: 'string' },
  },
});
const quick = values.quick === true;
const large = values.large === true;
const sources = Number(values.sources ?? (large ? 10000 : quick ? 200 : 2000));
const segments = Number(values.segments ?? (large ? 250000 : quick ? 5000 : 50000));

const suites: Measurement[][] = [
  cli,
  project,
  importing,
  coding,
  viewer,
  refi,
  search,
  matrix,
  report,
  agreement,
  review,
  audit,
];
// `--only a,b`: every measurement whose name contains any of the comma-separated substrings.
const only = values.only?.split(',').filter((s) => s !== '') ?? [];
const all = suites.flat().filter((m) => only.length === 0 || only.some((s) => m.name.includes(s)));

const dir = mkdtempSync(join(tmpdir(), 'casus-bench-'));
const log = (t: string) => (values.json ? process.stderr : process.stdout).write(`${t}\n`);

/** Generates the study into `path`, or, with a cache folder, copies the one kept there. */
function studyAt(path: string): void {
  const cache = values['study-cache'];
  if (!cache) {
    log(`Generating a study of ${sources} sources and ${segments} segments…`);
    generateStudy(path, { sources, segments });
    return;
  }
  // A changed generator makes another study: its hash is in the name.
  const generator = createHash('sha256')
    .update(readFileSync(new URL('./generate.ts', import.meta.url)))
    .digest('hex')
    .slice(0, 10);
  const kept = join(cache, `study-${sources}x${segments}-${generator}.casus`);
  if (!existsSync(kept)) {
    mkdirSync(cache, { recursive: true });
    log(`Generating a study of ${sources} sources and ${segments} segments into ${kept}…`);
    const t0 = performance.now();
    generateStudy(`${kept}.partial`, { sources, segments });
    renameSync(`${kept}.partial`, kept);
    log(`  generated in ${Math.round((performance.now() - t0) / 1000)} s`);
  } else log(`Using the study in ${kept}`);
  copyFileSync(kept, path);
  // Written to disk before anything is timed: otherwise the kernel writes the copy back during
  // the first measurements (seconds for a 2.5 GB study) and they time that too.
  const fd = openSync(path, 'r+');
  fsyncSync(fd);
  closeSync(fd);
  // Opened once before anything is timed: a migration (the kept file may be older) runs here.
  openStudy(path).session.close();
}

try {
  const path = join(dir, 'study.casus');
  studyAt(path);
  const study = { path, dir, sources, segments, quick, large };
  const before = machineLoad();
  log(
    `Machine: ${before.cores} cores, load ${before.load_1m} (1-minute average); V8 flags: ${process.execArgv.filter((a) => a.startsWith('--max')).join(' ') || 'none'}`,
  );
  const results: Record<string, Result> = {};
  /** Measurements that failed, with why: the others still run (a 10,000-source run is long). */
  const failed: Record<string, string> = {};
  for (const m of all) {
    log(`  ${m.name}`);
    try {
      results[m.name] = { ...(await measure(m, study)), load_1m: machineLoad().load_1m };
    } catch (e) {
      failed[m.name] = e instanceof Error ? e.message : String(e);
      log(`  FAILED: ${failed[m.name]}`);
      continue;
    }
    // Each figure as soon as it is measured: a later failure does not lose it.
    log(
      formatTable({ [m.name]: results[m.name] as Result })
        .split('\n')
        .slice(2)
        .join('\n'),
    );
  }
  mkdirSync('bench/results', { recursive: true });
  const name = large ? 'large.json' : quick ? 'quick.json' : 'full.json';
  writeFileSync(
    join('bench/results', name),
    JSON.stringify({ machine: { ...before, sources, segments }, results, failed }, null, 2),
  );
  if (values.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  else log(`\n${formatTable(results)}\nMachine after: load ${machineLoad().load_1m}`);
  for (const [name, why] of Object.entries(failed)) log(`FAILED: ${name}: ${why}`);
  if (Object.keys(failed).length > 0) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
