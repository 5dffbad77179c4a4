/**
 * The inductive invariant of TPaxos, from the authors' TLAPS proof (the
 * public module `TPaxos`: `Inv == MsgInv /\ AccInv /\ TypeOK` over
 * `VotedForIn`, `SafeAt` and `WontVoteIn`), transcribed clause by clause and
 * adapted to the seed spec's messages (`PaxosStore.tla`: a `type`, a `to`
 * set, the sender's whole row).
 *
 * Two readings of `VotedForIn(a, b, v)`:
 * - published: `\E m \in msgs : m.from = a /\ m.state[a].maxBal = b /\
 *   m.state[a].maxVBal = b /\ m.state[a].maxVVal = v` — a vote is a message
 *   whose sender's own record has voted at the ballot it holds. In TPaxos a
 *   participant adopts a vote only when the sender's record has
 *   `maxBal = maxVBal` (its `UpdateState` compares `Max(maxBal, pp.maxBal)`
 *   with `pp.maxVBal`), so every vote shows up that way. The seed spec's
 *   `UpdateState` compares the OLD `state[q][q].maxBal` (ll. 86-89): q can
 *   adopt `(1, v)` from a record `(3, 1, v)` and never hold `maxBal = 1`
 *   after it, so `AccInv`'s `maxVBal >= 0 => VotedForIn(a, maxVBal, maxVVal)`
 *   fails on reachable states (`published-acc-inv`; see the README).
 * - adapted (`msg-inv`, `acc-inv`, `inductive`): `VotedForIn` is the ghost
 *   history's vote (Voting.tla's `votes`, `ghost.ts`), which the seed spec's
 *   refinement mapping already uses.
 *
 * One published clause is dropped from both: `m.from \notin m.to`. TPaxos
 * sends to `Participant \ {p}`; the seed spec sends Prepare and Accept to
 * `Participant`, the sender included (ll. 71, 117), so the clause fails at the
 * first Prepare. Types are the seed's: values `1..V`, `None = 0`, no ballot `-1`.
 */
import type { InvariantDef } from '../../kernel/definition.js';
import { participantName as name } from './config.js';
import { votedFor, type History } from './ghost.js';
import type { PsNode } from './instance.js';
import { agreement, consistency, oneValuePerBallot, views, votesSafe, type PsView } from './invariants.js';
import { msgKey, type Msg } from './messages.js';
import { None, recEq, showRec, type Rec, type Row } from './types.js';

type Inv = InvariantDef<PsNode, Msg, History>;

/** What the clauses read, computed once per check. */
interface Index {
  readonly np: number;
  readonly quorum: number;
  /** `state[p]` of every participant. */
  readonly state: Row[];
  /** `msgs`, each message once (envelopes to several addressees merged). */
  readonly msgs: Msg[];
  /** `VotedForIn(a, b, v)` in the reading chosen. */
  readonly votedForIn: (a: number, b: number, v: number) => boolean;
  /** `\E v : VotedForIn(a, b, v)`. */
  readonly votedIn: (a: number, b: number) => boolean;
}

function messages(w: PsView): Msg[] {
  const seen = new Map<string, Msg>();
  for (const env of w.net.envelopes()) {
    const k = msgKey(env.msg);
    if (!seen.has(k)) seen.set(k, env.msg);
  }
  return [...seen.values()];
}

/** The adapted reading: votes from the ghost history. */
function ghostIndex(w: PsView): Index {
  const h = w.ghost;
  const at = new Set<string>();
  for (const x of h.votes) at.add(`${x.node}:${x.b}`);
  return {
    np: w.n, quorum: Math.floor(w.n / 2) + 1, state: views(w), msgs: messages(w),
    votedForIn: (a, b, v) => votedFor(h, a, b, v),
    votedIn: (a, b) => at.has(`${a}:${b}`),
  };
}

/** The published reading: votes from messages whose sender's record has maxBal = maxVBal. */
function publishedIndex(w: PsView): Index {
  const msgs = messages(w);
  const votes = new Map<string, number>(); // `${a}:${b}` -> v
  const exact = new Set<string>();
  for (const m of msgs) {
    const r = m.state[m.from]!;
    if (r.maxBal === r.maxVBal && r.maxBal >= 0) {
      votes.set(`${m.from}:${r.maxBal}`, r.maxVVal);
      exact.add(`${m.from}:${r.maxBal}:${r.maxVVal}`);
    }
  }
  return {
    np: w.n, quorum: Math.floor(w.n / 2) + 1, state: views(w), msgs,
    votedForIn: (a, b, v) => exact.has(`${a}:${b}:${v}`),
    votedIn: (a, b) => votes.has(`${a}:${b}`),
  };
}

/**
 * `SafeAt(b, v) == \A c \in 0..(b-1) : \E Q \in Quorum : \A a \in Q :
 * VotedForIn(a, c, v) \/ WontVoteIn(a, c)`, with
 * `WontVoteIn(a, c) == (\A v : ~VotedForIn(a, c, v)) /\ state[a][a].maxBal > c`.
 * Returns true or the first ballot where no quorum vouches for v.
 */
