import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';

/** Makes sure a coder is chosen (the status bar asks for one in a project without coders). */
async function ensureCoder(page: Page) {
  const name = page.getByRole('textbox', { name: /Nieuwe codeur|New coder/ });
  if (await name.isVisible().catch(() => false)) {
    await name.fill('E2E Codeur');
    await name.press('Enter');
  }
}

async function openFirstSource(page: Page): Promise<void> {
  const sidebar = page.getByRole('navigation', { name: /Casussen en bronnen|Cases and sources/ });
  await sidebar.locator('[data-case-id] button.source-link').first().click();
  await expect(page.getByRole('document', { name: /Brontekst|Source text/ })).toBeVisible();
}

/** Screen coordinates of the first sentence of the first long paragraph, and its text. */
async function firstSentence(page: Page) {
  return page.evaluate(() => {
    const root = document.querySelector('.source-text');
    if (!root) throw new Error('no viewer');
    for (const p of root.querySelectorAll('p')) {
      const node = [...p.childNodes].map((c) => c.firstChild ?? c).find((n) => n.nodeType === 3);
      const text = node?.textContent ?? '';
      const dot = text.indexOf('. ');
      if (!node || dot < 30) continue;
      const r = document.createRange();
      r.setStart(node, 0);
      r.setEnd(node, 1);
      const a = r.getBoundingClientRect();
      r.setStart(node, dot);
      r.setEnd(node, dot + 1);
      const b = r.getBoundingClientRect();
      return {
        text: text.slice(0, dot + 1),
        from: { x: a.left + 1, y: a.top + a.height / 2 },
        to: { x: b.right, y: b.top + b.height / 2 },
      };
    }
    throw new Error('no paragraph with a sentence');
  });
}

const stripes = (page: Page) =>
  page.getByRole('group', { name: /Codeerstrepen|Coding stripes/ }).getByRole('button');

test('code a sentence by keyboard from the palette, see it, reload, undo, redo, recode, memo', async ({
  workbench: page,
}) => {
  await ensureCoder(page);
  await openFirstSource(page);
  const s = await firstSentence(page);
  // The demo study is already coded: count relative to what is there.
  // The document is only built once the source's codings are in, stripes with it.
  await expect(page.locator('.source-text p').first()).toBeVisible();
  await expect(stripes(page).first()).toBeAttached(); // every demo source is coded
  const base = await stripes(page).count();
  // Stripes tall enough carry their code's name, not only on hover.
  const labelled = page.locator('.stripes .stripe-label');
  expect(await labelled.count()).toBeGreaterThan(0);
  const names = await labelled.allTextContents();
  expect(names).toContain('Beleidsvorming');
  const snippet = s.text.slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const ours = () => stripes(page).and(page.getByRole('button', { name: new RegExp(snippet) }));

  // Select the sentence with the mouse.
  await page.mouse.move(s.from.x, s.from.y);
  await page.mouse.down();
  await page.mouse.move(s.to.x, s.to.y, { steps: 8 });
  await page.mouse.up();
  await expect(page.getByRole('status').filter({ hasText: /Selectie|Selection/ })).toBeVisible();

  // Principle + category + phase + facet from the palette, keyboard only.
  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog', { name: /Codeer de selectie|Code the selection/ });
  await expect(palette).toBeVisible();
  await expect(palette.getByRole('status')).toContainText(/uitgangspunt|principle/);
  for (const q of ['opgave-regio', 'politiek', 'beleidsvorming', 'factor']) {
    await page.keyboard.type(q);
    await page.keyboard.press('Enter');
  }
  await expect(
    palette.getByRole('list', { name: /Gekozen|Chosen/ }).getByRole('listitem'),
  ).toHaveCount(4);
  await page.keyboard.press('Enter');
  await expect(palette).toBeHidden();

  // Highlight and one stripe per code.
  await expect(stripes(page)).toHaveCount(base + 4);
  await expect(ours().nth(3)).toBeAttached();
  const coded = page.locator('.source-text span[style*="box-shadow"]');
  await expect(coded.first()).toBeVisible();
  const panel = page.getByRole('complementary', { name: /Gecodeerd segment|Coded segment/ });
  await expect(panel.getByRole('blockquote').or(panel.locator('blockquote'))).toHaveText(s.text);

  // Stored: still there after a reload.
  await page.reload();
  await openFirstSource(page);
  await expect(stripes(page)).toHaveCount(base + 4);

  // Undo and redo with the keyboard.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+z');
  await expect(stripes(page)).toHaveCount(base);
  await page.keyboard.press('Shift+Control+z');
  await expect(stripes(page)).toHaveCount(base + 4);

  // Recode: open the segment from its stripe, take the facet off, put another on.
  await ours().first().click();
  await expect(panel).toBeVisible();
  await panel.getByRole('button', { name: /Verwijder code Factor|Remove code Factor/ }).click();
  await expect(stripes(page)).toHaveCount(base + 3);
  await panel.getByRole('button', { name: /Code toevoegen|Add code/ }).click();
  const addDialog = page.getByRole('dialog', { name: /Codes toevoegen|Add codes/ });
  await expect(addDialog).toBeVisible();
  await page.keyboard.type('praktijk');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await expect(addDialog).toBeHidden();
  await expect(stripes(page)).toHaveCount(base + 4);
  await expect(panel.getByText(/^Praktijk$|^Practice$/)).toBeVisible();

  // A memo on the segment, saved as you type.
  const memo = panel.getByRole('textbox', { name: /Memo bij segment|Segment memo/ });
  await memo.click();
  await page.keyboard.type('Rijk sluit laat aan: factor voor vertraging.');
  await expect(panel.getByRole('status').filter({ hasText: /Opgeslagen|Saved/ })).toBeVisible();
  await page.reload();
  await openFirstSource(page);
  await ours().first().click();
  await expect(
    page
      .getByRole('complementary', { name: /Gecodeerd segment|Coded segment/ })
      .getByRole('textbox', { name: /Memo bij segment|Segment memo/ }),
  ).toHaveText('Rijk sluit laat aan: factor voor vertraging.');
});

