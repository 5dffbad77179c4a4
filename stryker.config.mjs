// @ts-check
/**
 * StrykerJS, the first score: generated mutants of the protocol sources,
 * killed by the whole suite (test/ and properties/, less the tests that spawn
 * the built CLI; see stryker/vitest.whole.config.ts). The second score,
 * properties/ alone, is stryker/properties.config.mjs. docs/mutation-testing.md
 * says how to run and read both.
 * Run: npm run mutation [-- --mutate <file> --concurrency 1]
 */

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
const config = {
  testRunner: 'vitest',
  vitest: { configFile: 'stryker/vitest.whole.config.ts' },
  // The protocols' rules; `--mutate <glob>` on the command line replaces this list.
  mutate: [
    'src/protocols/paxos/classic.ts',
    'src/protocols/paxos/rules.ts',
    'src/protocols/paxos/thesis.ts',
    'src/protocols/paxosstore/rules.ts',
    'src/protocols/paxosstore/update-state.ts',
    'src/protocols/paxosstore/prepare.ts',
    'src/protocols/paxosstore/on-message.ts',
    'src/protocols/paxosstore/accept.ts',
    'src/protocols/paxosstore/impl.ts',
  ],
  // Run only the tests that execute a mutant (the property suites are CPU-heavy).
  coverageAnalysis: 'perTest',
  // A mutant's time limit is (its tests' time in the dry run) x timeoutFactor + timeoutMS:
  // generous, because a mutant can make the searches slower without looping, and the
  // machine is shared. A Timeout counts as detected.
  timeoutFactor: 2.5,
  timeoutMS: 20_000,
  dryRunTimeoutMinutes: 60,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/whole.html' },
  jsonReporter: { fileName: 'reports/mutation/whole.json' },
  clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0 },
  // Not copied into the sandboxes: build output and run artefacts.
  ignorePatterns: ['/dist', '/counterexamples', '/reports', '*.tgz'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};

export default config;
