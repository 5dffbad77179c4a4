/**
 * The mutation catalogue of `paxos`: copies of the correct
 * `classic` with exactly one rule of `ClassicRules` (rules.ts) broken, each a
 * mistake someone could plausibly write. The harness must keep catching every
 * one: each declares the one bug it has, where it shows, and the search that
 * must find it (properties/buggy-variants.test.ts).
 *
 * `breaks` names the line of "Paxos Made Simple" (PMS) as the thesis (seed
 * 000_fc46020ddf857937) summarises it in section 2.2 — 2.2.1 for the two
 * phases, 2.2.2 for learning — or the paper itself where the thesis is silent
 * (stable storage, disjoint proposal numbers, retries).
 * `shortest` is where the explorer finishes and measures the shortest
 * counterexample (BFS depth).
 */
import type { BugDef, Config, MutantDef, VariantDef } from '../../kernel/definition.js';
import { classicProtocol } from './classic.js';
import { PAXOS_SAFETY } from './invariants.js';
import type { PaxosAction, PaxosGhost, PaxosHistory, PaxosMsg, PaxosNode } from './node.js';
import { CLASSIC_RULES, type ClassicRules } from './rules.js';

type PaxosVariant = VariantDef<PaxosNode, PaxosMsg, PaxosAction, PaxosGhost, PaxosHistory>;

/** A mutant of `classic`: its rules with `broken` overriding one of them. */
function classicMutant(name: string, description: string, broken: Partial<ClassicRules>, mutant: Omit<MutantDef, 'of'>, bug: BugDef): PaxosVariant {
  const rules: ClassicRules = { ...CLASSIC_RULES, ...broken };
  return {
    name,
    description,
    keeps: PAXOS_SAFETY,
    liveness: 'always',
    buggy: true,
    bugs: [bug],
    mutant: { of: 'classic', ...mutant },
    semantics: 'multiset',
    build: (cfg: Config) => classicProtocol(cfg, rules),
  };
}

const P2A3: Config = { proposers: 2, acceptors: 3, values: 2 };

/** Safety findings a broken choice of value shows as: I2 breaks at the accept that makes agreement break, or before. */
const VALUE_SAFETY = ['agreement', 'I2'];

// Broken rules, as module-level functions (no closure per build or message).
const always = (): boolean => true;
const never = (): boolean => false;
const lowestNumbered = (accNo: number, bestNo: number): boolean => accNo >= 0 && (bestNo < 0 || accNo < bestNo);
const firstWithValue = (accNo: number, bestNo: number): boolean => accNo >= 0 && bestNo < 0;
const lastWithValue = (accNo: number): boolean => accNo >= 0;
/** The promise number in place of the accepted one (when there is one): the value is reported, its age is not. */
const promisedNo = (accNo: number, promised: number): number => (accNo >= 0 ? promised : -1);
const half = (acceptors: number): number => Math.floor(acceptors / 2);

