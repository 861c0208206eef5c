import { expect, type Locator, type Page } from '@playwright/test';

/** The activity view: filters, the change log in words, paging, the audit trail's export. */
export class ActivityView {
  readonly entries: Locator;
  readonly filters: Locator;
  readonly loadMore: Locator;
  readonly count: Locator;

  constructor(readonly page: Page) {
    this.entries = page
      .getByRole('list', { name: /^(Wijzigingen|Changes)$/ })
      .getByRole('listitem');
    this.filters = page.getByRole('group', { name: /Filters van de activiteit|Activity filters/ });
    this.loadMore = page.getByRole('button', { name: /^(Meer laden|Load more)$/ });
    this.count = page.getByRole('status').filter({ hasText: /getoond|shown/ });
  }

  async open(): Promise<void> {
    await this.page
      .getByRole('navigation', { name: /Hoofdnavigatie|Main navigation/ })
      .getByRole('button', { name: /^(Activiteit|Activity)$/ })
      .click();
    await expect(
      this.page.getByRole('heading', { level: 1, name: /Activiteit|Activity/ }),
    ).toBeVisible();
  }

  entry(text: RegExp | string): Locator {
    return this.entries.filter({ hasText: text });
  }

  /** The entry's button that opens what it is about. */
  openButton(entry: Locator): Locator {
    return entry.getByRole('button', { name: /^(Openen|Open):/ });
  }
}

/** A comment thread's parts, within the panel or view that holds it. */
export class Threads {
  readonly threads: Locator;
  readonly newComment: Locator;
  readonly post: Locator;

  constructor(readonly scope: Locator) {
    this.threads = scope.getByRole('article', { name: /^(Draad|Thread):/ });
    this.newComment = scope.getByRole('textbox', { name: /^(Nieuw commentaar|New comment)$/ });
    this.post = scope.getByRole('button', { name: /^(Commentaar plaatsen|Post comment)$/ });
  }

  async add(text: string): Promise<void> {
    await this.newComment.fill(text);
    await this.post.click();
    await expect(this.threads.filter({ hasText: text })).toBeVisible();
  }

  thread(text: string): Locator {
    return this.threads.filter({ hasText: text });
  }
}

/** The review state of a coded segment in its panel. */
export class ReviewControl {
  readonly group: Locator;
  readonly question: Locator;
  readonly ask: Locator;

  constructor(scope: Locator) {
    this.group = scope.getByRole('group', {
      name: /Beoordeling van deze codering|Review of this coding/,
    });
    this.question = this.group.getByRole('textbox', {
      name: /Wat is de vraag|What is the question/,
    });
    this.ask = this.group.getByRole('button', { name: /^(Vraag stellen|Ask)$/ });
  }

  state(name: RegExp): Locator {
    return this.group.getByRole('radio', { name });
  }
}

/** Time travel: the top bar's dialog and the banner over every view. */
export class TimeTravel {
  readonly button: Locator;
  readonly dialog: Locator;
  readonly banner: Locator;
  readonly back: Locator;

  constructor(readonly page: Page) {
    this.button = page.getByRole('button', { name: /^(Terug in de tijd…|Back in time…)$/ });
    this.dialog = page.getByRole('dialog');
    this.banner = page.getByRole('region', {
      name: /Het project bekijken zoals het was|See the project as it was/,
    });
    this.back = this.banner.getByRole('button', { name: /^(Terug naar nu|Back to now)$/ });
  }

  /** Travels to the end of a day (YYYY-MM-DD), with the keyboard. */
  async toDate(day: string): Promise<void> {
    await this.button.click();
    await expect(this.dialog).toBeVisible();
    await this.dialog.getByLabel(/^(Datum|Date)/).fill(day);
    await this.dialog.getByLabel(/^(Datum|Date)/).press('Enter');
    await expect(this.dialog).toBeHidden();
    await expect(this.banner).toBeVisible();
  }
}
