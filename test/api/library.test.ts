/**
 * The library as a user's code sees it (`src/index.ts`, what `import ... from
 * 'paxos-sim'` gives): definitions are checked once by `defineProtocol`;
 * `fuzz`, `explore`, `replay` and `minimize` agree with each other; and the
 * test helper `checkProtocol` fails a test with the shrunk story, the saved
 * file and the replay command, and fails it too when a known bug is no
 * longer found.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  CheckFailure, checkKnownBugs, checkProtocol, defineProtocol, explore, fuzz, InputError, minimize, paxosDef, replay, type ProtocolDef,
} from '../../src/index.js';
import { fromEnvironment } from '../../src/api/check.js';
// @ts-expect-error a plain JavaScript fixture module
import quorumJs from '../fixtures/quorum.mjs';

const quorum = defineProtocol(quorumJs as ProtocolDef);
const tmp = (): string => mkdtempSync(join(tmpdir(), 'paxos-sim-lib-'));

describe('defineProtocol', () => {
  test('returns a well-formed definition unchanged', () => {
    expect(defineProtocol(paxosDef)).toBe(paxosDef);
  });

  test.each([
    [{ ...quorumJs, name: '' }, /"name" must be a non-empty word/],
    [{ ...quorumJs, defaultVariant: 'nope' }, /"defaultVariant" must name one of its variants \(majority, any-quorum, checked-in-build\)/],
    [{ ...quorumJs, decided: undefined }, /"decided\(world\)" \(the liveness goal\) must be a function/],
    [{ ...quorumJs, params: [{ name: 'q2', description: '', default: 9, min: 1, max: 7 }] }, /param "q2" needs integers min <= default <= max/],
    [{ ...quorumJs, invariants: [...quorumJs.invariants, quorumJs.invariants[0]] }, /invariant "agreement" is declared twice/],
    [{ ...quorumJs, variants: [{ ...quorumJs.variants[1], bugs: [] }] , defaultVariant: 'any-quorum' }, /a buggy variant must declare its "bugs"/],
    [{ ...quorumJs, variants: [{ ...quorumJs.variants[0], semantics: 'bag' }] }, /"semantics" must be "set" or "multiset"/],
  ])('rejects a malformed definition with one line (%#)', (def, pattern) => {
    expect(() => defineProtocol(def as ProtocolDef)).toThrow(InputError);
    expect(() => defineProtocol(def as ProtocolDef)).toThrow(pattern as RegExp);
  });
});

describe('fuzz, replay, minimize and explore agree', () => {
  test('fuzz finds the python-sim bug; the saved file replays; minimize keeps it no longer', async () => {
    const out = tmp();
    const r = fuzz(paxosDef, { variant: 'thesis-python-sim', config: { proposers: 3 }, invariants: ['agreement'], seed: 11, strategy: 'pct', runs: 20000, out });
    expect(r.ok).toBe(false);
    const f = r.finding!;
    expect(f).toMatchObject({ kind: 'safety', invariant: 'agreement' });
    expect(f.steps).toBeLessThanOrEqual(f.originalSteps);
    expect(f.trace).toMatch(/safety violation: agreement/);
    expect(f.file).toMatch(/paxos-thesis-python-sim-agreement-[0-9a-f]{16}\.json$/);
    const rep = await replay(f.file!);
    expect(rep).toMatchObject({ reproduced: true, invariant: 'agreement', steps: f.steps, divergence: null });
    const m = minimize(paxosDef, { variant: 'thesis-python-sim', config: { proposers: 3 }, invariants: ['agreement'], schedule: f.schedule });
    expect(m.finding.invariant).toBe('agreement');
    expect(m.steps).toBeLessThanOrEqual(f.steps);
  });

  test('the same inputs give the same fingerprint', () => {
    const a = fuzz(quorum, { seed: 3, runs: 100, out: false });
    const b = fuzz(quorum, { seed: 3, runs: 100, out: false });
    expect(a.ok).toBe(true);
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(fuzz(quorum, { seed: 4, runs: 100, out: false }).fingerprint).not.toBe(a.fingerprint);
  });

  test('explore gives the shortest counterexample, which fuzz cannot beat', () => {
    const e = explore(quorum, { variant: 'any-quorum', config: { q2: 1 } });
    expect(e.violation).toMatchObject({ invariant: 'agreement', steps: 4 });
    expect(e.schedule).toHaveLength(4);
    const f = fuzz(quorum, { variant: 'any-quorum', config: { q2: 1 }, seed: 2, out: false });
    expect(f.finding!.steps).toBeGreaterThanOrEqual(4);
    expect(explore(quorum, { config: { acceptors: 3, q2: 2 } })).toMatchObject({ complete: true, violation: null });
  });

  test("the protocol's declared symmetry reduces states and keeps verdicts, with faults too", () => {
    for (const faults of ['off', 'on'] as const) {
      const plain = explore(quorum, { config: { acceptors: 3, q2: 2 }, faults });
      const reduced = explore(quorum, { config: { acceptors: 3, q2: 2 }, faults, symmetry: true });
      expect(reduced.stats.symmetry).toMatch(/acceptors \(6 permutations\)/);
      expect(reduced.distinctStates).toBeLessThan(plain.distinctStates);
      expect([plain.complete, reduced.complete, plain.violation, reduced.violation]).toEqual([true, true, null, null]);
      const bad = explore(quorum, { variant: 'any-quorum', config: { acceptors: 3, q2: 1 }, faults, symmetry: true });
      expect(bad.violation?.steps).toBe(4);
    }
  });

  test('bad options are InputErrors, before any work', () => {
    expect(() => fuzz(quorum, { variant: 'nope' })).toThrow(/unknown variant "nope" of quorum/);
    expect(() => fuzz(quorum, { config: { q3: 1 } })).toThrow(/unknown size "q3" of quorum; accepted: acceptors, q2/);
    expect(() => fuzz(quorum, { config: { q2: 1 } })).toThrow(/quorums must intersect/);
    expect(() => fuzz(quorum, { strategy: 'best' as never })).toThrow(/strategy must be one of/);
    expect(() => minimize(quorum, { schedule: [] })).toThrow(/violates none of agreement/);
  });
});

describe('checkProtocol (the test helper)', () => {
  test('a correct variant passes and returns the result', () => {
    expect(checkProtocol(quorum, { seed: 1, runs: 100 }).ok).toBe(true);
  });

  test('a finding fails the test with the shrunk story, the saved file and the replay command', () => {
    const out = tmp();
    let err: unknown;
    try {
      checkProtocol(quorum, { variant: 'any-quorum', config: { q2: 1 }, expect: 'pass', seed: 1, out, module: join(import.meta.dirname, '..', 'fixtures', 'quorum.mjs') });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CheckFailure);
    const msg = (err as Error).message;
    expect(msg).toMatch(/quorum\/any-quorum \{"acceptors":3,"q2":1\}: safety violation of agreement/);
    expect(msg).toMatch(/seed 1 \(re-run this test with PAXOS_SIM_SEED=1\)/);
    expect(msg).toMatch(/replay: npx paxos-sim replay .*quorum-any-quorum-agreement-[0-9a-f]{16}\.json/);
    expect(msg).toMatch(/step {2}\S.* {2}event/);
  });

  test('a known-buggy variant must be caught: found, it passes; not found, it fails', () => {
    expect(checkProtocol(quorum, { variant: 'any-quorum', config: { q2: 1 }, seed: 1 }).finding?.invariant).toBe('agreement');
    // Without sizes of its own, a buggy variant is checked against the bugs it declares, at their sizes and budgets.
    const declared = checkProtocol(quorum, { variant: 'any-quorum', seed: 1 });
    expect([declared.config, declared.finding?.invariant]).toEqual([{ acceptors: 3, q2: 1 }, 'agreement']);
    expect(checkKnownBugs(quorum, { seed: 2 }).map((r) => r.variant)).toEqual(['any-quorum']);
    expect(() => checkKnownBugs(quorum, { variant: 'majority' })).toThrow(/not a known-buggy variant; buggy ones: any-quorum/);
    // A bug whose declared finding is not what the search finds fails too.
    const wrong = { ...quorum, variants: quorum.variants.map((v) => (v.buggy ? { ...v, bugs: [{ ...v.bugs![0]!, expect: ['liveness'] }] } : v)) };
    expect(() => checkKnownBugs(wrong, { seed: 1 })).toThrow(/found safety agreement, but the bug expects liveness/);
    expect(() => checkProtocol(quorum, { variant: 'majority', expect: 'finding', seed: 1, runs: 50 })).toThrow(/expected a violation, but 50 runs .* found none/);
  });

  test('PAXOS_SIM_SEED replaces the seed and PAXOS_SIM_RUNS multiplies the budget; bad values are InputErrors', () => {
    expect(fromEnvironment({ seed: 1, runs: 100 }, { PAXOS_SIM_SEED: '42', PAXOS_SIM_RUNS: '2.5' })).toMatchObject({ seed: 42, runs: 250 });
    expect(fromEnvironment({}, { PAXOS_SIM_RUNS: '2' })).toMatchObject({ runs: 2000 });
    expect(() => fromEnvironment({}, { PAXOS_SIM_SEED: '-1' })).toThrow(InputError);
    expect(() => fromEnvironment({}, { PAXOS_SIM_RUNS: 'lots' })).toThrow(/PAXOS_SIM_RUNS must be a positive factor/);
  });
});
