import type { Page } from '@playwright/test';
import { expect, test, type CasusServer } from './fixtures.js';
import { api, codeNamed } from './pages/api.js';
import { SearchView } from './pages/searchView.js';
import { Workbench } from './pages/workbench.js';

/**
 * A long report: 1,200 paragraphs (some 150 pages), each of a few sentences that name their
 * paragraph ("Alinea 17 …"), so that a test can find any passage by its words. The viewer shows
 * only the text near the screen; these tests code and jump where it was not shown yet.
 */
function longReport(): { text: string; paragraphs: string[] } {
  const words = 'regio deal samenwerking provincie gemeente welvaart opgave ambitie middelen'.split(
    ' ',
  );
  const paragraphs = Array.from({ length: 1200 }, (_, i) => {
    const sentences = Array.from({ length: 4 }, (_, k) => {
      const body = Array.from({ length: 14 }, (_, w) => words[(i * 7 + k * 3 + w) % words.length]);
      return `Alinea ${i} zin ${k} over ${body.join(' ')}.`;
    });
    return sentences.join(' ');
  });
  // A word that occurs once, near the end: where a search hit takes the reader.
  paragraphs[1150] = `Alinea 1150 noemt het zeldzame woord kwartiermaker. ${paragraphs[1150]}`;
  return { text: paragraphs.join('\n\n'), paragraphs };
}

async function importLong(page: Page, casus: CasusServer) {
  const { text } = longReport();
  const cases = await api(page, casus, 'cases.list', {});
  const r = await api(page, casus, 'import.file', {
    file: { fileName: 'lang-verslag.txt', dataBase64: Buffer.from(text).toString('base64') },
    caseId: cases[0]?.id ?? null,
    title: 'Lang verslag',
  });
  if (r.status !== 'imported') throw new Error(`import: ${r.status}`);
  const source = await api(page, casus, 'sources.get', { id: r.source.id });
  return { id: r.source.id, text: source.text };
}

/** The long report imported, "Beleidsvorming" on quick key 1, the report open in the viewer. */
async function openLongWithFavourite(page: Page, casus: CasusServer) {
  const wb = new Workbench(page);
  await wb.expectCoderChosen();
  const source = await importLong(page, casus);
  const code = await codeNamed(page, casus, 'Beleidsvorming');
  await api(page, casus, 'coding.setFavourite', { digit: 1, codeId: code.id });
  // Imported and bound beside the workbench: it reads them afresh.
  await page.reload();
  await wb.expectCoderChosen();
  const viewer = await wb.openSource('Lang verslag');
  await expect(viewer.paragraphs.first()).toBeVisible();
  return { source, code, viewer };
}

test('a search hit near the end of a long source opens on it, with the coding there beside it', async ({
  workbench: page,
  casus,
}) => {
  const wb = new Workbench(page);
  await wb.expectCoderChosen();
  const source = await importLong(page, casus);
  const code = await codeNamed(page, casus, 'Brede welvaart centraal');
  // A coded sentence right after the hit, far beyond the first screens.
  const coded = 'Alinea 1150 zin 1 over';
  const start = source.text.indexOf(coded);
  await api(page, casus, 'coding.apply', {
    sourceId: source.id,
    start,
    end: source.text.indexOf('.', start) + 1,
    codeIds: [code.id],
  });

  const search = new SearchView(page);
  await search.open();
  await search.run('kwartiermaker');
  await expect(search.hits).toHaveCount(1);
  await search.hits.first().locator('button.snippet').click();

  const viewer = wb.viewer;
  await expect(page.getByRole('heading', { level: 1, name: 'Lang verslag' })).toBeVisible();
  // The hit is on the screen, marked, in the paragraph it belongs to.
  await expect(viewer.hit.first()).toBeInViewport();
  await expect(viewer.hit.first()).toHaveText(/kwartiermaker/i);
  await expect(viewer.paragraphs.filter({ has: page.locator('[data-hit]') }).first()).toContainText(
    'Alinea 1150',
  );
  // The coded sentence below it has its stripe beside it, on the screen too.
  const stripe = viewer.stripesOf(coded);
  await expect(stripe).toHaveCount(1);
  await expect(stripe).toBeInViewport();
  // The stripe is beside its passage: its top within a line of the passage's first run.
  const run = viewer.document.locator('span[data-codings]', { hasText: coded });
  await expect(run).toHaveAttribute('data-codings', '1');
  const [a, b] = await Promise.all([run.boundingBox(), stripe.boundingBox()]);
  expect(a && b).toBeTruthy();
  expect(Math.abs((a?.y ?? 0) - (b?.y ?? 0))).toBeLessThan(40);
});

