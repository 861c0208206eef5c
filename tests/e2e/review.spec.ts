import AxeBuilder from '@axe-core/playwright';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import type { Page } from '@playwright/test';
import { expect, test, type CasusServer } from './fixtures.js';
import { api } from './pages/api.js';
import { Audience, Review } from './pages/review.js';

/** Screenshots a person looks at (the audience screen at two sizes). */
const SHOTS = join(import.meta.dirname, '..', '..', 'test-results', 'review');

/**
 * A session of three items, each revealed progressively: the principles × cases heatmap row by
 * row, one principle's syntheses with quotes (synthesis, then quotes), and one cell with its case
 * name hidden. Made through the API: the preparation's own UI has its own test below.
 */
async function prepared(page: Page, casus: CasusServer) {
  const s = await api(page, casus, 'review.sessions.create', {
    title: 'Terugkoppeling casussen',
    date: '2022-03-14',
  });
  await api(page, casus, 'review.participants.save', {
    sessionId: s.id,
    name: 'Anna Jansen',
    organisation: 'Gemeente Winterswijk',
    caseRef: 'achterhoek',
    role: 'trekker',
  });
  const grid = await api(page, casus, 'review.items.add', {
    sessionId: s.id,
    matrix: 'Uitgangspunten × casussen',
    question: 'Herkent u dit beeld?',
    reveal: 'rows',
  });
  const row = await api(page, casus, 'review.items.add', {
    sessionId: s.id,
    matrix: 'framework',
    focus: { kind: 'row', row: 'multi-level' },
    question: 'Speelt deze factor ook bij u?',
    show: { quotes: 2 },
    reveal: 'synthesis-quotes',
  });
  const cell = await api(page, casus, 'review.items.add', {
    sessionId: s.id,
    matrix: 'framework',
    focus: { kind: 'cell', row: 'multi-level:institutioneel', col: 'achterhoek' },
    question: 'Klopt deze synthese?',
    show: { quotes: 3, hideCases: true },
    reveal: 'synthesis-quotes',
  });
  return { session: s, items: [grid, row, cell] };
}

test('prepare a session: participants, an agenda of matrices with focus and question, reordered', async ({
  workbench: page,
}) => {
  const review = new Review(page);
  await review.open();
  const create = page.getByRole('form', { name: 'Nieuwe sessie' });
  await create.getByLabel('Titel').fill('Representativiteit');
  await create.getByLabel('Datum').fill('2022-02-01');
  await create.getByRole('button', { name: 'Nieuwe sessie' }).click();
  await expect(page.getByRole('heading', { name: 'Representativiteit', level: 1 })).toBeVisible();

  const person = page.getByRole('form', { name: 'Deelnemer toevoegen' });
  await person.getByLabel('Naam', { exact: true }).fill('Bert Bos');
  await person.getByLabel('Organisatie', { exact: true }).fill('Ministerie van LNV');
  await person.getByLabel('In het verslag').selectOption('role');
  await person.getByRole('button', { name: 'Deelnemer toevoegen' }).click();
  await expect(page.getByRole('cell', { name: 'Bert Bos', exact: true })).toBeVisible();

  const addItem = async (fill: (form: ReturnType<Page['getByRole']>) => Promise<void>) => {
    await page.getByRole('button', { name: '+ Agendapunt toevoegen' }).click();
    const form = page.getByRole('form', { name: 'Agendapunt toevoegen' });
    await fill(form);
    await form.getByRole('button', { name: 'Agendapunt toevoegen' }).click();
    await expect(form).toBeHidden();
  };
  await addItem(async (form) => {
    await form.getByLabel('Vraag aan de zaal').fill('Herkent u dit?');
    await form.getByLabel('één rij (uitgangspunt)').check();
    await form
      .getByLabel('Rij', { exact: true })
      .selectOption({ label: 'Samenwerking: multi-level' });
    await form.getByLabel('Citaten per vak (onder pseudoniem)').fill('2');
    await form.getByLabel('Onthullen').selectOption('synthesis-quotes');
  });
  await addItem(async (form) => {
    await form.getByLabel('Matrix', { exact: true }).selectOption({ label: 'Factoren × casussen' });
    await form.getByLabel('Vraag aan de zaal').fill('Speelt deze factor ook bij u?');
    await form.getByLabel('casusnamen verbergen').check();
  });
  const agenda = page.getByTestId('agenda-item');
  await expect(agenda).toHaveCount(2);
  await expect(agenda.nth(0)).toContainText(
    'Framework: Uitgangspunten × casussen — Samenwerking: multi-level',
  );
  await expect(agenda.nth(0)).toContainText('tot 2 citaten per vak');
  await expect(agenda.nth(1)).toContainText('casusnamen verbergen');
  await page.getByRole('button', { name: 'Agendapunt 2 omhoog' }).click();
  await expect(agenda.nth(0)).toContainText('Factoren × casussen');
  await expect(agenda.nth(1)).toContainText('“Herkent u dit?”');
});

