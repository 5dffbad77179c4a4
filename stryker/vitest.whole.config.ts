/**
 * The whole suite, as Stryker runs it (`npm run mutation`): every test in
 * test/ and properties/ except those that spawn the built CLI
 * (`node bin/paxos-sim.js`, i.e. compiled JS in dist/), which cannot see the
 * mutants Stryker instruments in src/. Files that mix spawning tests with
 * in-process ones are left out whole (none of their in-process tests reaches
 * the protocols except test/kernel/determinism.test.ts, whose subject is the
 * kernel). Stryker's vitest runner forces a single worker thread.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** Tests that spawn `bin/paxos-sim.js` (directly, via test/cli/spawn.ts or test/edge/helpers.ts). */
export const SPAWNING_TESTS = [
  'test/cli/cli.test.ts',
  'test/cli/explore-memory.test.ts',
  'test/cli/module.test.ts',
  'test/cli/mutants.test.ts',
  'test/cli/out-dir.test.ts',
  'test/cli/signals.test.ts',
  'test/cli/soak.test.ts',
  'test/edge/**',
  'test/kernel/determinism.test.ts',
  'test/schedule/cli.test.ts',
];

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['test/**/*.test.ts', 'properties/**/*.test.ts'],
    exclude: ['**/node_modules/**', ...SPAWNING_TESTS],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
