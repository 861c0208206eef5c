import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { packQdpx } from '../refi-fixtures.js';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';

/** A .qdpx of `n` short text sources (inline text), big enough to take a while to import. */
function manySources(n: number): Uint8Array {
  const guid = (i: number) => `55555555-5555-4555-8555-${String(i).padStart(12, '0')}`;
  const sources = Array.from(
    { length: n },
    (_, i) =>
      `<TextSource guid="${guid(i + 1)}" name="Verslag ${i + 1}">` +
      `<PlainTextContent>Verslag ${i + 1}. ${'De regio werkt samen met het Rijk. '.repeat(20)}</PlainTextContent>` +
      `</TextSource>`,
  ).join('');
  const qde =
    '<?xml version="1.0" encoding="utf-8"?>' +
    '<Project xmlns="urn:QDA-XML:project:1.0" name="Groot" origin="test">' +
    `<Sources>${sources}</Sources></Project>`;
  return zipSync({ 'project.qde': strToU8(qde) });
}

/** Opens the exchange dialog and chooses a project file to import; returns the dialog. */
async function chooseProject(page: Page, name: string, bytes: Uint8Array) {
  await page.getByRole('button', { name: /Uitwisselen|Exchange/ }).click();
  const dialog = page.getByRole('dialog');
  await dialog.locator('input[type=file][accept=".qdpx,.qde"]').setInputFiles({
    name,
    mimeType: 'application/zip',
    buffer: Buffer.from(bytes),
  });
  return dialog;
}

