import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, startCasus, test } from './fixtures.js';
import { expectAccessible } from './pages/axe.js';
import { Workbench } from './pages/workbench.js';

test('opens the browser at a one-time launch URL that hands the page its token', async ({
  page,
  demoTemplate,
}, testInfo) => {
  test.skip(process.platform !== 'linux', 'the stand-in opener is xdg-open');
  // A stand-in for xdg-open that records the URL it was asked to open.
  const bin = testInfo.outputPath('bin');
  const recorded = testInfo.outputPath('opened.txt');
  mkdirSync(bin, { recursive: true });
  writeFileSync(
    join(bin, 'xdg-open'),
    `#!/bin/sh\nprintf '%s\\n' "$1" > "${recorded}.tmp"\nmv "${recorded}.tmp" "${recorded}"\n`,
  );
  chmodSync(join(bin, 'xdg-open'), 0o755);
  const server = await startCasus(demoTemplate, {
    open: true,
    env: { PATH: `${bin}:${process.env.PATH ?? ''}` },
  });
  try {
    await expect.poll(() => existsSync(recorded)).toBe(true);
    const launchUrl = readFileSync(recorded, 'utf8').trim();
    expect(launchUrl).toContain(`${server.url}/launch/`);
    expect(launchUrl).not.toContain(server.token);
    await page.goto(launchUrl);
    await expect(
      page.getByRole('navigation', { name: /Casussen en bronnen|Cases and sources/ }),
    ).toBeVisible();
    // The token came in the redirect's fragment, and the page took it out of the address bar.
    expect(page.url()).not.toContain('token=');
    const again = await page.goto(launchUrl);
    expect(again?.status()).toBe(410);
    await expect(page.getByText('This launch link has been used or has expired')).toBeVisible();
  } finally {
    await server.stop();
  }
});

test('warns when a project is created in a cloud-synced folder, not for a local one', async ({
  workbench: page,
  casus,
}) => {
  const status = page.getByRole('contentinfo');
  await expect(status).toContainText(casus.projectPath);
  await expect(status.getByRole('note')).toHaveCount(0);

  // A synced folder inside the projects folder, chosen in the new-project dialog.
  mkdirSync(join(casus.projectsDir, 'OneDrive - PBL'));
  await page.getByRole('button', { name: 'Ander project' }).click();
  await page.getByRole('button', { name: 'Nieuw project…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Nieuw project' });
  await dialog.getByLabel('Naam van het project').fill('Studie');
  await dialog.getByRole('button', { name: 'Map OneDrive - PBL' }).click();
  const path = join(casus.projectsDir, 'OneDrive - PBL', 'studie.casus');
  await expect(dialog.locator('.file-target')).toContainText(path);
  await dialog.getByRole('button', { name: 'Aanmaken' }).click();
  await expect(status).toContainText(path);
  const note = status.getByRole('note');
  await expect(note).toContainText('Dit project staat in een map van OneDrive');
  await expect(note).toContainText('op de eigen schijf');
});