function safeAt(ix: Index, b: number, v: number): true | number {
  for (let c = 0; c < b; c++) {
    let k = 0;
    for (let a = 0; a < ix.np; a++) if (ix.votedForIn(a, c, v) || (!ix.votedIn(a, c) && ix.state[a]![a]!.maxBal > c)) k++;
    if (k < ix.quorum) return c;
  }
  return true;
}

const show = (m: Msg): string => `${m.type} from ${name(m.from)} with ${name(m.from)} = ${showRec(m.state[m.from]!)}`;

/** `TypeOK`: rows of records, messages of the three types, in range. */
function typeOk(w: PsView, ix: Index): true | string {
  const recOk = (r: Rec | undefined): boolean =>
    r !== undefined && Number.isInteger(r.maxBal) && r.maxBal >= -1 && Number.isInteger(r.maxVBal) && r.maxVBal >= -1 && Number.isInteger(r.maxVVal) && r.maxVVal >= 0;
  for (let p = 0; p < ix.np; p++) {
    const row = ix.state[p]!;
    if (row.length !== ix.np) return `type-ok: state[${name(p)}] has ${row.length} records for ${ix.np} participants`;
    for (let q = 0; q < ix.np; q++) if (!recOk(row[q])) return `type-ok: state[${name(p)}][${name(q)}] is not a State record`;
  }
  for (const m of ix.msgs) {
    if (m.type !== 'Prepare' && m.type !== 'Accept' && m.type !== 'ACK') return `type-ok: a message of type ${String(m.type)}`;
    if (!Number.isInteger(m.from) || m.from < 0 || m.from >= ix.np || m.state.length !== ix.np || !m.state.every(recOk)) return `type-ok: ${m.type} from ${m.from} is not a Message`;
  }
  return true;
}

/** `MsgInv`, clause by clause (`m.from \notin m.to` dropped, see the essay). */
function msgInv(label: string, w: PsView, ix: Index): true | string {
  for (const m of ix.msgs) {
    const p = m.from;
    const cur = m.state[p]!;
    if (cur.maxBal < cur.maxVBal) return `${label}: ${show(m)}: maxBal below maxVBal`;
    if (cur.maxBal !== cur.maxVBal) {
      if (cur.maxBal > ix.state[p]![p]!.maxBal) return `${label}: ${show(m)}: maxBal above ${name(p)}'s own ${ix.state[p]![p]!.maxBal}`;
      for (let c = cur.maxVBal + 1; c < cur.maxBal; c++) if (ix.votedIn(p, c)) return `${label}: ${show(m)}: ${name(p)} voted at ${c}, between its maxVBal and maxBal`;
    } else {
      const s = safeAt(ix, cur.maxVBal, cur.maxVVal);
      if (s !== true) return `${label}: ${show(m)}: (${cur.maxVBal}, ${cur.maxVVal}) is not SafeAt: at ballot ${s} no quorum voted ${cur.maxVVal} or will not vote`;
      for (const ma of ix.msgs) {
        const r = ma.state[ma.from]!;
        if (r.maxBal === cur.maxBal && r.maxBal === r.maxVBal && r.maxVVal !== cur.maxVVal) return `${label}: ${show(m)} and ${show(ma)}: two values at ballot ${cur.maxBal}`;
      }
    }
    const voted = cur.maxVVal !== None && cur.maxVBal >= 0 && ix.votedForIn(p, cur.maxVBal, cur.maxVVal);
    if (!voted && !(cur.maxVVal === None && cur.maxVBal === -1)) return `${label}: ${show(m)}: ${name(p)} never voted (${cur.maxVBal}, ${cur.maxVVal})`;
    if (cur.maxBal < 0) return `${label}: ${show(m)}: maxBal is not a ballot`;
    for (let q = 0; q < ix.np; q++) {
      const own = ix.state[q]![q]!;
      if (m.state[q]!.maxVBal > own.maxVBal || m.state[q]!.maxBal > own.maxBal) return `${label}: ${show(m)} shows ${name(q)} as ${showRec(m.state[q]!)}, ahead of its own ${showRec(own)}`;
    }
  }
  return true;
}

