import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page, Response } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { api } from './pages/api.js';
import { expectAccessible } from './pages/axe.js';
import { Projects } from './pages/projects.js';
import { Workbench } from './pages/workbench.js';

/** Every answer of 400 or more the page gets from here on. */
function failedResponses(page: Page): string[] {
  const failed: string[] = [];
  page.on('response', (r: Response) => {
    if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
  });
  return failed;
}

test.describe('project life', () => {
  test('a new project through the dialog in the projects folder: upload, download, reopen from the lists', async ({
    workbench: page,
    casus,
  }) => {
    const wb = new Workbench(page);
    const projects = new Projects(page);
    mkdirSync(join(casus.projectsDir, 'Regio Deals'));
    await projects.openPicker();
    await projects.picker.getByRole('button', { name: 'Nieuw project…' }).click();
    await expect(projects.dialog).toBeVisible();
    // No name, no project: the name is asked, not taken from a file.
    await expect(projects.dialog.getByRole('button', { name: 'Aanmaken' })).toBeDisabled();
    await expectAccessible(page, '.new-project-dialog');
    await projects.dialog.getByRole('button', { name: 'Sluiten' }).click();

    const path = join(casus.projectsDir, 'Regio Deals', 'regio-deal-zeeland-2024.casus');
    await projects.create({
      name: 'Regio Deal Zeeland 2024',
      template: /Lege studie/,
      folder: 'Regio Deals',
      expectFile: path,
    });
    await expect(wb.statusBar).toContainText(path);
    expect(existsSync(path)).toBe(true);
    const info = await api(page, casus, 'project.info', {});
    expect(info).toMatchObject({ name: 'Regio Deal Zeeland 2024', template: 'blank', path });

    // Imports travel as bytes: the page sends the file ahead, and the call names the upload.
    const uploads: string[] = [];
    const sent: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/api/import.file')) uploads.push(r.postData() ?? '');
      if (r.url().includes('/api/upload?'))
        sent.push(new URL(r.url()).searchParams.get('name') ?? '');
    });
    await page.getByRole('button', { name: /^(Importeren|Import)$/ }).click();
    const importDialog = page.getByRole('dialog', { name: /Bestanden importeren|Import files/ });
    await importDialog.getByLabel(/Bestanden kiezen|Choose files/).setInputFiles({
      name: 'gesprek-zeeland.md',
      mimeType: 'text/markdown',
      buffer: Buffer.from('# Gesprek\n\nDe provincie trekt de deal.\n'),
    });
    await importDialog
      .getByRole('button', { name: /^(1 bestand(en)? importeren|Import 1 files?)$/ })
      .click();
    await expect(importDialog.getByTestId('import-summary')).toContainText(
      /1 geïmporteerd|1 imported/,
    );
    await importDialog.getByRole('button', { name: 'Sluiten' }).click();
    await expect(wb.sidebar.getByRole('button', { name: /^gesprek-zeeland/ })).toBeVisible();
    expect(uploads).toHaveLength(1);
    expect(sent).toEqual(['gesprek-zeeland.md']);
    expect(JSON.parse(uploads[0] ?? '{}')).toMatchObject({
      file: { fileName: 'gesprek-zeeland.md', upload: expect.any(String) },
    });
    expect(JSON.parse(uploads[0] ?? '{}').file.path).toBeUndefined();

    // Exports are downloaded, never written by the server.
    await page.getByRole('button', { name: /Uitwisselen|Exchange/ }).click();
    const exchange = page.getByRole('dialog', { name: /Uitwisselen met|Exchange with/ });
    const download = page.waitForEvent('download');
    await exchange
      .getByRole('button', { name: /\.qdpx/ })
      .first()
      .click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.qdpx$/);
    expect(
      readFileSync((await file.path()) ?? '')
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');
    await exchange.getByRole('button', { name: 'Sluiten' }).click();

    // The demo from the recent list, then the new project from the projects folder.
    await projects.openPicker();
    await projects.recent('Regio Deals — demo').click();
    await expect(wb.statusBar).toContainText(casus.projectPath);
    await projects.openPicker();
    await projects.enterFolder(projects.picker, 'Regio Deals');
    await projects.listed(projects.picker, 'regio-deal-zeeland-2024').click();
    await expect(wb.statusBar).toContainText(path);
    await expect(wb.sidebar.getByRole('button', { name: /^gesprek-zeeland/ })).toBeVisible();
  });

  test('the recent list shows only files that exist', async ({ workbench: page, casus }) => {
    const projects = new Projects(page);
    await projects.openPicker();
    await projects.create({ name: 'Weg', template: /Lege studie/ });
    await projects.openPicker();
    await projects.recent('Regio Deals — demo').click();
    await projects.openPicker();
    await expect(projects.recent('Weg')).toBeVisible();
    (await import('node:fs')).rmSync(join(casus.projectsDir, 'weg.casus'));
    await page.reload();
    await projects.openPicker();
    await expect(projects.recent('Regio Deals — demo')).toBeVisible();
    await expect(projects.recent('Weg')).toHaveCount(0);
  });

  test('switching project with a source open shows no error and asks nothing of the old project', async ({
    workbench: page,
  }) => {
    const wb = new Workbench(page);
    const projects = new Projects(page);
    await wb.openFirstSource();
    await wb.view(/^(Segmenten|Segments)$/).click();
    await wb.view(/^(Bronnen|Sources)$/).click();
    await wb.openFirstSource();
    const failed = failedResponses(page);

    await projects.openPicker();
    await projects.create({ name: 'Tweede studie' });
    await expect(page.getByRole('heading', { name: 'Aan de slag met Casus' })).toBeVisible();
    await expect(page.locator('.first-start')).toContainText('Tweede studie');
    // Back to the demo with a source open, and away again through the projects folder.
    await projects.openPicker();
    await projects.recent('Regio Deals — demo').click();
    await wb.openFirstSource();
    await projects.openPicker();
    await projects.listed(projects.picker, 'tweede-studie').click();
    await expect(page.locator('.first-start')).toContainText('Tweede studie');
    await expect(wb.sourceLinks).toHaveCount(0);

    await expect(page.getByRole('alert')).toHaveCount(0);
    await expect(page.getByText(/No source with id|Geen bron/)).toHaveCount(0);
    expect(failed).toEqual([]);
  });

  test('the empty pane guides a first start and offers a new project', async ({
    workbench: page,
  }) => {
    const guide = page.locator('.first-start');
    await expect(guide.getByRole('heading', { name: 'Aan de slag met Casus' })).toBeVisible();
    await expect(guide).toContainText('Dit is de demostudie');
    await expect(guide).toContainText('Ctrl+K');
    await expect(guide).toContainText('Matrices');
    await expectAccessible(page, '.first-start');
    await page.getByRole('combobox', { name: 'Taal' }).selectOption('en');
    await expect(guide.getByRole('heading', { name: 'Getting started with Casus' })).toBeVisible();
    await expect(guide).toContainText('This is the demo study');
    await guide.getByRole('button', { name: 'New project…' }).click();
    await expect(page.getByRole('dialog', { name: 'New project' })).toBeVisible();
  });
});

