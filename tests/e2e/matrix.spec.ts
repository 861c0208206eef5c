import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import readXlsxFile from 'read-excel-file/node';
import { expect, test } from './fixtures.js';
import { api, codeNamed, principleInCase } from './pages/api.js';
import { expectAccessible } from './pages/axe.js';
import { Matrix } from './pages/matrix.js';
import { SourceViewer } from './pages/sourceViewer.js';

test('default matrix: drill into a cell, write a cited synthesis, set status, export XLSX and DOCX', async ({
  workbench: page,
}) => {
  await page
    .getByRole('navigation', { name: 'Hoofdnavigatie' })
    .getByRole('button', { name: 'Matrices' })
    .click();
  const table = page.getByRole('table', { name: 'Vergelijkingsmatrix' });
  await expect(table).toBeVisible();
  // The default definition: principles split by the three factor categories, cases as columns.
  await expect(page.getByLabel('Opgeslagen matrix')).toHaveValue('regio-deals-principles-cases');
  await expect(table.getByRole('columnheader', { name: 'Achterhoek' })).toBeVisible();
  await expect(table.getByRole('columnheader', { name: 'Patroon over casussen' })).toBeVisible();
  // Passages coded by principle but by no factor category keep a row of their own.
  await expect(table.getByText('(geen factorcategorie)').first()).toBeVisible();

  // Drill into a cell holding at least two segments.
  // (A "(no category)" row takes no synthesis: drill into a cell of a category.)
  const cells = table
    .locator('tbody tr')
    .filter({ hasNotText: '(geen factorcategorie)' })
    .locator('button.cell-btn');
  const values = await cells.allInnerTexts();
  const index = values.findIndex((v) => Number(v) >= 2);
  expect(index).toBeGreaterThanOrEqual(0);
  const cell = cells.nth(index);
  await cell.click();
  const panel = page.getByRole('complementary', { name: /^Vak: / });
  await expect(panel).toBeVisible();
  const unused = panel.getByRole('list', { name: /Nog niet gebruikt/ });
  await expect(unused.getByRole('listitem')).toHaveCount(Number(values[index]));

  // Cite two segments, numbered 1 and 2.
  await unused
    .getByRole('button', { name: /^Citeren/ })
    .first()
    .click();
  const refs = panel.getByRole('list', { name: 'Verwijzingen' });
  await expect(refs.getByRole('listitem')).toHaveCount(1);
  await unused
    .getByRole('button', { name: /^Citeren/ })
    .first()
    .click();
  await expect(refs.getByRole('listitem')).toHaveCount(2);
  await expect(refs.getByRole('button', { name: 'Open verwijzing 2 in de bron' })).toBeVisible();

  // Write the synthesis and save it.
  const editor = panel.getByRole('textbox', { name: 'Synthese van dit vak' });
  await editor.click();
  await page.keyboard.type('Samenwerking met het Rijk verliep moeizaam in de beginfase. ');
  // The claim rests on the second passage: its marker goes in at the caret and becomes [1].
  const second = (await refs.getByRole('listitem').nth(1).locator('q').textContent()) ?? '';
  await refs.getByRole('button', { name: 'Verwijzing 2 in de tekst plaatsen' }).click();
  await expect(editor).toHaveText(
    'Samenwerking met het Rijk verliep moeizaam in de beginfase. [1]',
  );
  await panel.getByRole('button', { name: 'Synthese opslaan' }).click();
  await expect(panel.getByRole('status')).toHaveText('Synthese opgeslagen');
  // The list under the text follows the markers; the passage not in the text yet says so.
  await expect(refs.getByRole('listitem').first().locator('q')).toHaveText(second);
  await expect(refs.getByRole('listitem').first()).not.toContainText('nog niet in de tekst');
  await expect(refs.getByRole('listitem').nth(1)).toContainText('(nog niet in de tekst)');
  await panel.getByLabel('Status').selectOption('agreed');
  await expect(panel.getByText(/akkoord in team — /)).toBeVisible();

  // The framework view shows the cell's status and text.
  await page.getByRole('button', { name: 'Synthese (framework)' }).click();
  await expect(
    table.getByText('Samenwerking met het Rijk verliep moeizaam', { exact: false }),
  ).toBeVisible();

  // XLSX, read back.
  const [xlsx] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Exporteer als XLSX' }).click(),
  ]);
  const sheets = await readXlsxFile(readFileSync(await xlsx.path()));
  expect(sheets.map((s) => s.sheet)).toEqual(['Aantallen', 'Syntheses', 'Legenda']);
  const synth = sheets[1]?.data ?? [];
  const row = synth.find(
    (r) => r[4] === 'Samenwerking met het Rijk verliep moeizaam in de beginfase. [1]',
  );
  expect(row).toBeDefined();
  expect(row?.[3]).toBe('akkoord in team');
  expect(String(row?.[5])).toMatch(/^\[1\] “[^”]+” \(.+\)\n\[2\] “/);
  expect(sheets[0]?.data[0]?.[1]).toBe('Achterhoek');

  // DOCX, unzipped and read back.
  const [docx] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Exporteer als DOCX' }).click(),
  ]);
  const files = unzipSync(new Uint8Array(readFileSync(await docx.path())));
  const xml = strFromU8(files['word/document.xml'] as Uint8Array);
  expect(xml).toContain('<w:tbl>');
  expect(xml).toContain('Samenwerking met het Rijk verliep moeizaam in de beginfase.');
  expect(xml).toContain('Status: akkoord in team');
  expect(xml).toMatch(/\[2\] “/);

  // CSV from the framework view: the syntheses with their references.
  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Exporteer als CSV' }).click(),
  ]);
  const text = readFileSync(await csv.path(), 'utf8');
  expect(text).toContain('Samenwerking met het Rijk verliep moeizaam in de beginfase.');
  expect(text).toContain('akkoord in team');
  expect(text).toMatch(/\[2\] “/);
  // The marker carries into the exports, before the numbered list.
  expect(text).toContain('in de beginfase. [1]');
  expect(xml).toContain('in de beginfase. [1]');

  // The marker in the text opens its passage in the source.
  await page.getByRole('button', { name: 'Aantallen (heatmap)' }).click();
  await cell.click();
  await panel.locator('.citation-marker').click();
  await expect(new SourceViewer(page).document).toContainText(second);
});

