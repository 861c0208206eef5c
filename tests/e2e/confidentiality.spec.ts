import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { expectAccessible } from './pages/axe.js';

const nav = (page: Page) =>
  page.getByRole('navigation', { name: /Hoofdnavigatie|Main navigation/ });
const view = (page: Page) => page.getByRole('region', { name: 'Vertrouwelijkheid: het register' });

test.describe('Confidentiality', () => {
  test('add a name, confirm and dismiss candidates, export a matrix DOCX for respondents with the name replaced', async ({
    workbench: page,
  }) => {
    await nav(page).getByRole('button', { name: 'Vertrouwelijkheid' }).click();
    const v = view(page);
    await expect(v.getByRole('heading', { name: 'Vertrouwelijkheid: het register' })).toBeVisible();
    await expect(v.getByText('Het register is nog leeg.')).toBeVisible();
    // The candidates the demo sources hold, with where they occur.
    const candidates = v.getByRole('list', { name: 'Kandidaten in de bronnen' });
    await expect(candidates.locator('li[data-candidate="Hardenberg"]')).toBeVisible();
    await expectAccessible(page, '.confidentiality-view');

    // A term typed by the team, with a variant.
    const form = v.getByRole('form', { name: 'Term toevoegen' });
    await form.getByLabel('Soort').selectOption('place');
    await form.getByLabel('Term', { exact: true }).fill('Achterhoek');
    await form.getByLabel('Vervanging').fill('[regio A]');
    await form.getByLabel('Varianten (gescheiden door puntkomma’s)').fill('Achterhoekse');
    await form.getByRole('button', { name: 'Term toevoegen' }).click();
    await expect(v.getByRole('status')).toHaveText('Toegevoegd: vervangen door “[regio A]”.');
    const register = v.getByRole('table', { name: 'Het register' });
    const row = register.locator('tbody tr').filter({ hasText: 'Achterhoek' });
    await expect(row).toContainText('[regio A]');
    await expect(row).toContainText(/keer, in \d+ bronnen/);

    // A candidate confirmed into the register, another dismissed.
    await candidates
      .locator('li[data-candidate="Hardenberg"]')
      .getByLabel('Vervanging voor “Hardenberg”')
      .fill('[gemeente]');
    await candidates
      .getByRole('button', { name: '“Hardenberg” bevestigen, vervangen door “[gemeente]”' })
      .click();
    await expect(register.locator('tbody tr').filter({ hasText: 'Hardenberg' })).toContainText(
      '[gemeente]',
    );
    await expect(candidates.locator('li[data-candidate="Hardenberg"]')).toHaveCount(0);
    await candidates.getByRole('button', { name: '“Emmen” afwijzen' }).click();
    await expect(candidates.locator('li[data-candidate="Emmen"]')).toHaveCount(0);
    await expect(v.getByText('1 kandidaat afgewezen.')).toBeVisible();
    await expectAccessible(page, '.confidentiality-view');

    // The matrix as DOCX for respondents (the default): the case name is replaced.
    await nav(page).getByRole('button', { name: 'Matrices' }).click();
    const table = page.getByRole('table', { name: 'Vergelijkingsmatrix' });
    await expect(table.getByRole('columnheader', { name: 'Achterhoek' })).toBeVisible();
    const exports = page.getByRole('group', { name: 'Exporteren' });
    await expect(exports.getByLabel('Voor')).toHaveValue('respondents');
    const [docx] = await Promise.all([
      page.waitForEvent('download'),
      exports.getByRole('button', { name: 'Exporteer als DOCX' }).click(),
    ]);
    const files = unzipSync(new Uint8Array(readFileSync(await docx.path())));
    const xml = strFromU8(files['word/document.xml'] as Uint8Array);
    expect(xml).toContain('[regio A]');
    expect(xml).not.toContain('Achterhoek');
    await expect(page.getByText(/lekcontrole geslaagd/)).toBeVisible();

    // For the team, the same file keeps the name.
    await exports.getByLabel('Voor').selectOption('team');
    const [teamDocx] = await Promise.all([
      page.waitForEvent('download'),
      exports.getByRole('button', { name: 'Exporteer als DOCX' }).click(),
    ]);
    const teamXml = strFromU8(
      unzipSync(new Uint8Array(readFileSync(await teamDocx.path())))[
        'word/document.xml'
      ] as Uint8Array,
    );
    expect(teamXml).toContain('Achterhoek');
  });
});
