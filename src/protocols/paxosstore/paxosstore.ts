/**
 * # PaxosStore's consensus protocol, from its TLA+ specification
 *
 * Source: `seeds/PaxosStore.tla`, the plain-ASCII transcription of seed
 * `004_f7d360d5142dd5ef.txt` (line numbers `l. N` here and throughout this
 * folder refer to it; the typeset seed numbers its lines nearly the same), the
 * TLA+ model of the consensus protocol of PaxosStore (Lin et al., VLDB 2017):
 * a Paxos in which every participant is both proposer and acceptor and every
 * message carries the sender's whole view.
 *
 * ## The model
 *
 * `state[p][q]` (l. 50) is what participant `p` knows of participant `q`, a
 * record `{maxBal, maxVBal, maxVVal}` (l. 35); `state[p][p]` is `p`'s own
 * promise and vote. A participant's node state is its view row `state[p]`
 * (`types.ts`; values `1..V`, `None = 0`, no ballot `-1`). The actions of
 * `Next` (ll. 119-121):
 * - `Prepare(p, b)` (`prepare.ts`, ll. 67-71): raise `state[p][p].maxBal` to a
 *   ballot `b \in Bals(p)` (`b % NP = PIndex[p] - 1`, `PIndex[p]` = id + 1,
 *   `config.ts`) and send the row to everyone;
 * - `OnMessage(q)` (`on-message.ts`, ll. 93-101): merge the sender's own record
 *   into the row with `UpdateState` (`update-state.ts`, ll. 79-89), at once
 *   "learn" (views), phase 1b (promise) and phase 2b (vote); ACK to the sender
 *   when its view of `q` is behind `q`'s NEW record `state'[q][q]`;
 * - `Accept(p, b, v)` (`accept.ts`, ll. 106-117): once a quorum of `p`'s views
 *   has promised exactly `b`, vote `(b, v)` with `v` by the highest-vote rule
 *   and send the row to everyone.
 *
 * `UpdateState`'s six `EXCEPT` clauses are applied one after the other, as
 * TLA+ defines a multi-clause `EXCEPT` (`except.ts`): `@` is the value built
 * so far, an explicit `state[q][..]` on a right-hand side is the old state.
 * This matters when `q = p` (a participant receiving its own message: both
 * triples then write the same record). In reachable states of the sizes TLC
 * can check it makes no difference to the counts (a participant's own record
 * never decreases there, so its own old message changes nothing): reading
 * every `@` as the old value also gives 330 and 19,125. The unit tests pin the
 * exact semantics on hand-built rows where the two readings differ.
 *
 * ## Variants and levels (`variants.ts`)
 *
 * | variant            | level | semantics  | Accept rules                                         |
 * |--------------------|-------|------------|------------------------------------------------------|
 * | `tpaxos` (default) | spec  | `set`      | module + `state[p][p].maxBal = b`, `state[p][p].maxVBal < b` |
 * | `seed-spec`        | spec  | `set`      | module exactly as written                            |
 * | `tpaxos-impl`      | impl  | `multiset` | tpaxos, guard 1 over the process's own messages      |
 * | `seed-spec-impl`   | impl  | `multiset` | seed-spec, guard 1 over the process's own messages   |
 *
 * After these four come the mutants of the catalogue (`mutants.ts`): each is
 * `tpaxos` or `tpaxos-impl` with exactly one field of its `PsRules`
 * (`rules.ts`) flipped, i.e. one rule of the module broken, and one declared
 * bug the harness must keep finding.
 *
 * The level is chosen by the variant name: a kernel `VariantDef` has exactly
 * one network semantics and one liveness mode, so one name per (rules, level)
 * keeps the registry static and every saved run self-describing (a
 * counterexample names its variant, hence its level). `explore` wants the
 * plain names; `fuzz` runs either (spec level: random TLA+ behaviours under the
 * message set; `-impl`: processes under loss, duplication, crashes and
 * partitions, then the liveness phase).
 *
 * Spec level (`spec.ts`): `Prepare(b)` and `Accept(b,v)` are spontaneous
 * actions of the event's node (action keys `Prepare(1)`, `Accept(1,2)`); a
 * delivery is `OnMessage`. A message to `Participant` is one send per
 * participant, the sender included, an ACK one send to `m.from`; under the
 * kernel's set semantics (never removed, equal messages merged, deliveries
 * repeatable) this is isomorphic to the spec's `msgs` with its `to` field.
 * Exhaustive exploration reproduces TLC's counts: 330 states, depth 12 (1
 * participant, 2 values, ballots 0..2) and 19,125 states, depth 25 (2, 2,
 * 0..1), for `seed-spec` and `tpaxos` alike.
 *
 * Implementation level (`impl.ts`): a process per participant with a client
 * request, retransmission, backoff and durable state; every step it takes is
 * asserted to be a spec step. Accept's guard 1 ranges over all messages ever
 * sent, which no process can see; `impl.ts` explains why the process checks it
 * over its own Accepts and what that changes.
 *
 * `maxBallot` (default `DEFAULT_MAX_BALLOT` = 20) bounds `Ballot` as TLC's
 * model does. It matters for the liveness phase: a process that has used all
 * of its ballots stops, and 20 leaves each of 3 participants 7 ballots where
 * swarm runs were seen to use at most 5. Explore with small bounds.
 *
 * ## What the seed spec gets wrong
 *
 * Without `state[p][p].maxBal = b`, `p` may accept at `b` after promising a
 * higher ballot, as long as a quorum of its (stale) views still shows `b`. The
 * message that raised `p`'s promise to another participant's ballot also
 * raised `p`'s view of its sender, so at most `NP - 2` views remain at `b`:
 * this takes 5 participants. Then every invariant breaks (`test/paxosstore/
 * seed-spec.test.ts`): P1 holds promises for 0 from P2..P4, promises P5's 4,
 * accepts 0 anyway; 1 is chosen at 0 by {P1, P3, P4}, 2 at 4 by {P5, P2, P3}
 * (agreement, consistency, votes-safe); and after voting (4, 2) P1 accepts 0
 * AGAIN with value 2 (its first Accept message carried its promise 4, so guard
 * 1 does not stop it), lowering its own `maxVBal` (one-value-per-ballot). With
 * 1 or 2 participants `seed-spec` and `tpaxos` have the same transitions; with
 * 3 or 4 the only extra steps are Accepts of a `p` that has moved on to a
 * higher ballot of its own, which no other participant counted on; no
 * violation was found there.
 *
 * ## Invariants (`invariants.ts`)
 *
 * `consistency` (the spec's, through `ChosenP`), and over the ghost history
 * (`ghost.ts`): `one-value-per-ballot`, `agreement` (chosen by votes) and
 * `votes-safe` (Lamport's `VotesSafe`). `decided` holds once some value is
 * chosen by votes.
 */
