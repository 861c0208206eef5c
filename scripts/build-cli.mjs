// Compiles the `casus` command, browser mode (cli/start.ts) and their worker threads to plain
// JavaScript in dist/cli/, so that no command pays for a TypeScript compiler at start.
//
// One esbuild run bundles the five entry points (the CLI, browser mode and the three workers: REFI-QDA
// reader, document parser, export builder) with their packages (a few files load much
// faster than hundreds of modules); code they share goes to dist/cli/chunks/. Each entry sits
// where its source sits in the repository (dist/cli/cli/bin.js, dist/cli/core/server/refi/
// worker-main.js). Code that finds files through `import.meta.url` (SQL migrations, demo fixtures,
// XSD schemas, worker entries, the renderer) is given the URL its module would have at its place
// in that mirrored tree, and those files are copied there; so the build finds everything as the
// source tree does and as the desktop build does (scripts/build-electron.mjs keeps one file per
// module).
//
// `node scripts/build-cli.mjs [--out <dir>]` builds; bin/casus.mjs and bin/start.mjs call
// ensureCliBuild(), which rebuilds only when a source is newer than the build.
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CLI_DIST = join(ROOT, 'dist', 'cli');

/** Entry points (repository paths). */
const ENTRIES = [
  'cli/bin.ts',
  'cli/start.ts',
  'core/server/refi/worker-main.ts',
  'core/server/import/parse-worker-main.ts',
  'core/server/export/worker-main.ts',
  'core/server/snapshots/worker-main.ts',
  'core/server/search/words/worker-main.ts',
];

/** Files the code reads at run time beside the module that reads them. */
const ASSETS = [
  { dir: 'db/migrations', keep: (p) => p.endsWith('.sql') },
  { dir: 'fixtures/demo', keep: () => true },
  { dir: 'core/server/refi/schemas', keep: () => true },
];

/**
 * Loaded from node_modules at run time: a native module, a WebAssembly module that reads its
 * .wasm beside itself, and pdf.js (only the parse worker loads it, on demand).
 */
const EXTERNAL = ['better-sqlite3', 'xmllint-wasm', 'pdfjs-dist'];

/** What the build is made of: a file here newer than the build makes it stale. */
const INPUTS = ['core', 'db', 'cli', 'fixtures/demo', 'scripts/build-cli.mjs', 'package-lock.json'];

/** Written last; its modification time is the moment the build started reading sources. */
const STAMP = 'build.json';

/**
 * The first line of every output file. Bundled CommonJS packages call require(), which an ES
 * module lacks. `__casusOut` is the URL of the output folder, from wherever the file sits (an entry
 * or a chunk); the placeholder is replaced per file after the build.
 */
const OUT_PLACEHOLDER = '__CASUS_OUT__';
const BANNER = `import { createRequire as __casusRequire } from 'node:module'; const require = __casusRequire(import.meta.url); const __casusOut = new URL('${OUT_PLACEHOLDER}', import.meta.url);`;

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let newest = s.mtimeMs; // a deleted file changes its folder's time
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

/** True when `out` holds a build at least as new as every input. */
export function isFresh(out = CLI_DIST) {
  const stamp = join(out, STAMP);
  if (!existsSync(stamp)) return false;
  const built = statSync(stamp).mtimeMs;
  return INPUTS.every((p) => newestMtime(join(ROOT, p)) <= built);
}

/** Writes through a temporary file renamed into place, so a reader never sees half a file. */
function writeAtomic(path, data) {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

function filesUnder(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/** Gives each of our modules the `import.meta.url` it would have at its place in the output folder. */
const mirroredModuleUrls = {
  name: 'mirrored-module-urls',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      if (args.path.split(sep).includes('node_modules')) return undefined;
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes('import.meta.url')) return undefined;
      const mirrored = relative(ROOT, args.path).split(sep).join('/').replace(/\.ts$/, '.js');
      const url = `(new URL(${JSON.stringify(mirrored)}, __casusOut).href)`;
      return { contents: source.replaceAll('import.meta.url', url), loader: 'ts' };
    });
  },
};

