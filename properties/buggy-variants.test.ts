/**
 * Known-buggy variants must fail in the harness: for each bug declared by a
 * registered protocol's buggy variants (`VariantDef.bugs`), the suite's search finds a violation of the expected kind within its
 * budget, the event-level minimiser shrinks it (no longer than the original),
 * and the strict replay of the shrunk schedule reaches the same violation at
 * its last step. Where fast-check alone finds it within a test budget, that
 * is asserted too (fast-check's shrinking, then the minimiser). Every
 * registered buggy variant must declare a bug, so this suite breaks if the
 * harness ever stops finding one.
 */
import { describe, expect, test } from 'vitest';
import { suiteProtocols as protocols } from './registered.js';
import { knownBugs } from '../src/search/known-bugs.js';
import { baseSeed } from './harness.js';
import { fastCheckFindsBug, searchFindsBug } from './known-bug.js';

const SEED = baseSeed(7);
const KNOWN_BUGS = knownBugs(protocols);

describe('known-buggy variants fail in the harness', () => {
  test('every registered buggy variant declares a bug to find', () => {
    for (const def of protocols)
      for (const v of def.variants.filter((x) => x.buggy))
        expect(KNOWN_BUGS.some((b) => b.def === def && b.variant === v), `${def.name}/${v.name} is marked buggy but declares no bugs`).toBe(true);
  });

  // The mutants of the catalogue have a suite of their own (mutants.test.ts), so the two run side by side.
  for (const bug of KNOWN_BUGS.filter((b) => b.variant.mutant === undefined)) {
    test(`${bug.name}: ${bug.search.strategy} finds it and the minimiser shrinks it`, () => searchFindsBug(bug, SEED));
    if (bug.fastCheckRuns !== undefined)
      test(`${bug.name}: fast-check finds it, shrinks it, and the minimiser shrinks it further`, () => fastCheckFindsBug(bug, SEED));
  }
});
