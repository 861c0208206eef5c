import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { Workbench } from './pages/workbench.js';

/** The four dialogs that share one shell: what opens each, and its accessible name. */
const DIALOGS: { opener: RegExp; name: RegExp; inSource?: boolean }[] = [
  { opener: /^(Importeren|Import)$/, name: /^(Bestanden importeren|Import files)$/ },
  { opener: /^(Uitwisselen|Exchange) \(REFI-QDA\)$/, name: /^(Uitwisselen met|Exchange with)/ },
  {
    opener: /^(Metadata bewerken|Edit metadata)$/,
    name: /^(Metadata van de bron|Source metadata)$/,
    inSource: true,
  },
  {
    opener: /^(Nieuwe versie…|New version…)$/,
    name: /^(Nieuwe versie van|New version of)/,
    inSource: true,
  },
];

const focusInside = (page: Page, name: RegExp) =>
  page.getByRole('dialog', { name }).locator(':focus');

test('each dialog takes the focus on open, keeps it inside, closes with Esc and gives it back', async ({
  workbench: page,
}) => {
  const wb = new Workbench(page);
  await wb.openFirstSource();
  for (const d of DIALOGS) {
    const opener = (d.inSource ? page.getByRole('article') : page).getByRole('button', {
      name: d.opener,
    });
    // By keyboard, as someone without a mouse opens it.
    await opener.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: d.name });
    await expect(dialog).toBeVisible();
    await expect(dialog).toHaveAttribute('aria-modal', 'true');
    const close = dialog.getByRole('button', { name: /^(Sluiten|Close)$/ });
    await expect(close).toBeFocused();
    // Tab and Shift+Tab go round inside the dialog, never out to the page behind it.
    await page.keyboard.press('Shift+Tab');
    await expect(focusInside(page, d.name)).toHaveCount(1);
    await expect(close).not.toBeFocused();
    await page.keyboard.press('Tab');
    await expect(close).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(opener).toBeFocused();
  }
  // The close button does the same as Esc, and the focus goes back too.
  const opener = page.getByRole('button', { name: DIALOGS[0]!.opener });
  await opener.click();
  const dialog = page.getByRole('dialog', { name: DIALOGS[0]!.name });
  await dialog.getByRole('button', { name: /^(Sluiten|Close)$/ }).click();
  await expect(dialog).toBeHidden();
  await expect(opener).toBeFocused();
});
