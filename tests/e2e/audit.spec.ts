import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, openWorkbench, startCasus, test, type CasusServer } from './fixtures.js';
import { api, principleInCase } from './pages/api.js';
import { ActivityView, ReviewControl, Threads, TimeTravel } from './pages/audit.js';
import { expectAccessible } from './pages/axe.js';
import { SegmentBrowser } from './pages/segmentBrowser.js';
import { Workbench } from './pages/workbench.js';

/**
 * Issue 15: colleague review and the audit trail. The demo study here was made yesterday (its
 * process ran with a clock a day behind), so there is a past to travel to.
 */

const root = join(import.meta.dirname, '..', '..');
const yesterday = new Date(Date.now() - 24 * 60 * 60 * 1000).toISOString().slice(0, 10);

let template: { dir: string; path: string };

test.beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), 'casus-e2e-audit-'));
  const path = join(dir, 'demo.casus');
  const r = spawnSync(
    process.execPath,
    [
      '--import',
      pathToFileURL(join(import.meta.dirname, 'support', 'yesterday.mjs')).href,
      join(root, 'bin/casus.mjs'),
      'new',
      path,
      '--demo',
    ],
    { env: { ...process.env, CASUS_CONFIG_DIR: join(dir, 'config') }, encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`casus new --demo failed: ${r.stderr}`);
  template = { dir, path };
});

test.afterAll(() => rmSync(template.dir, { recursive: true, force: true }));

/** A server on a fresh copy of yesterday's demo, the workbench open on it. */
async function yesterdaysProject(page: Page): Promise<CasusServer & { stop(): Promise<void> }> {
  const server = await startCasus(template.path);
  await openWorkbench(page, server);
  return server;
}

/** The matrix's cell button of a row and a column, its label saying the value. */
const matrixCell = (page: Page, row: string, col: string) =>
  page
    .getByRole('table', { name: 'Vergelijkingsmatrix' })
    .getByRole('button', { name: new RegExp(`^${row} × ${col}: `) });

