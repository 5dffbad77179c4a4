/** Laws of the explorer: determinism, budgets, shortest paths, the visited set, identity checks. */
import { describe, expect, test } from 'vitest';
import { explore, exploreVariant } from '../../src/search/explore/bfs.js';
import { collisionProbability, FingerprintSet } from '../../src/search/explore/fpset.js';
import { NO_COMMANDS, type Protocol } from '../../src/kernel/protocol.js';
import type { InvariantDef } from '../../src/kernel/definition.js';
import { build, CRASH, invariants, paxosDef, paxosstoreDef } from './helpers.js';

const PS2 = { participants: 2, values: 2, maxBallot: 1 };

describe('FingerprintSet', () => {
  test('add reports novelty, has finds, growth keeps everything', () => {
    const s = new FingerprintSet(4);
    for (let i = 0; i < 10_000; i++) expect(s.add(i * 7919, i ^ 0x5bd1e995)).toBe(true);
    for (let i = 0; i < 10_000; i++) expect(s.add(i * 7919, i ^ 0x5bd1e995)).toBe(false);
    expect(s.size).toBe(10_000);
    expect(s.has(3 * 7919, 3 ^ 0x5bd1e995)).toBe(true);
    expect(s.has(1, 1)).toBe(false);
    expect(s.add(0, 0)).toBe(true); // the empty marker is remapped, not lost
    expect(s.has(0, 0)).toBe(true);
  });

  test('birthday bound n^2 / 2^65', () => {
    expect(collisionProbability(1e6)).toBeCloseTo(2.71e-8, 9);
    expect(collisionProbability(1e8)).toBeCloseTo(2.71e-4, 5);
  });
});

describe('explore', () => {
  test('is deterministic: same counts, same counterexample path', () => {
    const run = () =>
      exploreVariant({ def: paxosDef, variant: 'thesis-python-sim', config: { proposers: 3, acceptors: 1, values: 3 }, faults: CRASH });
    const a = run(), b = run();
    expect(b.distinctStates).toBe(a.distinctStates);
    expect(b.transitions).toBe(a.transitions);
    expect(b.violation?.path).toEqual(a.violation?.path);
  });

  test('maxStates stops early and says so', () => {
    const r = exploreVariant({ def: paxosstoreDef, variant: 'seed-spec', config: PS2, maxStates: 1000 });
    expect(r).toMatchObject({ complete: false, stoppedBy: 'maxStates', distinctStates: 1000 });
  });

  test('maxDepth: complete iff nothing lies beyond the last level', () => {
    const at = exploreVariant({ def: paxosstoreDef, variant: 'seed-spec', config: PS2, maxDepth: 25 });
    expect(at).toMatchObject({ complete: true, distinctStates: 19_125, depth: 25 });
    const below = exploreVariant({ def: paxosstoreDef, variant: 'seed-spec', config: PS2, maxDepth: 24 });
    expect(below).toMatchObject({ complete: false, stoppedBy: 'maxDepth', depth: 24 });
    expect(below.distinctStates).toBeLessThan(19_125);
  });

  test('timeLimit stops a search that cannot finish, and progress is reported', () => {
    const seen: number[] = [];
    const r = exploreVariant({
      def: paxosstoreDef, variant: 'seed-spec', config: { participants: 3, values: 1, maxBallot: 1 },
      invariants: ['consistency'], timeLimitMs: 300, progressIntervalMs: 0, onProgress: (p) => seen.push(p.distinctStates),
    });
    expect(r).toMatchObject({ complete: false, stoppedBy: 'timeLimit' });
    expect(seen.length).toBeGreaterThan(0);
    expect(r.statesPerSec).toBeGreaterThan(0);
    expect(r.bytesPerState).toBeGreaterThan(0);
  });

  test('a violation in the initial state has an empty path', () => {
    const never: InvariantDef = { name: 'never', description: 'always fails', check: () => 'broken from the start' };
    const r = explore({ proto: build(paxosstoreDef, 'seed-spec', PS2), semantics: 'set', invariants: [never] });
    expect(r.violation).toMatchObject({ invariant: 'never', steps: 0, path: [], confirmed: true });
    expect(r.depth).toBe(1);
  });

  test('the counterexample is the shortest: no violation exists one level earlier', () => {
    const base = { def: paxosDef, variant: 'thesis-python-sim', config: { proposers: 3, acceptors: 1, values: 3 }, faults: CRASH };
    const found = exploreVariant(base);
    const steps = found.violation!.steps;
    const shallower = exploreVariant({ ...base, maxDepth: steps }); // levels 1..steps = paths of < steps events
    expect(shallower.violation).toBeNull();
  });

  test("ghost 'off' refuses invariants that read the ghost", () => {
    expect(() =>
      explore({ proto: build(paxosstoreDef, 'seed-spec', PS2), semantics: 'set', ghost: 'off', invariants: invariants(paxosstoreDef, ['agreement']) }),
    ).toThrow(/ghost/);
  });

  test('a state constraint is counted but not expanded', () => {
    const r = explore({ proto: build(paxosstoreDef, 'seed-spec', PS2), semantics: 'set', constraint: () => false });
    expect(r).toMatchObject({ complete: true, distinctStates: 1, constrained: 1, depth: 1 });
  });
});

describe('identity', () => {
  /** Counts 0..3 but its stateKey forgets the count: two different states share a key. */
  const sloppy: Protocol<{ n: number }, never, 'inc', never, null> = {
    nodeCount: 1,
    nodeName: () => 'N',
    init: () => ({ state: { n: 0 }, out: NO_COMMANDS }),
    onMessage: (s) => ({ state: s, out: NO_COMMANDS }),
    onTimer: (s) => ({ state: s, out: NO_COMMANDS }),
    actions: (s) => (s.n < 3 ? ['inc'] : []),
    onAction: (s) => ({ state: { n: s.n + 1 }, out: NO_COMMANDS }),
    recover: (p) => ({ state: p ?? { n: 0 }, out: NO_COMMANDS }),
    stateKey: (s) => (s.n === 0 ? 'zero' : 'some'),
    msgKey: () => '',
    actionKey: (a) => a,
    showMsg: () => '',
    showState: (s) => String(s.n),
    showAction: (a) => a,
    ghost: { init: () => null, record: (h) => h, clone: (h) => h },
  };

  test('a stateKey that is not injective is detected, and the search redone structurally', () => {
    const r = explore({ proto: sloppy, semantics: 'set' });
    expect(r.distinctStates).toBe(4);
    expect(r.stats.identity).toBe('structural');
    expect(r.warnings[0]).toMatch(/'some' is not injective/);
  });
});
