/**
 * # PaxosStore's consensus protocol, from its TLA+ specification
 *
 * Source: `seeds/PaxosStore.tla` (plain-ASCII transcription of seed
 * `004_f7d360d5142dd5ef.txt`; line numbers `l. N` below and throughout this
 * folder refer to it), the TLA+ model of the consensus protocol of PaxosStore
 * (Lin et al., VLDB 2017), itself a variant of Paxos in which every
 * participant is both proposer and acceptor and every message carries the
 * sender's whole view.
 *
 * ## The model
 *
 * `state[p][q]` (l. 50) is what participant `p` knows of participant `q`: a
 * record `{maxBal, maxVBal, maxVVal}` (l. 35); `state[p][p]` is `p`'s own
 * promise and vote. A participant's node state is its view row `state[p]`
 * (`types.ts`). Three actions (`Next`, ll. 119-121):
 * - `Prepare(p, b)` (`prepare.ts`, ll. 67-71): raise `state[p][p].maxBal` to a
 *   ballot `b \in Bals(p)` (`b % NP = PIndex[p] - 1`, `config.ts`) and send the
 *   row to everyone;
 * - `OnMessage(q)` (`on-message.ts`, ll. 93-101): merge the sender's own record
 *   into the row with `UpdateState` (`update-state.ts`, ll. 79-89), which is
 *   both "learn" (views) and phase 1b/2b (promise, vote); ACK when the sender's
 *   view of `q` is behind `q`'s new record;
 * - `Accept(p, b, v)` (`accept.ts`, ll. 106-117): once a quorum of views has
 *   promised exactly `b`, vote `(b, v)` for itself with `v` by the usual
 *   highest-vote rule, and send the row to everyone.
 * `UpdateState` uses `EXCEPT` with six clauses, two triples of which write the
 * same record when a participant receives its own message; `except.ts` gives
 * them TLA+'s meaning (`@` is the value built so far; `state[...]` on a
 * right-hand side is the old state), which is what makes the state counts
 * match TLC's.
 *
 * ## Variants and levels (`variants.ts`)
 *
 * | variant          | level | semantics  | rules                                  |
 * |------------------|-------|------------|----------------------------------------|
 * | `tpaxos` (default)| spec | `set`      | module + `state[p][p].maxBal = b`, `state[p][p].maxVBal < b` in Accept |
 * | `seed-spec`      | spec  | `set`      | module exactly as written               |
 * | `tpaxos-impl`    | impl  | `multiset` | tpaxos, processes with timers           |
 * | `seed-spec-impl` | impl  | `multiset` | seed-spec, processes with timers        |
 *
 * A user picks the level by the variant name: each kernel `VariantDef` has
 * exactly one network semantics and one liveness flag, so one name per
 * (rules, level) pair keeps the registry static and every run self-describing
 * (a saved counterexample names its variant, hence its level).
 *
 * Spec level (`spec.ts`): `Prepare(b)` and `Accept(b,v)` are spontaneous
 * actions of the event's node (action keys `Prepare(1)`, `Accept(1,2)`), a
 * delivery is `OnMessage`. A message to `Participant` is one send per
 * participant, the sender included; an ACK one send to `m.from`. With the
 * kernel's set semantics (never removed, equal messages merged, deliveries
 * repeatable) this is isomorphic to the spec's `msgs` with its `to` field.
 * Exhaustive exploration of `seed-spec` reproduces TLC's counts (330 states,
 * depth 12 for 1 participant, 2 values, ballots 0..2; 19,125 states, depth 25
 * for 2 participants, 2 values, ballots 0..1).
 *
 * Implementation level (`impl.ts`): each participant is a process with a
 * client request, retries with backoff, durable view row, and every step it
 * takes is asserted to be a spec step (see the essay there, including why
 * Accept's guard over the global message set is only checked over the
 * process's own messages).
 *
 * ## Findings about the seed spec
 *
 * - Up to 4 participants, `seed-spec` and `tpaxos` have the same transitions:
 *   whatever raised `state[p][p].maxBal` above `b` also raised `p`'s view of
 *   the sender, so at most `NP - 2` views can still be at `b`, fewer than a
 *   quorum; and a second Accept at `b` is then blocked by guard 1.
 * - With 5 participants, `p` can Accept at `b` after promising a higher
 *   ballot (three stale views still show `b`), which breaks every invariant:
 *   two values chosen (by votes and by views), an unsafe vote, and a second
 *   Accept by `p` at `b` for another value (its own Accept message carried its
 *   higher `maxBal`, so guard 1 does not stop it), lowering its own `maxVBal`.
 *
 * ## Invariants (`invariants.ts`)
 *
 * `consistency` (the spec's, through `ChosenP`), and over the ghost history
 * (`ghost.ts`): `one-value-per-ballot`, `agreement` (chosen by votes) and
 * `votes-safe` (Lamport's `VotesSafe`). `decided` holds once some value is
 * chosen by votes.
 */
import type { Config, ProtocolDef } from '../../kernel/registry.js';
import type { History } from './ghost.js';
import { paxosstoreInvariants } from './invariants.js';
import { paxosstoreVariants } from './variants.js';

/** Default ballot bound: 0..11 gives each of 3 participants 4 ballots, enough for retries under faults. */
export const DEFAULT_MAX_BALLOT = 11;

/** Rejects configurations the model cannot express. */
export function validatePaxosstore(cfg: Config): string | undefined {
  for (const [name, min] of [
    ['participants', 1],
    ['values', 1],
    ['maxBallot', 0],
  ] as const) {
    const x = cfg[name];
    if (x === undefined || !Number.isInteger(x) || x < min) {
      return `paxosstore: ${name} must be an integer >= ${min} (got ${x === undefined ? 'nothing' : x})`;
    }
  }
  return undefined;
}

/** The `paxosstore` protocol: PaxosStore's consensus protocol from its TLA+ spec. */
export const paxosstoreDef: ProtocolDef = {
  name: 'paxosstore',
  description: "PaxosStore's consensus protocol (TLA+ spec PaxosStore.tla): every participant proposes and accepts, messages carry whole views",
  defaultVariant: 'tpaxos',
  variants: paxosstoreVariants,
  invariants: paxosstoreInvariants,
  params: [
    { name: 'participants', description: 'participants (NP), each both proposer and acceptor', default: 3, min: 1, max: 9 },
    { name: 'values', description: 'distinct client values (Value = 1..N)', default: 2, min: 1, max: 9 },
    {
      name: 'maxBallot',
      description: 'ballots are 0..N (the TLC bound on Nat); participant p owns ballots b with b % NP = p',
      default: DEFAULT_MAX_BALLOT,
      min: 0,
      max: 99,
    },
  ],
  validate: validatePaxosstore,
  decided: (w) => (w.ghost as History).chosen.size > 0,
};