test('present: the audience window follows every step and reveal, shows no controls; remarks by keyboard; the footer; minutes', async ({
  workbench: page,
  casus,
}) => {
  const { items } = await prepared(page, casus);
  const review = new Review(page);
  await review.open();
  await review.present('Terugkoppeling casussen');
  const audiencePage = await review.openAudience();
  const audience = new Audience(audiencePage);
  await expect(audiencePage.getByText('De presentatie begint zo.')).toBeVisible();
  await expect(audience.controls()).toHaveCount(0);

  // Item 1: the heatmap, row by row (the first page holds three principles, nine rows).
  await page.getByRole('button', { name: 'Begin bij punt 1' }).click();
  await audience.showing(1, 0);
  await expect(
    audiencePage.getByRole('heading', { name: 'Uitgangspunten × casussen' }),
  ).toBeVisible();
  await expect(audiencePage.getByText('Herkent u dit beeld?')).toBeVisible();
  const revealed = () => audiencePage.locator('.aud-grid td:not(.aud-pending)');
  await expect(revealed()).toHaveCount(4);
  await review.key('ArrowRight');
  await audience.showing(1, 1);
  await expect(revealed()).toHaveCount(8);
  await review.key('ArrowRight');
  await audience.showing(1, 2);
  await expect(revealed()).toHaveCount(12);
  await expect(review.position).toHaveText(/^Punt 1\/3 · stap 3\/\d+$/);
  await expect(audience.controls()).toHaveCount(0);

  // Item 2: synthesis first, then the quotes of the same page.
  await review.key('Shift+ArrowRight');
  await audience.showing(2, 0);
  await expect(
    audiencePage.getByRole('heading', { name: 'Samenwerking: multi-level', level: 1 }),
  ).toBeVisible();
  const quotes = audiencePage.locator('.aud-quote');
  const visibleQuotes = () => audiencePage.locator('.aud-quote:not(.aud-pending)');
  // Page 1 has quotes but no synthesis text: shown at once.
  await expect(quotes.first()).toBeVisible();
  await review.key('ArrowRight');
  await audience.showing(2, 1);
  await expect(audiencePage.getByText(/Aan het begin was er wantrouwen/)).toBeVisible();
  await expect(visibleQuotes()).toHaveCount(0);
  await review.key('ArrowRight');
  await audience.showing(2, 2);
  await expect(visibleQuotes().first()).toBeVisible();
  await expect(audience.controls()).toHaveCount(0);

  // Three remarks, by keyboard only: 1–5 picks the tag, @name attributes, Enter captures.
  await review.key('2');
  await expect(review.capture.getByLabel('Opmerking')).toBeFocused();
  await page.keyboard.type('@Anna Bij ons speelde de provincie een grotere rol.');
  await page.keyboard.press('Enter');
  await expect(review.capture.getByRole('status')).toHaveText('Opmerking 1 vastgelegd');
  await page.keyboard.type('Dit herkennen wij.');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Escape');
  await review.key('5');
  await page.keyboard.type('Voorstel: de synthese aanvullen met de rol van de provincie.');
  // Alt+↑ goes one tag back: decision → question.
  await page.keyboard.press('Alt+ArrowUp');
  await page.keyboard.press('Alt+ArrowDown');
  await page.keyboard.press('Enter');
  await expect(review.capture.getByRole('status')).toHaveText('Opmerking 3 vastgelegd');
  const remarks = review.remarks.getByTestId('remark');
  await expect(remarks).toHaveCount(3);
  await expect(remarks.nth(0)).toContainText(
    'betwist Bij ons speelde de provincie een grotere rol. — Anna Jansen',
  );
  await expect(remarks.nth(0)).toContainText('vervolgactie open');
  await expect(remarks.nth(1)).toContainText('herkend Dit herkennen wij. — de zaal');
  await expect(remarks.nth(2)).toContainText('besluit Voorstel: de synthese aanvullen');

  // The proposed decision goes to the foot of the audience screen.
  await review.remarks
    .getByRole('button', { name: 'Opmerking 3 onderaan het publieksscherm tonen' })
    .click();
  await expect(audiencePage.getByTestId('audience-footer')).toContainText(
    'besluit Voorstel: de synthese aanvullen met de rol van de provincie.',
  );

  // Item 3: one cell, its case name hidden from the room.
  await page
    .getByRole('navigation', { name: /^Agenda/ })
    .getByRole('button', { name: /^3\./ })
    .click();
  await audience.showing(3, 0);
  await expect(audiencePage.getByRole('heading', { level: 1 })).toHaveText(
    'Samenwerking: multi-level — Institutioneel × Casus A',
  );
  await expect(audiencePage.getByText('Achterhoek')).toHaveCount(0);
  await expect(audiencePage.getByTestId('audience-footer')).toHaveCount(0);
  await review.key('ArrowRight');
  await audience.showing(3, 1);
  await expect(audiencePage.getByText(/— Casus A, R\d/).first()).toBeVisible();
  // Back one step, then one item back lands on the previous item's last frame.
  await review.key('ArrowLeft');
  await audience.showing(3, 0);
  await review.key('ArrowLeft');
  await expect(audience.slide).toHaveAttribute('data-item', '2');
  expect(Number(await audience.slide.getAttribute('data-frame'))).toBeGreaterThan(2);

  // The minutes, from the session's page: DOCX and HTML, read back.
  await page.getByRole('button', { name: '← Terug naar de voorbereiding' }).click();
  const [html] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Verslag (HTML)' }).click(),
  ]);
  const text = readFileSync(await html.path(), 'utf8');
  expect(text).toContain(
    '#1 [betwist] Bij ons speelde de provincie een grotere rol. — Anna Jansen',
  );
  expect(text).toContain('#2 [herkend] Dit herkennen wij. — de zaal');
  expect(text).toContain(
    '#3 [besluit] Voorstel: de synthese aanvullen met de rol van de provincie. — de zaal (getoond aan de zaal)',
  );
  expect(text).toContain('Agendapunt 3: Framework: Uitgangspunten × casussen');
  const [docx] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Verslag (DOCX)' }).click(),
  ]);
  const xml = strFromU8(
    unzipSync(readFileSync(await docx.path()))['word/document.xml'] as Uint8Array,
  );
  expect(xml).toContain('Bij ons speelde de provincie een grotere rol.');
  expect(xml).toContain('Verslag groepsreview: Terugkoppeling casussen');
  expect(items).toHaveLength(3);
});

