import { expect, test } from './fixtures.js';
import { seriousViolations } from './pages/axe.js';
import { Workbench } from './pages/workbench.js';

/** The coding view on a laptop screen (issue 11.3): the sizes the researchers work at. */
test.use({ viewport: { width: 1280, height: 720 } });

const FOUR_CODES = ['opgave-regio', 'politiek', 'beleidsvorming', 'factor'];

test('a keyboard user reaches the text in a few keys; the page has its landmarks', async ({
  workbench: page,
}) => {
  const wb = new Workbench(page);
  const toText = page.getByRole('link', { name: /^(Naar de tekst|Skip to the text)$/ });
  const toSources = page.getByRole('link', { name: /^(Naar de bronnen|Skip to the sources)$/ });
  let tabs = 0;
  const tab = async () => {
    tabs++;
    await page.keyboard.press('Tab');
  };
  // From page load (the list of sources shown): Tab, Tab to the sources, Enter, Enter on the
  // first source: in its text.
  await expect(wb.sourceLinks.first()).toBeVisible();
  await tab();
  await expect(toText).toBeFocused();
  await tab();
  await expect(toSources).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(wb.sourceLinks.first()).toBeFocused();
  await page.keyboard.press('Enter');
  await wb.viewer.expectLoaded();
  await expect(wb.viewer.document).toBeFocused();
  expect(tabs).toBeLessThanOrEqual(3);
  test.info().annotations.push({ type: 'tabs from page load to a text', description: `${tabs}` });

  // From the top of the page with a source open: one Tab and Enter.
  const withoutSkipLinks = await page.evaluate(() => {
    // What a keyboard user passed before the skip links: every tab stop before the text.
    const text = document.querySelector('[role="document"]') as Element;
    const stops = [
      ...document.querySelectorAll<HTMLElement>(
        'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), [tabindex]',
      ),
    ].filter(
      (el) =>
        el.tabIndex >= 0 &&
        !el.classList.contains('skip-link') &&
        el.getClientRects().length > 0 &&
        el.compareDocumentPosition(text) & Node.DOCUMENT_POSITION_FOLLOWING,
    );
    document.documentElement.tabIndex = -1;
    document.documentElement.focus();
    return stops.length;
  });
  tabs = 0;
  await tab();
  await expect(toText).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(wb.viewer.document).toBeFocused();
  expect(tabs).toBe(1);
  test.info().annotations.push({
    type: 'tab stops before the text without the skip link',
    description: `${withoutSkipLinks}`,
  });

  // Landmarks: banner, the two navigations, main, the status bar; the segment panel beside.
  await expect(page.getByRole('banner')).toHaveCount(1);
  await expect(page.getByRole('main')).toHaveCount(1);
  await expect(page.getByRole('navigation')).toHaveCount(2);
  await expect(page.getByRole('contentinfo')).toHaveCount(1);
  await wb.viewer.stripes.first().click();
  await expect(page.getByRole('complementary')).toHaveCount(1);
});

