import { existsSync } from 'node:fs';
import { SAMPLES } from './paths.js';

/** Vitest global setup: without the sample folder this suite fails, naming where it looked. */
export default function requireSamples(): void {
  if (!existsSync(SAMPLES)) {
    throw new Error(
      `The REFI sample suite needs the team's sample folder, which is not here: looked for ${SAMPLES}. ` +
        '`npm test` does not need it; this suite only runs where the folder exists.',
    );
  }
}
