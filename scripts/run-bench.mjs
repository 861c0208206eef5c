// `npm run bench`: brings what the measurements start up to date (the compiled CLI, which the
// browser and CLI-start measurements spawn, and the renderer they load), then runs bench/main.ts
// through tsx. Arguments go to the bench.
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';
import { ensureCliBuild, orExit } from './build-cli.mjs';
import { ensureRendererBuild } from './build-renderer.mjs';

register();
// The bench runs the core in this process: with the V8 flags the workbench's core process has.
const { rerunWithCoreFlags } = await import('../cli/with-core-flags.ts');
if (!rerunWithCoreFlags(fileURLToPath(import.meta.url))) {
  await orExit(() => ensureCliBuild());
  ensureRendererBuild();
  const main = join(fileURLToPath(new URL('..', import.meta.url)), 'bench', 'main.ts');
  process.argv = [process.argv[0], main, ...process.argv.slice(2)];
  await import(pathToFileURL(main).href);
}
