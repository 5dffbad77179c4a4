/**
 * Ghost history: every vote ever cast and every value ever proposed, with the
 * summaries the invariants need kept up to date incrementally (so checking
 * `one-value-per-ballot` and `agreement` after every step is O(1)).
 *
 * What counts as a vote (the refinement mapping to Lamport's Voting.tla,
 * `votes[a]` = every `<<maxVBal, maxVVal>>` pair `a` ever held for itself):
 * - `Accept(p, b, v)` sets `state[p][p].maxVBal/maxVVal` to `b, v` (ll. 115-116);
 * - `UpdateState(q, p, pp)` may also change `state[q][q].maxVBal/maxVVal`
 *   (ll. 86-89, "make promise"; and ll. 82-84 when `q = p`). Whenever a step
 *   changes a participant's own `(maxVBal, maxVVal)` to a pair with a ballot,
 *   that pair is recorded as a vote.
 * A proposal is the `(b, v)` of every `Accept(p, b, v)`.
 */
import type { Ghost, NodeId } from '../../kernel/protocol.js';
import { participantName } from './config.js';

/** A ghost-history event, emitted through `ghost` commands. */
export type GhostEvent =
  /** The node now holds `(maxVBal, maxVVal) = (b, v)` for itself. */
  | { readonly kind: 'vote'; readonly b: number; readonly v: number }
  /** The node executed `Accept(p, b, v)`. */
  | { readonly kind: 'propose'; readonly b: number; readonly v: number };

/** One vote or proposal of the history. */
export interface Cast {
  readonly node: NodeId;
  readonly b: number;
  readonly v: number;
}

/** A value chosen by votes: a quorum voted for it at ballot `b`. */
export interface ChosenByVotes {
  readonly b: number;
  readonly voters: readonly NodeId[];
}

/** The ghost history of one run. Mutated in place by `record` (see `Ghost`). */
export interface History {
  /** Every distinct vote, in the order first cast. */
  readonly votes: Cast[];
  readonly voteKeys: Set<string>;
  /** Every distinct proposal, in the order first made. */
  readonly proposals: Cast[];
  readonly proposalKeys: Set<string>;
  /** The first vote seen at each ballot. */
  readonly firstAt: Map<number, Cast>;
  /** First violation of one-value-per-ballot, explained; `undefined` while none. */
  conflict: string | undefined;
  /** Voters of each `b:v`, in voting order. */
  readonly voters: Map<string, NodeId[]>;
  /** Values chosen by votes, each with the first ballot a quorum voted it at. */
  readonly chosen: Map<number, ChosenByVotes>;
}

/** The ghost bookkeeping for a configuration with quorums of `quorum` participants. */
export function makeGhost(quorum: number): Ghost<History, GhostEvent> {
  return {
    init: (): History => ({
      votes: [],
      voteKeys: new Set(),
      proposals: [],
      proposalKeys: new Set(),
      firstAt: new Map(),
      conflict: undefined,
      voters: new Map(),
      chosen: new Map(),
    }),
    record: (h, node, e) => (e.kind === 'vote' ? recordVote(h, quorum, node, e.b, e.v) : recordProposal(h, node, e.b, e.v)),
    clone: (h) => ({
      votes: h.votes.slice(),
      voteKeys: new Set(h.voteKeys),
      proposals: h.proposals.slice(),
      proposalKeys: new Set(h.proposalKeys),
      firstAt: new Map(h.firstAt),
      conflict: h.conflict,
      voters: new Map([...h.voters].map(([k, v]) => [k, v.slice()] as const)),
      chosen: new Map(h.chosen),
    }),
  };
}

function recordVote(h: History, quorum: number, node: NodeId, b: number, v: number): History {
  const key = `${node}:${b}:${v}`;
  if (h.voteKeys.has(key)) return h;
  h.voteKeys.add(key);
  const cast: Cast = { node, b, v };
  h.votes.push(cast);
  const first = h.firstAt.get(b);
  if (first === undefined) h.firstAt.set(b, cast);
  else if (first.v !== v && h.conflict === undefined) {
    h.conflict =
      `ballot ${b} has votes for two values: ${participantName(first.node)} voted ${first.v}, ` +
      `${participantName(node)} voted ${v}`;
  }
  const bv = `${b}:${v}`;
  let who = h.voters.get(bv);
  if (who === undefined) h.voters.set(bv, (who = []));
  who.push(node);
  if (who.length >= quorum && !h.chosen.has(v)) h.chosen.set(v, { b, voters: who.slice() });
  return h;
}

function recordProposal(h: History, node: NodeId, b: number, v: number): History {
  const key = `${node}:${b}:${v}`;
  if (!h.proposalKeys.has(key)) {
    h.proposalKeys.add(key);
    h.proposals.push({ node, b, v });
  }
  return h;
}

/** Did `a` ever vote `(c, v)`? (Voting.tla `VotedFor(a, c, v)`.) */
export function votedFor(h: History, a: NodeId, c: number, v: number): boolean {
  return h.voteKeys.has(`${a}:${c}:${v}`);
}
