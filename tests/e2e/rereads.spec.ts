import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { ApiLog } from './pages/apiLog.js';
import { Workbench } from './pages/workbench.js';

/**
 * Coding a passage asks the server for little besides the coding itself (no flicker, no waste):
 * the viewer, the source's count, the code tree's counts and the segment's memo come from the
 * coding's own answer; only what it cannot tell (what can be undone) is read again. And everything shown is up to date afterwards.
 */
test('coding a passage re-reads at most one thing, and every view shows the result', async ({
  workbench: page,
}) => {
  const log = new ApiLog(page);
  const wb = new Workbench(page);
  await wb.expectCoderChosen();
  const viewer = await wb.openFirstSource();
  const s = await viewer.firstSentence();
  const base = await viewer.stripes.count();
  const sourceCount = wb.currentSource.locator('.count');
  const treeCount = wb.codeTree.count('Beleidsvorming');
  await expect(sourceCount).toHaveText(/^\d+$/);
  await expect(treeCount).toHaveText(/^\d+$/);
  const [segmentsBefore, codedBefore] = [
    Number(await sourceCount.textContent()),
    Number(await treeCount.textContent()),
  ];
  // Nothing to undo yet in this session.
  await expect(wb.undoButton).toBeDisabled();

  await viewer.selectWithMouse(s);
  await page.keyboard.press('Control+k');
  await wb.palette.choose(['opgave-regio', 'politiek', 'beleidsvorming', 'factor']);
  await expect(wb.palette.chosen).toHaveCount(4);
  await log.settle();
  const from = log.calls.length;
  await wb.palette.apply();

  // Every view shows the new coding.
  await expect(viewer.stripes).toHaveCount(base + 4);
  await expect(viewer.segmentQuote).toHaveText(s.text);
  await expect(viewer.segmentMemo).toBeVisible();
  await expect(sourceCount).toHaveText(String(segmentsBefore + 1));
  await expect(treeCount).toHaveText(String(codedBefore + 1));
  await expect(wb.undoButton).toBeEnabled();

  await log.settle();
  const [write, ...reads] = log.calls.slice(from);
  expect(write?.method).toBe('coding.apply');
  const asked = reads.map((c) => c.method).join(', ');
  expect(reads.length, `read after coding: ${asked}`).toBeLessThanOrEqual(1);
  expect(new Set(reads.map((c) => `${c.method} ${c.input}`)).size, asked).toBe(reads.length);
});

/**
 * The first source open, quick key 1 bound to Beleidsvorming, its first sentence coded by that
 * key and open in the segment panel; the stripes there were before it.
 */
async function codeFirstSentenceByQuickKey(page: Page) {
  const wb = new Workbench(page);
  await wb.expectCoderChosen();
  const viewer = await wb.openFirstSource();
  const base = await viewer.stripes.count();
  await wb.codeTree.bindQuickKey('Beleidsvorming', '1');
  const first = await viewer.firstSentence();
  await viewer.selectWithMouse(first);
  await page.keyboard.press('1');
  await expect(viewer.segmentQuote).toHaveText(first.text);
  return { wb, viewer, base, first };
}

/**
 * The researcher's loop: a passage coded, its details open beside the text (memo, comment
 * threads), the next passage coded by its quick key. The second coding asks no more than the
 * first: the open panel's threads are not read again (coding never changes what a thread says).
 */
test('coding the next passage by its quick key, the last one open, re-reads at most one thing', async ({
  workbench: page,
}) => {
  const log = new ApiLog(page);
  const { viewer, base } = await codeFirstSentenceByQuickKey(page);

  await expect(viewer.stripes).toHaveCount(base + 1);
  await log.settle();

  const next = await viewer.sentenceLowerDown();
  await viewer.selectWithMouse(next);
  await log.settle();
  const from = log.calls.length;
  await page.keyboard.press('1');
  await expect(viewer.stripes).toHaveCount(base + 2);
  await expect(viewer.pendingStripes).toHaveCount(0);
  await expect(viewer.segmentQuote).toHaveText(next.text);
  // Its passage is outlined in the text: the runs shown at once now carry the stored id.
  await expect
    .poll(async () => (await viewer.openPassage.allTextContents()).join(''))
    .toBe(next.text);
  await log.settle();
  const [write, ...reads] = log.calls.slice(from);
  expect(write?.method).toBe('coding.apply');
  const asked = reads.map((c) => c.method).join(', ');
  expect(reads.length, `read after coding: ${asked}`).toBeLessThanOrEqual(1);
});

