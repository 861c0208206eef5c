import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';

/** Issue 11: a synthesis belongs to its cell of the study's cube, not to a place in one layout. */

async function openMatrix(page: Page) {
  await page
    .getByRole('navigation', { name: 'Hoofdnavigatie' })
    .getByRole('button', { name: 'Matrices' })
    .click();
  await expect(page.getByRole('table', { name: 'Vergelijkingsmatrix' })).toBeVisible();
}

/** Leaves exactly these cases checked in the matrix's case filter. */
async function onlyCases(page: Page, keep: string[]) {
  const group = page.getByRole('group', { name: 'Casussen' });
  const boxes = group.getByRole('checkbox');
  const names = await boxes.evaluateAll((els) =>
    els.map((e) => (e.closest('label')?.textContent ?? '').trim()),
  );
  // Check the wanted ones first, so at least one stays on while the others go off.
  for (const name of keep) await group.getByRole('checkbox', { name }).check();
  for (const name of names)
    if (!keep.includes(name)) await group.getByRole('checkbox', { name }).uncheck();
  for (const name of keep) await expect(group.getByRole('checkbox', { name })).toBeChecked();
}

const cell = (page: Page, row: string, col: string) =>
  page
    .getByRole('table', { name: 'Vergelijkingsmatrix' })
    .getByRole('button', { name: new RegExp(`^${row} × ${col}: `) });

test('a synthesis written for Foodvalley stays with Foodvalley when the case filter changes', async ({
  workbench: page,
}) => {
  await openMatrix(page);
  await page.getByLabel('Gesplitst naar').selectOption('');
  await page.getByLabel('Kolommen').selectOption('facet');
  await onlyCases(page, ['Foodvalley']);

  await cell(page, 'Samenwerking: multi-level', 'Factor').click();
  const panel = page.getByRole('complementary', { name: /^Vak: / });
  await expect(
    panel.getByText('Synthese van: Samenwerking: multi-level × Factor × Foodvalley'),
  ).toBeVisible();
  await panel.getByRole('textbox', { name: 'Synthese van dit vak' }).click();
  await page.keyboard.type('Het Rijk schoof in Foodvalley pas laat aan.');
  await panel.getByRole('button', { name: 'Synthese opslaan' }).click();
  await expect(panel.getByRole('status')).toHaveText('Synthese opgeslagen');

  // Another case: the same place in the grid is another cell of the study, still empty.
  await onlyCases(page, ['Achterhoek']);
  await cell(page, 'Samenwerking: multi-level', 'Factor').click();
  const other = page.getByRole('complementary', { name: /^Vak: / });
  await expect(
    other.getByText('Synthese van: Samenwerking: multi-level × Factor × Achterhoek'),
  ).toBeVisible();
  await expect(other.getByRole('textbox', { name: 'Synthese van dit vak' })).toHaveText('');
  await page.getByRole('button', { name: 'Synthese (framework)' }).click();
  await expect(page.getByText('Het Rijk schoof in Foodvalley pas laat aan.')).toHaveCount(0);

  // With cases as columns and the facet in the filter, the text is back: the same cube cell.
  await page.getByLabel('Kolommen').selectOption('case');
  await onlyCases(page, ['Achterhoek', 'Den Haag Zuidwest', 'Foodvalley', 'Zuid- en Oost-Drenthe']);
  await expect(page.getByText('Het Rijk schoof in Foodvalley pas laat aan.')).toHaveCount(0);
  await expect(
    cell(page, 'Samenwerking: multi-level', 'Foodvalley').getByText(/fijnere synthese/),
  ).toBeVisible();
});
