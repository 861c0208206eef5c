import { expect, type Locator, type Page } from '@playwright/test';

/** The project picker ("Other project"), the projects folder listing and the new-project dialog. */
export class Projects {
  readonly picker: Locator;
  readonly dialog: Locator;

  constructor(readonly page: Page) {
    this.picker = page.locator('section.project-picker');
    this.dialog = page.getByRole('dialog', { name: /^(Nieuw project|New project)$/ });
  }

  /** Shows the picker from the top bar. */
  async openPicker(): Promise<void> {
    await this.page.getByRole('button', { name: /^(Ander project|Other project)$/ }).click();
    await expect(this.picker).toBeVisible();
  }

  /** A project of the recent list, by its name. */
  recent(name: string): Locator {
    return this.picker
      .getByRole('list', { name: /Recente projecten|Recent projects/ })
      .getByRole('button', { name: new RegExp(`^${name}`) });
  }

  /** Goes into a folder of the listing (in the picker or in the dialog). */
  async enterFolder(scope: Locator, name: string): Promise<void> {
    await scope.getByRole('button', { name: new RegExp(`^(Map|Folder) ${name}$`) }).click();
  }

  /** A project file of the listing, by its file name without .casus. */
  listed(scope: Locator, base: string): Locator {
    return scope.locator('.project-entry', { hasText: base });
  }

  /** Fills in the new-project dialog (opened from the picker) and creates the project. */
  async create(opts: {
    name: string;
    template?: RegExp;
    folder?: string;
    expectFile?: string;
  }): Promise<void> {
    await this.picker.getByRole('button', { name: /^(Nieuw project…|New project…)$/ }).click();
    await expect(this.dialog).toBeVisible();
    await this.dialog.getByLabel(/^(Naam van het project|Project name)$/).fill(opts.name);
    if (opts.template) await this.dialog.getByRole('radio', { name: opts.template }).check();
    if (opts.folder) await this.enterFolder(this.dialog, opts.folder);
    if (opts.expectFile)
      await expect(this.dialog.locator('.file-target')).toContainText(opts.expectFile);
    await this.dialog.getByRole('button', { name: /^(Aanmaken|Create)$/ }).click();
    await expect(this.dialog).toBeHidden();
  }
}