test('a comment on a coding is answered, resolved and found in the inbox and the activity log', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const casus = await yesterdaysProject(page);
  try {
    const coders = await api(page, casus, 'coders.list', {});
    const session = await api(page, casus, 'session.get', {});
    const other = coders.find((c) => c.id !== session.coder?.id) ?? coders[0]!;
    const firstName = other.name.split(/\s+/)[0]!;

    const wb = new Workbench(page);
    const viewer = await wb.openFirstSource();
    await viewer.stripes.first().click();
    await expect(viewer.segmentPanel).toBeVisible();
    const threads = new Threads(viewer.segmentPanel);
    await threads.add(`Past deze code hier? @${firstName}`);
    const thread = threads.thread('Past deze code hier?');
    await expect(thread.getByText(`Genoemd: ${other.name}`)).toBeVisible();
    await thread.getByRole('textbox', { name: 'Antwoord op deze draad' }).fill('Ik kijk ernaar.');
    await thread.getByRole('button', { name: 'Antwoorden' }).click();
    await expect(thread.getByText('Ik kijk ernaar.')).toBeVisible();
    await thread.getByRole('button', { name: 'Afhandelen' }).click();
    await expect(thread.getByText(/^Afgehandeld door /)).toBeVisible();
    await expect(thread.getByRole('button', { name: 'Heropenen' })).toBeVisible();
    await expectAccessible(page, '.segment-panel');

    // A review that questions the coding needs its question.
    const review = new ReviewControl(viewer.segmentPanel);
    await expect(review.state(/^Niet beoordeeld$/)).toBeChecked();
    await review.state(/^Bevraagd$/).check();
    await review.ask.click();
    await expect(review.group.getByRole('alert')).toHaveText(/toelichting is verplicht/);
    await review.question.fill('Is dit niet eerder multi-actor?');
    await review.ask.click();
    await expect(review.group.getByRole('status')).toHaveText('Beoordeling: Bevraagd');
    await expect(review.state(/^Bevraagd$/)).toBeChecked();
    await expect(threads.thread('Is dit niet eerder multi-actor?')).toBeVisible();

    // The segment browser shows the questioned coding alone.
    const browser = new SegmentBrowser(page);
    await browser.open();
    await browser.expectSettled();
    await page.getByRole('checkbox', { name: 'Alleen bevraagde coderingen' }).check();
    await expect(
      page.getByRole('status').filter({ hasText: '1 bevraagde codering' }),
    ).toBeVisible();
    await expect(browser.items).toHaveCount(1);

    // The inbox of the coder mentioned: the thread, and it leads back to the passage.
    await wb.view(/^Commentaar$/).click();
    await page.getByLabel('Postvak van').selectOption(other.id);
    const inbox = new Threads(page.locator('.inbox-threads'));
    await expect(inbox.thread('Past deze code hier?')).toBeVisible();
    await expect(page.getByRole('table', { name: 'Per codeur' })).toBeVisible();
    await expectAccessible(page, 'main');
    await inbox
      .thread('Past deze code hier?')
      .getByRole('button', { name: /^Ga naar: / })
      .click();
    await expect(viewer.document).toBeVisible();

    // The activity log says it in words, and each entry opens its target.
    const activity = new ActivityView(page);
    await activity.open();
    await expect(activity.entry(/handelde een draad af over/)).toHaveCount(1);
    await expect(activity.entry(/beoordeelde de codering op .* als bevraagd/)).toHaveCount(1);
    await activity.filters.getByLabel('Soort wijziging').selectOption({
      label: 'Commentaar en beoordeling',
    });
    // The thread, its answer, resolving it, and the review (with its question).
    await expect(activity.entries).toHaveCount(4);
    await expectAccessible(page, 'main');
    const commented = activity.entry(/antwoordde op commentaar bij/);
    await activity.openButton(commented).focus();
    await page.keyboard.press('Enter');
    await expect(viewer.document).toBeVisible();
    await expect(wb.currentSource).toHaveCount(1);
  } finally {
    await casus.stop();
  }
});

