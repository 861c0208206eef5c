import type { Locator, Page } from '@playwright/test';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const actionsName = (label: string) => new RegExp(`^(Acties voor|Actions for) ${escape(label)}$`);

/** The code tree in the sidebar: a row per code with its counts and its actions menu. */
export class CodeTree {
  readonly list: Locator;

  constructor(readonly page: Page) {
    this.list = page.getByRole('list', { name: /Codeboom|Code tree/ });
  }

  /** The button that opens a code's actions (rename, colour, quick key, memo, split…). */
  actionsButton(label: string): Locator {
    return this.list.getByRole('button', { name: actionsName(label) });
  }

  /** A code's row. */
  row(label: string): Locator {
    // `has` is relative to the row: a locator from the page, not from the list.
    return this.list
      .getByRole('listitem')
      .filter({ has: this.page.getByRole('button', { name: actionsName(label) }) });
  }

  /** The segment count shown on a code's row. */
  count(label: string): Locator {
    return this.row(label).locator('.count').first();
  }

  /** The quick key (1-9) shown on a code's row. */
  quickKey(label: string): Locator {
    return this.list
      .getByRole('listitem')
      .filter({ hasText: new RegExp(`^${escape(label)}`) })
      .locator('kbd.fav-digit');
  }

  /**
   * Binds a quick key (1-9) to a code in its actions panel, waits until the tree shows the
   * binding (only then does the key mean the code) and closes the panel.
   */
  async bindQuickKey(label: string, digit: string): Promise<void> {
    await this.actionsButton(label).click();
    await this.page.getByRole('combobox', { name: /Sneltoets|Quick key/ }).selectOption(digit);
    await this.quickKey(label)
      .filter({ hasText: new RegExp(`^${digit}$`) })
      .waitFor();
    await this.page.keyboard.press('Escape');
  }

  /** The actions panel of a code, once opened. */
  actions(label: string): Locator {
    return this.page.getByRole('group', {
      name: new RegExp(`(Acties voor|Actions for) ${escape(label)}`),
    });
  }
}
