import type { Route } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { expectAccessible } from './pages/axe.js';
import { Workbench } from './pages/workbench.js';

/**
 * Opening a source shows its text together with its codings: the text alone first would be
 * laid out and painted twice (and the codings' answer would wait for that). While the codings
 * are on their way the pane says it is loading, not the text without its stripes.
 */
test('a source shows with its codings, never its text alone first', async ({ workbench: page }) => {
  const wb = new Workbench(page);
  const viewer = await wb.openFirstSource();
  await viewer.expectLoaded();
  const next = wb.sourceLinks.nth(1);
  const title = ((await next.locator('.source-link-title').textContent()) ?? '').trim();
  expect(title).not.toBe('');

  // Hold the next source's codings until its text is in.
  let held: Route | null = null;
  await page.route('**/api/segments.forSource', (route) => {
    held = route;
  });
  const text = page.waitForResponse((r) => r.url().endsWith('/api/sources.get'));
  await next.click();
  await text;
  await expect.poll(() => held !== null).toBe(true);
  await expect(page.getByText(/^(Laden…|Loading…)$/)).toBeVisible();
  await expect(page.locator('h1#source-title')).toHaveCount(0);
  await expect(viewer.paragraphs).toHaveCount(0);

  await (held as Route | null)?.continue();
  await page.unroute('**/api/segments.forSource');
  await expect(page.locator('h1#source-title')).toHaveText(title);
  await viewer.expectLoaded();
  await expect(wb.currentSource).toHaveText(
    new RegExp(title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
  );
});

/**
 * The sidebar is drawn in chunks (only those near the screen are laid out), but a screen reader
 * hears one list per case, named by the case, holding every source of that case.
 */
test('the sidebar is one named list of sources per case, reachable by keyboard', async ({
  workbench: page,
}) => {
  const wb = new Workbench(page);
  await wb.openFirstSource();
  const sidebar = page.locator('#sources');
  const groups = sidebar.locator('section.case-group');
  const n = await groups.count();
  expect(n).toBeGreaterThan(1);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const group = groups.nth(i);
    const name = ((await group.locator('h3').first().textContent()) ?? '').trim();
    const lists = group.getByRole('list');
    if ((await group.locator('.source-link').count()) === 0) continue;
    await expect(lists).toHaveCount(1);
    await expect(lists).toHaveAccessibleName(name.split(/\s+\d/)[0]!.trim());
    const items = lists.getByRole('listitem');
    await expect(items).toHaveCount(await group.locator('.source-link').count());
    total += await items.count();
  }
  await expect(wb.sourceLinks).toHaveCount(total);
  // Tab from the open source reaches the next one.
  await wb.currentSource.focus();
  await page.keyboard.press('Tab');
  await expect(wb.sourceLinks.nth(1)).toBeFocused();
  await expectAccessible(page, '#sources');
});
