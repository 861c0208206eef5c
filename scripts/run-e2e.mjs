// `npm run test:e2e`: finds Chromium (CHROMIUM_PATH, /usr/bin/chromium, Playwright's cache),
// brings the compiled CLI up to date (the tests start `casus serve`), then runs Playwright against
// the local server. Extra arguments go to `playwright test`.
import { spawnSync } from 'node:child_process';
import { ensureCliBuild, orExit } from './build-cli.mjs';
import { CHROMIUM_HELP, findChromium } from './find-chromium.mjs';

const chromium = findChromium();
if (!chromium) {
  console.error(CHROMIUM_HELP);
  process.exit(1);
}
await orExit(() => ensureCliBuild());
const r = spawnSync(
  process.execPath,
  ['node_modules/@playwright/test/cli.js', 'test', ...process.argv.slice(2)],
  {
    stdio: 'inherit',
    env: { ...process.env, CHROMIUM_PATH: chromium },
  },
);
process.exit(r.status ?? 1);
