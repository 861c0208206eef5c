import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { api } from './pages/api.js';
import { Matrix } from './pages/matrix.js';
import { SearchView } from './pages/searchView.js';
import { SegmentBrowser } from './pages/segmentBrowser.js';
import { messageNamespaces, scanForKeys, type Untranslated } from './pages/untranslated.js';
import { Workbench } from './pages/workbench.js';

const namespaces = messageNamespaces();

/** Closes the dialog open now with Escape and waits until it is gone. */
async function closeDialog(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
}

for (const lang of ['nl', 'en'] as const) {
  test(`every view in ${lang === 'nl' ? 'Dutch' : 'English'} shows translations, never a message or vocabulary key`, async ({
    workbench: page,
    casus,
  }) => {
    test.setTimeout(120_000);
    const missing: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && m.text().includes('[i18n] missing message'))
        missing.push(m.text());
    });
    const vocabulary = await api(page, casus, 'vocabulary.list', {});
    const items = [...vocabulary.roles, ...vocabulary.documentTypes];
    const words = {
      keys: items.filter((v) => v.label[lang] !== v.key).map((v) => v.key),
      labels: items.map((v) => v.label[lang]),
    };
    const found: Untranslated[] = [];
    const scan = async (where: string) =>
      found.push(...(await scanForKeys(page, where, namespaces, words)));

    await page.getByRole('combobox', { name: /^(Taal|Language)$/ }).selectOption(lang);
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
    const wb = new Workbench(page);
    await scan('start');

    // The source view: a coded interview, its segment panel, a stripe's card and menu.
    const viewer = await wb.openFirstSource();
    await scan('source');
    await viewer.stripes.first().hover();
    await scan('stripe card');
    await viewer.stripes.first().click();
    await expect(viewer.segmentPanel).toBeVisible();
    await scan('segment panel');
    await viewer.stripes.first().click({ button: 'right' });
    await expect(page.getByRole('menu')).toBeVisible();
    await scan('stripe menu');
    await page.keyboard.press('Escape');
    const s = await viewer.firstSentence();
    await viewer.selectWithMouse(s);
    await page.keyboard.press('Control+k');
    await expect(wb.palette.forSelection).toBeVisible();
    await scan('palette');
    await closeDialog(page);

    // The code tree's menu of a code, and the memo popovers.
    await wb.codeTree.actionsButton(lang === 'nl' ? 'Beleidsvorming' : 'Policy formation').click();
    await scan('code actions');
    await page.getByRole('button', { name: /^(Splitsen|Split)…$/ }).click();
    await expect(page.getByRole('dialog')).toBeVisible();
    await scan('split dialog');
    await closeDialog(page);
    await page.getByRole('button', { name: /^(Projectmemo|Project memo)/ }).click();
    await scan('project memo');
    await closeDialog(page);

    // The dialogs of the top bar and of the open source.
    for (const opener of [
      /^(Importeren|Import)$/,
      /^(Uitwisselen|Exchange) \(REFI-QDA\)$/,
      /^(Metadata bewerken|Edit metadata)$/,
      /^(Nieuwe versie…|New version…)$/,
      /^(Snel openen|Quick open)$/,
    ]) {
      await page.getByRole('button', { name: opener }).first().click();
      await expect(page.getByRole('dialog')).toBeVisible();
      if (/Snel|Quick/.test(opener.source)) await page.keyboard.type('ACH');
      await scan(`dialog ${opener.source}`);
      await closeDialog(page);
    }

    // Search with hits.
    const search = new SearchView(page);
    await search.open();
    await search.run('welvaart*');
    await expect(search.hits.first()).toBeVisible();
    await scan('search');

    // The segment browser, grouped by code.
    const browser = new SegmentBrowser(page);
    await browser.open();
    await browser.expectSettled();
    await scan('segments');
    await page.getByRole('combobox', { name: /Groeperen op|Group by/ }).selectOption('code');
    await expect(page.locator('.segment-group h3').first()).toBeVisible();
    await scan('segments by code');

    // The matrix and a cell's panel.
    const matrix = new Matrix(page);
    await page.getByRole('button', { name: /^(Matrices|Matrices)$/ }).click();
    const grid = page.getByRole('table').first();
    await expect(grid).toBeVisible();
    await scan('matrix');
    await grid.locator('button.cell-btn').first().click();
    await expect(page.getByRole('complementary').first()).toBeVisible();
    await scan('matrix cell');
    void matrix;

    // The activity log, the comments and review view, the time-travel dialog.
    await page.getByRole('button', { name: /^(Activiteit|Activity)$/ }).click();
    await expect(page.locator('.activity-list li').first()).toBeVisible();
    await scan('activity');
    await page.getByRole('button', { name: /^(Commentaar|Comments)$/ }).click();
    await expect(page.locator('.review-summaries h2')).toBeVisible();
    await scan('comments and review');
    await page.getByRole('button', { name: /^(Terug in de tijd…|Back in time…)$/ }).click();
    await expect(page.getByRole('dialog')).toBeVisible();
    await scan('time travel');
    await closeDialog(page);

    // The project picker.
    await page.getByRole('button', { name: /^(Ander project|Other project)$/ }).click();
    await scan('project picker');

    expect(missing, 'message keys without a translation').toEqual([]);
    expect(found, 'keys shown instead of words').toEqual([]);
  });
}
