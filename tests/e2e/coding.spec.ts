import { expect, test } from './fixtures.js';
import { Workbench } from './pages/workbench.js';

test('code a sentence by keyboard from the palette, see it, reload, undo, redo, recode, memo', async ({
  workbench: page,
}) => {
  const wb = new Workbench(page);
  await wb.expectCoderChosen();
  const viewer = await wb.openFirstSource();
  const s = await viewer.firstSentence();
  // The demo study is already coded: count relative to what is there.
  const base = await viewer.stripes.count();
  const codingsBefore = await viewer.codingsAt(s.text);
  // Stripes tall enough carry their code's name, not only on hover.
  await expect(viewer.stripeLabels.first()).toBeVisible();
  expect(await viewer.stripeLabels.allTextContents()).toContain('Beleidsvorming');
  const ours = viewer.stripesOf(s.text);

  await viewer.selectWithMouse(s);

  // Principle + category + phase + facet from the palette, keyboard only.
  await page.keyboard.press('Control+k');
  const palette = wb.palette;
  await expect(palette.forSelection).toBeVisible();
  await expect(palette.dialog.getByRole('status')).toContainText(/uitgangspunt|principle/);
  await palette.choose(['opgave-regio', 'politiek', 'beleidsvorming', 'factor']);
  await expect(palette.chosen).toHaveCount(4);
  await palette.apply();

  // Highlighted (four more codings cover the sentence) and one stripe per code.
  await expect(viewer.stripes).toHaveCount(base + 4);
  await expect(ours.nth(3)).toBeAttached();
  await expect(viewer.runAt(s.text)).toHaveAttribute('data-codings', String(codingsBefore + 4));
  await expect(viewer.segmentQuote).toHaveText(s.text);

  // Stored: still there after a reload.
  await page.reload();
  await wb.openFirstSource();
  await expect(viewer.stripes).toHaveCount(base + 4);

  // Undo and redo with the keyboard.
  await wb.undo();
  await expect(viewer.stripes).toHaveCount(base);
  await wb.redo();
  await expect(viewer.stripes).toHaveCount(base + 4);

  // Recode: open the segment from its stripe, take the facet off, put another on.
  await ours.first().click();
  const panel = viewer.segmentPanel;
  await expect(panel).toBeVisible();
  await panel.getByRole('button', { name: /Verwijder code Factor|Remove code Factor/ }).click();
  await expect(viewer.stripes).toHaveCount(base + 3);
  await panel.getByRole('button', { name: /Code toevoegen|Add code/ }).click();
  const addDialog = page.getByRole('dialog', { name: /Codes toevoegen|Add codes/ });
  await expect(addDialog).toBeVisible();
  await palette.choose(['praktijk']);
  await palette.apply();
  await expect(addDialog).toBeHidden();
  await expect(viewer.stripes).toHaveCount(base + 4);
  await expect(panel.getByText(/^Praktijk$|^Practice$/)).toBeVisible();

  // A memo on the segment, saved as you type.
  await viewer.segmentMemo.click();
  await page.keyboard.type('Rijk sluit laat aan: factor voor vertraging.');
  await expect(panel.getByRole('status').filter({ hasText: /Opgeslagen|Saved/ })).toBeVisible();
  await page.reload();
  await wb.openFirstSource();
  await ours.first().click();
  await expect(viewer.segmentMemo).toHaveText('Rijk sluit laat aan: factor voor vertraging.');
});

