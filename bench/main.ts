import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateStudy } from './generate.js';
import { measurements as cli } from './cli.js';
import { measurements as coding } from './coding.js';
import { formatTable, measure, type Measurement, type Result } from './harness.js';
import { measurements as importing } from './import.js';
import { measurements as matrix } from './matrix.js';
import { measurements as project } from './project.js';
import { measurements as refi } from './refi.js';
import { measurements as report } from './report.js';
import { measurements as review } from './review.js';
import { measurements as search } from './search.js';

/**
 * `npm run bench [-- --quick] [--json] [--sources N] [--segments N] [--only <substring>[,<substring>...]]`
 * Generates a synthetic study, then reports medians and p95 of every named measurement.
 * Each feature lists its measurements in bench/<feature>.ts.
 */
const { values } = parseArgs({
  options: {
    quick: { type: 'boolean' },
    json: { type: 'boolean' },
    sources: { type: 'string' },
    segments: { type: 'string' },
    only: { type: 'string' },
  },
});
const quick = values.quick === true;
const sources = Number(values.sources ?? (quick ? 200 : 2000));
const segments = Number(values.segments ?? (quick ? 5000 : 50000));

const suites: Measurement[][] = [
  cli,
  project,
  importing,
  coding,
  refi,
  search,
  matrix,
  report,
  review,
];
// `--only a,b`: every measurement whose name contains any of the comma-separated substrings.
const only = values.only?.split(',').filter((s) => s !== '') ?? [];
const all = suites.flat().filter((m) => only.length === 0 || only.some((s) => m.name.includes(s)));

const dir = mkdtempSync(join(tmpdir(), 'casus-bench-'));
const log = (t: string) => (values.json ? process.stderr : process.stdout).write(`${t}\n`);
try {
  const path = join(dir, 'study.casus');
  log(`Generating a study of ${sources} sources and ${segments} segments…`);
  generateStudy(path, { sources, segments });
  const study = { path, dir, sources, segments, quick };
  const results: Record<string, Result> = {};
  for (const m of all) {
    log(`  ${m.name}`);
    results[m.name] = await measure(m, study);
  }
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(
    join('bench/results', quick ? 'quick.json' : 'full.json'),
    JSON.stringify(results, null, 2),
  );
  if (values.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  else log(`\n${formatTable(results)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
