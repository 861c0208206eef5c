// Dev tool: screenshot a running Casus page. `node scripts/screenshot.mjs <url> <out.png> [width height]`
import { chromium } from '@playwright/test';
import { findChromium } from './find-chromium.mjs';

const [url, out, w = '1400', h = '900'] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: findChromium() ?? undefined,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const page = await browser.newPage({ viewport: { width: Number(w), height: Number(h) } });
page.on('console', (m) => console.log('console:', m.type(), m.text()));
await page.goto(url);
await page.waitForTimeout(1500);
await page.screenshot({ path: out });
await browser.close();