test('projector mode fills the window with the grid, says what it shows, and Esc leaves it', async ({
  workbench: page,
}) => {
  const matrix = new Matrix(page);
  await matrix.open();
  await matrix.wholeFilter
    .getByRole('combobox')
    .first()
    .selectOption({ label: 'Beleidsuitvoering' });
  // Leave one case out: its column goes, and the pattern counts three cases.
  await matrix.cases.getByRole('checkbox', { name: 'Zuid- en Oost-Drenthe' }).uncheck();
  const grid = matrix.grid;
  await expect(matrix.columnHeader('Zuid- en Oost-Drenthe')).toHaveCount(0);
  await expect(matrix.columnHeader('Foodvalley')).toBeVisible();
  await expect(grid.getByText(/in \d van 4 casussen/)).toHaveCount(0);
  await expect(grid.getByText(/in 2 van 3 casussen/).first()).toBeVisible();
  await page.getByRole('button', { name: 'Projectormodus' }).click();

  // The room sees the grid and a caption naming the axes, the measure and the filter; the
  // controls and the rest of the workbench are out of the way.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Vergelijkingsmatrix');
  await expect(matrix.caption).toHaveText(
    'Uitgangspunt (Factorcategorie) × Casus · Maat: segmenten · Fase: Beleidsuitvoering · Casussen: Achterhoek, Den Haag Zuidwest, Foodvalley',
  );
  await expect(matrix.rowsControl).toBeHidden();
  await expect.poll(() => matrix.navCovered()).toBe(true);
  const table = grid;
  const box = await table.boundingBox();
  expect(box?.x ?? 99).toBeLessThan(50);
  // The framework cells can be switched to in the room, and a cell still opens for notes.
  await page.getByRole('button', { name: 'Synthese (framework)' }).click();
  await table.locator('button.cell-btn').first().click();
  await expect(page.getByRole('complementary', { name: /^Vak: / })).toBeVisible();

  await page.keyboard.press('Escape');
  await expect(matrix.rowsControl).toBeVisible();
  await expect.poll(() => matrix.navCovered()).toBe(false);
});

test("a busy cell's panel shows its first segments at once and more on asking", async ({
  workbench: page,
  casus,
}) => {
  test.setTimeout(120_000);
  const code = await codeNamed(page, casus, 'Brede welvaart centraal');
  const cases = await api(page, casus, 'cases.list', {});
  const achterhoek = cases.find((c) => c.label.nl === 'Achterhoek')!;
  const source = (await api(page, casus, 'sources.list', { caseId: achterhoek.id }))[0]!;
  const { text } = await api(page, casus, 'sources.get', { id: source.id });
  // 240 more passages of one principle in one case: more than the panel shows at first.
  const added = 240;
  expect(text.length).toBeGreaterThan(added * 8);
  for (let i = 0; i < added; i++)
    await api(page, casus, 'coding.apply', {
      sourceId: source.id,
      start: i * 8,
      end: i * 8 + 5,
      codeIds: [code.id],
    });
  const total = await principleInCase(page, casus, code.id, achterhoek.id);
  expect(total).toBeGreaterThan(added);

  const matrix = new Matrix(page);
  await matrix.open();
  await page.getByLabel('Gesplitst naar').selectOption('');
  await page.getByLabel('Rijen').selectOption('principle');
  await matrix.grid
    .getByRole('button', { name: /^Brede welvaart centraal × Achterhoek: / })
    .click();
  const panel = page.getByRole('complementary', { name: /^Vak: / });
  const list = panel.getByRole('list', { name: `Segmenten in dit vak (${total})` });
  // Each segment is an item of the list (its codes a list of their own inside it).
  const items = list.locator(':scope > li');
  await expect(items).toHaveCount(200);
  await expect(panel.getByRole('status').filter({ hasText: 'getoond' })).toHaveText(
    `200 van ${total} getoond.`,
  );
  await expect(
    panel.getByRole('heading', { name: /^Nog niet gebruikt, van de getoonde/ }),
  ).toBeVisible();
  await panel.getByRole('button', { name: `Toon nog ${total - 200}` }).click();
  await expect(items).toHaveCount(total);
  await expect(panel.getByText(/getoond\.$/)).toHaveCount(0);
  await expect(panel.getByRole('heading', { name: `Nog niet gebruikt (${total})` })).toBeVisible();
  // The grid's darkest shades and the empty synthesis's placeholder read as the rest does.
  await expectAccessible(page);
});
