import { randomBytes } from 'node:crypto';

/**
 * One-time launch codes. Opening the browser puts the URL on a command line (`xdg-open URL`),
 * which every user of the machine can read in the process list; so the browser is opened at
 * `/launch/<code>` instead of at the URL with the token. The server answers a code once, with a
 * redirect to `/#token=...` (browsers keep the fragment of a Location), and forgets it.
 */
export const LAUNCH_PATH = '/launch/';
export const LAUNCH_TTL_MS = 60_000;

export class LaunchCodes {
  private readonly codes = new Map<string, number>();

  constructor(
    private readonly ttlMs = LAUNCH_TTL_MS,
    private readonly clock: () => number = Date.now,
  ) {}

  /** A fresh code, valid once within the time to live. */
  create(): string {
    this.forgetExpired();
    const code = randomBytes(24).toString('base64url');
    this.codes.set(code, this.clock() + this.ttlMs);
    return code;
  }

  /** Whether the code is valid; a valid code is used up by this call. */
  redeem(code: string): boolean {
    this.forgetExpired();
    const expires = this.codes.get(code);
    if (expires === undefined) return false;
    this.codes.delete(code);
    return expires > this.clock();
  }

  private forgetExpired(): void {
    const t = this.clock();
    for (const [code, expires] of this.codes) if (expires <= t) this.codes.delete(code);
  }
}