test.describe('REFI-QDA exchange', () => {
  test('exports the demo study as .qdpx with sources and positions stated', async ({
    workbench: page,
  }) => {
    await page.getByRole('button', { name: /Uitwisselen|Exchange/ }).click();
    const dialog = page.getByRole('dialog', { name: /Uitwisselen met|Exchange with/ });
    await expect(dialog).toBeVisible();
    const download = page.waitForEvent('download');
    await dialog
      .getByRole('button', { name: /\.qdpx/ })
      .first()
      .click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.qdpx$/);
    const bytes = readFileSync((await file.path()) ?? '');
    const entries = unzipSync(new Uint8Array(bytes));
    expect(Object.keys(entries)).toContain('project.qde');
    expect(Object.keys(entries).some((n) => n.startsWith('sources/') && n.endsWith('.txt'))).toBe(
      true,
    );
    expect(new TextDecoder().decode(entries['project.qde'])).toContain(
      'Casus position rule: utf16',
    );
    await expect(dialog.getByRole('status')).toContainText(/REFI-QDA/);
  });

  test('exports for the public with the case names hidden', async ({ workbench: page }) => {
    await page.getByRole('button', { name: /Uitwisselen|Exchange/ }).click();
    const dialog = page.getByRole('dialog', { name: /Uitwisselen met|Exchange with/ });
    await dialog.getByLabel('Voor').selectOption('public');
    await dialog.getByRole('checkbox', { name: /casusnamen verbergen/ }).check();
    const download = page.waitForEvent('download');
    await dialog
      .getByRole('button', { name: /\.qdpx/ })
      .first()
      .click();
    const entries = unzipSync(new Uint8Array(readFileSync((await (await download).path()) ?? '')));
    const qde = new TextDecoder().decode(entries['project.qde']);
    expect(qde).toContain('Casus A');
    for (const name of ['Achterhoek', 'Foodvalley', 'Den Haag Zuidwest'])
      expect(qde).not.toContain(name);
    await expect(dialog.getByRole('status')).toContainText(/REFI-QDA/);
  });

  test('exports one selection per code when asked', async ({ workbench: page }) => {
    await page.getByRole('button', { name: /Uitwisselen|Exchange/ }).click();
    const dialog = page.getByRole('dialog', { name: /Uitwisselen met|Exchange with/ });
    const exportQde = async () => {
      const download = page.waitForEvent('download');
      await dialog
        .getByRole('button', { name: /\.qdpx/ })
        .first()
        .click();
      const entries = unzipSync(
        new Uint8Array(readFileSync((await (await download).path()) ?? '')),
      );
      return new TextDecoder().decode(entries['project.qde']);
    };
    // Codings per selection: the demo study has passages with several codes.
    const codingsPerSelection = (qde: string) =>
      qde
        .split('<PlainTextSelection ')
        .slice(1)
        .map((sel) => sel.split('</PlainTextSelection>')[0]!.split('<Coding ').length - 1);
    const before = codingsPerSelection(await exportQde());
    expect(Math.max(...before)).toBeGreaterThan(1);
    await dialog.getByRole('checkbox', { name: /selectie per code|selection per code/ }).check();
    const after = codingsPerSelection(await exportQde());
    expect(Math.max(...after)).toBe(1);
    // Every coding is still there, each on a selection of its own.
    expect(after.reduce((a, b) => a + b, 0)).toBe(before.reduce((a, b) => a + b, 0));
  });

  test('imports a .qdpx as a new project and shows the report', async ({
    workbench: page,
    casus,
  }) => {
    // A qc-style project (fixtures/refi/qc-style): 15 line selections with 25 codings.
    const dialog = await chooseProject(page, 'qc-style.qdpx', packQdpx('qc-style'));
    // It goes into the projects folder, named after the file.
    await expect(dialog.locator('.file-target')).toContainText(
      join(casus.projectsDir, 'qc-style.casus'),
    );
    await dialog
      .getByRole('button', { name: /^(Importeren|Import)$/ })
      .first()
      .click();
    const report = dialog.getByRole('region', { name: /Importverslag|Import report/ });
    await expect(report.getByTestId('refi-count-codings')).toHaveText('25');
    await expect(report.getByTestId('refi-count-segments')).toHaveText('15');
    await expect(report.getByTestId('refi-position-rule')).toContainText('UTF-16');
    await expect(page.getByRole('contentinfo')).toContainText(
      join(casus.projectsDir, 'qc-style.casus'),
    );
  });

  test('stops a long import on request: nothing is created and the open project stays', async ({
    workbench: page,
    casus,
  }) => {
    const dialog = await chooseProject(page, 'groot.qdpx', manySources(25_000));
    await dialog
      .getByRole('button', { name: /^(Importeren|Import)$/ })
      .first()
      .click();
    // While it runs, the dialog says how far it is and offers to stop it.
    const stop = dialog.getByRole('button', { name: 'Import stoppen' });
    await stop.click();
    await expect(dialog.getByRole('status')).toHaveText(
      'Import gestopt: er is geen project gemaakt.',
    );
    await expect(dialog.getByRole('alert')).toHaveCount(0);
    await expect(stop).toHaveCount(0);
    // The keyboard's focus is back on Import, not lost with the button that went.
    await expect(dialog.getByRole('button', { name: 'Importeren' }).first()).toBeFocused();
    expect(existsSync(join(casus.projectsDir, 'groot.casus'))).toBe(false);
    expect(readdirSync(casus.projectsDir).filter((n) => n.includes('groot'))).toEqual([]);
    // The project that was open is still the open one.
    await expect(page.getByRole('contentinfo')).not.toContainText('groot');
  });

  test('asks before merging a codebook whose codes differ', async ({ workbench: page, casus }) => {
    await page.getByRole('button', { name: /Uitwisselen|Exchange/ }).click();
    const dialog = page.getByRole('dialog');
    // Export the codebook, change a colour, import it again: one conflict by GUID.
    const download = page.waitForEvent('download');
    await dialog.getByRole('button', { name: /\.qdc/ }).click();
    const xml = readFileSync((await (await download).path()) ?? '', 'utf8');
    const changed = xml.replace(/color="#[0-9A-Fa-f]{6}"/, 'color="#010203"');
    const path = join(casus.dir, 'changed.qdc');
    (await import('node:fs')).writeFileSync(path, changed);
    await dialog.locator('input[type=file][accept=".qdc"]').setInputFiles(path);
    await dialog
      .getByRole('button', { name: /^(Importeren|Import)$/ })
      .last()
      .click();
    const group = dialog.getByRole('group', { name: /1 code/ });
    await expect(group).toContainText('#010203');
    await group.getByRole('button', { name: /Overnemen uit codeboek|Take from codebook/ }).click();
    await expect(dialog.getByRole('status')).toContainText(/1 (bijgewerkt|updated)/);
  });
});