test('the source viewer shows questioned codings only; a source and a report section carry threads that lead back', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const casus = await yesterdaysProject(page);
  try {
    const wb = new Workbench(page);
    const viewer = await wb.openFirstSource();
    const title = (await page.getByRole('heading', { level: 1 }).textContent()) ?? '';
    const all = await viewer.stripes.count();
    expect(all).toBeGreaterThan(1);

    // Question one coding (its passage), then show only questioned ones.
    await viewer.stripes.first().click();
    const review = new ReviewControl(viewer.segmentPanel);
    await review.state(/^Bevraagd$/).check();
    await review.question.fill('Hoort dit wel bij deze code?');
    await review.ask.click();
    await expect(review.group.getByRole('status')).toHaveText('Beoordeling: Bevraagd');
    const reviewFilter = viewer.onlyReview;
    await reviewFilter.selectOption({ label: 'Alleen bevraagde' });
    await expect(
      page.getByRole('status').filter({ hasText: '1 passage in deze bron met beoordeling' }),
    ).toBeVisible();
    const questioned = await viewer.stripes.count();
    expect(questioned).toBeGreaterThanOrEqual(1);
    expect(questioned).toBeLessThan(all);
    // No coding here is settled yet: nothing shows, and the viewer says so.
    await reviewFilter.selectOption({ label: 'Alleen afgeronde' });
    await expect(
      page.getByRole('status').filter({ hasText: 'Geen passages in deze bron met beoordeling' }),
    ).toBeVisible();
    await expect(viewer.stripes).toHaveCount(0);
    await reviewFilter.selectOption({ label: 'Elke beoordeling' });
    await expect(viewer.stripes).toHaveCount(all);

    // A thread on the source as a whole, from beside its title.
    await page.getByRole('button', { name: 'Commentaar op deze bron: nog geen' }).click();
    const dialog = page.getByRole('dialog', { name: `Commentaar op de bron “${title}”` });
    await new Threads(dialog).add('Is dit verslag compleet?');
    await expectAccessible(page, '[role="dialog"]');
    await dialog.getByRole('button', { name: 'Sluiten' }).click();
    await expect(
      page.getByRole('button', { name: 'Commentaar op deze bron: 1 draad, 1 open' }),
    ).toBeVisible();

    // A thread on a section of a case report.
    await wb.view(/^Casusrapport$/).click();
    const sectionButton = page
      .getByRole('button', { name: /^Commentaar op de sectie “.+”: nog geen$/ })
      .first();
    const sectionName = (await sectionButton.getAttribute('aria-label')) ?? '';
    const section = /“(.+)”/.exec(sectionName)?.[1] ?? '';
    await sectionButton.click();
    const sectionDialog = page.getByRole('dialog', {
      name: `Commentaar op de sectie “${section}”`,
    });
    await new Threads(sectionDialog).add('Deze sectie mist een bron.');
    await sectionDialog.getByRole('button', { name: 'Sluiten' }).click();
    await expect(
      page
        .getByRole('region', { name: section, exact: true })
        .getByRole('button', { name: /: 1 draad, 1 open$/ })
        .first(),
    ).toBeVisible();

    // Both in the comments view, each saying where it belongs; the source's leads back to it.
    await wb.view(/^Commentaar$/).click();
    await page.getByLabel('Postvak van').selectOption('*');
    const inbox = new Threads(page.locator('.inbox-threads'));
    await expect(inbox.thread('Deze sectie mist een bron.')).toBeVisible();
    const onSource = inbox.thread('Is dit verslag compleet?');
    await expect(onSource.getByRole('button', { name: /^Ga naar: bron “/ })).toContainText(title);
    await onSource.getByRole('button', { name: /^Ga naar: bron “/ }).click();
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expect(viewer.document).toBeVisible();
  } finally {
    await casus.stop();
  }
});

test('the activity log pages, filters by coder and exports the audit trail with pseudonyms', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const casus = await yesterdaysProject(page);
  try {
    const codes = await api(page, casus, 'codes.tree', {});
    for (let i = 1; i <= 60; i++)
      await api(page, casus, 'comments.add', {
        target: { type: 'code', id: codes[0]!.id },
        text: `Opmerking ${i}`,
      });
    const session = await api(page, casus, 'session.get', {});
    const me = session.coder!;

    const activity = new ActivityView(page);
    await activity.open();
    await expect(activity.entries).toHaveCount(50);
    await activity.loadMore.click();
    await expect(activity.entries).not.toHaveCount(50);
    // The keyboard goes to the first entry loaded.
    await expect(activity.entries.nth(50)).toBeFocused();

    // Today's comments are not in yesterday's log; today's by this coder are.
    await activity.filters.getByLabel('Soort wijziging').selectOption({
      label: 'Commentaar en beoordeling',
    });
    await activity.filters.getByLabel('Tot en met').fill(yesterday);
    await expect(page.getByText('Geen wijzigingen die bij deze filters passen.')).toBeVisible();
    await activity.filters.getByRole('button', { name: 'Filters wissen' }).click();
    await activity.filters.getByLabel('Codeur').selectOption(me.id);
    await expect(activity.entries).toHaveCount(50);
    await expect(activity.entries.first()).toContainText(me.name);

    await page.getByRole('checkbox', { name: /Codeurs als pseudoniem/ }).check();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Exporteren als CSV' }).click();
    const file = await (await download).path();
    const csv = readFileSync(file, 'utf8');
    expect(csv).toContain('Codeur 1');
    expect(csv).toContain('gaf commentaar op code');
    expect(csv).not.toContain(me.name);
    await expect(
      page.getByRole('status').filter({ hasText: /^Geëxporteerd: audit-/ }),
    ).toBeVisible();

    // A comment on a code opens the code's segments, with its threads.
    await activity.openButton(activity.entries.first()).click();
    const onCode = new Threads(page.getByRole('region', { name: 'Commentaar op deze code' }));
    await expect(onCode.thread('Opmerking 60')).toBeVisible();
    await expect(onCode.threads).toHaveCount(60);
  } finally {
    await casus.stop();
  }
});