/** The selection in the page, as text. */
const selected = (page: Page) => page.evaluate(() => window.getSelection()?.toString() ?? '');

test('select a sentence with the keyboard only, open the palette by typing, code it', async ({
  workbench: page,
}) => {
  await ensureCoder(page);
  await openFirstSource(page);
  const viewer = page.getByRole('document', { name: /Brontekst|Source text/ });
  await expect(page.locator('.source-text p').first()).toBeVisible();
  await expect(stripes(page).first()).toBeAttached(); // every demo source is coded
  const base = await stripes(page).count();
  const before = await viewer.textContent();
  // Into the viewer with Tab from the last filter: a caret appears at the first visible text.
  await page.getByRole('combobox', { name: /Alleen code|Only code/ }).focus();
  await page.keyboard.press('Tab');
  await expect(viewer).toBeFocused();
  await expect(page.locator('.viewer-caret')).toBeVisible();

  // Ctrl+Down moves block by block (to each block's end) until one holds a full sentence.
  let sentence = '';
  for (let i = 0; i < 40 && !sentence; i++) {
    await page.keyboard.press('Control+ArrowDown');
    sentence = await page.evaluate(() => {
      const n = window.getSelection()?.focusNode;
      const block = n?.parentElement?.closest('p');
      const text = block?.textContent ?? '';
      const dot = text.indexOf('. ');
      return block && dot >= 30 ? text.slice(0, dot + 1) : '';
    });
  }
  expect(sentence).not.toBe('');
  // Back to the block's start, then Shift+Ctrl+Right word by word, Shift+Right for the stop.
  await page.keyboard.press('Control+ArrowUp');
  for (let i = 0; i < 80 && (await selected(page)).length < sentence.length - 1; i++)
    await page.keyboard.press('Shift+Control+ArrowRight');
  if (!(await selected(page)).endsWith('.')) await page.keyboard.press('Shift+ArrowRight');
  expect(await selected(page)).toBe(sentence);
  await expect(page.getByRole('status').filter({ hasText: /Selectie|Selection/ })).toContainText(
    String(sentence.length),
  );

  // Keys that would edit a text never change the source (Enter opens the palette, Escape
  // closes it and collapses the selection).
  for (const key of ['Backspace', 'Delete', 'Enter', 'Control+x', 'Control+v']) {
    await viewer.press(key).catch(() => undefined);
    await page.keyboard.press('Escape');
  }
  await expect(viewer).toHaveText(before ?? '');
  await expect(viewer).not.toHaveAttribute('contenteditable', 'true');
  // Select it again: Escape collapsed the selection to its start, extend as before.
  await viewer.focus();
  for (let i = 0; i < 80 && (await selected(page)).length < sentence.length - 1; i++)
    await page.keyboard.press('Shift+Control+ArrowRight');
  if (!(await selected(page)).endsWith('.')) await page.keyboard.press('Shift+ArrowRight');
  expect(await selected(page)).toBe(sentence);

  // Just typing opens the palette, the letter already in its search.
  await page.keyboard.type('o');
  const palette = page.getByRole('dialog', { name: /Codeer de selectie|Code the selection/ });
  await expect(palette).toBeVisible();
  const search = palette.getByRole('combobox');
  await expect(search).toHaveValue('o');
  await page.keyboard.type('pgave-regio');
  await page.keyboard.press('Enter');
  for (const q of ['politiek', 'beleidsvorming', 'factor']) {
    await page.keyboard.type(q);
    await page.keyboard.press('Enter');
  }
  await page.keyboard.press('Enter');
  await expect(palette).toBeHidden();
  await expect(stripes(page)).toHaveCount(base + 4);
  const panel = page.getByRole('complementary', { name: /Gecodeerd segment|Coded segment/ });
  await expect(panel.locator('blockquote')).toHaveText(sentence);

  // A quick key: bind 1 to a code in its menu, select the next sentence by keyboard, press 1.
  await page
    .getByRole('list', { name: /Codeboom|Code tree/ })
    .getByRole('button', { name: /^(Acties voor|Actions for) Beleidsvorming$/ })
    .click();
  await page.getByRole('combobox', { name: /Sneltoets|Quick key/ }).selectOption('1');
  // The tree shows the binding once it is stored; only then does the key mean the code.
  await expect(
    page
      .getByRole('list', { name: /Codeboom|Code tree/ })
      .getByRole('listitem')
      .filter({ hasText: /^Beleidsvorming/ })
      .locator('kbd.fav-digit'),
  ).toHaveText('1');
  await viewer.focus();
  // The coded sentence is still selected: Right collapses to its end, Ctrl+Right skips a word,
  // Shift+Ctrl+Right takes the next one.
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Control+ArrowRight');
  await page.keyboard.press('Shift+Control+ArrowRight');
  const word = await selected(page);
  expect(word.trim().length).toBeGreaterThan(0);
  await page.keyboard.press('1');
  await expect(stripes(page)).toHaveCount(base + 5);
  await expect(page.locator('.stripes [data-pending]')).toHaveCount(0);
  await page.reload();
  await openFirstSource(page);
  await expect(stripes(page)).toHaveCount(base + 5);
});

