/**
 * The variants of `paxosstore`. Two axes:
 * - rules: `seed-spec` is the module exactly as written; `tpaxos` adds the two
 *   Accept guards `state[p][p].maxBal = b` and `state[p][p].maxVBal < b`;
 * - level: the plain names are the spec level (`set` semantics, for the
 *   explorer and spec-level simulation); the `-impl` names are the
 *   implementation level (`multiset` semantics, processes with timers, for
 *   the DES with faults and the liveness phase).
 * The mutants (`mutants.ts`) follow, each one rule of `rules.ts` away from its base.
 */
import type { VariantDef } from '../../kernel/definition.js';
import { buildImpl } from './impl.js';
import { paxosstoreMutants } from './mutants.js';
import { SEED_RULES, TPAXOS_RULES } from './rules.js';
import { buildSpec } from './spec.js';
import { ALL_INVARIANTS, local, psConfig } from './variant-parts.js';

export { SEED_RULES, TPAXOS_RULES, ALL_INVARIANTS, local, psConfig };

/** The four variants, spec level first (`tpaxos` is the default), then the mutants (`mutants.ts`). */
export const paxosstoreVariants: readonly VariantDef[] = [
  {
    name: 'tpaxos',
    description: 'spec level (message set): PaxosStore.tla plus Accept guards state[p][p].maxBal = b and state[p][p].maxVBal < b',
    keeps: ALL_INVARIANTS,
    liveness: 'never',
    buggy: false,
    semantics: 'set',
    build: (cfg) => buildSpec(psConfig(cfg), TPAXOS_RULES),
  },
  {
    name: 'seed-spec',
    description:
      'spec level (message set): PaxosStore.tla exactly as written; with 5 participants it breaks every invariant (Accept after promising a higher ballot)',
    keeps: ALL_INVARIANTS, // what the module claims (THEOREM Spec => []Consistency, and the vote invariants behind it)
    liveness: 'never',
    buggy: true,
    semantics: 'set',
    campaignConfig: { participants: 5, values: 2, maxBallot: 20 },
    bugs: [{
      name: 'paxosstore seed-spec 5',
      story: 'a participant accepts at ballot b after promising a higher one, on a quorum of stale views (needs 5 participants)',
      config: { participants: 5, values: 2, maxBallot: 4 },
      expect: ['one-value-per-ballot', 'agreement', 'consistency', 'votes-safe'],
      search: { strategy: 'des', runs: 6000 },
    }],
    build: (cfg) => buildSpec(psConfig(cfg), SEED_RULES),
  },
  {
    name: 'tpaxos-impl',
    description: 'implementation level (lossy network, crash-recover, retries): processes taking only tpaxos spec steps',
    keeps: ALL_INVARIANTS,
    liveness: 'always',
    buggy: false,
    semantics: 'multiset',
    build: (cfg) => buildImpl(psConfig(cfg), local(TPAXOS_RULES)),
  },
  {
    name: 'seed-spec-impl',
    description:
      'implementation level of seed-spec: accepts on a quorum of stale promises even after promising higher; caught with 5 participants',
    // A process accepts at most once per ballot (its phase moves on), so ballots keep one value.
    keeps: ALL_INVARIANTS,
    liveness: 'always',
    buggy: true,
    semantics: 'multiset',
    campaignConfig: { participants: 5, values: 2, maxBallot: 20 },
    bugs: [{
      name: 'paxosstore seed-spec-impl 5',
      story: 'the implementation of seed-spec: a process accepts on a quorum of stale promises after promising a higher ballot (5 participants)',
      config: { participants: 5, values: 2, maxBallot: 20 },
      expect: ['one-value-per-ballot', 'agreement', 'consistency', 'votes-safe'],
      search: { strategy: 'des', runs: 8000 },
    }],
    build: (cfg) => buildImpl(psConfig(cfg), local(SEED_RULES)),
  },
  ...paxosstoreMutants,
];
