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
