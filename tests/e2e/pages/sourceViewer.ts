import { expect, type Locator, type Page } from '@playwright/test';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A sentence of the viewer: its text and screen points at its first and last character. */
export interface Sentence {
  text: string;
  from: { x: number; y: number };
  to: { x: number; y: number };
}

/** The source viewer: the text, its coding stripes, the segment panel, the caret. */
export class SourceViewer {
  readonly document: Locator;
  readonly paragraphs: Locator;
  /** The stripes' labels (a button per code per segment, its code's name written across). */
  readonly stripes: Locator;
  /** Stripes of codings not yet stored. */
  readonly pendingStripes: Locator;
  /** The code names on the stripes. */
  readonly stripeLabels: Locator;
  /** The card of the hovered or focused stripe. */
  readonly stripeCard: Locator;
  /** A stripe's context menu, once opened. */
  readonly stripeMenu: Locator;
  /** The sticky toolbar above the text. */
  readonly toolbar: Locator;
  /** The segment panel's resize handle. */
  readonly panelResize: Locator;
  /** The runs of the open segment's passage. */
  readonly openPassage: Locator;
  readonly caret: Locator;
  readonly selectionStatus: Locator;
  readonly segmentPanel: Locator;
  readonly segmentQuote: Locator;
  readonly segmentMemo: Locator;
  readonly onlyCode: Locator;
  /** The last of the viewer's filters: codings in one review state only. */
  readonly onlyReview: Locator;
  /** The opened search hit's runs. */
  readonly hit: Locator;

  constructor(readonly page: Page) {
    this.document = page.getByRole('document', { name: /Brontekst|Source text/ });
    this.paragraphs = this.document.locator('p');
    const margin = page.getByRole('group', { name: /Codeerstrepen|Coding stripes/ });
    this.stripes = margin.getByRole('button');
    this.pendingStripes = margin.locator('[data-pending]');
    this.stripeLabels = margin.locator('.stripe-label');
    this.stripeCard = page.getByRole('tooltip');
    this.stripeMenu = page.getByRole('menu');
    this.toolbar = page.getByRole('toolbar', { name: /Weergave van coderingen|Coding display/ });
    this.panelResize = page.getByRole('separator', {
      name: /Breedte van het segmentpaneel|Width of the segment panel/,
    });
    this.caret = page.locator('.viewer-caret');
    this.selectionStatus = page.getByRole('status').filter({ hasText: /Selectie|Selection/ });
    this.segmentPanel = page.getByRole('complementary', {
      name: /Gecodeerd segment|Coded segment/,
    });
    this.segmentQuote = this.segmentPanel.locator('blockquote');
    this.segmentMemo = this.segmentPanel.getByRole('textbox', {
      name: /Memo bij segment|Segment memo/,
    });
    this.onlyCode = page.getByRole('combobox', { name: /Alleen code|Only code/ });
    this.onlyReview = page.getByRole('combobox', { name: /^(Beoordeling|Review)$/ });
    this.hit = this.document.locator('[data-hit]');
    this.openPassage = this.document.locator('[data-open]');
  }

  /** The scrolling pane around the text: its scrollTop and its box on the screen. */
  scroller(): Promise<{ scrollTop: number; top: number; bottom: number }> {
    return this.page.evaluate(() => {
      const main = document.querySelector('main');
      if (!main) throw new Error('no main pane');
      const r = main.getBoundingClientRect();
      return { scrollTop: main.scrollTop, top: r.top, bottom: r.bottom };
    });
  }

  /** Where the page's selection is on the screen (its first and last line), or null. */
  selectionBox(): Promise<{ top: number; bottom: number } | null> {
    return this.page.evaluate(() => {
      const sel = window.getSelection();
      if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
      const r = sel.getRangeAt(0).getBoundingClientRect();
      return { top: r.top, bottom: r.bottom };
    });
  }

  /** Where the open segment's passage is on the screen. */
  async openPassageBox(): Promise<{ top: number; bottom: number }> {
    await expect(this.openPassage.first()).toBeAttached();
    return this.page.evaluate(() => {
      const runs = [...document.querySelectorAll('[role="document"] [data-open]')];
      const boxes = runs.map((r) => r.getBoundingClientRect());
      return {
        top: Math.min(...boxes.map((b) => b.top)),
        bottom: Math.max(...boxes.map((b) => b.bottom)),
      };
    });
  }