test('legible from the back of the room: text size, never scrolls, screenshots; no serious accessibility problems', async ({
  workbench: page,
  casus,
}) => {
  mkdirSync(SHOTS, { recursive: true });
  const { session } = await prepared(page, casus);
  const review = new Review(page);
  await review.open();
  await review.present('Terugkoppeling casussen');
  const audiencePage = await review.openAudience();
  const audience = new Audience(audiencePage);
  await page.getByRole('button', { name: 'Begin bij punt 1' }).click();
  await audience.showing(1, 0);

  const sizes: Record<string, { min: number; max: number }> = {};
  const check = async (name: string, width: number, height: number, least: number) => {
    await audiencePage.setViewportSize({ width, height });
    await expect
      .poll(async () => (await audience.textSizes()).min, { message: `${name} at ${width}` })
      .toBeGreaterThanOrEqual(least);
    const t = await audience.textSizes();
    sizes[`${name} ${width}×${height}`] = { min: t.min, max: t.max };
    expect(t.count).toBeGreaterThan(10);
    expect(await audience.overflow()).toEqual({ page: false, clipped: [] });
    await audiencePage.screenshot({ path: join(SHOTS, `audience-${name}-${width}x${height}.png`) });
  };
  // A full heatmap page (every row revealed), then a page of syntheses and quotes.
  for (let i = 0; i < 8; i++) await review.key('ArrowRight');
  await audience.showing(1, 8);
  await check('heatmap', 1280, 720, 20);
  await check('heatmap', 1920, 1080, 28);
  await review.key('Shift+ArrowRight');
  await review.key('ArrowRight');
  await review.key('ArrowRight');
  await review.key('ArrowRight');
  await audience.showing(2, 3);
  await check('syntheses', 1280, 720, 20);
  await check('syntheses', 1920, 1080, 28);
  // Every page of the framework row fits too.
  const frames = Number((await review.position.textContent())?.match(/\/(\d+)$/)?.[1]);
  for (let f = 4; f < frames; f++) {
    await review.key('ArrowRight');
    await audience.showing(2, f);
    expect(await audience.overflow()).toEqual({ page: false, clipped: [] });
  }

  // Accessibility: the audience screen and the presenter, without serious or critical problems.
  // The workbench's presenter is checked in its main pane (the shell around it is not this view's).
  const serious = async (p: Page, within?: string) =>
    (
      await (
        within ? new AxeBuilder({ page: p }).include(within) : new AxeBuilder({ page: p })
      ).analyze()
    ).violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.length} × ${v.nodes[0]?.target.join(' ')}`);
  expect(await serious(audiencePage)).toEqual([]);
  expect(await serious(page, '#main')).toEqual([]);
  await page.getByRole('button', { name: '← Terug naar de voorbereiding' }).click();
  await expect(page.getByRole('heading', { name: 'Terugkoppeling casussen' })).toBeVisible();
  expect(await serious(page, '#main')).toEqual([]);
  test
    .info()
    .annotations.push({ type: 'audience font sizes (px)', description: JSON.stringify(sizes) });
  expect(session.title).toBe('Terugkoppeling casussen');
});

test('follow-ups: a badge in the framework matrix, the list in the cell panel, done, then reviewed; the past session reopens read-only', async ({
  workbench: page,
  casus,
}) => {
  const { session, items } = await prepared(page, casus);
  const cell = items[2];
  if (!cell || cell.focus.kind !== 'cell') throw new Error('no cell item');
  await api(page, casus, 'review.present', { sessionId: session.id, itemId: cell.id });
  await api(page, casus, 'review.remarks.add', {
    sessionId: session.id,
    item: 3,
    tag: 'disputed',
    text: 'De cofinanciering speelde bij ons geen rol.',
    cell: { row: cell.focus.row, col: cell.focus.col },
  });
  await api(page, casus, 'review.sessions.update', { id: session.id, closed: true });

  await page
    .getByRole('navigation', { name: 'Hoofdnavigatie' })
    .getByRole('button', { name: 'Matrices' })
    .click();
  await page.getByRole('button', { name: 'Synthese (framework)' }).click();
  const badge = page.getByTestId('followup-badge');
  await expect(badge).toHaveCount(1);
  await expect(badge).toHaveText('⚑ 1');
  await badge.click();
  const panel = page.getByRole('complementary', { name: /^Vak: / });
  const list = panel.getByRole('region', { name: 'Vervolgacties uit groepsreview (1)' });
  await expect(list).toContainText('De cofinanciering speelde bij ons geen rol.');
  await expect(
    list.getByRole('button', { name: 'Bevestigen: besproken in groepsreview' }),
  ).toBeDisabled();

  // The researcher edits the synthesis, then marks the follow-up done: it names that edit.
  const editor = panel.getByRole('textbox', { name: 'Synthese van dit vak' });
  await editor.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(' Niet overal: in een casus speelde de cofinanciering geen rol.');
  await panel.getByRole('button', { name: 'Synthese opslaan' }).click();
  await list.getByRole('button', { name: 'Afgehandeld' }).click();
  await expect(list.getByText(/^Afgehandeld met de bewerking van/)).toBeVisible();
  await expect(badge).toHaveText('✓ 1');
  await list.getByRole('button', { name: 'Bevestigen: besproken in groepsreview' }).click();
  await expect(panel.getByLabel('Status')).toHaveValue('reviewed');

  // The ended session reopens read-only, with what the room saw then.
  const review = new Review(page);
  await review.open();
  await page.getByRole('button', { name: 'Terugkoppeling casussen terugkijken' }).click();
  await expect(page.getByText('afgesloten, alleen lezen')).toBeVisible();
  await expect(review.capture).toHaveCount(0);
  await page
    .getByRole('navigation', { name: /^Agenda/ })
    .getByRole('button', { name: /^3\./ })
    .click();
  await expect(review.preview).toContainText('De financiële spelregels van het Rijk');
  await expect(review.preview).not.toContainText('Niet overal: in een casus');
  await expect(review.remarks.getByTestId('remark')).toContainText([
    'De cofinanciering speelde bij ons geen rol.',
  ]);
});