test('select a sentence with the keyboard only, open the palette by typing, code it', async ({
  workbench: page,
}) => {
  const wb = new Workbench(page);
  await wb.expectCoderChosen();
  const viewer = await wb.openFirstSource();
  const base = await viewer.stripes.count();
  const before = await viewer.document.textContent();
  // Into the viewer with Tab from the last filter: a caret appears at the first visible text.
  await viewer.onlyReview.focus();
  await page.keyboard.press('Tab');
  await expect(viewer.document).toBeFocused();
  await expect(viewer.caret).toBeVisible();

  // Ctrl+Down moves block by block (to each block's end) until one holds a full sentence.
  let sentence = '';
  for (let i = 0; i < 40 && !sentence; i++) {
    await page.keyboard.press('Control+ArrowDown');
    sentence = await viewer.sentenceAtCaret();
  }
  expect(sentence).not.toBe('');
  // Back to the block's start, then Shift+Ctrl+Right word by word, Shift+Right for the stop.
  await page.keyboard.press('Control+ArrowUp');
  await viewer.extendTo(sentence);
  await expect(viewer.selectionStatus).toContainText(String(sentence.length));

  // Keys that would edit a text never change the source (Enter opens the palette, Escape
  // closes it and collapses the selection).
  for (const key of ['Backspace', 'Delete', 'Enter', 'Control+x', 'Control+v']) {
    await viewer.document.press(key).catch(() => undefined);
    await page.keyboard.press('Escape');
  }
  await expect(viewer.document).toHaveText(before ?? '');
  await expect(viewer.document).not.toHaveAttribute('contenteditable', 'true');
  // Select it again: Escape collapsed the selection to its start, extend as before.
  await viewer.document.focus();
  await viewer.extendTo(sentence);

  // Just typing opens the palette, the letter already in its search.
  await page.keyboard.type('o');
  const palette = wb.palette;
  await expect(palette.forSelection).toBeVisible();
  await expect(palette.search).toHaveValue('o');
  await page.keyboard.type('pgave-regio');
  await page.keyboard.press('Enter');
  await palette.choose(['politiek', 'beleidsvorming', 'factor']);
  await palette.apply();
  await expect(viewer.stripes).toHaveCount(base + 4);
  await expect(viewer.segmentQuote).toHaveText(sentence);

  // A quick key: bind 1 to a code in its menu, select the next sentence by keyboard, press 1.
  await wb.codeTree.actionsButton('Beleidsvorming').click();
  await page.getByRole('combobox', { name: /Sneltoets|Quick key/ }).selectOption('1');
  // The tree shows the binding once it is stored; only then does the key mean the code.
  await expect(wb.codeTree.quickKey('Beleidsvorming')).toHaveText('1');
  await viewer.document.focus();
  // The coded sentence is still selected: Right collapses to its end, Ctrl+Right skips a word,
  // Shift+Ctrl+Right takes the next one.
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Control+ArrowRight');
  await page.keyboard.press('Shift+Control+ArrowRight');
  const word = await viewer.selected();
  expect(word.trim().length).toBeGreaterThan(0);
  await page.keyboard.press('1');
  await expect(viewer.stripes).toHaveCount(base + 5);
  await expect(viewer.pendingStripes).toHaveCount(0);
  await page.reload();
  await wb.openFirstSource();
  await expect(viewer.stripes).toHaveCount(base + 5);
});

test('memos on the project, a case, a source and a code, saved as you type', async ({
  workbench: page,
}) => {
  const wb = new Workbench(page);
  await wb.expectCoderChosen();
  await wb.openFirstSource();
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
  await wb.codeTree.actionsButton('Beleidsvorming').click();
  const codeMemo = page.getByRole('textbox', {
    name: /(Memo bij code|Memo on code) Beleidsvorming/,
  });
  await codeMemo.click();
  await page.keyboard.type('Let op: overlap met uitvoering.');
  await expect(
    wb.codeTree
      .actions('Beleidsvorming')
      .getByRole('status')
      .filter({ hasText: /Opgeslagen|Saved/ }),
  ).toBeVisible();

  // All four are stored: after a reload the buttons say so and the memos open with the text.
  await page.reload();
  await wb.openFirstSource();
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
  await wb.codeTree.actionsButton('Beleidsvorming').click();
  await expect(codeMemo).toHaveText('Let op: overlap met uitvoering.');
});

test('split a code: move chosen segments to a new code, undo it', async ({ workbench: page }) => {
  const wb = new Workbench(page);
  await wb.expectCoderChosen();
  const tree = wb.codeTree;
  await expect(tree.count('Beleidsvorming')).toHaveText(/^\d+$/);
  const before = Number(await tree.count('Beleidsvorming').textContent());
  expect(before).toBeGreaterThan(3);
  await tree.actionsButton('Beleidsvorming').click();
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
  await expect(tree.count('Agendavorming')).toHaveText('2');
  await expect(tree.count('Beleidsvorming')).toHaveText(String(before - 2));
  // One action: one undo brings it back.
  await wb.undo();
  await expect(tree.row('Agendavorming')).toHaveCount(0);
  await expect(tree.count('Beleidsvorming')).toHaveText(String(before));
});

test('a source table shows as a table, and a selection inside it codes the exact text', async ({
  workbench: page,
}) => {
  const wb = new Workbench(page);
  await wb.expectCoderChosen();
  await page
    .getByRole('button', { name: /Interview programmaleiding Zuid- en Oost-Drenthe/ })
    .click();
  const table = wb.viewer.document.getByRole('table').first();
  await expect(table).toBeVisible();
  await expect(table.getByRole('columnheader', { name: 'Pijler' })).toBeVisible();
  await expect(table.getByRole('row')).toHaveCount(4);
  // Double-click a word in a body cell selects it; the palette shows exactly that word.
  const cell = table.getByRole('cell', { name: /samenwerking krimp/ });
  await cell.getByText(/samenwerking krimp/).dblclick({ position: { x: 10, y: 8 } });
  await page.keyboard.press('Control+k');
  await expect(page.locator('.palette-target')).toHaveText('“samenwerking”');
});
