import { expect, type Locator, type Page } from '@playwright/test';

/** The coding palette: search codes, choose several, apply them to the selection or a segment. */
export class Palette {
  readonly dialog: Locator;
  readonly search: Locator;
  readonly chosen: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByRole('dialog', {
      name: /Codeer de selectie|Code the selection|Codes toevoegen|Add codes/,
    });
    this.search = this.dialog.getByRole('combobox');
    this.chosen = this.dialog.getByRole('list', { name: /Gekozen|Chosen/ }).getByRole('listitem');
  }

  /** The palette as it codes the selection (not a segment's "add codes"). */
  get forSelection(): Locator {
    return this.page.getByRole('dialog', { name: /Codeer de selectie|Code the selection/ });
  }

  /** Chooses a code per query (typed, then Enter), by keyboard only. */
  async choose(queries: string[]): Promise<void> {
    for (const q of queries) {
      await this.page.keyboard.type(q);
      await this.page.keyboard.press('Enter');
    }
  }

  /** Enter on an empty search applies the chosen codes and closes the palette. */
  async apply(): Promise<void> {
    await this.page.keyboard.press('Enter');
    await expect(this.dialog).toBeHidden();
  }
}
