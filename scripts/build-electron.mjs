// Builds the desktop host. The main process keeps the source tree's layout (one ESM file per
// module, plus the SQL migrations and demo fixtures beside them) so that paths resolved from
// import.meta.url work as they do under Node. The sandboxed preload must be one CommonJS file.
import { build } from 'esbuild';
import { cpSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

// `--out <dir>` builds elsewhere (the tests build a throw-away copy inside the repository, where
// node_modules resolves).
const { values } = parseArgs({ options: { out: { type: 'string', default: 'dist-electron' } } });
const out = values.out;
const walk = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory()
      ? walk(p)
      : p.endsWith('.ts') && !p.endsWith('.d.ts')
        ? [p]
        : [];
  });
// Every module is an entry point, the worker threads' entries among them
// (core/server/refi/worker-main.ts, core/server/import/parse-worker-main.ts,
// core/server/export/worker-main.ts, core/server/snapshots/worker-main.ts,
// core/server/search/words/worker-main.ts): each worker.ts starts the compiled entry beside it.
const entryPoints = ['core/shared', 'core/server', 'db', 'electron'].flatMap(walk);
await build({
  entryPoints,
  outdir: out,
  outbase: '.',
  format: 'esm',
  platform: 'node',
  target: 'node20',
  logLevel: 'info',
});
await build({
  entryPoints: ['electron/preload.ts'],
  outfile: `${out}/preload.cjs`,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  external: ['electron'],
  logLevel: 'info',
});
cpSync('db/migrations', `${out}/db/migrations`, {
  recursive: true,
  filter: (p) => !p.endsWith('.ts'),
});
cpSync('fixtures/demo', `${out}/fixtures/demo`, { recursive: true });
cpSync('core/server/refi/schemas', `${out}/core/server/refi/schemas`, { recursive: true });
