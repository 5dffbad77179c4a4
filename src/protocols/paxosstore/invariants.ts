/**
 * Safety properties, each evaluated after every step.
 *
 * Two notions of "chosen":
 * - chosen by VIEWS (the spec's `ChosenP`, ll. 124-131): participant `p` sees
 *   `v` chosen when a quorum of its views `state[p][q]` holds the same
 *   `(maxVBal, maxVVal) = (b, v)`. Views are second-hand and may lag; they also
 *   forget: once a participant's record moves to a higher ballot, views of it
 *   stop supporting the old pair. It is what participants can know.
 * - chosen by VOTES (Lamport's Voting.tla `ChosenAt`/`chosen`): some quorum
 *   of participants each cast a vote `(b, v)` at some time, from the ghost
 *   history, whether or not anyone ever learns it. A view's pair is always
 *   some vote its subject really cast, so chosen-by-views implies
 *   chosen-by-votes; the converse fails (nobody may have seen it). `agreement`
 *   is therefore the stronger check and `consistency` the spec's own.
 *
 * `one-value-per-ballot`, `votes-safe` and `agreement` read the ghost history
 * (`ghost.ts`); the refinement mapping takes `votes[a]` to every
 * `(maxVBal, maxVVal)` pair `a` ever held for itself and `maxBal[a]` to
 * `state[a][a].maxBal`.
 */
import type { InvariantDef } from '../../kernel/definition.js';
import type { WorldView } from '../../kernel/view.js';
import { participantName, quorumSize } from './config.js';
import { ChosenP } from './chosen.js';
import { votedFor, type History } from './ghost.js';
import { rowOf, type PsNode } from './instance.js';
import type { Msg } from './messages.js';
import type { Row } from './types.js';

/** The view paxosstore invariants read. */
export type PsView = WorldView<PsNode, Msg, History>;

/** `state[p]` of every participant (a crashed participant keeps its last, durable, row). */
export function views(w: PsView): Row[] {
  const out: Row[] = new Array(w.n);
  for (let p = 0; p < w.n; p++) out[p] = rowOf(w.up[p] ? w.nodes[p]! : (w.persisted[p] ?? w.nodes[p]!));
  return out;
}

/** `Consistency == Cardinality(chosen) <= 1` with `chosen == UNION {ChosenP(p)}` (ll. 124-131). */
export function consistency(w: PsView): true | string {
  const vs = views(w);
  let first: { p: number; v: number } | undefined;
  for (let p = 0; p < vs.length; p++) {
    for (const v of ChosenP(vs[p]!)) {
      if (first === undefined) first = { p, v };
      else if (first.v !== v) {
        return `${participantName(first.p)} sees value ${first.v} chosen and ${participantName(p)} sees value ${v} chosen`;
      }
    }
  }
  return true;
}

/** Voting.tla `OneValuePerBallot`: no two votes at one ballot for different values. */
export function oneValuePerBallot(w: PsView): true | string {
  return w.ghost.conflict ?? true;
}

/** Agreement: at most one value is chosen by votes (Voting.tla `chosen`, at most one element). */
export function agreement(w: PsView): true | string {
  const h = w.ghost;
  if (h.chosen.size <= 1) return true;
  const parts = [...h.chosen].map(
    ([v, c]) => `value ${v} at ballot ${c.b} by {${c.voters.map(participantName).join(',')}}`,
  );
  return `two values chosen by votes: ${parts.join('; ')}`;
}

/**
 * Voting.tla `VotesSafe`: every vote `(b, v)` of any acceptor satisfies
 * `SafeAt(b, v)`, where
 *   SafeAt(b, v) == \A c \in 0..(b-1) : NoneOtherChoosableAt(c, v)
 *   NoneOtherChoosableAt(c, v) == \E Q \in Quorum : \A a \in Q :
 *       VotedFor(a, c, v) \/ CannotVoteAt(a, c)
 *   CannotVoteAt(a, c) == maxBal[a] > c /\ DidNotVoteAt(a, c)
 * (Lamport, "Voting.tla" in the TLA+ Examples, the abstract algorithm Paxos
 * refines). Returns the first unsafe vote, explained.
 */
export function votesSafeIn(h: History, maxBal: readonly number[]): true | string {
  const n = maxBal.length;
  const quorum = quorumSize(n);
  const votedAt = new Set<string>(); // `${a}:${c}`: a voted at ballot c
  for (const x of h.votes) votedAt.add(`${x.node}:${x.b}`);
  for (const x of h.votes) {
    for (let c = 0; c < x.b; c++) {
      let k = 0;
      for (let a = 0; a < n; a++) {
        if (votedFor(h, a, c, x.v) || (maxBal[a]! > c && !votedAt.has(`${a}:${c}`))) k++;
      }
      if (k < quorum) {
        return (
          `${participantName(x.node)}'s vote for ${x.v} at ballot ${x.b} is not safe: ` +
          `at ballot ${c} only ${k} participant(s) voted ${x.v} or can no longer vote (quorum ${quorum})`
        );
      }
    }
  }
  return true;
}

/** Last world state in which `votes-safe` was evaluated and held, per history object. */
const safeCache = new WeakMap<History, { votes: number; maxBal: number[] }>();

/**
 * `VotesSafe` over the world, re-evaluated only when it can have changed:
 * `SafeAt` can only become false when a vote is added or some `maxBal`
 * decreases (`CannotVoteAt` is monotone in `maxBal`).
 */
export function votesSafe(w: PsView): true | string {
  const h = w.ghost;
  const vs = views(w);
  const maxBal = vs.map((row, a) => row[a]!.maxBal);
  const last = safeCache.get(h);
  if (last !== undefined && last.votes === h.votes.length && maxBal.every((m, a) => m >= last.maxBal[a]!)) {
    last.maxBal = maxBal;
    return true;
  }
  const r = votesSafeIn(h, maxBal);
  if (r === true) safeCache.set(h, { votes: h.votes.length, maxBal });
  return r;
}

/** The invariants of `paxosstore`, cheapest first. */
export const paxosstoreInvariants: readonly InvariantDef<PsNode, Msg, History>[] = [
  {
    name: 'one-value-per-ballot',
    description: 'no two votes at the same ballot for different values (Voting.tla OneValuePerBallot, over the ghost history)',
    check: oneValuePerBallot,
  },
  {
    name: 'agreement',
    description: 'at most one value is chosen by votes: a quorum each voting (b, v) for one b (Voting.tla chosen, ghost history)',
    check: agreement,
  },
  {
    name: 'consistency',
    description: "the spec's Consistency: at most one value in UNION {ChosenP(p)}, chosen as seen in views (PaxosStore.tla ll. 124-131)",
    check: consistency,
  },
  {
    name: 'votes-safe',
    description: "every vote (b, v) is SafeAt(b, v) (Lamport's Voting.tla VotesSafe; maxBal[a] = state[a][a].maxBal)",
    check: votesSafe,
  },
];
