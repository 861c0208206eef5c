import { test as base, expect, type Page } from '@playwright/test';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { openWorkbench, stopAndRemove, type CasusServer } from './fixtures.js';
import { api } from './pages/api.js';
import { Workbench } from './pages/workbench.js';

const root = join(import.meta.dirname, '..', '..');

/**
 * A server on a fresh project from the Regio Deals template (its cases, no sources), so the
 * import starts from an empty project and does not depend on the demo study.
 */
async function startEmptyProject(): Promise<CasusServer & { stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'casus-e2e-import-'));
  const projectsDir = join(dir, 'projects');
  const env = {
    ...process.env,
    CASUS_CONFIG_DIR: join(dir, 'config'),
    CASUS_PROJECTS_DIR: projectsDir,
  };
  const projectPath = join(dir, 'import.casus');
  const made = spawnSync(process.execPath, [join(root, 'bin/casus.mjs'), 'new', projectPath], {
    env,
    encoding: 'utf8',
  });
  if (made.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`casus new failed: ${made.stderr}`);
  }
  const child = spawn(
    process.execPath,
    [join(root, 'bin/casus.mjs'), 'serve', projectPath, '--no-open', '--port', '0'],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const openUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`casus serve exited with ${code}`)));
  }).catch(async (e: unknown) => {
    await stopAndRemove(child, dir);
    throw e;
  });
  return {
    url: openUrl.split('/#')[0] as string,
    openUrl,
    token: openUrl.split('#token=')[1] as string,
    projectPath,
    dir,
    projectsDir,
    stop: () => stopAndRemove(child, dir),
  };
}

const test = base.extend<{ workbench: Page }, { casus: CasusServer }>({
  casus: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const server = await startEmptyProject();
      await use(server);
      await server.stop();
    },
    { scope: 'worker' },
  ],
  workbench: async ({ page, casus }, use) => {
    await openWorkbench(page, casus);
    await use(page);
  },
});

const DUTCH = 'De coöperatie – één “financiële” impuls, zei ‘de wethouder’.';

/** A minimal OpenDocument text, as LibreOffice structures it. */
function odt(text: string): Buffer {
  const ns =
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" ' +
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"';
  return Buffer.from(
    zipSync({
      mimetype: [strToU8('application/vnd.oasis.opendocument.text'), { level: 0 }],
      'content.xml': strToU8(
        `<?xml version="1.0" encoding="UTF-8"?><office:document-content ${ns}><office:body>` +
          `<office:text><text:h text:outline-level="1">Notulen</text:h><text:p>${text}</text:p>` +
          '</office:text></office:body></office:document-content>',
      ),
    }),
  );
}