test('coding a passage keeps it in view, the focus in the text and the text readable beside the panel', async ({
  workbench: page,
}) => {
  const wb = new Workbench(page);
  await wb.expectCoderChosen();
  const viewer = await wb.openFirstSource();
  const base = await viewer.stripes.count();
  // Scrolled down, a passage in the lower half of the screen: where a reflow would move it.
  await page.locator('main').evaluate((m) => m.scrollTo(0, 700));
  await expect.poll(async () => (await viewer.scroller()).scrollTop).toBeGreaterThan(600);
  const s = await viewer.sentenceLowerDown();
  await viewer.selectWithMouse(s);
  const before = await viewer.scroller();
  const passage = (await viewer.selectionBox())!;
  const widthBefore = (await viewer.document.boundingBox())!.width;

  // The toolbar's Code button is at hand without scrolling up.
  const code = viewer.toolbar.getByRole('button', { name: /^(Coderen|Code) \(Ctrl\+K\)$/ });
  await expect(code).toBeInViewport();
  await code.click();
  await wb.palette.choose(FOUR_CODES);
  await wb.palette.apply();
  await expect(viewer.stripes).toHaveCount(base + 4);
  await expect(viewer.segmentQuote).toHaveText(s.text);

  // The panel opened beside the text: the passage is where it was, the focus in the text.
  const after = await viewer.scroller();
  const now = await viewer.openPassageBox();
  const toolbarBottom = (await viewer.toolbar.boundingBox())!;
  expect(now.top).toBeGreaterThanOrEqual(toolbarBottom.y + toolbarBottom.height);
  expect(now.bottom).toBeLessThanOrEqual(after.bottom);
  expect(Math.abs(now.top - passage.top)).toBeLessThanOrEqual(4);
  await expect(viewer.document).toBeFocused();
  const widthAfter = (await viewer.document.boundingBox())!.width;
  // Readable beside the panel: at least 27rem (405 px) of text.
  expect(widthAfter).toBeGreaterThanOrEqual(405);
  test.info().annotations.push({
    type: 'coding at 1280×720',
    description:
      `scrollTop ${before.scrollTop} → ${after.scrollTop}; passage top ${passage.top.toFixed(1)} → ` +
      `${now.top.toFixed(1)} (pane ${after.top.toFixed(0)}–${after.bottom.toFixed(0)}); ` +
      `text width ${widthBefore.toFixed(0)} → ${widthAfter.toFixed(0)} px`,
  });

  // Wider by keyboard: the passage stays put, and the width is remembered.
  await viewer.panelResize.focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowLeft');
  const panelWidth = Number(await viewer.panelResize.getAttribute('aria-valuenow'));
  expect(panelWidth).toBeGreaterThan(300);
  const moved = await viewer.openPassageBox();
  expect(Math.abs(moved.top - passage.top)).toBeLessThanOrEqual(4);
  expect((await viewer.document.boundingBox())!.width).toBeGreaterThanOrEqual(405);

  // Undo says what it undoes, before and after.
  const title = (await page.getByRole('heading', { level: 1 }).textContent()) ?? '';
  await expect(wb.undoButton).toHaveAccessibleName(
    new RegExp(`^(Ongedaan maken: coderingen ‘.+’ in ‘${title}’|Undo codings ‘.+’ in ‘${title}’)`),
  );
  await wb.undo();
  await expect(viewer.stripes).toHaveCount(base);
  await expect(page.getByRole('status').filter({ hasText: /verwijderd|removed/ })).toHaveText(
    new RegExp(`^(Coderingen ‘.+’, ‘.+’, ‘.+’ en ‘.+’ verwijderd in ‘${title}’)$`),
  );

  await page.reload();
  await wb.openFirstSource();
  await viewer.stripes.first().click();
  await expect(viewer.panelResize).toHaveAttribute('aria-valuenow', String(panelWidth));
});

test('on a wide screen the stripe labels show whole code names, and the text keeps its measure', async ({
  workbench: page,
}) => {
  const wb = new Workbench(page);
  await wb.expectCoderChosen();
  const viewer = await wb.openFirstSource();
  const shown = () =>
    viewer.stripes.evaluateAll((els) => ({
      cut: els
        .map((el) => el.querySelector('.stripe-label') as HTMLElement)
        .filter((l) => l.scrollWidth > l.clientWidth)
        .map((l) => l.textContent ?? ''),
      text: (document.querySelector('.source-text') as HTMLElement).getBoundingClientRect().width,
    }));
  await page.setViewportSize({ width: 1280, height: 720 });
  await expect(viewer.stripes.first()).toBeVisible();
  const narrow = await shown();
  // The demo's longest code name does not fit beside the text on a laptop's screen...
  expect(narrow.cut).toContain('Opgave en aanpak vanuit de regio');
  await page.setViewportSize({ width: 1920, height: 1080 });
  await expect.poll(async () => (await shown()).cut).toEqual([]);
  // ...and on a wide one it does, with the text no narrower than there.
  expect((await shown()).text).toBeGreaterThanOrEqual(narrow.text);
});

