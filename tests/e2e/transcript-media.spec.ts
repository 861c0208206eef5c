import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sineWav } from '../support/wav.js';
import { expect, test } from './fixtures.js';
import { api } from './pages/api.js';
import { expectAccessible } from './pages/axe.js';
import { Workbench } from './pages/workbench.js';

const fixture = (name: string) =>
  readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'transcripts', name));

test.describe('the recording beside a transcript', () => {
  test('a generated recording is attached; clicking a turn plays from its start, and the turn is marked', async ({
    workbench: page,
    casus,
  }) => {
    const wb = new Workbench(page);
    const imported = await api(page, casus, 'transcripts.import', {
      file: {
        fileName: 'Gesprek met opname.vtt',
        dataBase64: fixture('interview-voices.vtt').toString('base64'),
      },
      caseId: null,
      speakers: [
        { name: 'Anneke Jansen', as: 'interviewer' },
        { name: 'Jürgen Müller-Öztürk', as: 'other', label: 'G' },
      ],
    });
    if (imported.status !== 'imported') throw new Error('the transcript was not imported');
    const { turns } = await api(page, casus, 'transcripts.turns', {
      sourceId: imported.source.id,
    });
    await page.reload();
    await wb.sourceLink('Gesprek met opname').click();
    const panel = page.getByTestId('turns-panel');
    await expect(panel.getByTestId('turn')).toHaveCount(turns.length);

    // Attached in the viewer, as bytes: a 30 s tone made here, longer than the interview.
    await panel.getByLabel(/Opname toevoegen|Attach recording/).setInputFiles({
      name: 'opname.wav',
      mimeType: 'audio/wav',
      buffer: Buffer.from(sineWav(30)),
    });
    const player = panel.getByTestId('media-player');
    await expect(player).toBeVisible({ timeout: 30_000 });
    await expect
      .poll(() => player.evaluate((el: HTMLMediaElement) => el.readyState), { timeout: 15_000 })
      .toBeGreaterThanOrEqual(1);

    const third = turns[2]!;
    expect(third.startMs).toBeGreaterThan(1000);
    await panel.getByTestId('turn').nth(2).click();
    // The player seeks by asking the server for a byte range of the recording.
    await expect
      .poll(() => player.evaluate((el: HTMLMediaElement) => el.currentTime), { timeout: 15_000 })
      .toBeGreaterThanOrEqual(third.startMs / 1000 - 0.05);
    await expect(panel.getByTestId('turn').nth(2)).toHaveAttribute('aria-current', 'time');
    const at = await player.evaluate((el: HTMLMediaElement) => el.currentTime);
    expect(at).toBeLessThan(third.endMs / 1000 + 1);
    await expectAccessible(page, '[data-testid="turns-panel"]');
  });

  test('a recording that went missing is reported in the viewer, not as an error', async ({
    workbench: page,
    casus,
  }) => {
    const wb = new Workbench(page);
    const imported = await api(page, casus, 'transcripts.import', {
      file: {
        fileName: 'Zonder opname.srt',
        dataBase64: fixture('interview.srt').toString('base64'),
      },
      caseId: null,
    });
    if (imported.status !== 'imported') throw new Error('the transcript was not imported');
    const media = await api(page, casus, 'media.attach', {
      sourceId: imported.source.id,
      file: { fileName: 'kwijt.wav', dataBase64: Buffer.from(sineWav(1)).toString('base64') },
    });
    const folder = casus.projectPath.replace(/\.casus$/, '') + '.casus-media';
    rmSync(join(folder, `${media.sha256}.wav`));
    await page.reload();
    await wb.sourceLink('Zonder opname').click();
    const problem = page.getByTestId('media-problem');
    await expect(problem).toContainText(/kwijt\.wav/);
    await expect(problem).toContainText(/niet \(meer\) naast het project|not beside the project/);
    await expect(page.getByRole('alert')).toHaveCount(0);
  });

  test('an hour-and-a-half recording, far over what a call carries, is attached through the file field', async ({
    workbench: page,
    casus,
  }, testInfo) => {
    const wb = new Workbench(page);
    const imported = await api(page, casus, 'transcripts.import', {
      file: {
        fileName: 'Lang gesprek.srt',
        dataBase64: fixture('interview.srt').toString('base64'),
      },
      caseId: null,
    });
    if (imported.status !== 'imported') throw new Error('the transcript was not imported');
    // 5,600 s of tone: 89.6 MB, more than a JSON call may carry (80 MB as base64).
    const long = testInfo.outputPath('lang-gesprek.wav');
    const wav = sineWav(5600);
    writeFileSync(long, wav);
    await page.reload();
    await wb.sourceLink('Lang gesprek').click();
    const panel = page.getByTestId('turns-panel');
    await panel.getByLabel(/Opname toevoegen|Attach recording/).setInputFiles(long);
    await expect(panel.getByTestId('media-player')).toBeVisible({ timeout: 60_000 });
    await expect(panel.getByRole('alert')).toHaveCount(0);
    const { media } = await api(page, casus, 'media.status', { sourceId: imported.source.id });
    expect(media).toMatchObject({ fileName: 'lang-gesprek.wav', size: wav.length, state: 'ok' });
  });
});