test.describe('import', () => {
  test('imports a batch through the dialog with progress and a summary with reasons', async ({
    workbench: page,
  }) => {
    await page.getByRole('button', { name: /^(Importeren|Import)$/ }).click();
    const dialog = page.getByRole('dialog', { name: /Bestanden importeren|Import files/ });
    await expect(dialog).toBeVisible();
    const md = Buffer.from(`# Nota e2e\n\n${DUTCH}\n`);
    await dialog.getByLabel(/Bestanden kiezen|Choose files/).setInputFiles([
      { name: 'nota-e2e.md', mimeType: 'text/markdown', buffer: md },
      { name: 'notulen-e2e.odt', mimeType: 'application/octet-stream', buffer: odt(DUTCH) },
      { name: 'kopie-e2e.md', mimeType: 'text/markdown', buffer: md },
      { name: 'leeg.txt', mimeType: 'text/plain', buffer: Buffer.alloc(0) },
    ]);
    await expect(dialog.getByText(/4 bestanden gekozen|4 files chosen/)).toBeVisible();
    await dialog.getByLabel(/^(Casus|Case)$/).selectOption({ index: 1 });
    await dialog.getByLabel(/Documentsoort|Document type/).selectOption('minutes');

    const progress = dialog.getByTestId('import-progress');
    const sawProgress = progress.waitFor({ state: 'visible' });
    await dialog.getByRole('button', { name: /4 bestanden importeren|Import 4 files/ }).click();
    await sawProgress;
    await expect(progress).toHaveText(/(Bestand|File) \d (van|of) 4/);

    const summary = dialog.getByTestId('import-summary');
    await expect(summary).toBeVisible({ timeout: 30_000 });
    await expect(summary).toContainText(/2 geïmporteerd|2 imported/);
    await expect(summary).toContainText(/1 overgeslagen|1 skipped/);
    await expect(summary).toContainText(/1 mislukt|1 failed/);
    await expect(summary).toContainText(/leeg\.txt: (het bestand is leeg|the file is empty)/);
    // Two files are in flight at once, so either copy of the markdown may arrive first.
    await expect(summary).toContainText(/(kopie-e2e\.md: .*nota-e2e|nota-e2e\.md: .*kopie-e2e)/);

    await dialog.getByRole('button', { name: /Sluiten|Close/ }).click();
    const sidebar = new Workbench(page).sidebar;
    await expect(sidebar.getByRole('button', { name: /^(nota|kopie)-e2e/ })).toHaveCount(1);
    await expect(sidebar.getByRole('button', { name: /^notulen-e2e/ })).toBeVisible();

    // The imported text is shown exactly, diacritics and curly quotes included.
    await sidebar.getByRole('button', { name: /^notulen-e2e/ }).click();
    await expect(page.getByText(DUTCH).first()).toBeVisible();

    // Metadata can be edited afterwards.
    await page.getByRole('button', { name: /Metadata bewerken|Edit metadata/ }).click();
    const editor = page.getByRole('dialog', { name: /Metadata van de bron|Source metadata/ });
    await editor.getByLabel(/^(Titel|Title)$/).fill('Nota bijgewerkt');
    await editor.getByRole('button', { name: /Opslaan|Save/ }).click();
    await expect(editor.getByRole('status')).toHaveText(/Opgeslagen|Saved/);
    await editor.getByRole('button', { name: /Sluiten|Close/ }).click();
    await expect(sidebar.getByRole('button', { name: /^Nota bijgewerkt/ })).toBeVisible();
  });

  test('a batch stopped midway keeps what it imported and says how many files were not', async ({
    workbench: page,
    casus,
  }) => {
    const before = (await api(page, casus, 'sources.list', {})).length;
    await page.getByRole('button', { name: /^(Importeren|Import)$/ }).click();
    const dialog = page.getByRole('dialog', { name: /Bestanden importeren|Import files/ });
    const total = 300;
    await dialog.getByLabel(/Bestanden kiezen|Choose files/).setInputFiles(
      Array.from({ length: total }, (_, i) => ({
        name: `verslag-stop-${i + 1}.txt`,
        mimeType: 'text/plain',
        buffer: Buffer.from(`Verslag ${i + 1}. ${DUTCH}\n`),
      })),
    );
    await dialog.getByLabel(/^(Casus|Case)$/).selectOption({ index: 1 });
    await dialog.getByLabel(/Documentsoort|Document type/).selectOption('minutes');
    await dialog.getByRole('button', { name: `${total} bestanden importeren` }).click();
    await dialog.getByRole('button', { name: 'Stoppen na dit bestand' }).click();

    const summary = dialog.getByTestId('import-summary');
    await expect(summary).toBeVisible({ timeout: 30_000 });
    const imported = Number(/(\d+) geïmporteerd/.exec(await summary.innerText())?.[1]);
    expect(imported).toBeGreaterThan(0);
    expect(imported).toBeLessThan(total);
    const stopped = dialog.getByTestId('import-stopped');
    await expect(stopped).toHaveText(
      `Gestopt: ${total - imported} bestanden zijn niet geïmporteerd.`,
    );
    // Said first, and the keyboard's focus is on it (the Stop button went with the batch).
    await expect(stopped).toBeFocused();
    // What was imported is in the project, and nothing else.
    expect((await api(page, casus, 'sources.list', {})).length).toBe(before + imported);
  });

  test('dropping files on a case in the sidebar opens the import for that case', async ({
    workbench: page,
  }) => {
    const group = page.locator('.case-group[data-case-id]:not([data-case-id=""])').nth(1);
    const caseId = await group.getAttribute('data-case-id');
    const transfer = await page.evaluateHandle(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['Een losse notitie over de regio deal.'], 'drop-e2e.txt'));
      return dt;
    });
    await group.dispatchEvent('dragover', { dataTransfer: transfer });
    await group.dispatchEvent('drop', { dataTransfer: transfer });
    const dialog = page.getByRole('dialog', { name: /Bestanden importeren|Import files/ });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByText('drop-e2e.txt')).toBeVisible();
    await expect(dialog.getByLabel(/^(Casus|Case)$/)).toHaveValue(caseId ?? '');
    await dialog.getByRole('button', { name: /^(1 bestand importeren|Import 1 file)$/ }).click();
    await expect(dialog.getByTestId('import-summary')).toContainText(/1 geïmporteerd|1 imported/);
    await dialog.getByRole('button', { name: /Sluiten|Close/ }).click();
    await expect(
      page
        .locator(`.case-group[data-case-id="${caseId}"]`)
        .getByRole('button', { name: /^drop-e2e/ }),
    ).toBeVisible();
  });
});