test('memos on the project, a case, a source and a code, saved as you type', async ({
  workbench: page,
}) => {
  await ensureCoder(page);
  await openFirstSource(page);
  const write = async (button: RegExp, text: string) => {
    await page.getByRole('button', { name: button }).first().click();
    const dialog = page.getByRole('dialog', { name: button });
    const box = dialog.getByRole('textbox', { name: button });
    await expect(box).toBeFocused();
    await page.keyboard.type(text);
    await expect(dialog.getByRole('status')).toHaveText(/Opgeslagen|Saved/);
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
  };
  await write(/^(Projectmemo|Project memo)/, 'Analyse: rol van het Rijk per fase.');
  await write(/^(Memo bij bron|Source memo)/, 'Bron bevestigt de vroege start.');
  await write(/^(Memo bij casus|Memo on case)/, 'Casus met sterke regionale trekker.');
  // The code memo sits in the code's menu.
  const tree = page.getByRole('list', { name: /Codeboom|Code tree/ });
  await tree.getByRole('button', { name: /^(Acties voor|Actions for) Beleidsvorming$/ }).click();
  const codeMemo = page.getByRole('textbox', {
    name: /(Memo bij code|Memo on code) Beleidsvorming/,
  });
  await codeMemo.click();
  await page.keyboard.type('Let op: overlap met uitvoering.');
  await expect(
    page
      .getByRole('group', { name: /(Acties voor|Actions for) Beleidsvorming/ })
      .getByRole('status')
      .filter({ hasText: /Opgeslagen|Saved/ }),
  ).toBeVisible();

  // All four are stored: after a reload the buttons say so and the memos open with the text.
  await page.reload();
  await openFirstSource(page);
  for (const [name, text] of [
    [/^(Projectmemo|Project memo) \((heeft een memo|has a memo)\)/, 'Analyse: rol van het Rijk'],
    [/^(Memo bij bron|Source memo) \((heeft een memo|has a memo)\)/, 'Bron bevestigt'],
    [/^(Memo bij casus|Memo on case) .* \((heeft een memo|has a memo)\)/, 'Casus met sterke'],
  ] as const) {
    await page.getByRole('button', { name }).first().click();
    await expect(page.getByRole('dialog', { name: /memo/i }).getByRole('textbox')).toContainText(
      text,
    );
    await page.keyboard.press('Escape');
  }
  await tree.getByRole('button', { name: /^(Acties voor|Actions for) Beleidsvorming$/ }).click();
  await expect(codeMemo).toHaveText('Let op: overlap met uitvoering.');
});

