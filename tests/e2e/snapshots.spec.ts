import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';

const codeList = (page: Page) => page.getByRole('list', { name: 'Codeboom' });
const view = (page: Page) => page.getByRole('region', { name: 'Momentopnamen en herstellen' });

async function openRestoreView(page: Page) {
  await page
    .getByRole('navigation', { name: /Hoofdnavigatie|Main navigation/ })
    .getByRole('button', { name: /Herstellen…|Restore…/ })
    .click();
  await expect(page.getByRole('heading', { name: /Momentopnamen en herstellen/ })).toBeVisible();
}

async function deleteCode(page: Page, label: string) {
  await page.getByRole('button', { name: `Acties voor ${label}` }).click();
  await page.getByRole('button', { name: 'Verwijderen', exact: true }).click();
  await page
    .getByRole('alertdialog', { name: 'Verwijderen' })
    .getByRole('button', { name: 'Ja, verwijderen' })
    .click();
  await expect(codeList(page).getByText(label, { exact: true })).toHaveCount(0);
}

test.describe('Restore view', () => {
  test('restores the snapshot taken before a code was deleted, in place: the code is back', async ({
    workbench: page,
  }) => {
    const label = 'Praktijk';
    await expect(codeList(page).getByText(label, { exact: true })).toHaveCount(1);
    await deleteCode(page, label);

    await openRestoreView(page);
    const rows = page
      .getByRole('table', { name: /Momentopnamen, nieuwste eerst/ })
      .locator('tbody tr');
    // The workbench took one when it opened the project, and one before the delete.
    await expect(rows).toHaveCount(2);
    const before = rows.filter({ hasText: 'Vóór verwijderen van een code' });
    await expect(before).toHaveCount(1);
    await expect(rows.filter({ hasText: 'Bij openen' })).toHaveCount(1);
    await before.getByRole('button', { name: /Bekijk momentopname van/ }).click();

    const preview = page.getByRole('region', { name: /Momentopname van/ });
    await expect(preview.getByRole('heading', { name: /Momentopname van/ })).toBeFocused();
    // The snapshot has one code more than the project now.
    const codes = preview.locator('tr[data-count="codes"] td');
    const [then, now] = [
      Number(await codes.nth(0).textContent()),
      Number(await codes.nth(1).textContent()),
    ];
    expect(then).toBe(now + 1);
    await expect(preview.getByRole('list').first()).toContainText('coding.apply');

    await preview.getByRole('button', { name: 'Herstellen in dit project…' }).click();
    const confirm = preview.getByRole('alertdialog', { name: 'Herstellen in dit project' });
    await expect(confirm).toContainText('De huidige stand wordt eerst bewaard als momentopname');
    // Escape cancels; nothing happened.
    await page.keyboard.press('Escape');
    await expect(confirm).toHaveCount(0);
    await preview.getByRole('button', { name: 'Herstellen in dit project…' }).click();
    await confirm.getByRole('button', { name: 'Ja, herstellen' }).click();

    await expect(view(page).getByRole('status')).toContainText(
      /Hersteld naar de stand van .*De stand van daarvoor is bewaard/,
    );
    await expect(codeList(page).getByText(label, { exact: true })).toHaveCount(1);
    // The state with the code deleted is kept as a snapshot of its own.
    await expect(rows).toHaveCount(3);
    await expect(rows.first()).toContainText('Vóór herstellen van');
  });

  test('restores a snapshot as a copy beside the project, never over an existing file', async ({
    workbench: page,
    casus,
  }) => {
    await openRestoreView(page);
    const rows = page.locator('table tbody tr[data-snapshot-id]');
    await expect(rows).toHaveCount(1);
    await rows
      .first()
      .getByRole('button', { name: /Bekijk momentopname van/ })
      .click();
    const preview = page.getByRole('region', { name: /Momentopname van/ });
    await preview.getByRole('button', { name: 'Herstellen als kopie…' }).click();
    const name = preview.getByRole('textbox', { name: 'Naam van het nieuwe projectbestand' });
    await expect(name).toBeFocused();
    await name.fill('kopie');
    await name.press('Enter');
    const copy = join(casus.dir, 'kopie.casus');
    await expect(view(page).getByRole('status')).toContainText(
      `Hersteld als nieuw project: ${copy}`,
    );
    expect(existsSync(copy)).toBe(true);
    // Again under the same name: refused, named.
    await preview.getByRole('button', { name: 'Herstellen als kopie…' }).click();
    await name.fill('kopie');
    await name.press('Enter');
    await expect(view(page).getByRole('alert')).toContainText('kopie.casus already exists');
  });
});
