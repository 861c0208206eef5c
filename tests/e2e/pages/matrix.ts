import type { Locator, Page } from '@playwright/test';

/** The matrix view: toolbar (axes, filter, cases), the grid, projector mode. */
export class Matrix {
  readonly grid: Locator;
  readonly wholeFilter: Locator;
  readonly cases: Locator;
  readonly rowsControl: Locator;
  readonly caption: Locator;

  constructor(readonly page: Page) {
    this.grid = page.getByRole('table', { name: 'Vergelijkingsmatrix' });
    this.wholeFilter = page.getByRole('group', { name: 'Filter voor de hele matrix' });
    this.cases = page.getByRole('group', { name: 'Casussen' });
    this.rowsControl = page.getByLabel('Rijen');
    this.caption = page.locator('.projector-caption');
  }

  async open(): Promise<void> {
    await this.page
      .getByRole('navigation', { name: 'Hoofdnavigatie' })
      .getByRole('button', { name: 'Matrices' })
      .click();
  }

  columnHeader(name: string): Locator {
    return this.grid.getByRole('columnheader', { name });
  }

  /** Whether the main navigation is hidden behind something (the projector covers it). */
  navCovered(): Promise<boolean> {
    return this.page.evaluate(() => {
      const nav = document.querySelector('nav[aria-label="Hoofdnavigatie"]');
      const r = nav?.getBoundingClientRect();
      if (!nav || !r) return false;
      const top = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
      return !nav.contains(top);
    });
  }
}
