/**
 * The mutants of `paxosstore` (its part of the mutation catalogue): each is a
 * correct variant (`tpaxos` or `tpaxos-impl`) with exactly one field of its
 * `PsRules` flipped (`rules.ts`), i.e. one rule of PaxosStore.tla broken, and
 * one bug the harness must keep finding.
 *
 * Spec-level mutants (`set` semantics) are for bugs of the spec's rules; the
 * `-impl` ones need what only the implementation level has: crashes, or the
 * liveness phase. `mutant.shortest` is where the explorer finishes
 * (breadth-first, so its counterexample is a shortest one).
 */
import type { BugDef, MutantDef, VariantDef } from '../../kernel/definition.js';
import { buildImpl } from './impl.js';
import { TPAXOS_RULES, type PsRules } from './rules.js';
import { buildSpec } from './spec.js';
import { ALL_INVARIANTS, local, psConfig } from './variant-parts.js';

/** What a mutant says about itself; the rest comes from its base. */
interface MutantSpec {
  readonly name: string;
  readonly description: string;
  /** The one rule it breaks (a field of `PsRules` with its non-spec value). */
  readonly rule: Partial<PsRules>;
  readonly mutant: MutantDef & { readonly of: 'tpaxos' | 'tpaxos-impl' };
  readonly bug: BugDef;
}

/** The one broken rule of each mutant, by name (for the tests). */
export const mutantRules = new Map<string, Partial<PsRules>>();

/** A mutant variant of `tpaxos` (spec level) or `tpaxos-impl`, from its one broken rule. */
function mutant(m: MutantSpec): VariantDef {
  mutantRules.set(m.name, m.rule);
  const rules: PsRules = { ...TPAXOS_RULES, ...m.rule };
  const impl = m.mutant.of === 'tpaxos-impl';
  return {
    name: m.name,
    description: m.description,
    keeps: ALL_INVARIANTS,
    liveness: impl ? 'always' : 'never',
    buggy: true,
    semantics: impl ? 'multiset' : 'set',
    mutant: m.mutant,
    bugs: [m.bug],
    build: impl ? (cfg) => buildImpl(psConfig(cfg), local(rules)) : (cfg) => buildSpec(psConfig(cfg), rules),
  };
}

/** The invariants a split decision breaks (with `one-value-per-ballot`, every one the variants keep). */
const SAFETY = ['agreement', 'consistency', 'votes-safe'];

