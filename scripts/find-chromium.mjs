// Finds a Chromium for the end-to-end tests without ever downloading one.
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export function findChromium() {
  const candidates = [];
  if (process.env.CHROMIUM_PATH) candidates.push(process.env.CHROMIUM_PATH);
  candidates.push('/usr/bin/chromium', '/usr/bin/chromium-browser');
  const cache = process.env.PLAYWRIGHT_BROWSERS_PATH ?? join(homedir(), '.cache', 'ms-playwright');
  if (existsSync(cache)) {
    for (const dir of readdirSync(cache)
      .filter((d) => d.startsWith('chromium'))
      .sort()
      .reverse()) {
      candidates.push(
        join(cache, dir, 'chrome-linux', 'chrome'),
        join(cache, dir, 'chrome-linux64', 'chrome'),
      );
    }
  }
  return candidates.find((p) => existsSync(p)) ?? null;
}

export const CHROMIUM_HELP =
  "No Chromium found for the end-to-end tests. Install Debian's: `apt-get install -y chromium` " +
  '(or set CHROMIUM_PATH to a Chromium/Chrome executable). Casus never downloads a browser.';