export const paxosMutants: readonly PaxosVariant[] = [
  classicMutant(
    'accept-below-promise',
    'an acceptor accepts every accept_req, whatever it promised',
    { accepts: always },
    { breaks: 'thesis 2.2.1 Phase 2b (accepted response) / PMS P1a: accept <n,v> only if no prepare numbered above n was promised', shortest: { config: P2A3 } },
    { name: 'accept-below-promise', story: 'A promises 2, then accepts the stale <1,1>: 1 is chosen, and P2, whose promises hid it, gets 2 chosen too', config: P2A3, expect: VALUE_SAFETY, search: { strategy: 'all', runs: 200 } },
  ),
  classicMutant(
    'promise-without-compare',
    'an acceptor promises every prepare_req, lowering its promise',
    { promises: always },
    { breaks: 'thesis 2.2.1 Phase 1b: promise n only if n is greater than any prepare already answered', shortest: { config: P2A3 } },
    { name: 'promise-without-compare', story: 'A accepts <2,2>, then promises 1 back down and accepts <1,1>', config: P2A3, expect: VALUE_SAFETY, search: { strategy: 'all', runs: 400 } },
  ),
  classicMutant(
    'adopt-lowest',
    "a proposer adopts the value of the lowest-numbered accepted proposal among the promises",
    { adopts: lowestNumbered },
    { breaks: 'thesis 2.2.1 Phase 2a: v is the value of the highest-numbered proposal among the responses', shortest: 'beyond the explorer at 2x3 in 60 s: no counterexample within 15 events (BFS, 4.9M-9.3M states); shrunk fuzz findings have 19 or more' },
    { name: 'adopt-lowest', story: "P3's round sees <1,1> (not chosen) and the chosen <2,2> among its promises and re-proposes 1", config: P2A3, expect: VALUE_SAFETY, search: { strategy: 'all', runs: 7000 } },
  ),
  classicMutant(
    'adopt-first-valued',
    'a proposer adopts the value of the first promise that carries one',
    { adopts: firstWithValue },
    { breaks: 'thesis 2.2.1 Phase 2a: v is the value of the highest-numbered proposal among the responses', shortest: 'beyond the explorer at 2x3 in 60 s: no counterexample within 15 events (BFS, 4.9M-9.3M states); shrunk fuzz findings have 19 or more' },
    { name: 'adopt-first-valued', story: 'P1 retries at 3; the stale <1,1> of A1 arrives before the chosen <2,2> of A2, and P1 proposes 1 over the chosen 2', config: P2A3, expect: VALUE_SAFETY, search: { strategy: 'all', runs: 7000 } },
  ),
  classicMutant(
    'adopt-last-valued',
    'a proposer adopts the value of the last promise received that carries one',
    { adopts: lastWithValue },
    { breaks: 'thesis 2.2.1 Phase 2a: v is the value of the highest-numbered proposal among the responses', shortest: 'beyond the explorer at 2x3 in 60 s: no counterexample within 15 events (BFS, 4.9M-9.3M states); shrunk fuzz findings have 19 or more' },
    { name: 'adopt-last-valued', story: 'the chosen <2,2> arrives first, an older <1,1> last, and the proposer re-proposes 1', config: P2A3, expect: VALUE_SAFETY, search: { strategy: 'all', runs: 15000 } },
  ),
  classicMutant(
    'ignore-promised-values',
    'a proposer always proposes its client value, whatever the promises report',
    { adopts: never },
    { breaks: 'thesis 2.2.1 Phase 2a: v is the value of the highest-numbered proposal among the responses, or any value only if they report none', shortest: { config: P2A3 } },
    { name: 'ignore-promised-values', story: "P1 gets <1,1> chosen; P2's promises report it, P2 proposes its own 2 anyway and gets it chosen too", config: P2A3, expect: VALUE_SAFETY, search: { strategy: 'all', runs: 200 } },
  ),
  classicMutant(
    'report-promised-number',
    'a promise reports the accepted value under the number the acceptor promised, not the one it accepted',
    { reportedNo: promisedNo },
    { breaks: 'thesis 2.2.1 Phase 1b: the promise carries the highest-numbered proposal the acceptor accepted, with its number', shortest: 'beyond the explorer at 2x3 in 60 s: no counterexample within 15 events (BFS, 5.2M states); shrunk fuzz findings have 22' },
    { name: 'report-promised-number', story: 'A1 accepted <1,1> then promised 3; its promise to a later round reports <3,1>, outranking the chosen <2,2>', config: P2A3, expect: VALUE_SAFETY, search: { strategy: 'all', runs: 9000 } },
  ),
  classicMutant(
    'stale-promises-count',
    'a proposer counts promises answering its earlier rounds toward the quorum of its current one',
    { promiseForRound: false },
    { breaks: 'thesis 2.2.1 Phase 2a: a proposer proceeds on responses to its prepare request numbered n from a majority', shortest: { config: { acceptors: 1 } } },
    { name: 'stale-promises-count', story: "P1's round 3 counts A1's old promise to round 1, taken before A1 accepted the chosen <2,2>, and proposes its own 1", config: P2A3, expect: VALUE_SAFETY, search: { strategy: 'all', runs: 1200 } },
  ),
  classicMutant(
    'phase1-minority',
    'a proposer starts Phase 2 after floor(n/2) promises, one short of a majority',
    { phase1Quorum: half },
    { breaks: 'thesis 2.2.1 Phase 2a: "if the proposer receives a response to its prepare requests from a majority of acceptors"', shortest: { config: P2A3 } },
    { name: 'phase1-minority', story: 'with 3 acceptors one promise suffices: P2 never hears of the chosen <1,1> and gets <2,2> accepted over it', config: P2A3, expect: VALUE_SAFETY, search: { strategy: 'all', runs: 200 } },
  ),
  classicMutant(
    'learn-from-minority',
    'a learner learns a value once floor(n/2) acceptors report it, one short of a majority',
    { learnQuorum: half },
    { breaks: 'thesis 2.2 Learner / 2.2.2: the learner waits until a majority of acceptors have accepted the same proposal', shortest: { config: P2A3 } },
    { name: 'learn-from-minority', story: 'with 3 acceptors one accepted_resp suffices: P1 learns 1 after A1 alone accepts <1,1>', config: P2A3, expect: ['learner-safety'], search: { strategy: 'all', runs: 200 } },
  ),
  classicMutant(
    'learn-across-ballots',
    'a learner counts acceptors per value, adding up accepts of different proposal numbers',
    { tallyByProposal: false },
    { breaks: 'thesis 2.2 Learner: consensus is a majority that accepted the same proposal (2.2.2 loosely says "the same value")', shortest: { config: P2A3 } },
    { name: 'learn-across-ballots', story: 'A1 accepted <1,1>, A3 accepted <3,1>: the learner adds them up and learns 1, chosen at no proposal number', config: P2A3, expect: ['learner-safety'], search: { strategy: 'all', runs: 800 } },
  ),
  classicMutant(
    'volatile-promise',
    'an acceptor persists its accepted proposal but not its promise: a restart forgets what it promised',
    { acceptorMemory: 'accepted' },
    { breaks: 'thesis 2.2.1 / thesis 2.2: an acceptor must remember its promise even if it fails and restarts', deep: "a crash at a precise moment: after the acceptor's promise completed one quorum, before a lower accept_req reaches it", shortest: { config: { acceptors: 1 }, faults: 'on' } },
    { name: 'volatile-promise', story: "A2 promises 2 to P2 (whose quorum then proposes 2), restarts having forgotten it, and accepts P1's <1,1>: 1 and 2 both chosen", config: P2A3, expect: VALUE_SAFETY, search: { strategy: 'all', runs: 15000 } },
  ),
  classicMutant(
    'volatile-accepted',
    'an acceptor persists its promise but not its accepted proposal: a restart forgets what it accepted',
    { acceptorMemory: 'promise' },
    { breaks: 'thesis 2.2.1 / thesis 2.2: an acceptor must remember the proposal it accepted even if it fails and restarts', deep: "a crash at a precise moment: after the acceptor's accept made a value chosen, before the other proposer's prepare reaches it", shortest: { config: { acceptors: 1 }, faults: 'on' } },
    { name: 'volatile-accepted', story: '<1,1> is chosen by A1 and A2; A1 restarts empty and its promise to P2 reports nothing, so P2 gets <2,2> chosen', config: P2A3, expect: VALUE_SAFETY, search: { strategy: 'all', runs: 1200 } },
  ),
  classicMutant(
    'never-retry',
    'a proposer whose round fails or times out never starts another',
    { retries: false },
    { breaks: 'thesis 2.2.1 "Simple Paxos runs in rounds until consensus is achieved" / PMS progress: a failed round is followed by a higher one', shortest: 'a liveness bug: the explorer checks safety only' },
    { name: 'never-retry', story: 'a prepare or a promise lost in the faulty period leaves a one-shot proposer stuck forever: nothing is ever chosen', config: P2A3, expect: ['liveness'], search: { strategy: 'all', runs: 200 } },
  ),
  classicMutant(
    'no-retry-in-phase2',
    'a proposer cancels its retry timeout once it sends accept_req, as if Phase 2 could not fail',
    { retriesInPhase2: false },
    { breaks: 'thesis 2.2.1 "Simple Paxos runs in rounds until consensus is achieved" / PMS progress: a round that fails in Phase 2 is followed by a higher one', shortest: 'a liveness bug: the explorer checks safety only' },
    { name: 'no-retry-in-phase2', story: 'an accept_req lost, or nacked by a higher promise, leaves its proposer waiting for accepts that never come: nothing is chosen', config: P2A3, expect: ['liveness'], search: { strategy: 'all', runs: 800 } },
  ),
];
