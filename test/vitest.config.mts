import { defineConfig } from 'vitest/config';

// graphql is aliased to its CommonJS build: type-graphql loads that one, and two copies of graphql
// in one process fail with "Cannot use GraphQLSchema from another module or realm".
export default defineConfig({
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: {
    root: '.',
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/support/setup-file.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
