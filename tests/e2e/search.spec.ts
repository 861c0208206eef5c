import { readFileSync } from 'node:fs';
import { readSheet } from 'read-excel-file/node';
import { expect, test } from './fixtures.js';

const CASE = /^(Achterhoek)$/;
const PRINCIPLE = /Brede welvaart centraal|Broad well-being is central/;

test.describe('search, auto-code and the segment browser', () => {
  test('search the demo study, open a hit, auto-code three hits, slice and export', async ({
    workbench: page,
  }) => {
    // Search, limited to one case so that the slice below is principle × that case.
    await page
      .getByRole('button', { name: /^(Zoeken|Search)$/ })
      .first()
      .click();
    const form = page.getByRole('search');
    await form
      .getByRole('combobox', { name: /^(Casus|Case)$/ })
      .selectOption({ label: 'Achterhoek' });
    await form.getByRole('searchbox', { name: /Zoekvraag|Query/ }).fill('welvaart*');
    await form.getByRole('button', { name: /^(Zoeken|Search)$/ }).click();
    await expect(page.getByRole('status').filter({ hasText: /treffers|hits/ })).toContainText(
      /\d+ (treffers|hits)/,
    );
    const hits = page.locator('.hit');
    expect(await hits.count()).toBeGreaterThanOrEqual(3);

    // A malformed query is explained, not thrown.
    await form.getByRole('searchbox').fill('welvaart AND');
    await form.getByRole('button', { name: /^(Zoeken|Search)$/ }).click();
    await expect(page.getByRole('alert')).toContainText(/AND at the end needs a word after it/);
    await form.getByRole('searchbox').fill('welvaart*');
    await form.getByRole('button', { name: /^(Zoeken|Search)$/ }).click();
    await expect(hits.first()).toBeVisible();

    // Open the first hit: the source pane shows it highlighted.
    const firstWord = (await hits.first().locator('mark').first().textContent()) ?? '';
    await hits.first().locator('button.snippet').click();
    const highlighted = page.locator('.source-text [data-hit]');
    await expect(highlighted.first()).toBeVisible();
    await expect(highlighted.first()).toContainText(firstWord.slice(0, 4), { ignoreCase: true });

    // Back to the search: the query and its hits are still there. Code three hits' sentences.
    await page
      .getByRole('button', { name: /^(Zoeken|Search)$/ })
      .first()
      .click();
    await expect(form.getByRole('searchbox')).toHaveValue('welvaart*');
    await expect(hits.first()).toBeVisible();
    for (let i = 0; i < 3; i++) await hits.nth(i).getByRole('checkbox').check();
    const bar = page.getByRole('group', { name: /Automatisch coderen|Auto-code/ });
    await bar.getByRole('combobox', { name: /Wat coderen|What to code/ }).selectOption('sentence');
    await bar
      .getByRole('listbox', { name: /Codes/ })
      .selectOption({ label: 'Brede welvaart centraal' });
    await bar.getByRole('button', { name: /3/ }).click();
    await expect(page.getByRole('status').filter({ hasText: /gecodeerd|coded/ })).toContainText(
      /^(3|[123]) (segmenten|segments)/,
    );

    // The segment browser sliced by principle × case shows them, with context and codes.
    await page.getByRole('button', { name: /^(Segmenten|Segments)$/ }).click();
    const filters = page.getByRole('group', { name: /Filters/ });
    await filters
      .getByRole('listbox', { name: /Uitgangspunten|Principles/ })
      .selectOption({ label: 'Brede welvaart centraal' });
    await filters
      .getByRole('listbox', { name: /^(Casussen|Cases)$/ })
      .selectOption({ label: 'Achterhoek' });
    const list = page.locator('li.segment');
    await expect(list.first()).toBeVisible();
    // Counted once the list has caught up with both filters (it keeps the last answer shown
    // while the next one loads).
    await expect(page.locator('p[role="status"][aria-busy="false"]')).toHaveCount(1);
    await expect(list.filter({ hasNotText: 'Achterhoek' })).toHaveCount(0);
    const n = await list.count();
    expect(n).toBeGreaterThanOrEqual(1);
    for (let i = 0; i < n; i++) {
      await expect(list.nth(i).locator('.segment-meta')).toContainText('Achterhoek');
      await expect(
        list.nth(i).getByRole('list', { name: /Codes van dit segment|Codes of this segment/ }),
      ).toContainText(PRINCIPLE);
    }

    // Export the slice: CSV and Excel, one row per segment.
    const csvDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: /CSV/ }).click();
    const csv = readFileSync((await (await csvDownload).path()) ?? '', 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(csv[0]).toMatch(/^id,(casus|case),/);
    const xlsxDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: /Excel/ }).click();
    const file = await xlsxDownload;
    expect(file.suggestedFilename()).toMatch(/\.xlsx$/);
    const rows = await readSheet(readFileSync((await file.path()) ?? ''));
    expect(rows.length - 1).toBe(n);
    for (const r of rows.slice(1)) {
      expect(String(r[1])).toMatch(CASE);
      expect(String(r[11])).toMatch(PRINCIPLE);
    }
  });

  test('quick open finds a source by a fuzzy title and opens it', async ({ workbench: page }) => {
    await page.keyboard.press('Control+p');
    const dialog = page.getByRole('dialog', { name: /Snel openen|Quick open/ });
    await expect(dialog).toBeVisible();
    const first = dialog.getByRole('option').first();
    const title = (await first.locator('span').nth(1).textContent()) ?? '';
    await dialog.getByRole('combobox').fill(title.slice(0, 8));
    await expect(dialog.getByRole('option').first()).toBeVisible();
    await dialog.getByRole('combobox').press('Enter');
    await expect(dialog).toBeHidden();
  });
});
