import { expect, type Locator, type Page } from '@playwright/test';

/** The segment browser: filters by codes, cases and more; the list; exports. */
export class SegmentBrowser {
  readonly filters: Locator;
  readonly items: Locator;
  /** The count line, once the list has caught up with the filters. */
  readonly settledCount: Locator;

  constructor(readonly page: Page) {
    this.filters = page.getByRole('group', { name: /Filters/ });
    this.items = page.locator('li.segment');
    this.settledCount = page.locator('p[role="status"][aria-busy="false"]');
  }

  async open(): Promise<void> {
    await this.page.getByRole('button', { name: /^(Segmenten|Segments)$/ }).click();
  }

  /** Ticks one option (by label) in a filter: opens it, searches the option, closes it. */
  async filter(list: RegExp, option: string): Promise<void> {
    await this.filters.getByRole('button', { name: list }).click();
    const panel = this.filters.getByRole('group', { name: list });
    await panel.getByRole('searchbox').fill(option);
    await panel.getByRole('checkbox', { name: option, exact: true }).check();
    await this.page.keyboard.press('Escape');
    await expect(panel).toBeHidden();
  }

  /** The list item of a segment, by its id. */
  item(segmentId: string): Locator {
    return this.page.locator(`li.segment[data-segment-id="${segmentId}"]`);
  }

  /** Waits until the list shows the answer to the current filters. */
  async expectSettled(): Promise<void> {
    await expect(this.items.first()).toBeVisible();
    // It keeps the last answer shown while the next one loads.
    await expect(this.settledCount).toHaveCount(1);
  }

  exportButton(format: 'CSV' | 'Excel'): Locator {
    return this.page.getByRole('button', { name: new RegExp(format) });
  }
}