/**
 * A passage coded by its quick key shows at once, pending; once stored, its stripe is the
 * stored coding's (the viewer renames what it showed, it does not lay the margin out again):
 * its card names the coder, a click opens its segment, its menu takes the code off; the code
 * tree counts it. The segment panel is open already, so the text does not reflow after it.
 */
test('a passage just coded: its stripe, once stored, is the stored coding, and the code tree counts it', async ({
  workbench: page,
}) => {
  const { wb, viewer, base, first } = await codeFirstSentenceByQuickKey(page);
  await expect(viewer.pendingStripes).toHaveCount(0);
  const counted = Number((await wb.codeTree.count('Beleidsvorming').textContent()) || '0');

  const s = await viewer.sentenceLowerDown();
  await viewer.selectWithMouse(s);
  await page.keyboard.press('1');
  await expect(viewer.stripes).toHaveCount(base + 2);
  await expect(viewer.pendingStripes).toHaveCount(0);
  await expect(viewer.segmentQuote).toHaveText(s.text);
  await expect(wb.codeTree.count('Beleidsvorming')).toHaveText(String(counted + 1));

  const stripe = viewer.stripesOf(s.text).filter({ hasText: 'Beleidsvorming' });
  await expect(stripe).toHaveCount(1);
  await stripe.hover();
  // Shown pending, it had no coder yet: the stored coding's coder is on the card.
  await expect(viewer.stripeCard).toContainText(/Gecodeerd door .+ op \d{1,2} [a-z]+ \d{4}/);
  await expect(viewer.stripeCard).not.toContainText('onbekende codeur');
  await viewer.stripesOf(first.text).filter({ hasText: 'Beleidsvorming' }).click();
  await expect(viewer.segmentQuote).toHaveText(first.text);
  await stripe.click();
  await expect(viewer.segmentQuote).toHaveText(s.text);
  await stripe.click({ button: 'right' });
  await viewer.stripeMenu
    .getByRole('menuitem', { name: 'Code ‘Beleidsvorming’ van dit segment verwijderen' })
    .click();
  await expect(viewer.stripes).toHaveCount(base + 1);
  await expect(wb.codeTree.count('Beleidsvorming')).toHaveText(String(counted));
});

/** Each stripe bar's place in the margin (px), in the margin's order. */
function barPlaces(page: Page) {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.stripes .stripe-bar')].map((b) => ({
      pending: b.hasAttribute('data-pending'),
      top: b.style.top,
      height: b.style.height,
      left: b.style.left,
    })),
  );
}

/**
 * A passage coded by its quick key shows pending while the server stores it: its stripe is
 * measured alone, the others stay where they were (a coding's tints never move the text), and
 * its bar stands beside its passage. Once stored, the margin is what laying it out afresh gives.
 */
test('a passage being coded: its pending stripe beside it, the other stripes where they were', async ({
  workbench: page,
}) => {
  const { viewer } = await codeFirstSentenceByQuickKey(page);
  await expect(viewer.pendingStripes).toHaveCount(0);
  const s = await viewer.sentenceLowerDown();
  await viewer.selectWithMouse(s);
  const before = await barPlaces(page);
  // The answer is held until the pending stripe has been looked at.
  let release: () => void = () => undefined;
  const held = new Promise<void>((r) => (release = r));
  await page.route('**/api/coding.apply', async (route) => {
    await held;
    await route.continue();
  });
  await page.keyboard.press('1');
  await expect(viewer.pendingStripes.first()).toBeAttached();
  const pending = await barPlaces(page);
  expect(pending.filter((b) => !b.pending)).toEqual(before);
  const bar = page.locator('.stripes .stripe-bar[data-pending]');
  await expect(bar).toHaveCount(1);
  const [barBox, runBox] = await Promise.all([
    bar.boundingBox(),
    viewer.runAt(s.text).boundingBox(),
  ]);
  expect(Math.abs((barBox?.y ?? 0) - (runBox?.y ?? -100))).toBeLessThan(2);

  release();
  await expect(viewer.pendingStripes).toHaveCount(0);
  await expect(viewer.stripesOf(s.text)).toHaveCount(1);
  await page.unroute('**/api/coding.apply');
  // Laid out afresh (the window narrower and back): every stripe where it was.
  const stored = await barPlaces(page);
  const size = page.viewportSize() ?? { width: 1280, height: 800 };
  await page.setViewportSize({ width: size.width - 40, height: size.height });
  await expect.poll(() => barPlaces(page)).not.toEqual(stored);
  await page.setViewportSize(size);
  await expect.poll(() => barPlaces(page)).toEqual(stored);
});
