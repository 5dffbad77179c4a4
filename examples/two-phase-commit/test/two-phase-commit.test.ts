/**
 * The example's own tests, as a user of paxos-sim writes them: `checkProtocol`
 * fuzzes a variant inside vitest and throws (with the shrunk trace, the saved
 * file and the replay command) when the outcome is not the expected one.
 *
 * - `correct` must come out clean at several sizes.
 * - Every bug a known-buggy variant declares must be found within the budget
 *   it declares, as one of the invariants it expects, and the saved
 *   counterexample must replay.
 * - The explorer agrees: no violation exists in `correct` at a small size,
 *   and the shortest `eager-commit` counterexample is found.
 *
 * Seed and budget can be changed without editing the test:
 * PAXOS_SIM_SEED=7 PAXOS_SIM_RUNS=10 npm test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { checkBug, checkProtocol, explore, replay } from 'paxos-sim';
import protocol from '../src/two-phase-commit.js';

/** The built module (npm test runs tsc first): recorded in saved files, so `npx paxos-sim replay FILE` needs no flags. */
const MODULE = fileURLToPath(new URL('../dist/two-phase-commit.js', import.meta.url));
const OUT = mkdtempSync(join(tmpdir(), 'two-phase-commit-'));
afterAll(() => rmSync(OUT, { recursive: true, force: true }));

describe('correct two-phase commit keeps its invariants and always decides', () => {
  test.each([1, 2, 3, 4])('rms = %i', (rms) => {
    const r = checkProtocol(protocol, { variant: 'correct', config: { rms }, seed: 1, runs: 500, module: MODULE });
    expect(r.ok).toBe(true);
    expect(r.invariants).toEqual(['consistency', 'commit-validity']);
    expect(r.liveness).toBe(true);
  });
});

describe('known-buggy variants: every declared bug is found', () => {
  for (const variant of protocol.variants.filter((v) => v.buggy))
    for (const bug of variant.bugs ?? [])
      test(`${variant.name}: ${bug.name}`, async () => {
        // checkBug throws unless the bug is found at its own sizes, invariants and budget, as a finding it expects.
        const r = checkBug(protocol, variant, bug, { seed: 1, module: MODULE, out: OUT });
        const f = r.finding!;
        expect(f.steps).toBeLessThanOrEqual(f.originalSteps);
        expect(f.file).not.toBeNull();
        const rep = await replay(f.file!);
        expect(rep, rep.divergence ?? '').toMatchObject({ reproduced: true, invariant: f.invariant, steps: f.steps });
        // Where the bug says fast-check alone finds it, within how many runs: check that too.
        if (bug.fastCheckRuns !== undefined) {
          const fc = checkProtocol(protocol, {
            variant: variant.name, config: bug.config, invariants: bug.invariants, strategy: 'fast-check', runs: bug.fastCheckRuns, seed: 1, out: false,
          });
          expect(bug.expect).toContain(fc.finding!.invariant);
        }
      });
});

describe('the explorer', () => {
  test('finds no violation in correct at rms = 2, with and without loss, duplication and a crash', () => {
    for (const faults of ['off', 'on'] as const) {
      const r = explore(protocol, { variant: 'correct', config: { rms: 2 }, faults });
      expect(r.violation, r.violation?.message).toBeNull();
      expect(r.complete).toBe(true);
    }
  });

  test('the RM symmetry is a reduction: fewer states, same verdicts', () => {
    for (const variant of ['correct', 'eager-commit'] as const) {
      const plain = explore(protocol, { variant, config: { rms: 3 } });
      const reduced = explore(protocol, { variant, config: { rms: 3 }, symmetry: true });
      expect(reduced.symmetryNote).toBeNull();
      expect(reduced.violation?.invariant).toBe(plain.violation?.invariant);
      expect(reduced.violation?.steps).toBe(plain.violation?.steps);
      if (plain.violation === null) expect(reduced.distinctStates).toBeLessThan(plain.distinctStates);
    }
  });

  test('finds the shortest eager-commit counterexample at rms = 2', () => {
    const r = explore(protocol, { variant: 'eager-commit', config: { rms: 2 } });
    expect(r.violation).toMatchObject({ invariant: 'commit-validity', confirmed: true });
    expect(r.schedule).not.toBeNull();
  });

  test('finds the forgetful RM with faults on at rms = 1', () => {
    const r = explore(protocol, { variant: 'forgetful-rm', config: { rms: 1 }, faults: 'on' });
    expect(r.violation).toMatchObject({ invariant: 'consistency', confirmed: true });
  });
});
