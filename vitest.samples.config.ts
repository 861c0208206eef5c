import { existsSync } from 'node:fs';
import { defineConfig } from 'vitest/config';
import { SAMPLES } from './tests/samples/paths.js';

// `npm run test:samples`: the importers against real third-party REFI-QDA files from
// ../shared/refi, which only the team's machines and CI have. Never part of `npm test`.
// Without the folder this suite fails at once, saying where it looked: a missing folder is
// never a pass.
if (!existsSync(SAMPLES)) {
  console.error(
    `test:samples: the REFI sample folder is not here; looked for ${SAMPLES} ` +
      "(beside the repository, on the team's machines and CI only). `npm test` does not need it.",
  );
  process.exit(1);
}

export default defineConfig({
  test: {
    include: ['tests/samples/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