test.describe('the memo overview', () => {
  test('lists every memo, filters by target and author, opens one in place', async ({
    workbench: page,
    casus,
  }) => {
    const wb = new Workbench(page);
    const [source] = await api(page, casus, 'sources.list', {});
    if (!source) throw new Error('the demo study has sources');
    await api(page, casus, 'memos.save', {
      targetType: 'source',
      targetId: source.id,
      body: '',
      bodyText: 'Bronmemo uit de test: let op de datum.',
    });
    const all = await api(page, casus, 'memos.list', {});
    await wb.view(/^(Memo’s|Memos)$/).click();
    const list = page.getByRole('list', { name: 'Memo’s' });
    await expect(list.getByRole('listitem')).toHaveCount(all.length);
    await expect(page.locator('.memo-overview').getByRole('status')).toHaveText(
      `${all.length} van ${all.length} memo’s`,
    );
    await expectAccessible(page, '.memo-overview');

    const filters = page.getByRole('group', { name: 'Memo’s filteren' });
    await filters.getByLabel('Bij').selectOption('source');
    const sourceMemos = all.filter((m) => m.targetType === 'source');
    await expect(list.getByRole('listitem')).toHaveCount(sourceMemos.length);
    const author = all.find((m) => m.author)?.author;
    if (author) {
      await filters.getByLabel('Bij').selectOption('');
      await filters.getByLabel('Auteur').selectOption(author.id);
      await expect(list.getByRole('listitem')).toHaveCount(
        all.filter((m) => m.author?.id === author.id).length,
      );
      await filters.getByLabel('Auteur').selectOption('');
    }
    await filters.getByLabel('Zoek in memo’s').fill('let op de datum');
    const mine = list.getByRole('listitem');
    await expect(mine).toHaveCount(1);
    await expect(mine).toContainText(source.title);

    // Edit in place, then open the source it is on.
    await mine.getByRole('button', { name: /^Bewerken/ }).click();
    await expect(mine.getByRole('textbox')).toBeVisible();
    await mine.getByRole('button', { name: /^Bron openen/ }).click();
    await expect(page.getByRole('heading', { level: 1, name: source.title })).toBeVisible();
  });

  test('opens a passage memo at its passage', async ({ workbench: page, casus }) => {
    const all = await api(page, casus, 'memos.list', {});
    const passage = all.find((m) => m.targetType === 'segment');
    if (!passage?.target.sourceId) throw new Error('the demo study has passage memos');
    const wb = new Workbench(page);
    await wb.view(/^(Memo’s|Memos)$/).click();
    const filters = page.getByRole('group', { name: 'Memo’s filteren' });
    await filters.getByLabel('Bij').selectOption('segment');
    const item = page
      .getByRole('list', { name: 'Memo’s' })
      .getByRole('listitem')
      .filter({ hasText: passage.text.slice(0, 40) });
    await item.getByRole('button', { name: /^Passage openen/ }).click();
    await expect(
      page.getByRole('heading', { level: 1, name: passage.target.label.nl }),
    ).toBeVisible();
    await expect(wb.viewer.document).toBeVisible();
  });
});

