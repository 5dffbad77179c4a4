/**
 * TLC conformance: exhaustive exploration of PaxosStore `seed-spec` reproduces
 * TLC's distinct-state counts and depths (shared/reference/tlc-counts.md),
 * with the spec's Consistency holding.
 */
import { describe, expect, test } from 'vitest';
import { explore, exploreVariant } from '../../src/search/explore/bfs.js';
import { build, invariants, paxosstoreDef } from './helpers.js';

const TLC = [
  { participants: 1, values: 2, maxBallot: 2, distinct: 330, depth: 12 },
  { participants: 2, values: 2, maxBallot: 1, distinct: 19_125, depth: 25 },
];

describe('PaxosStore seed-spec matches TLC', () => {
  for (const t of TLC) {
    const cfg = { participants: t.participants, values: t.values, maxBallot: t.maxBallot };
    test(`${t.participants} participant(s), ${t.values} values, ballots 0..${t.maxBallot}: ${t.distinct} states, depth ${t.depth}`, () => {
      const r = explore({
        proto: build(paxosstoreDef, 'seed-spec', cfg),
        semantics: 'set',
        invariants: invariants(paxosstoreDef, ['consistency']),
        checkFingerprints: true,
      });
      expect(r.complete).toBe(true);
      expect(r.violation).toBeNull();
      expect(r.distinctStates).toBe(t.distinct);
      expect(r.depth).toBe(t.depth);
      expect(r.warnings).toEqual([]);
    });

    test(`same counts through exploreVariant with every invariant (ghost along first paths)`, () => {
      const r = exploreVariant({ def: paxosstoreDef, variant: 'seed-spec', config: cfg, invariants: paxosstoreDef.invariants.map((i) => i.name) });
      expect(r.complete).toBe(true);
      expect(r.violation).toBeNull();
      expect([r.distinctStates, r.depth]).toEqual([t.distinct, t.depth]);
      expect(r.stats.ghostMode).toBe('path');
    });

    test('ghost mode off gives the same counts (the ghost is never part of a TLC state)', () => {
      const r = explore({ proto: build(paxosstoreDef, 'seed-spec', cfg), semantics: 'set', ghost: 'off' });
      expect([r.distinctStates, r.depth]).toEqual([t.distinct, t.depth]);
    });
  }

  test('tpaxos (default variant) has the same state space at 2 participants (its extra guards only bite from 5) and keeps every invariant', () => {
    const r = exploreVariant({ def: paxosstoreDef, config: { participants: 2, values: 2, maxBallot: 1 } });
    expect(r.variant).toBe('tpaxos');
    expect(r).toMatchObject({ complete: true, distinctStates: 19_125, depth: 25, violation: null });
    expect(r.invariants).toEqual(['one-value-per-ballot', 'agreement', 'consistency', 'votes-safe']);
  });
});
