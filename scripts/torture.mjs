// `npm run torture -- [--kills N] [--seed S] [--json] [--fresh-every K] [--cli-share P]`: the
// fault-injection test (tests/torture/main.ts). Brings the `casus` command up to date (some kills
// hit it), then bundles the torture driver and worker with the CLI's entries into a temporary
// folder (.tmp/torture-build-*), so the worker starts in a fraction of a second instead of compiling TypeScript on every
// start, and finds migrations and parse workers as the CLI does.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildCli, ensureCliBuild, orExit, ROOT } from './build-cli.mjs';

await orExit(() => ensureCliBuild());
// Inside the repository, where the bundle's external packages (better-sqlite3) resolve.
mkdirSync(join(ROOT, '.tmp'), { recursive: true });
const out = mkdtempSync(join(ROOT, '.tmp', 'torture-build-'));
let code = 1;
try {
  await orExit(() =>
    buildCli({ out, extra: ['tests/torture/main.ts', 'tests/torture/worker.ts'] }),
  );
  const { runTorture } = await import(pathToFileURL(join(out, 'tests', 'torture', 'main.js')).href);
  code = await runTorture(process.argv.slice(2), {
    root: ROOT,
    worker: join(out, 'tests', 'torture', 'worker.js'),
  });
} catch (e) {
  process.stderr.write(`torture: ${e instanceof Error ? e.message : String(e)}\n`);
} finally {
  rmSync(out, { recursive: true, force: true });
}
process.exit(code);
