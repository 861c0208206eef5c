import type { Locator, Page } from '@playwright/test';

/** The search view: the query form with its filters, the hits, and auto-coding of hits. */
export class SearchView {
  readonly form: Locator;
  readonly query: Locator;
  readonly caseFilter: Locator;
  readonly count: Locator;
  readonly hits: Locator;
  readonly autocode: Locator;
  readonly autocodeUnit: Locator;
  readonly autocodeCodes: Locator;
  readonly autocodeStatus: Locator;

  constructor(readonly page: Page) {
    this.form = page.getByRole('search');
    this.query = this.form.getByRole('searchbox', { name: /Zoekvraag|Query/ });
    this.caseFilter = this.form.getByRole('combobox', { name: /^(Casus|Case)$/ });
    this.count = page.getByRole('status').filter({ hasText: /treffers|hits/ });
    this.hits = page.locator('.hit');
    this.autocode = page.getByRole('group', { name: /Automatisch coderen|Auto-code/ });
    this.autocodeUnit = this.autocode.getByRole('combobox', { name: /Wat coderen|What to code/ });
    this.autocodeCodes = this.autocode.getByRole('listbox', { name: /Codes/ });
    this.autocodeStatus = page.getByRole('status').filter({ hasText: /gecodeerd|coded/ });
  }

  async open(): Promise<void> {
    await this.page
      .getByRole('button', { name: /^(Zoeken|Search)$/ })
      .first()
      .click();
  }

  /** Runs a query (the form's own Search button). */
  async run(query: string): Promise<void> {
    await this.query.fill(query);
    await this.form.getByRole('button', { name: /^(Zoeken|Search)$/ }).click();
  }

  /** The auto-code button, which names how many hits it codes. */
  autocodeButton(n: number): Locator {
    return this.autocode.getByRole('button', { name: new RegExp(`\\b${n}\\b`) });
  }
}
