import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The console's browser app (src/console/app) is Preact JSX.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  test: {
    include: ['test/**/*.test.ts'],
    // Stops a `SHIPGATE_TEST_STORE=postgres` run at once when its database is missing (see the file).
    globalSetup: ['test/support/test-store-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: on a 2-core machine that is one test file at a time.
    // Most files wait on loopback HTTP, child processes and SQLite, so two at a time use the cores better.
    maxWorkers: 2,
    // Child processes run `src/bin.js` from the sources even when a `dist/` from an earlier build is here.
    env: { SHIPGATE_FROM_SOURCE: '1' },
  },
});