import type { Config, ProtocolDef } from '../../kernel/definition.js';
import type { GhostEvent, History } from './ghost.js';
import type { Msg } from './messages.js';
import type { PsNode } from './instance.js';
import { paxosstoreSymmetry } from './symmetry.js';
import { paxosstoreInvariants } from './invariants.js';
import { paxosstoreInduct } from './induct.js';
import { psConjuncts, psInductive, psPublished } from './inductive.js';
import { paxosstoreVariants } from './variants.js';

/** Default ballot bound `0..20` (see the essay: enough ballots for the liveness phase). */
export const DEFAULT_MAX_BALLOT = 20;

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
export const paxosstoreDef: ProtocolDef<PsNode, Msg, unknown, GhostEvent, History> = {
  name: 'paxosstore',
  description: "PaxosStore's consensus protocol (TLA+ spec PaxosStore.tla): every participant proposes and accepts, messages carry whole views",
  defaultVariant: 'tpaxos',
  variants: paxosstoreVariants,
  // The inductive invariant, its conjuncts and the published TPaxos clauses (inductive.ts) are checked on request, not kept by default.
  invariants: [...paxosstoreInvariants, ...psConjuncts, ...psPublished, psInductive],
  induct: paxosstoreInduct,
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
  suite: { runsPerInvariant: 200, sizeCaps: { participants: 3, values: 2, maxBallot: 6 } },
  decided: (w) => w.ghost.chosen.size > 0,
  chosen: (w) => [...w.ghost.chosen.keys()].map(String),
  explore: { symmetry: (variant, cfg) => paxosstoreSymmetry(variant.semantics, variant.name, cfg) },
};
