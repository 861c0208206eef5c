// Builds the renderer (Vite) into dist/renderer when it is missing or older than its sources, as
// bin/start.mjs does before it serves the workbench. `node scripts/build-renderer.mjs` runs the
// check; others import ensureRendererBuild().
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const RENDERER_INDEX = join(root, 'dist', 'renderer', 'index.html');

function newestMtime(path) {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let newest = s.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

/** Runs `vite build` when dist/renderer is missing or stale; exits the process if it fails. */
export function ensureRendererBuild() {
  const sources = Math.max(
    ...['renderer', 'core/shared', 'core/client'].map((p) => newestMtime(join(root, p))),
  );
  if (existsSync(RENDERER_INDEX) && statSync(RENDERER_INDEX).mtimeMs >= sources) return;
  console.error('Building the user interface (dist/renderer)…');
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
  if (r.status !== 0) {
    console.error('Building the user interface failed (see above).');
    process.exit(r.status ?? 1);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) ensureRendererBuild();
