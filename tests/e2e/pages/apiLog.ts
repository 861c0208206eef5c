import { expect, type Page, type Request } from '@playwright/test';

/** One call of the workbench to the server's API. */
export interface ApiCall {
  method: string;
  input: string;
}

/**
 * Records the workbench's calls to /api/ as they start, and knows when none is in flight: a
 * count of what a user action made the workbench ask.
 */
export class ApiLog {
  readonly calls: ApiCall[] = [];
  private readonly inFlight = new Set<Request>();
  private lastChange = Date.now();

  constructor(page: Page) {
    const isApi = (r: Request) => new URL(r.url()).pathname.startsWith('/api/');
    page.on('request', (r) => {
      if (!isApi(r)) return;
      const method = decodeURIComponent(new URL(r.url()).pathname.slice('/api/'.length));
      this.calls.push({ method, input: r.postData() ?? '' });
      this.inFlight.add(r);
      this.lastChange = Date.now();
    });
    // Requests that started before the log did are not counted, and not waited for.
    const done = (r: Request) => {
      if (this.inFlight.delete(r)) this.lastChange = Date.now();
    };
    page.on('requestfinished', done);
    page.on('requestfailed', done);
  }

  /** Waits until no call is in flight and none has started for `quietMs`. */
  async settle(quietMs = 500): Promise<void> {
    await expect
      .poll(() => this.inFlight.size === 0 && Date.now() - this.lastChange >= quietMs, {
        timeout: 15_000,
        intervals: [100],
      })
      .toBe(true);
  }
}
