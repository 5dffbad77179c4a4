/**
 * The fuzzing and property suites alone, as Stryker runs them
 * (`npm run mutation:properties`): properties/ only, so no exact state count
 * and no hand-computed expectation can kill a mutant; what it kills, an
 * invariant caught under the suites' fixed base seeds.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['properties/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
