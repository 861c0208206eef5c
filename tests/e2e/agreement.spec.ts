import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures.js';
import { AgreementView, sentenceAt } from './pages/agreement.js';
import { Workbench } from './pages/workbench.js';

/** No serious or critical accessibility violation on what is shown now. */
async function expectAccessible(page: Page): Promise<void> {
  const result = await new AxeBuilder({ page }).include('.agreement-view').analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`),
  ).toEqual([]);
}

const root = join(import.meta.dirname, '..', '..');
const SOURCE = 'Interview rijksdealmaker Foodvalley';
/** Marieke coded this sentence with multi-level; Thomas codes it with multi-actor. */
const BOTH = 'De inzet van EZK en IenW is beperkt tot afstemming.';

test('two coders code a Foodvalley interview differently; agreement, reconcile two disagreements, figures change', async ({
  workbench: page,
}, testInfo) => {
  const wb = new Workbench(page);
  await wb.expectCoderChosen();
  // Thomas Verbeek takes over the coder switch and codes the interview Marieke coded.
  await wb.coderSelect.selectOption({ label: 'Thomas Verbeek (TV)' });
  await expect(wb.coderSelect).toHaveValue(/.+/);
  const viewer = await wb.openSource(SOURCE);
  await viewer.expectLoaded();
  const first = await viewer.firstSentence();
  await viewer.selectWithMouse(first);
  await page.keyboard.press('Control+k');
  await wb.palette.choose(['brede-welvaart']);
  // Only a principle: the palette asks once whether to apply without the other dimensions.
  await page.keyboard.press('Enter');
  await wb.palette.apply();
  await viewer.selectWithMouse(await sentenceAt(page, BOTH));
  await page.keyboard.press('Control+k');
  await wb.palette.choose(['multi-actor']);
  await page.keyboard.press('Enter');
  await wb.palette.apply();
  await expect(viewer.segmentQuote).toHaveText(BOTH);

  // The Agreement view: Marieke and Thomas, the principles, the one source both coded.
  await wb.view(/^Overeenstemming$/).click();
  const view = new AgreementView(page);
  await view.expectLoaded();
  await expect(view.sample).toContainText('1 bron door alle gekozen codeurs gecodeerd');
  await expect(
    view.table.getByRole('rowheader', { name: 'Samenwerking: multi-actor' }),
  ).toBeVisible();
  const kappaBefore = await view.pooledKappa();
  expect(kappaBefore).toMatch(/^−?\d,\d\d$/);
  await expectAccessible(page);
  for (const [w, h] of [
    [1280, 720],
    [1920, 1080],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({
      path: testInfo.outputPath(`agreement-table-${w}.png`),
      fullPage: false,
    });
  }

  // The heatmap: κ per source and code.
  await view.tab(/Heatmap per bron/).click();
  await expect(page.getByRole('table', { name: 'Cohens κ per bron en code' })).toBeVisible();
  await expectAccessible(page);

  // The disagreements: every passage they coded differently.
  await view.tab(/^Verschillen$/).click();
  await expect(view.disagreements.first()).toBeVisible();
  const total = await view.disagreements.count();
  const onlyThomas = view.disagreement(/: Brede welvaart centraal$/);
  await expect(onlyThomas).toHaveCount(1);
  await expect(onlyThomas).toContainText('Alleen B codeerde');
  await expect(onlyThomas.locator('.passage strong')).toHaveText(first.text);
  await expectAccessible(page);
  for (const [w, h] of [
    [1280, 720],
    [1920, 1080],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: testInfo.outputPath(`agreement-reconcile-${w}.png`) });
  }

  // Reconcile two: Thomas's multi-actor on BOTH is right (accept B, with a comment), and
  // Marieke's multi-level there stays for both (keep both).
  const actor = view.disagreement(/: Samenwerking: multi-actor$/).filter({ hasText: BOTH });
  await actor.getByLabel('Opmerking').fill('Afstemming tussen ministeries is multi-actor');
  await actor.getByRole('button', { name: 'Neem B over' }).click();
  await expect(view.disagreements).toHaveCount(total - 1);
  const level = view.disagreements.filter({ hasText: BOTH }).filter({
    has: page.getByRole('heading', { name: /: Samenwerking: multi-level$/ }),
  });
  await level.getByRole('button', { name: 'Beide houden' }).click();
  await expect(view.disagreements).toHaveCount(total - 2);
  await expect(view.decisions).toHaveCount(2);
  await expect(view.decisions.first()).toContainText('beide gehouden');
  await expect(view.decisions.nth(1)).toContainText('B overgenomen');
  await expect(view.decisions.nth(1)).toContainText('Afstemming tussen ministeries is multi-actor');

  // The figures recompute; the figure before reconciliation stays, for the methods section.
  await view.tab(/^Tabel$/).click();
  await expect(view.before).toContainText(
    `Vóór reconciliatie (2 beslissingen): gepoolde κ ${kappaBefore}`,
  );
  await expect.poll(() => view.pooledKappa()).not.toBe(kappaBefore);
  await expect(page.locator('.agreement-methods')).toContainText(
    'Dit zijn de waarden vóór het reconciliëren',
  );
  await expectAccessible(page);
  await page.setViewportSize({ width: 1280, height: 720 });
  await view.before.scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('agreement-after-1280.png') });
  await view.tab(/Heatmap per bron/).click();
  await page.screenshot({ path: testInfo.outputPath('agreement-heatmap-1280.png') });

  // One undo takes the last decision back.
  await wb.undoButton.click();
  await view.tab(/^Verschillen$/).click();
  await expect(view.disagreements).toHaveCount(total - 1);
});

test("merge a coder's copy: upload, preview, merge in one step, undo", async ({
  workbench: page,
  casus,
}, testInfo) => {
  // Thomas codes on his laptop: a copy of the project, coded with the command line.
  const copy = join(casus.dir, 'laptop-thomas.casus');
  copyFileSync(casus.projectPath, copy);
  const cli = (args: string[]) => {
    const r = spawnSync(process.execPath, [join(root, 'bin/casus.mjs'), ...args], {
      encoding: 'utf8',
      env: { ...process.env, CASUS_CONFIG_DIR: join(casus.dir, 'config') },
    });
    if (r.status !== 0) throw new Error(r.stderr);
    return r.stdout;
  };
  const sources = JSON.parse(cli(['sources', copy, '--json'])) as { id: string; title: string }[];
  const source = sources.find((s) => s.title === SOURCE);
  if (!source) throw new Error('no Foodvalley interview');
  const text = cli(['source', copy, source.id, '--text']);
  const start = text.indexOf(BOTH);
  cli([
    'code',
    copy,
    '--source',
    source.id,
    '--start',
    String(start),
    '--end',
    String(start + BOTH.length),
    '--codes',
    'multi-level',
    '--coder',
    'Thomas Verbeek',
  ]);

  const wb = new Workbench(page);
  await wb.view(/^Overeenstemming$/).click();
  const view = new AgreementView(page);
  await expect(view.sample).toContainText(/Geen bron is door alle gekozen codeurs gecodeerd/);
  await page.getByRole('button', { name: 'Project samenvoegen…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Kopie van een codeur samenvoegen' });
  await dialog.getByLabel('Kopie van het project').setInputFiles(copy);
  await dialog.getByRole('button', { name: 'Bekijk wat er verandert' }).click();
  await expect(dialog.getByText('Coderingen: 1 nieuw')).toBeVisible();
  await expect(dialog.getByText('Bronnen: 0 nieuw, 20 herkend')).toBeVisible();
  await expect(dialog.getByRole('listitem').filter({ hasText: 'Thomas Verbeek: 1' })).toBeVisible();
  const axe = await new AxeBuilder({ page }).include('.merge-dialog').analyze();
  expect(
    axe.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => v.id),
  ).toEqual([]);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.screenshot({ path: testInfo.outputPath('merge-preview-1280.png') });
  await dialog.getByRole('button', { name: 'Samenvoegen', exact: true }).click();
  await expect(dialog.getByRole('status')).toHaveText('Samengevoegd.');
  await expect(dialog.getByText(/^laptop-thomas\.casus · /)).toBeVisible();
  await dialog.getByRole('button', { name: 'Sluiten' }).click();

  // Thomas now coded the Foodvalley interview too: it is in the sample.
  await expect(view.sample).toContainText('1 bron door alle gekozen codeurs gecodeerd');
  await expect(view.table).toBeVisible();

  // Undo the merge: the interview is Marieke's alone again.
  await page.getByRole('button', { name: 'Project samenvoegen…' }).click();
  await dialog.getByRole('button', { name: 'Samenvoegen ongedaan maken' }).click();
  await expect(dialog.getByRole('status')).toHaveText('Samenvoegen ongedaan gemaakt.');
  await dialog.getByRole('button', { name: 'Sluiten' }).click();
  await expect(view.sample).toContainText(/Geen bron is door alle gekozen codeurs gecodeerd/);
});