/** `AccInv`, clause by clause. */
function accInv(label: string, w: PsView, ix: Index): true | string {
  for (let a = 0; a < ix.np; a++) {
    const own = ix.state[a]![a]!;
    if ((own.maxVBal === -1) !== (own.maxVVal === None)) return `${label}: ${name(a)}'s own record ${showRec(own)} has a vote without a value or a value without a vote`;
    for (let q = 0; q < ix.np; q++) if (ix.state[a]![q]!.maxVBal > ix.state[a]![q]!.maxBal) return `${label}: state[${name(a)}][${name(q)}] = ${showRec(ix.state[a]![q]!)} has maxVBal above maxBal`;
    if (own.maxVBal >= 0 && !ix.votedForIn(a, own.maxVBal, own.maxVVal)) return `${label}: ${name(a)} holds (${own.maxVBal}, ${own.maxVVal}) but VotedForIn(${name(a)}, ${own.maxVBal}, ${own.maxVVal}) is false`;
    for (const x of votesOf(w, ix, a)) if (x > own.maxVBal) return `${label}: ${name(a)} voted at ${x}, above its maxVBal ${own.maxVBal}`;
    for (let q = 0; q < ix.np; q++) {
      const view = ix.state[q]![a]!;
      if (view.maxBal > own.maxBal || view.maxVBal > own.maxVBal) return `${label}: ${name(q)} sees ${name(a)} as ${showRec(view)}, ahead of its own ${showRec(own)}`;
    }
    for (let q = 0; q < ix.np; q++) {
      const view = ix.state[a]![q]!;
      if (view.maxBal >= 0 && !ix.msgs.some((m) => m.from === q && recEq(m.state[q]!, view))) return `${label}: ${name(a)} sees ${name(q)} as ${showRec(view)}, which no message of ${name(q)} carries`;
    }
  }
  return true;
}

/**
 * Not in TPaxos's invariant, needed for the seed spec: every vote `(b, v)` is
 * of a proposal, `Accept(p, b, v)` of a participant `p` that voted it (and so
 * holds `maxVBal >= b` from then on). TPaxos's Accept guard
 * `~\E m : m.state[m.from].maxBal = b /\ m.state[m.from].maxVBal = b` stops
 * a second Accept at a ballot someone already voted at; the seed spec's guard
 * (`m.type = "Accept" /\ m.state[p].maxBal = b`) does not, and without this
 * clause a state where P2 voted (3, 1) without P1's Accept lets P1 accept
 * (3, 2) (a CTI of the adapted MsgInv; see the README).
 */
function proposalInv(w: PsView): true | string {
  const h = w.ghost;
  for (const x of h.votes) {
    if (!h.proposals.some((p) => p.b === x.b && p.v === x.v && votedFor(h, p.node, x.b, x.v)))
      return `proposal-inv: ${name(x.node)} voted (${x.b}, ${x.v}), which no participant proposed and voted`;
  }
  return true;
}

/** Ballots at which `a` voted, in the reading of `ix`. */
function votesOf(w: PsView, ix: Index, a: number): number[] {
  const out: number[] = [];
  const top = Math.max(...w.ghost.votes.map((x) => x.b), ...ix.msgs.map((m) => m.state[m.from]!.maxBal), 0);
  for (let c = 0; c <= top; c++) if (ix.votedIn(a, c)) out.push(c);
  return out;
}

const conj = (name: string, description: string, f: (w: PsView, ix: Index) => true | string, published = false): Inv => ({
  name, description, check: (w) => f(w, published ? publishedIndex(w) : ghostIndex(w)),
});

/** The adapted conjuncts (VotedForIn from the ghost history), cheapest first. */
export const psConjuncts: readonly Inv[] = [
  conj('type-ok', "inductive conjunct: TPaxos's TypeOK over the seed spec's records and messages", typeOk),
  conj('acc-inv', "inductive conjunct: TPaxos's AccInv, VotedForIn read from the ghost history", (w, ix) => accInv('acc-inv', w, ix)),
  conj('msg-inv', "inductive conjunct: TPaxos's MsgInv without m.from \\notin m.to, VotedForIn read from the ghost history", (w, ix) => msgInv('msg-inv', w, ix)),
  { name: 'proposal-inv', description: 'inductive conjunct (not in TPaxos): every vote (b, v) is of an Accept(p, b, v) whose participant voted it', check: proposalInv },
];

/** The published clauses, VotedForIn read from messages as the module defines it. */
export const psPublished: readonly Inv[] = [
  conj('published-acc-inv', "TPaxos's AccInv as published (VotedForIn over messages); fails on the seed spec, see inductive.ts", (w, ix) => accInv('published-acc-inv', w, ix), true),
  conj('published-msg-inv', "TPaxos's MsgInv as published (VotedForIn over messages), without m.from \\notin m.to", (w, ix) => msgInv('published-msg-inv', w, ix), true),
];

/** The full inductive invariant: TypeOK /\ AccInv /\ MsgInv (adapted), then the vote and chosen invariants. */
export const psInductive: Inv = {
  name: 'inductive',
  description: "the full inductive invariant: TPaxos's Inv == MsgInv /\\ AccInv /\\ TypeOK (adapted) /\\ proposal-inv, with votes-safe, one-value-per-ballot, agreement and consistency",
  check: (w) => {
    const ix = ghostIndex(w);
    const r = typeOk(w, ix);
    if (r !== true) return r;
    const a = accInv('acc-inv', w, ix);
    if (a !== true) return a;
    const m = msgInv('msg-inv', w, ix);
    if (m !== true) return m;
    const p = proposalInv(w);
    if (p !== true) return p;
    for (const [n, f] of [['one-value-per-ballot', oneValuePerBallot], ['votes-safe', votesSafe], ['agreement', agreement], ['consistency', consistency]] as const) {
      const x = f(w);
      if (x !== true) return `${n}: ${x}`;
    }
    return true;
  },
};
