import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The console's browser app (src/console/app) is Preact JSX.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    // Child processes run `src/bin.js` from the sources even when a `dist/` from an earlier build is here.
    env: { SHIPGATE_FROM_SOURCE: '1' },
  },
});
