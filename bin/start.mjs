#!/usr/bin/env node
// `npm start [-- <project.casus>] [--no-open] [--port N] [--browser]`
// Opens Casus on the given project or on the built-in demo study. With the Electron binary it
// opens a desktop window; without it (it cannot be downloaded everywhere) it serves the same UI
// to a browser on 127.0.0.1 and prints the URL.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);

function newestMtime(dir) {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p);
    newest = Math.max(newest, s.isDirectory() ? newestMtime(p) : s.mtimeMs);
  }
  return newest;
}

// Build the renderer when it is missing or older than its sources.
const built = join(root, 'dist/renderer/index.html');
const sources = Math.max(
  newestMtime(join(root, 'renderer')),
  newestMtime(join(root, 'core/shared')),
  newestMtime(join(root, 'core/client')),
);
if (!existsSync(built) || statSync(built).mtimeMs < sources) {
  console.log('Building the user interface…');
  const r = spawnSync(
    process.execPath,
    [
      join(root, 'node_modules/vite/bin/vite.js'),
      'build',
      '--config',
      'renderer/vite.config.ts',
      '--logLevel',
      'warn',
    ],
    { cwd: root, stdio: 'inherit' },
  );
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function electronBinary() {
  if (args.includes('--browser')) return null;
  try {
    const require = createRequire(import.meta.url);
    const dir = join(root, 'node_modules/electron');
    const pathFile = join(dir, 'path.txt');
    if (!existsSync(pathFile)) return null;
    const bin = join(dir, 'dist', require('node:fs').readFileSync(pathFile, 'utf8'));
    return existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

const electron = electronBinary();
if (electron) {
  const b = spawnSync(process.execPath, [join(root, 'scripts/build-electron.mjs')], {
    cwd: root,
    stdio: 'inherit',
  });
  if (b.status !== 0) process.exit(b.status ?? 1);
  const child = spawn(electron, [join(root, 'dist-electron/electron/main.js'), ...args], {
    cwd: root,
    stdio: 'inherit',
  });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log(
    'Electron is not installed here (its binary could not be downloaded): starting browser mode.',
  );
  const { CLI_DIST, ensureCliBuild, orExit } = await import('../scripts/build-cli.mjs');
  await orExit(() => ensureCliBuild());
  await import(pathToFileURL(join(CLI_DIST, 'cli', 'start.js')).href);
}
