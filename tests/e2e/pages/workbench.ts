import { expect, type Locator, type Page } from '@playwright/test';
import { CodeTree } from './codeTree.js';
import { Palette } from './palette.js';
import { SourceViewer } from './sourceViewer.js';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The workbench around the views: top bar, sidebar (cases, sources, code tree), status bar. */
export class Workbench {
  readonly sidebar: Locator;
  readonly mainNav: Locator;
  readonly statusBar: Locator;
  readonly coderSelect: Locator;
  /** The sources listed under the cases. */
  readonly sourceLinks: Locator;
  /** The source open in the main pane, in the sidebar. */
  readonly currentSource: Locator;
  readonly codeTree: CodeTree;
  readonly viewer: SourceViewer;
  readonly palette: Palette;

  constructor(readonly page: Page) {
    this.sidebar = page.getByRole('navigation', { name: /Casussen en bronnen|Cases and sources/ });
    this.mainNav = page.getByRole('navigation', { name: /Hoofdnavigatie|Main navigation/ });
    this.statusBar = page.getByRole('contentinfo');
    this.coderSelect = page.getByRole('combobox', { name: /Kies codeur|Choose coder/ });
    this.sourceLinks = this.sidebar.locator('[data-case-id] button.source-link');
    this.currentSource = this.sidebar.locator('button[aria-current="page"]');
    this.codeTree = new CodeTree(page);
    this.viewer = new SourceViewer(page);
    this.palette = new Palette(page);
  }

  /** The sidebar's button of a source, by the start of its title. */
  sourceLink(title: string): Locator {
    return this.sidebar.getByRole('button', { name: new RegExp(`^${escape(title)}`) });
  }

  /** A button of the main navigation (a view), by its name. */
  view(name: RegExp): Locator {
    return this.mainNav.getByRole('button', { name });
  }

  /** The demo study opens with one of its coders chosen (coding needs no set-up). */
  async expectCoderChosen(): Promise<void> {
    await expect(this.coderSelect).toBeVisible();
    await expect(this.coderSelect).not.toHaveValue('');
  }

  /** Opens the first source of the first case and waits for its text and codings. */
  async openFirstSource(): Promise<SourceViewer> {
    await this.sourceLinks.first().click();
    await this.viewer.expectLoaded();
    return this.viewer;
  }

  /** Opens a source by the start of its title and waits for its text. */
  async openSource(title: string): Promise<SourceViewer> {
    await this.sourceLink(title).click();
    await expect(this.page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expect(this.viewer.document).toBeVisible();
    return this.viewer;
  }

  /** Undo or redo with the keyboard, from outside any field. */
  async undo(): Promise<void> {
    await this.page.locator('body').click({ position: { x: 5, y: 5 } });
    await this.page.keyboard.press('Control+z');
  }

  async redo(): Promise<void> {
    await this.page.keyboard.press('Shift+Control+z');
  }

  /** The undo button in the top bar. */
  get undoButton(): Locator {
    return this.page.getByRole('button', { name: /^(Ongedaan maken|Undo)/ });
  }
}