test('stripes read across, show a card, open their segment and take a code off from their menu', async ({
  workbench: page,
}) => {
  const wb = new Workbench(page);
  await wb.expectCoderChosen();
  const viewer = await wb.openFirstSource();
  const base = await viewer.stripes.count();
  // Every label is written across (never turned on its side), its full name the button's name.
  const labels = await viewer.stripes.evaluateAll((els) =>
    els.map((el) => {
      const label = el.querySelector('.stripe-label') as HTMLElement;
      const r = el.getBoundingClientRect();
      return {
        mode: getComputedStyle(label).writingMode,
        wide: r.width > r.height,
        name: label.textContent ?? '',
        aria: el.getAttribute('aria-label') ?? '',
        cut: label.scrollWidth > label.clientWidth,
      };
    }),
  );
  expect(labels.length).toBeGreaterThan(5);
  for (const l of labels) {
    expect(l.mode).toBe('horizontal-tb');
    expect(l.wide).toBe(true);
    expect(l.aria.startsWith(`${l.name}: `)).toBe(true);
  }
  expect(labels.map((l) => l.name)).toContain('Beleidsvorming');

  // Hover: the card says the code's path, who coded it and when.
  const stripe = viewer.stripes.filter({ hasText: 'Beleidsvorming' }).first();
  await stripe.hover();
  await expect(viewer.stripeCard).toBeVisible();
  await expect(viewer.stripeCard).toContainText('Fase › Beleidsvorming');
  await expect(viewer.stripeCard).toContainText(/Gecodeerd door .+ op \d{1,2} [a-z]+ \d{4}/);

  // A click opens its segment and outlines the passage.
  const name = (await stripe.getAttribute('aria-label')) ?? '';
  await stripe.click();
  await expect(viewer.segmentPanel).toBeVisible();
  await expect(viewer.openPassage.first()).toBeVisible();
  const quote = name.replace(/^Beleidsvorming: “|…?”$/g, '');
  await expect(viewer.segmentQuote).toContainText(quote);

  // The context menu takes the code off that segment; undo names it and puts it back.
  await stripe.click({ button: 'right' });
  await expect(viewer.stripeMenu).toBeVisible();
  await viewer.stripeMenu
    .getByRole('menuitem', { name: 'Code ‘Beleidsvorming’ van dit segment verwijderen' })
    .click();
  await expect(viewer.stripes).toHaveCount(base - 1);
  await expect(viewer.document).toBeFocused();
  await expect(wb.undoButton).toHaveAccessibleName(
    /^Ongedaan maken: verwijderen van codering ‘Beleidsvorming’ in ‘Interview rijksdealmaker Achterhoek’/,
  );
  await wb.undoButton.click();
  await expect(viewer.stripes).toHaveCount(base);
  await expect(page.getByRole('status').filter({ hasText: 'teruggezet' })).toHaveText(
    'Codering ‘Beleidsvorming’ teruggezet in ‘Interview rijksdealmaker Achterhoek’',
  );

  // By keyboard: the labels are one tab stop, arrows move, Shift+F10 opens the menu, Escape
  // gives the focus back; the focused label shows its card.
  await viewer.stripes.first().focus();
  await page.keyboard.press('ArrowDown');
  await expect(viewer.stripes.nth(1)).toBeFocused();
  await expect(viewer.stripes.nth(1)).toHaveAttribute('aria-describedby', 'stripe-card');
  await expect(viewer.stripeCard).toBeVisible();
  await page.keyboard.press('Shift+F10');
  await expect(viewer.stripeMenu.getByRole('menuitem').first()).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(viewer.stripeMenu).toBeHidden();
  await expect(viewer.stripes.nth(1)).toBeFocused();
  await expect(viewer.stripes.and(page.locator('[tabindex="0"]'))).toHaveCount(1);
});

