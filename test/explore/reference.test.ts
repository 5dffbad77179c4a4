/**
 * The fast explorer runs the kernel's rules on its integer store, with its
 * own event enumeration, no-op pruning and deduplication of message copies;
 * the reference explorer drives the kernel's object world itself. On small
 * configurations they must agree on distinct states, depth and the length of
 * the shortest counterexample, for every kind of event: set and multiset
 * deliveries, local actions, timers, loss, crash-recover, partitions, logical
 * addresses.
 */
import type { AnyWorldView } from '../../src/kernel/view.js';
import { describe, expect, test } from 'vitest';
import { explore } from '../../src/search/explore/bfs.js';
import { classicBallotConstraint } from '../../src/protocols/paxos/explore.js';
import { exploreReference } from '../../src/search/explore/reference.js';
import type { Semantics } from '../../src/kernel/network.js';
import type { Config, InvariantDef, ProtocolDef } from '../../src/kernel/definition.js';
import type { FaultMask, World } from '../../src/kernel/world.js';
import { build, CRASH, kept, LOSSY, paxosDef, paxosstoreDef } from './helpers.js';

interface Case {
  readonly name: string;
  readonly def: ProtocolDef;
  readonly variant: string;
  readonly cfg: Config;
  readonly semantics: Semantics;
  readonly faults?: FaultMask;
  readonly ghost?: 'fingerprint' | 'path';
  readonly invariants?: InvariantDef[];
  readonly constraint?: (w: AnyWorldView) => boolean;
}

const CASES: Case[] = [
  { name: 'paxos thesis 1/2/1', def: paxosDef, variant: 'thesis', cfg: { proposers: 1, acceptors: 2, values: 1 }, semantics: 'multiset' },
  { name: 'paxos thesis 2/2/2', def: paxosDef, variant: 'thesis', cfg: { proposers: 2, acceptors: 2, values: 2 }, semantics: 'multiset' },
  { name: 'paxos thesis 1/2/1 crash-recover', def: paxosDef, variant: 'thesis', cfg: { proposers: 1, acceptors: 2, values: 1 }, semantics: 'multiset', faults: CRASH },
  { name: 'paxos thesis 1/2/1 loss, crash, partitions', def: paxosDef, variant: 'thesis', cfg: { proposers: 1, acceptors: 2, values: 1 }, semantics: 'multiset', faults: LOSSY },
  { name: 'paxos thesis 1/2/1 under set semantics', def: paxosDef, variant: 'thesis', cfg: { proposers: 1, acceptors: 2, values: 1 }, semantics: 'set' },
  { name: 'paxos thesis-python-sim 2/2/2 (addresses)', def: paxosDef, variant: 'thesis-python-sim', cfg: { proposers: 2, acceptors: 2, values: 2 }, semantics: 'multiset' },
  {
    name: 'paxos classic 1/2/1, ballots <= 2 (timers)', def: paxosDef, variant: 'classic', cfg: { proposers: 1, acceptors: 2, values: 1 },
    semantics: 'multiset', constraint: classicBallotConstraint(2),
  },
  {
    name: 'paxos classic 1/2/1, ballots <= 2, crash-recover', def: paxosDef, variant: 'classic', cfg: { proposers: 1, acceptors: 2, values: 1 },
    semantics: 'multiset', faults: CRASH, constraint: classicBallotConstraint(2),
  },
  {
    name: 'paxos classic 2/2/2, ballots <= 2', def: paxosDef, variant: 'classic', cfg: { proposers: 2, acceptors: 2, values: 2 },
    semantics: 'multiset', constraint: classicBallotConstraint(2),
  },
  {
    name: 'paxosstore seed-spec 1/2/0..2, ghost in the state', def: paxosstoreDef, variant: 'seed-spec',
    cfg: { participants: 1, values: 2, maxBallot: 2 }, semantics: 'set', ghost: 'fingerprint',
  },
  {
    name: 'paxosstore tpaxos-impl 1/1/0..1 (timers, multiset)', def: paxosstoreDef, variant: 'tpaxos-impl',
    cfg: { participants: 1, values: 1, maxBallot: 1 }, semantics: 'multiset',
  },
];

describe('fast explorer agrees with the kernel-driven reference', () => {
  for (const c of CASES) {
    test(c.name, () => {
      const proto = build(c.def, c.variant, c.cfg);
      const invariants = c.invariants ?? kept(c.def, c.variant);
      const fast = explore({ proto, semantics: c.semantics, faults: c.faults, ghost: c.ghost, invariants, constraint: c.constraint, checkFingerprints: true });
      // The reference keys states the way the fast explorer ended up keying them.
      const ref = exploreReference({
        proto, semantics: c.semantics, faults: c.faults, ghost: c.ghost, invariants, constraint: c.constraint, identity: fast.stats.identity,
      });
      expect(fast.complete).toBe(true);
      expect(ref.complete).toBe(true);
      expect({ states: fast.distinctStates, depth: fast.depth }).toEqual({ states: ref.distinctStates, depth: ref.depth });
      expect(fast.violation).toBeNull();
    });
  }

  test('same shortest counterexample length: thesis-python-sim 3 proposers, 1 acceptor, crash-recover', () => {
    const proto = build(paxosDef, 'thesis-python-sim', { proposers: 3, acceptors: 1, values: 3 });
    const invariants = kept(paxosDef, 'thesis-python-sim');
    const fast = explore({ proto, semantics: 'multiset', faults: CRASH, invariants, identity: 'structural' });
    const ref = exploreReference({ proto, semantics: 'multiset', faults: CRASH, invariants, identity: 'structural' });
    expect(fast.violation?.steps).toBe(ref.violation?.steps);
    expect(fast.violation?.invariant).toBe(ref.violation?.invariant);
  });
});
