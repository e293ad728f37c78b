import { defineConfig } from 'vitest/config';

// The pure tests (src/domain, the lint rule): no database, no global setup, seconds. `npm run test:domain`.
// `npm test` runs them too, with everything else.
export default defineConfig({
  test: {
    root: '.',
    include: ['test/domain/**/*.test.ts', 'test/lint/**/*.test.ts'],
    testTimeout: 60_000,
    pool: 'threads',
    maxWorkers: 2,
  },
});
