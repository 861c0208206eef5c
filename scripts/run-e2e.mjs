// `npm run test:e2e`: finds Chromium (CHROMIUM_PATH, /usr/bin/chromium, Playwright's cache),
// then runs Playwright against the local server. Extra arguments go to `playwright test`.
import { spawnSync } from 'node:child_process';
import { CHROMIUM_HELP, findChromium } from './find-chromium.mjs';

const chromium = findChromium();
if (!chromium) {
  console.error(CHROMIUM_HELP);
  process.exit(1);
}
const r = spawnSync(
  process.execPath,
  ['node_modules/@playwright/test/cli.js', 'test', ...process.argv.slice(2)],
  {
    stdio: 'inherit',
    env: { ...process.env, CHROMIUM_PATH: chromium },
  },
);
process.exit(r.status ?? 1);