test('travel to yesterday: the old matrix, read-only, then back to now where you were; compare then and now', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const casus = await yesterdaysProject(page);
  try {
    // Today: one more coding of "multi-level" in a Foodvalley source.
    const codes = await api(page, casus, 'codes.tree', {});
    const cases = await api(page, casus, 'cases.list', {});
    const sources = await api(page, casus, 'sources.list', {});
    const multiLevel = codes.find((c) => c.key === 'multi-level')!;
    const foodvalley = cases.find((c) => c.label.nl === 'Foodvalley')!;
    const source = sources.filter((s) => s.caseId === foodvalley.id).at(-1)!;
    const value = () => principleInCase(page, casus, multiLevel.id, foodvalley.id);
    const before = await value();
    const text = await api(page, casus, 'sources.get', { id: source.id });
    const start = text.text.length - 40;
    await api(page, casus, 'coding.apply', {
      sourceId: source.id,
      start,
      end: start + 30,
      codeIds: [multiLevel.id],
    });
    const after = await value();
    expect(after).toBe(before + 1);

    await page
      .getByRole('navigation', { name: 'Hoofdnavigatie' })
      .getByRole('button', { name: 'Matrices' })
      .click();
    await page.getByLabel('Gesplitst naar').selectOption('');
    await page.getByLabel('Rijen').selectOption('principle');
    const cell = matrixCell(page, 'Samenwerking: multi-level', 'Foodvalley');
    await expect(cell).toHaveAccessibleName(new RegExp(`: ${after}$`));

    // Yesterday: the matrix as it was, in the same view, read-only.
    const travel = new TimeTravel(page);
    await travel.toDate(yesterday);
    await expect(travel.banner).toContainText('U bekijkt het project zoals het was op');
    await expect(cell).toHaveAccessibleName(new RegExp(`: ${before}$`));
    await expect(page.getByLabel('Gesplitst naar')).toHaveValue('');
    await expectAccessible(page);
    await cell.click();
    const panel = page.getByRole('complementary', { name: /^Vak: / });
    const cellThreads = new Threads(panel);
    await expect(cellThreads.newComment).toBeDisabled();
    await panel.getByRole('textbox', { name: 'Synthese van dit vak' }).click();
    await page.keyboard.type('Nieuw inzicht.');
    await panel.getByRole('button', { name: 'Synthese opslaan' }).click();
    await expect(panel.getByRole('alert')).toContainText('U bekijkt het project zoals het was op');
    await expect(panel.getByRole('alert')).toContainText('daar kan niets gewijzigd worden');

    // Back to now, still in the matrix.
    await travel.back.click();
    await expect(travel.banner).toBeHidden();
    await expect(cell).toHaveAccessibleName(new RegExp(`: ${after}$`));
    await expect(page.getByLabel('Gesplitst naar')).toHaveValue('');

    // Then and now side by side: the changed cell is marked with its old value.
    await page.getByLabel('Vergelijk met datum').fill(yesterday);
    await page.getByRole('button', { name: 'Vergelijken', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: /veranderd sinds/ })).toBeVisible();
    await expect(cell).toHaveAccessibleName(new RegExp(`: ${after} \\(was ${before}\\)$`));
    await expect(
      page
        .locator('td.changed')
        .getByRole('button', { name: /^Samenwerking: multi-level × Foodvalley: / }),
    ).toHaveCount(1);
    await expectAccessible(page, '.matrix-table');
  } finally {
    await casus.stop();
  }
});