test('coding a passage far down a long source, reached by scrolling: stored, striped, kept in view', async ({
  workbench: page,
  casus,
}) => {
  const { source, code, viewer } = await openLongWithFavourite(page, casus);
  // Far down, by the scrollbar: three quarters of the way, where nothing was shown before.
  await page.evaluate(() => {
    const main = document.querySelector('main') as HTMLElement;
    main.scrollTop = main.scrollHeight * 0.75;
  });
  // The chunks near the new place get their real height as they are rendered, and the browser
  // keeps the text in place by scroll anchoring over a few frames: the sentence is taken once
  // its place holds still for two frames, as a reader would select what stopped moving.
  let sentence = await viewer.sentenceLowerDown();
  await expect
    .poll(async () => {
      await page.evaluate(
        () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
      );
      const again = await viewer.sentenceLowerDown();
      const still =
        again.text === sentence.text &&
        again.from.x === sentence.from.x &&
        again.from.y === sentence.from.y &&
        again.to.y === sentence.to.y;
      sentence = again;
      return still;
    })
    .toBe(true);
  expect(sentence.text).toMatch(/^Alinea \d+ zin 0 over/);
  await viewer.selectWithMouse(sentence);
  expect(await viewer.selected()).toBe(sentence.text);
  const before = await viewer.selectionBox();
  await page.keyboard.press('1');

  const stripe = viewer.stripesOf(sentence.text);
  await expect(stripe).toHaveCount(1);
  await expect(viewer.pendingStripes).toHaveCount(0);
  await expect(stripe).toBeInViewport();
  await expect(viewer.runAt(sentence.text)).toHaveAttribute('data-codings', '1');
  // Stored with exactly the text selected, and the passage did not move on the screen (the
  // pane's scrollTop may: the browser keeps the text in place as blocks above get their height).
  const segments = await api(page, casus, 'segments.forSource', { sourceId: source.id });
  expect(segments.map((s) => s.text)).toEqual([sentence.text]);
  expect(segments[0]?.codings.map((k) => k.codeId)).toEqual([code.id]);
  const after = await viewer.runAt(sentence.text).boundingBox();
  expect(Math.abs((after?.y ?? 0) - (before?.top ?? -100))).toBeLessThan(6);

  // Back to the top and down again: the stripe is laid out again where the passage is.
  await page.evaluate(() => ((document.querySelector('main') as HTMLElement).scrollTop = 0));
  await expect(viewer.paragraphs.first()).toBeInViewport();
  await viewer.runAt(sentence.text).scrollIntoViewIfNeeded();
  await expect(stripe).toBeInViewport();
});

test('a quick key codes a passage of a long source: the segment panel follows with its memo, the focus stays in the text', async ({
  workbench: page,
  casus,
}) => {
  const { source, viewer } = await openLongWithFavourite(page, casus);
  const sentence = await viewer.firstSentence();
  await viewer.selectWithMouse(sentence);
  expect(await viewer.selected()).toBe(sentence.text);
  await page.keyboard.press('1');

  // Stored and striped; the panel opens after that on the new segment (not on another one).
  await expect(viewer.stripesOf(sentence.text)).toHaveCount(1);
  await expect(viewer.pendingStripes).toHaveCount(0);
  await expect(viewer.segmentQuote).toHaveText(sentence.text);
  await expect(viewer.segmentPanel.getByText(/^Beleidsvorming$/)).toBeVisible();
  // The keyboard stays in the text: the panel opening takes no focus.
  await expect(viewer.document).toBeFocused();

  // Its memo takes typing and is stored on the new segment.
  const [segment] = await api(page, casus, 'segments.forSource', { sourceId: source.id });
  expect(segment?.text).toBe(sentence.text);
  await viewer.segmentMemo.click();
  await page.keyboard.type('Na de sneltoets geschreven.');
  await expect(
    viewer.segmentPanel.getByRole('status').filter({ hasText: /Opgeslagen|Saved/ }),
  ).toBeVisible();
  const memo = await api(page, casus, 'memos.get', {
    targetType: 'segment',
    targetId: segment?.id ?? '',
  });
  expect(memo?.bodyText).toBe('Na de sneltoets geschreven.');
});

test('a passage from one section of a long source into the next is coded exactly, striped on both sides', async ({
  workbench: page,
  casus,
}) => {
  const { source, code, viewer } = await openLongWithFavourite(page, casus);
  // The report is shown in sections (each its own document); the passage crosses from the last
  // paragraph of the first into the first paragraph of the second.
  const sections = viewer.document.locator('.src-section');
  expect(await sections.count()).toBeGreaterThan(2);
  const last = sections.nth(0).locator('p').last();
  const first = sections.nth(1).locator('p').first();
  await last.scrollIntoViewIfNeeded();
  await first.scrollIntoViewIfNeeded();
  const lastText = (await last.textContent()) ?? '';
  const firstText = (await first.textContent()) ?? '';
  const a = await last.boundingBox();
  const b = await first.boundingBox();
  if (!a || !b) throw new Error('the paragraphs at the section boundary are not rendered');
  // From the start of the last paragraph's first line to the end of the next one's first word.
  const end = (await first.evaluate((p) => {
    const t = [...p.querySelectorAll('span')].map((s) => s.firstChild).find((n) => n) as Text;
    const r = document.createRange();
    r.setStart(t, 0);
    r.setEnd(t, 'Alinea'.length);
    const box = r.getBoundingClientRect();
    return { x: box.right - 1, y: box.top + box.height / 2 };
  })) as { x: number; y: number };
  await viewer.selectWithMouse({ text: '', from: { x: a.x + 1, y: a.y + 8 }, to: end });
  const selected = await viewer.selected();
  expect(selected.startsWith(lastText.slice(0, 30))).toBe(true);
  expect(selected.endsWith('Alinea')).toBe(true);
  await page.keyboard.press('1');

  await expect(viewer.stripesOf(lastText.slice(0, 20))).toHaveCount(1);
  await expect(viewer.pendingStripes).toHaveCount(0);
  const [segment] = await api(page, casus, 'segments.forSource', { sourceId: source.id });
  const start = source.text.indexOf(lastText);
  expect(segment?.start).toBe(start);
  const next = source.text.indexOf(firstText, start + lastText.length);
  expect(next).toBeGreaterThan(start);
  expect(segment?.end).toBe(next + 'Alinea'.length);
  expect(segment?.text).toBe(source.text.slice(start, next + 'Alinea'.length));
  expect(segment?.codings.map((k) => k.codeId)).toEqual([code.id]);
  // Both sides show the coding: the last paragraph of the first section and the first word
  // of the next.
  await expect(viewer.runAt(lastText.slice(0, 30))).toHaveAttribute('data-codings', '1');
  await expect(viewer.runAt(firstText.slice(0, 30))).toHaveAttribute('data-codings', '1');
});
