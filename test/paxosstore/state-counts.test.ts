/**
 * The spec level reproduces TLC's state counts (shared/reference/tlc-counts.md):
 * exhaustive breadth-first exploration under set semantics, states = view
 * rows + the message set, depth = BFS levels including the initial state.
 * The explorer checks every invariant, ghost-based ones along the first path
 * to each state (TLC has no ghost).
 */
import { describe, expect, test } from 'vitest';
import type { AnyProtocol } from '../../src/kernel/protocol.js';
import { explore } from '../../src/search/explore/index.js';
import { buildSpec } from '../../src/protocols/paxosstore/spec.js';
import { SEED_RULES, TPAXOS_RULES } from '../../src/protocols/paxosstore/variants.js';
import { paxosstoreInvariants } from '../../src/protocols/paxosstore/invariants.js';

/** Exhaustive search of a spec-level instance, every invariant checked. */
function bfs(proto: AnyProtocol) {
  const r = explore({ proto, semantics: 'set', invariants: paxosstoreInvariants });
  return { distinct: r.distinctStates, depth: r.depth, complete: r.complete, violation: r.violation };
}

const OWN = { ...TPAXOS_RULES, guard1Scope: 'own' as const };

describe('TLC state counts (seed-spec, exactly as written)', () => {
  test('1 participant, 2 values, ballots 0..2: 330 distinct states, depth 12', () => {
    const r = bfs(buildSpec({ np: 1, values: 2, maxBallot: 2 }, SEED_RULES));
    expect(r).toMatchObject({ distinct: 330, depth: 12, complete: true });
    expect(r.violation).toBeNull();
  });

  test('2 participants, 2 values, ballots 0..1: 19,125 distinct states, depth 25', () => {
    const r = bfs(buildSpec({ np: 2, values: 2, maxBallot: 1 }, SEED_RULES));
    expect(r).toMatchObject({ distinct: 19125, depth: 25, complete: true });
    expect(r.violation).toBeNull();
  });
});

describe('tpaxos (and its own-messages guard-1 form) has the same reachable states: with 1 or 2 participants its extra guards never bind', () => {
  test.each([
    [1, 2, 2, 330, 12],
    [2, 2, 1, 19125, 25],
  ])('np=%i values=%i ballots 0..%i', (np, values, maxBallot, distinct, depth) => {
    for (const rules of [TPAXOS_RULES, OWN]) {
      const r = bfs(buildSpec({ np, values, maxBallot }, rules));
      expect(r).toMatchObject({ distinct, depth, complete: true });
      expect(r.violation).toBeNull();
    }
  });
});

describe('other small scopes keep every invariant', () => {
  test.each([
    [1, 2, 4],
    [1, 3, 3],
  ])('seed-spec np=%i values=%i ballots 0..%i', (np, values, maxBallot) => {
    const r = bfs(buildSpec({ np, values, maxBallot }, SEED_RULES));
    expect(r.complete).toBe(true);
    expect(r.violation).toBeNull();
  });
});