  /** A sentence of the first long paragraph whose top lies in the lower half of the pane. */
  sentenceLowerDown(): Promise<Sentence> {
    return this.page.evaluate(() => {
      const main = document.querySelector('main') as HTMLElement;
      const box = main.getBoundingClientRect();
      for (const p of document.querySelectorAll('[role="document"] p')) {
        const r = p.getBoundingClientRect();
        if (r.top < box.top + box.height / 2 || r.bottom > box.bottom - 20) continue;
        const node = [...p.childNodes].map((c) => c.firstChild ?? c).find((n) => n.nodeType === 3);
        const text = node?.textContent ?? '';
        const dot = text.indexOf('. ');
        if (!node || dot < 30) continue;
        const range = document.createRange();
        range.setStart(node, 0);
        range.setEnd(node, 1);
        const a = range.getBoundingClientRect();
        range.setStart(node, dot);
        range.setEnd(node, dot + 1);
        const b = range.getBoundingClientRect();
        return {
          text: text.slice(0, dot + 1),
          from: { x: a.left + 1, y: a.top + a.height / 2 },
          to: { x: b.right, y: b.top + b.height / 2 },
        };
      }
      throw new Error('no paragraph with a sentence in the lower half');
    });
  }

  /** The text is built and its codings are in (every demo source is coded). */
  async expectLoaded(): Promise<void> {
    await expect(this.document).toBeVisible();
    await expect(this.paragraphs.first()).toBeVisible();
    await expect(this.stripes.first()).toBeAttached();
  }

  /** The stripes of the segment whose text starts like `text`. */
  stripesOf(text: string): Locator {
    return this.stripes.and(
      this.page.getByRole('button', { name: new RegExp(escape(text.slice(0, 20))) }),
    );
  }

  /** The first run of text in the paragraph that holds `text` (where a coding of it begins). */
  runAt(text: string): Locator {
    return this.paragraphs.filter({ hasText: text }).first().locator('span').first();
  }

  /** How many shown codings cover the run at the start of `text` (0 when none). */
  async codingsAt(text: string): Promise<number> {
    return Number((await this.runAt(text).getAttribute('data-codings')) ?? '0');
  }

  /** The first sentence of the first long paragraph, and where it is on the screen. */
  firstSentence(): Promise<Sentence> {
    return this.page.evaluate(() => {
      const root = document.querySelector('[role="document"]');
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

  /** Selects a sentence with the mouse, as a researcher drags over it. */
  async selectWithMouse(s: Sentence): Promise<void> {
    await this.page.mouse.move(s.from.x, s.from.y);
    await this.page.mouse.down();
    await this.page.mouse.move(s.to.x, s.to.y, { steps: 8 });
    await this.page.mouse.up();
    await expect(this.selectionStatus).toBeVisible();
  }

  /** The page's selection, as text. */
  selected(): Promise<string> {
    return this.page.evaluate(() => window.getSelection()?.toString() ?? '');
  }

  /** The sentence of the block the caret is in, when that block holds a full one. */
  sentenceAtCaret(): Promise<string> {
    return this.page.evaluate(() => {
      const n = window.getSelection()?.focusNode;
      const block = n?.parentElement?.closest('p');
      const text = block?.textContent ?? '';
      const dot = text.indexOf('. ');
      return block && dot >= 30 ? text.slice(0, dot + 1) : '';
    });
  }

  /** Extends the selection word by word (Shift+Ctrl+Right) until it holds `sentence`. */
  async extendTo(sentence: string): Promise<void> {
    for (let i = 0; i < 80 && (await this.selected()).length < sentence.length - 1; i++)
      await this.page.keyboard.press('Shift+Control+ArrowRight');
    // The last word may stop before the full stop.
    if (!(await this.selected()).endsWith('.')) await this.page.keyboard.press('Shift+ArrowRight');
    expect(await this.selected()).toBe(sentence);
  }
}