export const paxosstoreMutants: readonly VariantDef[] = [
  mutant({
    name: 'vote-ignores-promise',
    description: 'UpdateState adopts a vote above its own vote, not checking it against its own promise',
    rule: { voteAgainst: 'vote' },
    mutant: {
      of: 'tpaxos',
      breaks: 'PaxosStore.tla ll. 86-89: make promise only if state[q][q].maxBal <= pp.maxVBal (compared with state[q][q].maxVBal instead)',
      shortest: { config: { participants: 3, values: 2, maxBallot: 1 } },
    },
    bug: {
      name: 'paxosstore vote-ignores-promise',
      story: 'an acceptor that promised ballot 1 still votes for ballot 0, so 0 and 1 choose different values',
      config: { participants: 3, values: 2, maxBallot: 4 },
      expect: [...SAFETY, 'one-value-per-ballot'],
      search: { strategy: 'all', runs: 2000 },
    },
  }),
  mutant({
    name: 'accept-without-quorum',
    description: 'Accept needs no quorum of promises: a participant accepts right after its own Prepare',
    rule: { quorumGuard: false },
    mutant: {
      of: 'tpaxos',
      breaks: 'PaxosStore.tla l. 110: \\E Q \\in Quorum : \\A q \\in Q : state[p][q].maxBal = b (dropped)',
      shortest: { config: { participants: 3, values: 2, maxBallot: 1 } },
    },
    bug: {
      name: 'paxosstore accept-without-quorum',
      story: 'two participants accept different values at their own ballots without any promise, and both are chosen',
      config: { participants: 3, values: 2, maxBallot: 4 },
      expect: [...SAFETY, 'one-value-per-ballot'],
      search: { strategy: 'all', runs: 200 },
    },
  }),
  mutant({
    name: 'quorum-not-above',
    description: 'Accept counts every view that has promised nothing above b (maxBal <= b), so views never heard from count',
    rule: { quorumBallot: 'at-most' },
    mutant: {
      of: 'tpaxos',
      breaks: 'PaxosStore.tla l. 110: \\A q \\in Q : state[p][q].maxBal = b (= replaced by <=)',
      shortest: { config: { participants: 3, values: 2, maxBallot: 1 } },
    },
    bug: {
      name: 'paxosstore quorum-not-above',
      story: 'a participant counts the participants it never heard from as promises and accepts alone',
      config: { participants: 3, values: 2, maxBallot: 4 },
      expect: [...SAFETY, 'one-value-per-ballot'],
      search: { strategy: 'all', runs: 200 },
    },
  }),
  mutant({
    name: 'half-quorum',
    description: 'a quorum is half of the participants (2|Q| >= NP), so with 4 participants two disjoint quorums accept',
    rule: { quorumSize: 'half' },
    mutant: {
      of: 'tpaxos',
      breaks: 'PaxosStore.tla l. 25 as used at l. 110: Quorum == {Q : Cardinality(Q) * 2 >= NP + 1} (NP + 1 replaced by NP)',
      shortest: { config: { participants: 4, values: 2, maxBallot: 1 } },
    },
    bug: {
      name: 'paxosstore half-quorum',
      story: 'with an even number of participants two disjoint halves each count as a quorum and choose different values',
      config: { participants: 4, values: 2, maxBallot: 4 },
      expect: [...SAFETY, 'one-value-per-ballot'],
      search: { strategy: 'all', runs: 300 },
    },
  }),
  // A spec bug, declared at the implementation level: it needs two votes for
  // different values in one view, which random spec behaviours rarely build
  // (spec-level 'all' missed it at seeds 1, 3 and 5 within 3,000 runs), while
  // the processes' own ballots build it within ~2,000 runs at every seed.
  mutant({
    name: 'lowest-vote-value',
    description: 'Accept proposes the value of the LOWEST vote in view instead of the highest',
    rule: { valueRule: 'lowest' },
    mutant: {
      of: 'tpaxos-impl',
      breaks: 'PaxosStore.tla ll. 112-114: v is the value with the highest maxVBal (>= flipped to <=, over the views that voted)',
      shortest: { config: { participants: 3, values: 2, maxBallot: 4 }, faults: 'off' },
    },
    bug: {
      name: 'paxosstore lowest-vote-value',
      story: 'a proposer seeing votes (0, 1) and (1, 2) proposes the older 1, although ballot 1 may have chosen 2',
      config: { participants: 3, values: 2, maxBallot: 20 },
      expect: [...SAFETY, 'one-value-per-ballot'],
      search: { strategy: 'all', runs: 4000 },
    },
  }),
  mutant({
    name: 'always-free-to-pick',
    description: 'every Accept is free to pick its own value, whatever votes it sees',
    rule: { freeToPick: 'always' },
    mutant: {
      of: 'tpaxos',
      breaks: 'PaxosStore.tla l. 111: free to pick only if \\A q : state[p][q].maxVBal = -1 (taken as TRUE)',
      shortest: { config: { participants: 3, values: 2, maxBallot: 1 } },
    },
    bug: {
      name: 'paxosstore always-free-to-pick',
      story: 'a proposer ignores the vote of a chosen value in its quorum and proposes another',
      config: { participants: 3, values: 2, maxBallot: 4 },
      expect: [...SAFETY, 'one-value-per-ballot'],
      search: { strategy: 'all', runs: 300 },
    },
  }),
  mutant({
    name: 'shared-ballots',
    description: 'PIndex is not injective: the last participant owns the same ballots as the first',
    rule: { bals: 'shared' },
    mutant: {
      of: 'tpaxos',
      breaks: 'PaxosStore.tla ll. 32-33: PIndex injective, so Bals(p) are disjoint (P_NP gets PIndex 1)',
      shortest: { config: { participants: 3, values: 2, maxBallot: 0 } },
    },
    bug: {
      name: 'paxosstore shared-ballots',
      story: 'P1 and P3 both prepare ballot 0 on the same promises and accept different values at it',
      config: { participants: 3, values: 2, maxBallot: 4 },
      expect: [...SAFETY, 'one-value-per-ballot'],
      search: { strategy: 'all', runs: 500 },
    },
  }),
  mutant({
    name: 'view-merge-overwrite',
    description: 'UpdateState overwrites its view of the sender without Max, so a stale message rolls the view back',
    rule: { viewMerge: 'overwrite' },
    mutant: {
      of: 'tpaxos',
      breaks: 'PaxosStore.tla ll. 81-84: state[q][p] merged with Max(@, pp.maxBal), Max(@, pp.maxVBal) (overwritten by pp)',
      shortest: { config: { participants: 3, values: 2, maxBallot: 1 } },
    },
    bug: {
      name: 'paxosstore view-merge-overwrite',
      story: 'a participant receives its own old message, which rolls back its own promise and vote',
      config: { participants: 3, values: 2, maxBallot: 4 },
      expect: [...SAFETY, 'one-value-per-ballot'],
      search: { strategy: 'all', runs: 300 },
    },
  }),
  mutant({
    name: 'amnesia-on-crash',
    description: 'implementation level: a process forgets its row (its promises and votes) when it crashes',
    rule: { durableRow: false },
    mutant: {
      of: 'tpaxos-impl',
      breaks: 'PaxosStore.tla l. 50: state[p] is a state variable, never reset (a restart must not lose state[p][p])',
      deep: 'a crash at a precise moment: the promiser must crash after sending its ACK and before the proposer counts it',
      shortest: { config: { participants: 3, values: 2, maxBallot: 4 }, faults: 'on' },
    },
    bug: {
      name: 'paxosstore amnesia-on-crash',
      story: 'P3 promises ballot 1, crashes and forgets it, so P2 accepts at 1 on a promise P3 no longer keeps (ballot 0 could still choose another value)',
      config: { participants: 3, values: 2, maxBallot: 20 },
      // Or the process's own refinement check (impl.ts: every step a spec step) stops it first: having forgotten its
      // Accept at 2, it takes Accept(2,1) again, which the spec forbids (seed 9 of the default strategy).
      expect: [...SAFETY, 'one-value-per-ballot', 'crash'],
      search: { strategy: 'all', runs: 500 },
    },
  }),
  mutant({
    name: 'volatile-vote',
    description: 'implementation level: a process keeps its promise across a crash but forgets its vote',
    rule: { durableVote: false },
    mutant: {
      of: 'tpaxos-impl',
      breaks: 'PaxosStore.tla ll. 86-89, 115-116: state[p][p].maxVBal/maxVVal, once set, are never reset (a restart loses them)',
      deep: 'a crash at a precise moment: a voter of the chosen value must crash after voting and before it answers a later Prepare',
      shortest: { config: { participants: 3, values: 2, maxBallot: 4 }, faults: 'on' },
    },
    bug: {
      name: 'paxosstore volatile-vote',
      story: 'P1 votes (1, 2) with P2, so 2 is chosen, crashes and forgets the vote; P3 then counts P1\'s promise for ballot 2, sees no vote and proposes its own 1',
      config: { participants: 3, values: 2, maxBallot: 20 },
      expect: [...SAFETY, 'one-value-per-ballot'],
      search: { strategy: 'all', runs: 2000 },
    },
  }),
  mutant({
    name: 'prepare-below-promise',
    description: 'Prepare at any ballot of its own, even below its promise, which lowers the promise',
    rule: { prepareAbove: false },
    mutant: {
      of: 'tpaxos',
      breaks: 'PaxosStore.tla l. 68: Prepare(p, b) only if state[p][p].maxBal < b (dropped; l. 70 then lowers the promise)',
      shortest: { config: { participants: 3, values: 2, maxBallot: 1 } },
    },
    bug: {
      name: 'paxosstore prepare-below-promise',
      story: 'a participant that promised ballot 1 re-prepares its ballot 0, forgets the promise and votes at 0',
      config: { participants: 3, values: 2, maxBallot: 4 },
      expect: [...SAFETY, 'one-value-per-ballot'],
      search: { strategy: 'all', runs: 300 },
    },
  }),
  mutant({
    name: 'promise-overwrite',
    description: 'UpdateState sets its own promise to the sender\'s maxBal without Max, so a lower ballot lowers it',
    rule: { promiseMerge: 'overwrite' },
    mutant: {
      of: 'tpaxos',
      breaks: 'PaxosStore.tla l. 85: ![q][q].maxBal = Max(@, pp.maxBal) (Max dropped)',
      shortest: { config: { participants: 3, values: 2, maxBallot: 1 } },
    },
    bug: {
      name: 'paxosstore promise-overwrite',
      story: 'a participant that promised ballot 1 receives a message of ballot 0, its promise drops to 0, and it votes at 0',
      config: { participants: 3, values: 2, maxBallot: 4 },
      expect: [...SAFETY, 'one-value-per-ballot'],
      search: { strategy: 'all', runs: 300 },
    },
  }),
];
