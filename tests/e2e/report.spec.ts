import { strFromU8, unzipSync } from 'fflate';
import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures.js';
import { Workbench } from './pages/workbench.js';

test('the Foodvalley case report: generate, send a round, record and accept a correction, see what changed', async ({
  workbench: page,
}) => {
  const wb = new Workbench(page);
  await wb.view(/^Casusrapport$/).click();
  await expect(page.getByRole('heading', { name: 'Casusrapport en validatie' })).toBeVisible();
  await page.getByLabel('Casus', { exact: true }).selectOption({ label: 'Foodvalley' });
  const report = page.getByRole('article', { name: 'Rapport' });
  await expect(report.getByRole('heading', { name: 'Foodvalley', level: 2 })).toBeVisible();
  // Chapters per principle; the demo's Foodvalley synthesis sits under multi-level's factors.
  const multiLevel = report.getByRole('region', { name: 'Samenwerking: multi-level' });
  await expect(
    multiLevel.getByRole('heading', { name: 'Welke factoren spelen een rol?' }),
  ).toBeVisible();
  const political = multiLevel.getByRole('region', { name: 'Politiek-bestuurlijk' });
  await expect(political.locator('blockquote').first()).toContainText('FV-R');

  // The DOCX, read back: Word headings (which build the table of contents) and a quote style.
  const [docx] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download DOCX' }).first().click(),
  ]);
  expect(docx.suggestedFilename()).toBe('casusrapport-foodvalley-v1.docx');
  const parts = unzipSync(new Uint8Array(readFileSync(await docx.path())));
  const xml = strFromU8(parts['word/document.xml'] as Uint8Array);
  expect(xml).toContain('<w:pStyle w:val="Title"/>');
  expect(xml).toContain('<w:pStyle w:val="Heading1"/>');
  expect(xml).toContain('<w:pStyle w:val="Quote"/>');
  expect(xml).toContain('Samenwerking: multi-level');

  // Send it round to two respondents.
  await page.getByRole('tab', { name: 'Validatie door respondenten' }).click();
  const form = page.getByRole('form', { name: 'Rapport rondsturen' });
  await form.getByRole('checkbox', { name: 'FV-R1' }).check();
  await form.getByRole('checkbox', { name: 'FV-R2' }).check();
  await form.getByLabel('Verstuurd op').fill('2021-03-01');
  await form.getByRole('button', { name: 'Ronde vastleggen' }).click();
  const round = page.getByRole('region', { name: /^Ronde 1 — versie 1, verstuurd 2021-03-01$/ });
  await expect(round).toBeVisible();

  // FV-R1 approves; FV-R2 asks for a correction in the multi-level factor section.
  await round.getByLabel('Antwoord van FV-R1').selectOption('approved');
  await expect(round.getByLabel('Antwoord van FV-R1')).toHaveValue('approved');
  const add = round.getByRole('form', { name: 'Correctie vastleggen' });
  await add.getByLabel('Respondent', { exact: true }).selectOption({ label: 'FV-R2' });
  await add.getByLabel('Onderdeel').selectOption({
    label: 'Samenwerking: multi-level › Welke factoren spelen een rol? › Politiek-bestuurlijk',
  });
  await add
    .getByLabel('Wat de respondent vraagt')
    .fill('De provincie Gelderland zat er vanaf het begin bij.');
  await add.getByRole('button', { name: 'Correctie vastleggen' }).click();
  const corrections = round.getByRole('list', { name: 'Correcties' });
  await expect(corrections.getByRole('listitem')).toHaveCount(1);
  await expect(round.getByLabel('Antwoord van FV-R2')).toHaveValue('corrections');

  // Accept it, editing the section's text.
  await corrections.getByRole('button', { name: 'Overnemen en tekst aanpassen' }).click();
  const text = corrections.getByLabel('Nieuwe tekst van dit onderdeel');
  await text.fill(
    'De provincie Gelderland zat er vanaf het begin bij. De regio hield de regie over de agenda.',
  );
  await corrections.getByRole('button', { name: 'Overnemen', exact: true }).last().click();
  await expect(corrections.getByText('overgenomen')).toBeVisible();
  await expect(
    page.getByText('Iedereen heeft geantwoord en er staat geen correctie open.'),
  ).toBeVisible();

  // What changed since the version respondents saw.
  await page.getByRole('tab', { name: 'Wat is veranderd' }).click();
  await expect(page.getByLabel('Wijzigingen sinds')).toHaveValue(/.+/);
  const change = page.getByRole('region', {
    name: 'Samenwerking: multi-level › Welke factoren spelen een rol? › Politiek-bestuurlijk',
  });
  await expect(change.locator('ins').first()).toContainText(
    'De provincie Gelderland zat er vanaf het begin bij.',
  );
  await expect(change.locator('del').first()).toBeVisible();

  // Confirm: the case's syntheses become validated.
  await page.getByRole('tab', { name: 'Validatie door respondenten' }).click();
  await page
    .getByRole('button', { name: 'Syntheses van deze casus op "gevalideerd" zetten' })
    .click();
  await expect(page.getByRole('status').filter({ hasText: /gevalideerd/ })).toHaveText(
    /^\d+ syntheses gevalideerd$/,
  );
});
