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
  readonly stripes: Locator;
  /** Stripes of codings not yet stored. */
  readonly pendingStripes: Locator;
  /** Stripes tall enough to carry their code's name. */
  readonly stripeLabels: Locator;
  readonly caret: Locator;
  readonly selectionStatus: Locator;
  readonly segmentPanel: Locator;
  readonly segmentQuote: Locator;
  readonly segmentMemo: Locator;
  readonly onlyCode: Locator;
  /** The opened search hit's runs. */
  readonly hit: Locator;

  constructor(readonly page: Page) {
    this.document = page.getByRole('document', { name: /Brontekst|Source text/ });
    this.paragraphs = this.document.locator('p');
    const margin = page.getByRole('group', { name: /Codeerstrepen|Coding stripes/ });
    this.stripes = margin.getByRole('button');
    this.pendingStripes = margin.locator('[data-pending]');
    this.stripeLabels = margin.locator('.stripe-label');
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
    this.hit = this.document.locator('[data-hit]');
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