test('split a code: move chosen segments to a new code, undo it', async ({ workbench: page }) => {
  await ensureCoder(page);
  const tree = page.getByRole('list', { name: /Codeboom|Code tree/ });
  const row = (name: string) =>
    tree.getByRole('listitem').filter({
      has: page.getByRole('button', { name: new RegExp(`^(Acties voor|Actions for) ${name}$`) }),
    });
  const count = async (name: string) =>
    Number((await row(name).locator('.count').first().textContent()) || '0');
  const before = await count('Beleidsvorming');
  expect(before).toBeGreaterThan(3);
  await tree.getByRole('button', { name: /^(Acties voor|Actions for) Beleidsvorming$/ }).click();
  await page.getByRole('button', { name: /Splitsen|Split/ }).click();
  const dialog = page.getByRole('dialog', {
    name: /Beleidsvorming (splitsen)|Split Beleidsvorming/,
  });
  await expect(dialog).toBeVisible();
  await page.keyboard.type('Agendavorming');
  const picks = dialog.getByRole('checkbox', { name: /Verplaats|Move/ });
  await expect(picks).toHaveCount(before);
  await picks.nth(0).check();
  await picks.nth(2).check();
  await dialog.getByRole('button', { name: /2 segment/ }).click();
  await expect(dialog).toBeHidden();
  await expect(
    page.getByRole('status').filter({ hasText: /Gesplitst|Split: created/ }),
  ).toBeVisible();
  await expect(row('Agendavorming').locator('.count').first()).toHaveText('2');
  await expect(row('Beleidsvorming').locator('.count').first()).toHaveText(String(before - 2));
  // One action: one undo brings it back.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+z');
  await expect(row('Agendavorming')).toHaveCount(0);
  await expect(row('Beleidsvorming').locator('.count').first()).toHaveText(String(before));
});

test('a source table shows as a table, and a selection inside it codes the exact text', async ({
  workbench: page,
}) => {
  await ensureCoder(page);
  await page
    .getByRole('button', { name: /Interview programmaleiding Zuid- en Oost-Drenthe/ })
    .click();
  const viewer = page.getByRole('document', { name: /Brontekst|Source text/ });
  const table = viewer.getByRole('table').first();
  await expect(table).toBeVisible();
  await expect(table.getByRole('columnheader', { name: 'Pijler' })).toBeVisible();
  await expect(table.getByRole('row')).toHaveCount(4);
  // Double-click a word in a body cell selects it; the palette shows exactly that word.
  const cell = table.getByRole('cell', { name: /samenwerking krimp/ });
  await cell.getByText(/samenwerking krimp/).dblclick({ position: { x: 10, y: 8 } });
  await page.keyboard.press('Control+k');
  await expect(page.locator('.palette-target')).toHaveText('“samenwerking”');
});