test.describe('the workbench on the demo study', () => {
  test('shows cases and sources, opens a source as formatted text, without CSP violations', async ({
    page,
    casus,
  }) => {
    const violations: string[] = [];
    page.on('console', (msg) => {
      if (/Content Security Policy|Refused to/i.test(msg.text())) violations.push(msg.text());
    });
    await page.goto(casus.openUrl);
    const wb = new Workbench(page);
    const sidebar = wb.sidebar;
    await expect(sidebar).toBeVisible();
    for (const name of ['Achterhoek', 'Den Haag Zuidwest', 'Foodvalley', 'Zuid- en Oost-Drenthe']) {
      await expect(sidebar.getByRole('heading', { name: new RegExp(name) })).toBeVisible();
    }
    // The token left the address bar as soon as the page read it.
    expect(page.url()).not.toContain('token=');
    const first = wb.sourceLinks.first();
    await expect(first).toHaveAttribute('title', /.+/);
    const title = (await first.getAttribute('title'))?.split(' — ')[0] ?? '';
    await first.click();
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    // Structure from the block model: headings and paragraphs, never raw markup.
    await expect(wb.viewer.document.getByRole('heading').first()).toBeVisible();
    await expect(wb.viewer.paragraphs.first()).toBeVisible();
    await expect(wb.statusBar).toContainText(casus.projectPath);
    expect(violations).toEqual([]);
  });

  test('keeps the code tree in view however long the list of sources is', async ({
    page,
    casus,
  }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(casus.openUrl);
    const wb = new Workbench(page);
    const firstCode = wb.codeTree.list.getByRole('listitem').first();
    await expect(firstCode).toBeInViewport();
    // On a laptop the sources scroll on their own above the tree: their end moves, the tree not.
    const before = await firstCode.boundingBox();
    await wb.sidebar.evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await expect(wb.sourceLinks.last()).toBeInViewport();
    await expect(firstCode).toBeInViewport();
    expect(await firstCode.boundingBox()).toEqual(before);
    // On a wide screen the tree stands beside the text, right of the main pane.
    await page.setViewportSize({ width: 1920, height: 1080 });
    const main = await page.locator('#main').boundingBox();
    const tree = await wb.codeTree.list.boundingBox();
    expect(main && tree && tree.x >= main.x + main.width).toBe(true);
    await expect(firstCode).toBeInViewport();
    await expectAccessible(page, '.code-pane');
  });

  test('switches language and remembers it after a reload', async ({ page, casus }) => {
    await page.goto(casus.openUrl);
    await expect(page.getByRole('navigation', { name: 'Casussen en bronnen' })).toBeVisible();
    await page.getByRole('combobox', { name: 'Taal' }).selectOption('en');
    await expect(page.getByRole('navigation', { name: 'Cases and sources' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Code tree' })).toBeVisible();
    await page.reload();
    await expect(page.getByRole('navigation', { name: 'Cases and sources' })).toBeVisible();
    await page.getByRole('combobox', { name: 'Language' }).selectOption('nl');
    await expect(page.getByRole('navigation', { name: 'Casussen en bronnen' })).toBeVisible();
  });

  test('shows the current coder in the status bar and lets the researcher switch', async ({
    page,
    casus,
  }) => {
    await page.goto(casus.openUrl);
    const coder = new Workbench(page).coderSelect;
    // The demo's two coders are offered once the list is in; switch to the other one.
    const other = coder.locator('option', { hasText: 'Thomas Verbeek (TV)' });
    await expect(other).toHaveCount(1);
    await expect(coder.locator('option', { hasText: 'Marieke de Jong (MJ)' })).toHaveCount(1);
    const id = (await other.getAttribute('value')) ?? '';
    expect(id).not.toBe('');
    await expect(coder).not.toHaveValue(id);
    await coder.selectOption(id);
    await expect(coder).toHaveValue(id);
    await page.reload();
    await expect(page.getByRole('combobox', { name: /Kies codeur|Choose coder/ })).toHaveValue(id);
  });

  test('the API refuses requests without the token, and foreign origins', async ({
    request,
    casus,
  }) => {
    const noToken = await request.post(`${casus.url}/api/project.info`, { data: {} });
    expect(noToken.status()).toBe(401);
    const foreignOrigin = await request.post(`${casus.url}/api/project.info`, {
      data: {},
      headers: { 'X-Casus-Token': casus.token, Origin: 'http://evil.example' },
    });
    expect(foreignOrigin.status()).toBe(403);
    const ok = await request.post(`${casus.url}/api/project.info`, {
      data: {},
      headers: { 'X-Casus-Token': casus.token },
    });
    expect(ok.status()).toBe(200);
    const body = (await ok.json()) as {
      ok: boolean;
      value: { counts: { sources: number; codings: number } };
    };
    expect(body.value.counts.sources).toBeGreaterThanOrEqual(16);
    expect(body.value.counts.codings).toBeGreaterThan(0);
  });
});
