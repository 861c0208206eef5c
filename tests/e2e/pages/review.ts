import { expect, type Locator, type Page } from '@playwright/test';

/** Group review in the workbench: sessions, a session's preparation, the presenter. */
export class Review {
  readonly capture: Locator;
  readonly remarks: Locator;
  readonly position: Locator;
  readonly preview: Locator;

  constructor(readonly page: Page) {
    this.capture = page.getByRole('form', { name: 'Opmerking vastleggen' });
    this.remarks = page.getByRole('complementary', { name: 'Opmerkingen bij dit punt' });
    this.position = page.getByTestId('presenter-position');
    this.preview = page.getByRole('img', { name: 'Voorbeeld van het publieksscherm' });
  }

  async open(): Promise<void> {
    await this.page
      .getByRole('navigation', { name: 'Hoofdnavigatie' })
      .getByRole('button', { name: 'Groepsreview' })
      .click();
    await expect(this.page.getByRole('heading', { name: 'Groepsreview', level: 1 })).toBeVisible();
  }

  /** Opens the presenter of a session from the list. */
  async present(title: string): Promise<void> {
    await this.page.getByRole('button', { name: `${title} presenteren` }).click();
    await expect(this.page.getByRole('navigation', { name: /^Agenda/ })).toBeVisible();
  }

  /** Opens the audience screen: a second browser window, as the facilitator does. */
  async openAudience(): Promise<Page> {
    const [audience] = await Promise.all([
      this.page.context().waitForEvent('page'),
      this.page.getByRole('button', { name: 'Publieksscherm openen' }).click(),
    ]);
    await audience.waitForLoadState();
    return audience;
  }

  /** Presses a key on the presenter's screen, outside any field. */
  async key(key: string): Promise<void> {
    await this.page.keyboard.press(key);
  }
}

/** The audience screen: the slide, and what it says about where the presenter is. */
export class Audience {
  readonly slide: Locator;

  constructor(readonly page: Page) {
    this.slide = page.locator('.aud');
  }

  /** Waits until the screen shows this item (1-based) at this frame (0-based). */
  async showing(item: number, frame: number): Promise<void> {
    await expect(this.slide).toHaveAttribute('data-item', String(item));
    await expect(this.slide).toHaveAttribute('data-frame', String(frame));
  }

  /** Everything on the page a person could operate. */
  controls(): Locator {
    return this.page.locator(
      'button, input, select, textarea, a[href], [role="button"], [role="link"], [contenteditable="true"], [tabindex]:not([tabindex="-1"])',
    );
  }

  /** Font sizes (px) of every element that holds visible text on the slide. */
  textSizes(): Promise<{ min: number; max: number; count: number; smallest: string }> {
    return this.page.evaluate(() => {
      const sizes: { size: number; text: string }[] = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const text = n.textContent?.trim();
        const el = n.parentElement;
        if (!text || !el) continue;
        const style = getComputedStyle(el);
        if (style.visibility === 'hidden' || style.display === 'none') continue;
        if (el.closest('.sr-only')) continue;
        sizes.push({ size: parseFloat(style.fontSize), text });
      }
      sizes.sort((a, b) => a.size - b.size);
      return {
        min: sizes[0]?.size ?? 0,
        max: sizes.at(-1)?.size ?? 0,
        count: sizes.length,
        smallest: sizes[0]?.text ?? '',
      };
    });
  }

  /** Whether anything needs scrolling or is cut off: the page, or a box on the slide. */
  overflow(): Promise<{ page: boolean; clipped: string[] }> {
    return this.page.evaluate(() => {
      const root = document.scrollingElement ?? document.documentElement;
      const page = root.scrollHeight > window.innerHeight || root.scrollWidth > window.innerWidth;
      const clipped: string[] = [];
      for (const el of document.querySelectorAll<HTMLElement>(
        '.aud-main, .aud-card, .aud-grid, .aud-cards',
      ))
        if (el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1)
          clipped.push(`${el.className}: ${el.scrollHeight}>${el.clientHeight}`);
      const slide = document.querySelector('.aud')?.getBoundingClientRect();
      if (slide && (slide.bottom > window.innerHeight + 1 || slide.right > window.innerWidth + 1))
        clipped.push('slide larger than the window');
      return { page, clipped };
    });
  }
}
