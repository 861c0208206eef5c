import { readFileSync } from 'node:fs';
import { readSheet } from 'read-excel-file/node';
import { expect, test } from './fixtures.js';
import { api } from './pages/api.js';
import { SegmentBrowser } from './pages/segmentBrowser.js';
import { SearchView } from './pages/searchView.js';
import { Workbench } from './pages/workbench.js';

const CASE = /^(Achterhoek)$/;
const PRINCIPLE = /Brede welvaart centraal|Broad well-being is central/;

test.describe('search, auto-code and the segment browser', () => {
  test('search the demo study, open a hit, auto-code three hits, slice and export', async ({
    workbench: page,
    casus,
  }) => {
    const wb = new Workbench(page);
    const search = new SearchView(page);
    // Search, limited to one case so that the slice below is principle × that case.
    await search.open();
    await search.caseFilter.selectOption({ label: 'Achterhoek' });
    await search.run('welvaart*');
    await expect(search.count).toContainText(/\d+ (treffers|hits)/);
    await expect(search.hits.nth(2)).toBeVisible();

    // A malformed query is explained, not thrown.
    await search.run('welvaart AND');
    await expect(page.getByRole('alert')).toContainText(/AND at the end needs a word after it/);
    await search.run('welvaart*');
    await expect(search.hits.first()).toBeVisible();

    // Open the first hit: the source pane shows it highlighted.
    const firstWord = (await search.hits.first().locator('mark').first().textContent()) ?? '';
    await search.hits.first().locator('button.snippet').click();
    await expect(wb.viewer.hit.first()).toBeVisible();
    await expect(wb.viewer.hit.first()).toContainText(firstWord.slice(0, 4), { ignoreCase: true });

    // Back to the search: the query and its hits are still there. Code three hits' sentences.
    await search.open();
    await expect(search.query).toHaveValue('welvaart*');
    await expect(search.hits.first()).toBeVisible();
    // What the slice below holds before: principle × case, as the segment browser asks it.
    const [codes, cases] = await Promise.all([
      api(page, casus, 'codes.tree', {}),
      api(page, casus, 'cases.list', {}),
    ]);
    const slice = {
      principles: [codes.find((c) => c.label.nl === 'Brede welvaart centraal')?.id ?? ''],
      caseIds: [cases.find((c) => c.label.nl === 'Achterhoek')?.id ?? ''],
    };
    const before = (await api(page, casus, 'segments.query', slice)).total;
    for (let i = 0; i < 3; i++) await search.hits.nth(i).getByRole('checkbox').check();
    await search.autocodeUnit.selectOption('sentence');
    await search.autocodeCodes.selectOption({ label: 'Brede welvaart centraal' });
    const answer = page.waitForResponse((r) => r.url().endsWith('/api/search.autocode'));
    await search.autocodeButton(3).click();
    const made = ((await (await answer).json()) as { value: { segmentIds: string[] } }).value;
    // Three hits in three blocks: three sentences, three new segments, one new coding each.
    expect(new Set(made.segmentIds).size).toBe(3);
    await expect(search.autocodeStatus).toHaveText(
      /^3 (segmenten gecodeerd \(3 nieuwe coderingen\)|segments coded \(3 new codings\))/,
    );

    // The segment browser sliced by principle × case shows them, with context and codes.
    const browser = new SegmentBrowser(page);
    await browser.open();
    await browser.filter(/Uitgangspunten|Principles/, 'Brede welvaart centraal');
    await browser.filter(/^(Casussen|Cases)$/, 'Achterhoek');
    // Counted once the list has caught up with both filters.
    await browser.expectSettled();
    await expect(browser.items.filter({ hasNotText: 'Achterhoek' })).toHaveCount(0);
    // Exactly the three segments the auto-code made are new in this slice.
    await expect(browser.items).toHaveCount(before + 3);
    for (const id of made.segmentIds) await expect(browser.item(id)).toHaveCount(1);
    const n = before + 3;
    for (let i = 0; i < n; i++) {
      await expect(browser.items.nth(i).locator('.segment-meta')).toContainText('Achterhoek');
      await expect(
        browser.items
          .nth(i)
          .getByRole('list', { name: /Codes van dit segment|Codes of this segment/ }),
      ).toContainText(PRINCIPLE);
    }

    // Export the slice: CSV and Excel, one row per segment.
    const csvDownload = page.waitForEvent('download');
    await browser.exportButton('CSV').click();
    const csv = readFileSync((await (await csvDownload).path()) ?? '', 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(csv[0]).toMatch(/^id,(casus|case),/);
    const xlsxDownload = page.waitForEvent('download');
    await browser.exportButton('Excel').click();
    const file = await xlsxDownload;
    expect(file.suggestedFilename()).toMatch(/\.xlsx$/);
    const rows = await readSheet(readFileSync((await file.path()) ?? ''));
    expect(rows.length - 1).toBe(n);
    for (const r of rows.slice(1)) {
      expect(String(r[1])).toMatch(CASE);
      expect(String(r[11])).toMatch(PRINCIPLE);
    }
    // Every segment the auto-code made is in the export.
    for (const id of made.segmentIds) expect(rows.some((r) => String(r[0]) === id)).toBe(true);
  });

  test('quick open finds a source by a fuzzy title and opens it', async ({ workbench: page }) => {
    await page.keyboard.press('Control+p');
    const dialog = page.getByRole('dialog', { name: /Snel openen|Quick open/ });
    await expect(dialog).toBeVisible();
    const first = dialog.getByRole('option').first();
    await expect(first).toBeVisible();
    const title = (await first.locator('span').nth(1).textContent()) ?? '';
    await dialog.getByRole('combobox').fill(title.slice(0, 8));
    await expect(dialog.getByRole('option').first()).toBeVisible();
    await dialog.getByRole('combobox').press('Enter');
    await expect(dialog).toBeHidden();
  });
});
