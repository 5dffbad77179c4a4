// @ts-check
/**
 * StrykerJS, the second score: the same mutants as stryker.config.mjs, killed
 * by the fuzzing and property suites alone (properties/**).
 * Run: npm run mutation:properties [-- --mutate <file> --concurrency 1]
 */
import whole from '../stryker.config.mjs';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
const config = {
  ...whole,
  vitest: { ...whole.vitest, configFile: 'stryker/vitest.properties.config.ts' },
  htmlReporter: { fileName: 'reports/mutation/properties.html' },
  jsonReporter: { fileName: 'reports/mutation/properties.json' },
};

export default config;
