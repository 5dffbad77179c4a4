import { defineConfig } from 'vitest/config';

/** Test layout: unit and law tests in test/, property suites in properties/. */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'properties/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
