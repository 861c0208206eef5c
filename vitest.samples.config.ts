import { defineConfig } from 'vitest/config';

// `npm run test:samples`: the importers against real third-party REFI-QDA files from
// ../shared/refi, which only the team's machines and CI have. Never part of `npm test`.
export default defineConfig({
  test: {
    include: ['tests/samples/**/*.test.ts'],
    globalSetup: ['tests/samples/require-samples.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
