import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { api } from './pages/api.js';
import { expectAccessible } from './pages/axe.js';
import { Audience, Review } from './pages/review.js';

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

  test('the audience screen of a group review shows the room the replacements, the minutes carry them', async ({
    workbench: page,
    casus,
  }) => {
    // A respondent's real name and an organisation, planted in a synthesis the room will see.
    const respondent = (await api(page, casus, 'respondents.list', {})).find(
      (r) => r.pseudonym === 'ACH-R1',
    );
    if (!respondent) throw new Error('the demo study lacks ACH-R1');
    await api(page, casus, 'respondents.update', { id: respondent.id, realName: 'Jan de Vries' });
    await api(page, casus, 'names.add', {
      kind: 'organisation',
      term: 'Dutch Techzone',
      replacement: '[netwerk]',
    });
    const session = await api(page, casus, 'review.sessions.create', {
      title: 'Terugkoppeling Achterhoek',
      date: '2022-03-14',
    });
    const item = await api(page, casus, 'review.items.add', {
      sessionId: session.id,
      matrix: 'framework',
      focus: { kind: 'cell', row: 'multi-level:institutioneel', col: 'achterhoek' },
      question: 'Herkent u de rol van Dutch Techzone?',
      show: { quotes: 0 },
    });
    const [row, col] = [
      item.focus.kind === 'cell' ? item.focus.row : '',
      item.focus.kind === 'cell' ? item.focus.col : '',
    ];
    await api(page, casus, 'matrix.synthesis.save', {
      at: { spec: item.spec, row, col },
      body: '',
      bodyText: 'Volgens Jan de Vries trok Dutch Techzone de aanpak.',
    });

    const review = new Review(page);
    await review.open();
    await review.present('Terugkoppeling Achterhoek');
    // Not the team unless chosen: a room of stakeholders sees what respondents may read.
    const chooser = page.locator('.presenter-audience').getByLabel('Voor');
    await expect(chooser).toHaveValue('respondents');
    const audiencePage = await review.openAudience();
    const audience = new Audience(audiencePage);
    await page.getByRole('button', { name: 'Begin bij punt 1' }).click();
    await audience.showing(1, 0);
    await expect(audiencePage.getByText('Volgens ACH-R1 trok [netwerk] de aanpak.')).toBeVisible();
    await expect(audiencePage.getByText('Herkent u de rol van [netwerk]?')).toBeVisible();
    await expect(audience.slide).not.toContainText('Jan de Vries');
    await expect(audience.slide).not.toContainText('Dutch Techzone');

    // The public with the case names hidden: the case is a letter on the screen.
    await chooser.selectOption('public');
    await page.locator('.presenter-audience').getByLabel('casusnamen verbergen').check();
    await expect(audience.slide).toContainText('Casus A');
    await expect(audience.slide).not.toContainText('Achterhoek');
    await expect(audiencePage.getByText('Volgens ACH-R1 trok [netwerk] de aanpak.')).toBeVisible();

    // Only on purpose the team's view: then the room sees the names (the screen follows).
    await chooser.selectOption('team');
    await expect(
      audiencePage.getByText('Volgens Jan de Vries trok Dutch Techzone de aanpak.'),
    ).toBeVisible();
    await audiencePage.close();

    // The minutes for respondents (the default): leak-checked, the names replaced.
    await page.getByRole('button', { name: '← Terug naar de voorbereiding' }).click();
    const minutes = page.locator('.review-actions');
    await expect(minutes.getByLabel('Voor')).toHaveValue('respondents');
    const [html] = await Promise.all([
      page.waitForEvent('download'),
      minutes.getByRole('button', { name: 'Verslag (HTML)' }).click(),
    ]);
    const text = readFileSync(await html.path(), 'utf8');
    expect(text).toContain('Volgens ACH-R1 trok [netwerk] de aanpak.');
    expect(text).not.toContain('Jan de Vries');
    expect(text).not.toContain('Dutch Techzone');
    await expect(page.getByRole('status')).toContainText(
      /Terugkoppeling-Achterhoek.*🛡 lekcontrole geslaagd/,
    );
  });

  test('edit a term and take back a dismissal in the view, each logged and undone there', async ({
    workbench: page,
    casus,
  }) => {
    await api(page, casus, 'names.add', {
      kind: 'place',
      term: 'Hardenberg',
      replacement: '[gemeente]',
    });
    await nav(page).getByRole('button', { name: 'Vertrouwelijkheid' }).click();
    const v = view(page);
    const register = v.getByRole('table', { name: 'Het register' });
    const row = register.locator('tbody tr').filter({ hasText: 'Hardenberg' });
    await expect(row).toContainText('[gemeente]');

    // Edit: the replacement and the variants, in the row.
    await row.getByRole('button', { name: 'Term “Hardenberg” wijzigen' }).click();
    await row.getByLabel('Vervanging van “Hardenberg”').fill('[gemeente Oost]');
    await row
      .getByLabel('Varianten van “Hardenberg” (gescheiden door puntkomma’s)')
      .fill('Hardenbergse; Hardenbergs');
    await expectAccessible(page, '.confidentiality-view');
    await row.getByRole('button', { name: 'Opslaan' }).click();
    const status = v.getByRole('status');
    await expect(status).toContainText(
      'Gewijzigd: “Hardenberg” wordt vervangen door “[gemeente Oost]”.',
    );
    await expect(row).toContainText('[gemeente Oost]');
    await expect(row).toContainText('Hardenbergse; Hardenbergs');
    // …and undone.
    await status.getByRole('button', { name: 'Ongedaan maken' }).click();
    await expect(status).toHaveText('Ongedaan gemaakt.');
    await expect(row.locator('.confidentiality-replacement')).toHaveText('[gemeente]');
    await expect(row).not.toContainText('Hardenbergse');

    // Dismiss a candidate, take the dismissal back, then undo that.
    const candidates = v.getByRole('list', { name: 'Kandidaten in de bronnen' });
    const dismissedList = v.getByRole('list', { name: 'Afgewezen kandidaten' });
    await candidates.getByRole('button', { name: '“Emmen” afwijzen' }).click();
    await expect(status).toContainText('“Emmen” afgewezen.');
    await expect(dismissedList.locator('li[data-dismissed="Emmen"]')).toBeVisible();
    await expect(candidates.locator('li[data-candidate="Emmen"]')).toHaveCount(0);
    await dismissedList.getByRole('button', { name: 'Afwijzing van “Emmen” terugnemen' }).click();
    await expect(status).toContainText('“Emmen” wordt weer als kandidaat aangeboden.');
    await expect(candidates.locator('li[data-candidate="Emmen"]')).toBeVisible();
    await expect(v.getByText('Geen afgewezen kandidaten.')).toBeVisible();
    await status.getByRole('button', { name: 'Ongedaan maken' }).click();
    await expect(status).toHaveText('Ongedaan gemaakt.');
    await expect(dismissedList.locator('li[data-dismissed="Emmen"]')).toBeVisible();
    await expect(candidates.locator('li[data-candidate="Emmen"]')).toHaveCount(0);
    await expectAccessible(page, '.confidentiality-view');

    // Each step is in the activity log, in words, without the term.
    const log = await api(page, casus, 'activity.list', { limit: 20 });
    const said = log.entries.map((e) => e.text.nl).join('\n');
    expect(said).toContain('wijzigde een term in het register');
    expect(said).toContain('nam een afwijzing terug');
    expect(said).toContain('wees een kandidaat af');
    expect(said).not.toContain('Hardenberg');
  });
});