/**
 * Builds every entry point and copies the assets into `out`. `extra` entries (the torture test's
 * driver and worker) are bundled with them into that folder, so they find migrations and workers
 * as the CLI does; the CLI's own build (dist/cli) never holds them.
 */
export async function buildCli({ out: outDir = CLI_DIST, extra = [] } = {}) {
  const { build } = await import('esbuild');
  const out = resolve(outDir);
  const started = new Date();
  const result = await build({
    entryPoints: [...ENTRIES, ...extra].map((e) => join(ROOT, e)),
    outbase: ROOT,
    outdir: out,
    entryNames: '[dir]/[name]',
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: EXTERNAL,
    banner: { js: BANNER },
    sourcemap: 'linked',
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
    plugins: [mirroredModuleUrls],
  });
  const written = new Set();
  for (const file of result.outputFiles) {
    let rel = relative(dirname(file.path), out).split(sep).join('/');
    rel = rel === '' ? './' : `${rel}/`;
    const text = file.path.endsWith('.js') ? file.text.replace(OUT_PLACEHOLDER, rel) : file.text;
    writeAtomic(file.path, text);
    written.add(file.path);
  }
  // Chunks of earlier builds have other hashes.
  const chunks = join(out, 'chunks');
  for (const name of readdirSync(chunks)) {
    if (!written.has(join(chunks, name))) rmSync(join(chunks, name), { force: true });
  }
  for (const { dir, keep } of ASSETS) {
    for (const file of filesUnder(join(ROOT, dir)).filter(keep)) {
      const target = join(out, relative(ROOT, file));
      mkdirSync(dirname(target), { recursive: true });
      const tmp = `${target}.${process.pid}.tmp`;
      copyFileSync(file, tmp);
      renameSync(tmp, target);
    }
  }
  const stamp = join(out, STAMP);
  const entries = [...ENTRIES, ...extra];
  writeAtomic(stamp, `${JSON.stringify({ entries, builtAt: started.toISOString() })}\n`);
  utimesSync(stamp, started, started);
}

const LOCK = join(ROOT, 'dist', '.cli-build.lock');
const STALE_LOCK_MS = 120_000;

/** The lock of a builder that was stopped (Ctrl+C) or died: its process is gone, or it is old. */
function lockIsAbandoned() {
  try {
    const pid = Number(readFileSync(join(LOCK, 'pid'), 'utf8'));
    process.kill(pid, 0);
  } catch (e) {
    // ESRCH: no such process. EPERM: it exists (another user's). No pid file yet: just taken.
    if (e.code === 'ESRCH') return true;
  }
  const s = statSync(LOCK, { throwIfNoEntry: false });
  return s !== undefined && Date.now() - s.mtimeMs > STALE_LOCK_MS;
}

/**
 * Rebuilds dist/cli when it is missing or older than its sources. Several processes may start at
 * once (test workers): one builds while the others wait for it, then find the build fresh.
 */
export async function ensureCliBuild({ quiet = false } = {}) {
  if (isFresh()) return;
  mkdirSync(dirname(LOCK), { recursive: true });
  for (;;) {
    try {
      mkdirSync(LOCK);
      writeFileSync(join(LOCK, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      if (lockIsAbandoned()) rmSync(LOCK, { recursive: true, force: true });
      else await new Promise((r) => setTimeout(r, 50));
    }
  }
  try {
    if (isFresh()) return;
    if (!quiet) process.stderr.write('Building the casus command (dist/cli)…\n');
    await buildCli();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/** Reports esbuild's errors (a TypeScript syntax error, an unresolved import) without a stack. */
function describeBuildError(e) {
  return Array.isArray(e?.errors) && e.errors.length
    ? e.errors
        .map((m) =>
          m.location ? `${m.location.file}:${m.location.line}: ${m.text}` : `error: ${m.text}`,
        )
        .join('\n')
    : String(e?.message ?? e);
}

/** Runs `fn`; a failed build prints what esbuild said and exits 1. */
export async function orExit(fn) {
  try {
    await fn();
  } catch (e) {
    process.stderr.write(`Building the casus command failed:\n${describeBuildError(e)}\n`);
    process.exit(1);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  await orExit(() => buildCli({ out: values.out ?? CLI_DIST }));
}
