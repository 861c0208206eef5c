import { expect, type Locator, type Page } from '@playwright/test';
import type { Sentence } from './sourceViewer.js';

/** The Agreement view: the choices, the table, the tabs, the disagreements. */
export class AgreementView {
  readonly heading: Locator;
  readonly table: Locator;
  readonly pooledRow: Locator;
  readonly sample: Locator;
  readonly before: Locator;
  readonly disagreements: Locator;
  readonly count: Locator;
  readonly decisions: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', {
      level: 1,
      name: /Overeenstemming tussen codeurs|Intercoder agreement/,
    });
    this.table = page.getByRole('table', { name: /Overeenstemming per code|Agreement per code/ });
    this.pooledRow = this.table.getByRole('row', { name: /^(Gepoold|Pooled)/ });
    this.sample = page.locator('.agreement-sample');
    this.before = page.locator('.agreement-before');
    this.disagreements = page.locator('ol.disagreements > li');
    this.count = page.getByRole('status').filter({ hasText: /verschil|disagreement/i });
    this.decisions = page.locator('ul.decisions > li');
  }

  tab(name: RegExp): Locator {
    return this.page.getByRole('tab', { name });
  }

  /** The row of one disagreement, by its heading (source and code). */
  disagreement(code: RegExp): Locator {
    return this.disagreements.filter({
      has: this.page.getByRole('heading', { level: 3, name: code }),
    });
  }

  /** The pooled κ as the table shows it. */
  async pooledKappa(): Promise<string> {
    return (await this.pooledRow.getByRole('cell').nth(1).innerText()).trim();
  }

  async expectLoaded(): Promise<void> {
    await expect(this.heading).toBeVisible();
    await expect(this.table).toBeVisible();
  }
}

/** Where a sentence of the source viewer is on the screen, to select it with the mouse. */
export function sentenceAt(page: Page, text: string): Promise<Sentence> {
  return page.evaluate((wanted) => {
    const root = document.querySelector('[role="document"]');
    if (!root) throw new Error('no viewer');
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const at = (n.textContent ?? '').indexOf(wanted);
      if (at < 0) continue;
      n.parentElement?.scrollIntoView({ block: 'center' });
      const r = document.createRange();
      r.setStart(n, at);
      r.setEnd(n, at + 1);
      const a = r.getBoundingClientRect();
      r.setStart(n, at + wanted.length - 1);
      r.setEnd(n, at + wanted.length);
      const b = r.getBoundingClientRect();
      return {
        text: wanted,
        from: { x: a.left + 1, y: a.top + a.height / 2 },
        to: { x: b.right, y: b.top + b.height / 2 },
      };
    }
    throw new Error(`"${wanted}" is not in one run of the viewer`);
  }, text);
}
