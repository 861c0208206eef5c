import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures.js';
import { expectAccessible } from './pages/axe.js';
import { SegmentBrowser } from './pages/segmentBrowser.js';
import { Workbench } from './pages/workbench.js';

const fixture = (name: string) =>
  readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'transcripts', name));

test.describe('interview transcripts', () => {
  test('a VTT is imported with its speakers mapped; its turns show beside the text and a speaker is coded', async ({
    workbench: page,
  }) => {
    const wb = new Workbench(page);
    await page.getByRole('button', { name: /^(Importeren|Import)$/ }).click();
    const dialog = page.getByRole('dialog', { name: /Bestanden importeren|Import files/ });
    await dialog.getByLabel(/Bestanden kiezen|Choose files/).setInputFiles([
      {
        name: 'Interview Jürgen.vtt',
        mimeType: 'text/vtt',
        buffer: fixture('interview-voices.vtt'),
      },
    ]);
    await dialog.getByLabel(/^(Casus|Case)$/).selectOption({ index: 1 });
    await dialog.getByRole('button', { name: /1 bestand importeren|Import 1 file/ }).click();

    // The speakers as the file names them, with a first guess the team corrects.
    const mapping = dialog.getByTestId('speaker-mapping');
    await expect(mapping).toBeVisible({ timeout: 30_000 });
    const rows = mapping.getByTestId('speaker-row');
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(0)).toContainText('Anneke Jansen');
    await expect(rows.nth(1)).toContainText('Jürgen Müller-Öztürk');
    await expectAccessible(page, '[role="dialog"]');
    await rows.nth(0).getByLabel(/^is$/).selectOption('interviewer');
    await rows.nth(1).getByLabel(/^is$/).selectOption('respondent');
    const confirm = dialog.getByRole('button', {
      name: /Importeren met deze sprekers|Import with these speakers/,
    });
    // A new respondent needs a pseudonym and a role first.
    await expect(confirm).toBeDisabled();
    await rows
      .nth(1)
      .getByLabel(/Pseudoniem|Pseudonym/)
      .fill('E2E-R1');
    await rows
      .nth(1)
      .getByLabel(/^(Rol|Role)$/)
      .selectOption({ index: 1 });
    await confirm.click();

    const summary = dialog.getByTestId('import-summary');
    await expect(summary).toBeVisible({ timeout: 30_000 });
    await expect(summary).toContainText(/1 geïmporteerd|1 imported/);
    // The title loses the respondent's name as well.
    await expect(summary).toContainText('Interview Jürgen.vtt → Interview R');
    await dialog.getByRole('button', { name: /Sluiten|Close/ }).click();

    await wb.sidebar.getByRole('button', { name: /^Interview R/ }).click();
    const doc = wb.viewer.document;
    await expect(doc).toContainText('I: Welkom! Fijn dat u tijd hebt voor dit gesprek.');
    await expect(doc).toContainText('R: Ja, zeker. In 2018 zaten we met de gemeenten aan tafel 🤝');
    await expect(doc).not.toContainText('Müller');

    // The turns with their times; choosing one shows its words in the text.
    const panel = page.getByTestId('turns-panel');
    await expect(panel.getByRole('heading')).toHaveText(/6 (spreekbeurten|speaker turns)/);
    const turns = panel.getByTestId('turn');
    await expect(turns).toHaveCount(6);
    await expect(turns.nth(1)).toContainText('0:07–0:17');
    await expect(turns.nth(1)).toContainText('R');
    await turns.nth(3).click();
    await expect(wb.viewer.hit.first()).toBeVisible();
    await expect(wb.viewer.hit.first()).toContainText('De coördinatie was lastig');
    await expectAccessible(page, '[data-testid="turns-panel"]');

    // Everything the respondent says, coded in one go (not the interviewer's questions).
    await panel.getByLabel(/Alles van spreker|Everything of speaker/).selectOption('R');
    await panel.getByLabel(/coderen met|code with/).selectOption({ index: 1 });
    await panel.getByRole('button', { name: /^(Coderen|Code)$/ }).click();
    await expect(panel.getByRole('status')).toHaveText(/3 (spreekbeurten gecodeerd|turns coded)/);
    await expect(wb.viewer.stripes).toHaveCount(3);
    // The interviewer's questions too, with the same code: six coded turns in all.
    await panel.getByLabel(/Alles van spreker|Everything of speaker/).selectOption('I');
    await panel.getByRole('button', { name: /^(Coderen|Code)$/ }).click();
    await expect(wb.viewer.stripes).toHaveCount(6);

    // Retrieval of the respondent's words only: the three answers, none of the questions.
    const browser = new SegmentBrowser(page);
    await browser.open();
    await browser.filter(/Spreker \(transcripten\)|Speaker \(transcripts\)/, 'Respondent');
    await browser.expectSettled();
    await expect(browser.items).toHaveCount(3);
    await expect(browser.items.first()).toContainText('Ja, zeker. In 2018');
    await expect(browser.items.filter({ hasText: 'Welkom!' })).toHaveCount(0);
  });
});