test.describe('the segment browser filters', () => {
  test('are labelled, searchable checklists', async ({ workbench: page }) => {
    const wb = new Workbench(page);
    await wb.view(/^(Segmenten|Segments)$/).click();
    const filters = page.getByRole('group', { name: 'Filters' });
    for (const name of [
      'Uitgangspunten',
      'Factorcategorieën',
      'Fasen',
      'Facetten',
      'Casussen',
      'Met al deze codes',
      'Met een of meer van deze codes',
      'Zonder deze codes',
      'Brontypen',
      'Rollen',
      'Codeurs',
    ]) {
      await expect(filters.getByText(name, { exact: true })).toBeVisible();
      await expect(filters.getByRole('button', { name, exact: true })).toBeVisible();
    }
    await expect(filters.getByRole('listbox')).toHaveCount(0);
    await expectAccessible(page, '.segment-filters');

    await filters.getByRole('button', { name: 'Casussen', exact: true }).click();
    const panel = filters.getByRole('group', { name: 'Casussen' });
    await panel.getByRole('searchbox', { name: 'Zoek in Casussen' }).fill('achter');
    await expect(panel.getByRole('checkbox')).toHaveCount(1);
    await panel.getByRole('checkbox', { name: 'Achterhoek' }).check();
    await expectAccessible(page, '.segment-filters');
    await page.keyboard.press('Escape');
    await expect(panel).toBeHidden();
    await expect(
      filters.getByRole('button', { name: 'Casussen', exact: true }),
    ).toHaveAccessibleDescription('Achterhoek');
    await expect(page.locator('p[role="status"][aria-busy="false"]')).toHaveCount(1);
    await expect(page.locator('li.segment').filter({ hasNotText: 'Achterhoek' })).toHaveCount(0);
    await expect(page.locator('li.segment').first()).toBeVisible();
  });
});

test('the sidebar says where each interview report stands with its respondent', async ({
  workbench: page,
}) => {
  const sidebar = page.getByRole('navigation', { name: 'Casussen en bronnen' });
  const reports = sidebar.getByRole('button', { name: /^Interview / });
  await expect(reports.first()).toBeVisible();
  const n = await reports.count();
  // Every interview report carries its validation in words (not by colour alone).
  await expect(sidebar.locator('.validation-badge')).toHaveCount(n);
  for (let i = 0; i < n; i++)
    await expect(reports.nth(i)).toContainText(/(concept|verstuurd|goedgekeurd|correcties)/);
  await expectAccessible(page, '.sidebar');
});