test('the focus goes to the text after quick open, back after a cancelled palette, and to the text when the panel closes', async ({
  workbench: page,
}) => {
  const wb = new Workbench(page);
  await wb.expectCoderChosen();
  const viewer = await wb.openFirstSource();
  // Quick open a source: its text has the focus.
  await page.keyboard.press('Control+p');
  const quick = page.getByRole('dialog', { name: /Snel openen|Quick open/ });
  // Typed once the list is there, so Enter opens the best match of what was typed.
  await expect(quick.getByRole('option').first()).toBeVisible();
  await page.keyboard.type('programmaleiding Achterhoek');
  await expect(quick.getByRole('option').first()).toContainText('programmaleiding Achterhoek');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'Interview programmaleiding Achterhoek',
  );
  await expect(viewer.document).toBeFocused();

  // The palette opened from the text and cancelled: back to the text, the selection kept.
  const s = await viewer.firstSentence();
  await viewer.selectWithMouse(s);
  await page.keyboard.press('Control+k');
  await expect(wb.palette.forSelection).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(wb.palette.dialog).toBeHidden();
  await expect(viewer.document).toBeFocused();
  // Opened from the toolbar's button and cancelled: back to the button.
  const code = viewer.toolbar.getByRole('button', { name: /^(Coderen|Code) \(Ctrl\+K\)$/ });
  await code.click();
  await page.keyboard.press('Escape');
  await expect(code).toBeFocused();

  // The segment panel closed with Escape: the text has the focus.
  await viewer.stripes.first().click();
  await viewer.segmentPanel.getByRole('button', { name: /^(Sluiten|Close)$/ }).focus();
  await page.keyboard.press('Escape');
  await expect(viewer.segmentPanel).toBeHidden();
  await expect(viewer.document).toBeFocused();
});

test('dates, numbers and roles in the language of the UI', async ({ workbench: page }) => {
  const wb = new Workbench(page);
  const viewer = await wb.openFirstSource();
  const meta = page.getByRole('definition');
  await expect(meta.filter({ hasText: /^4\.328 tekens$/ })).toHaveCount(1);
  await expect(meta.filter({ hasText: /^12 juni 2020$/ })).toHaveCount(1);
  await expect(meta.filter({ hasText: /^ACH-R1 \(Rijksdealmaker\)$/ })).toHaveCount(1);
  await viewer.stripes.first().click();
  await expect(viewer.segmentPanel.getByRole('definition').nth(1)).toHaveText(
    /^\d{1,2} [a-z]+ \d{4} om \d{2}:\d{2}$/,
  );
  await page.getByRole('combobox', { name: 'Taal' }).selectOption('en');
  await expect(meta.filter({ hasText: /^4,328 characters$/ })).toHaveCount(1);
  await expect(meta.filter({ hasText: /^12 June 2020$/ })).toHaveCount(1);
  await expect(meta.filter({ hasText: /^ACH-R1 \(National deal-maker\)$/ })).toHaveCount(1);
  await expect(viewer.segmentPanel.getByRole('definition').nth(1)).toHaveText(
    /^\d{1,2} [A-Z][a-z]+ \d{4}( at|,) \d{2}:\d{2}$/,
  );
});

test('the coding view has no serious accessibility violations (axe-core)', async ({
  workbench: page,
}) => {
  const wb = new Workbench(page);
  const viewer = await wb.openFirstSource();
  expect(await seriousViolations(page)).toEqual([]);
  // With the segment panel open, a stripe's card and then its menu shown.
  await viewer.stripes.nth(1).click();
  await expect(viewer.segmentPanel).toBeVisible();
  await viewer.stripes.nth(2).hover();
  await expect(viewer.stripeCard).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await viewer.stripes.nth(2).click({ button: 'right' });
  await expect(viewer.stripeMenu).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});
