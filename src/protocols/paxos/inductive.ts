/**
 * The inductive invariant of single-decree Paxos: the invariant of Lamport's
 * TLAPS proof of Paxos (the TLA+ Examples' `Paxos` module,
 * `Inv == TypeOK /\ MsgInv /\ AccInv` over `VotedFor`, `SafeAt` and
 * `WontVoteIn`), adapted to the `classic` and `thesis` variants.
 *
 * The adaptation:
 * - `msgs` is a set that only grows; here messages are consumed, lost and
 *   duplicated, so what must outlive its message (a vote) is read from the
 *   ghost history: `VotedFor(a, b, v)` is "a accepted <b,v> at some time"
 *   (`PaxosHistory.accepts`), as in Voting.tla; `maxBal[a]` is the
 *   acceptor's promise (`classic`: `promised`; `thesis`: the number its
 *   APromised/AAccepted state holds).
 * - Lamport's 2a uniqueness (`\A ma \in msgs: ma.bal = m.bal => ma.val = m.val`)
 *   is kept over accept_req in flight and the votes already cast, since a
 *   consumed accept_req leaves only its votes behind.
 * - Lamport's leaders are stateless (a 2a message is sent in one step from a
 *   set of 1b messages); ours are proposers that gather promises one at a
 *   time, so a proposer invariant `prop-inv` says what their state means: a
 *   proposer still gathering promises for ballot b has sent nothing at b,
 *   and each acceptor it counts has promised b and cast no vote between the
 *   best proposal reported and b; one in Phase 2 has counted a quorum so,
 *   and proposes the best reported value (its own if none), safe at b.
 * - `classic`'s learners get `learner-inv`: a tally counts only real votes,
 *   a learned value is chosen.
 * - `SafeAt(b, v)` quantifies over ballots `1..b-1` (proposal numbers start at 1).
 *
 * Each conjunct is an invariant of its own, so a counterexample to induction
 * names the one that broke; `inductive` is their conjunction with the
 * history invariants (agreement, validity, I1, I2, learner-safety).
 */
import type { InvariantDef } from '../../kernel/definition.js';
import type { ClassicAcceptor, ClassicProposer } from './classic.js';
import { LEARNED, PHASE1, PHASE2 } from './classic.js';
import type { PaxosHistory } from './history.js';
import type { PaxosView } from './invariants.js';
import { popcount } from './layout.js';
import { ACCEPT_REQ, ACCEPTED_RESP, NACK_RESP, PREPARE_REQ, PROMISE_RESP, showMsg, type PaxosMsg } from './messages.js';
import type { PaxosNode } from './node.js';
import type { ThesisAcceptor, ThesisProposer } from './thesis.js';

type Inv = InvariantDef<PaxosNode, PaxosMsg, PaxosHistory>;

/** What every conjunct reads, computed once per check. */
interface Index {
  readonly P: number;
  readonly A: number;
  readonly quorum: number;
  readonly thesis: boolean;
  /** `votedAt.get(a * 4096 + b)`: the value acceptor index a voted at ballot b (undefined: none). */
  readonly votedAt: Map<number, number>;
  /** Highest ballot each acceptor voted at (-1: none). */
  readonly topVote: number[];
  /** Value voted at each ballot (the first one recorded). */
  readonly valueAt: Map<number, number>;
  /** maxBal of each acceptor index (-1: none). */
  readonly maxBal: number[];
}

const KEY = 4096;

/** Proposal numbers owned by proposer `i` of `P`: i + 1 (mod P) (classic), exactly i + 1 (thesis). */
function owner(ix: Index, b: number): number {
  return (((b - 1) % ix.P) + ix.P) % ix.P;
}

/** The index of a world (computed once per check of `inductive`, once per conjunct otherwise). */
function index(w: PaxosView): Index {
  let P = 0;
  while (P < w.n && w.nodes[P]!.role === 'proposer') P++;
  const A = w.n - P;
  const thesis = A > 0 && 'phase' in w.nodes[P]!;
  const votedAt = new Map<number, number>();
  const topVote = new Array<number>(A).fill(-1);
  const valueAt = new Map<number, number>();
  for (const x of w.ghost.accepts) {
    if (!votedAt.has(x.acc * KEY + x.no)) votedAt.set(x.acc * KEY + x.no, x.val);
    if (x.no > topVote[x.acc]!) topVote[x.acc] = x.no;
    if (!valueAt.has(x.no)) valueAt.set(x.no, x.val);
  }
  const maxBal = new Array<number>(A);
  for (let j = 0; j < A; j++) maxBal[j] = acceptorMaxBal(w.nodes[P + j]!);
  return { P, A, quorum: Math.floor(A / 2) + 1, thesis, votedAt, topVote, valueAt, maxBal };
}

function acceptorMaxBal(s: PaxosNode): number {
  if (s.role !== 'acceptor') return -1;
  if ('promised' in s) return s.promised;
  if ('pyId' in s) return s.no;
  return s.phase === 'AInit' ? -1 : s.no;
}

const A_ = (j: number): string => `A${j + 1}`;

/** `VotedFor(a, b, v)`: acceptor index a accepted <b,v> at some time. */
function votedFor(ix: Index, a: number, b: number, v: number): boolean {
  return ix.votedAt.get(a * KEY + b) === v;
}

/** Some vote of acceptor index a at a ballot in the open interval (lo, hi), or undefined. */
function voteBetween(ix: Index, a: number, lo: number, hi: number): number | undefined {
  for (let c = lo + 1; c < hi; c++) if (ix.votedAt.has(a * KEY + c)) return c;
  return undefined;
}

/**
 * `SafeAt(b, v) == \A c \in 1..(b-1) : \E Q \in Quorum : \A a \in Q :
 * VotedFor(a, c, v) \/ WontVoteIn(a, c)`, with
 * `WontVoteIn(a, c) == \A w : ~VotedFor(a, c, w) /\ maxBal[a] > c`.
 * Returns true, or the first ballot c where no quorum can vouch for v.
 */
export function safeAt(ix: Index, b: number, v: number): true | number {
  for (let c = 1; c < b; c++) {
    let k = 0;
    for (let a = 0; a < ix.A; a++) {
      const voted = ix.votedAt.get(a * KEY + c);
      if (voted === v || (voted === undefined && ix.maxBal[a]! > c)) k++;
    }
    if (k < ix.quorum) return c;
  }
  return true;
}

function unsafe(ix: Index, b: number, v: number, what: string): string | undefined {
  const c = safeAt(ix, b, v);
  return c === true ? undefined : `${what}: <${b},${v}> is not SafeAt: at ballot ${c} fewer than ${ix.quorum} acceptors voted ${v} or can no longer vote`;
}


// ---------------------------------------------------------------- type-ok

function typeOk(w: PaxosView, ix: Index): true | string {
  if (ix.P === 0 || ix.A === 0) return 'type-ok: no proposer or no acceptor';
  for (let i = 0; i < w.n; i++) {
    const s = w.nodes[i]!;
    if ((i < ix.P) !== (s.role === 'proposer')) return `type-ok: node ${i} has role ${s.role}`;
    if ('pyId' in s) return 'type-ok: thesis-python-sim states have no inductive invariant';
    if (s.role === 'acceptor') {
      const r = 'promised' in s ? classicAcceptorType(s) : thesisAcceptorType(s);
      if (r) return `type-ok: ${A_(i - ix.P)} ${r}`;
    } else {
      const r = 'ballot' in s ? classicProposerType(ix, s, i) : thesisProposerType(ix, s as ThesisProposer, i);
      if (r) return `type-ok: P${i + 1} ${r}`;
    }
  }
  for (const env of w.net.envelopes()) {
    const m = env.msg;
    const fromProposer = env.from < ix.P, toProposer = env.to < ix.P;
    const down = m.tag === PREPARE_REQ || m.tag === ACCEPT_REQ;
    const up = m.tag === PROMISE_RESP || m.tag === NACK_RESP || m.tag === ACCEPTED_RESP;
    if (!down && !up) return `type-ok: message ${showMsg(m)} has no paxos type`;
    if (down !== (fromProposer && !toProposer) || up !== (!fromProposer && toProposer)) return `type-ok: ${showMsg(m)} goes ${env.from} -> ${env.to}`;
    if (m.src !== env.from) return `type-ok: ${showMsg(m)} names sender ${m.src}, sent by ${env.from}`;
    if (down && (m.no < 1 || owner(ix, m.no) !== env.from || (ix.thesis && m.no !== env.from + 1))) return `type-ok: ${showMsg(m)} from P${env.from + 1}, which does not own number ${m.no}`;
    if (m.tag === PROMISE_RESP && (m.accNo >= m.no || (m.accNo < 0) !== (m.accVal === 0))) return `type-ok: ${showMsg(m)} reports a proposal not below its number`;
  }
  return true;
}

function classicAcceptorType(s: ClassicAcceptor): string | undefined {
  if (s.promised < -1 || s.accNo < -1 || s.accNo > s.promised) return `has promise ${s.promised} below its accepted ${s.accNo}`;
  if ((s.accNo < 0) !== (s.accVal === 0)) return `has accepted <${s.accNo},${s.accVal}>`;
  return undefined;
}

function thesisAcceptorType(s: ThesisAcceptor): string | undefined {
  if (s.phase === 'AInit' ? s.no !== 0 || s.val !== 0 : s.no < 1) return `is ${s.phase}<${s.no},${s.val}>`;
  return undefined;
}

function classicProposerType(ix: Index, s: ClassicProposer, i: number): string | undefined {
  if (s.ballot < 0 || (s.ballot > 0 && owner(ix, s.ballot) !== i)) return `holds number ${s.ballot}, not its own`;
  if ((s.phase === PHASE1 || s.phase === PHASE2) && s.ballot === 0) return 'is in a phase without a number';
  if (s.phase === PHASE1 && (s.bestNo >= s.ballot || (s.bestNo < 0) !== (s.bestVal === 0))) return `holds best <${s.bestNo},${s.bestVal}> for number ${s.ballot}`;
  if (s.phase === PHASE1 && popcount(s.promised) >= ix.quorum) return 'is in phase 1 with a quorum of promises';
  if ((s.phase === LEARNED) !== (s.learned !== 0)) return `is in phase ${s.phase} having learned ${s.learned}`;
  return undefined;
}

function thesisProposerType(ix: Index, s: ThesisProposer, i: number): string | undefined {
  if (s.no !== i + 1) return `holds number ${s.no}, not ${i + 1}`;
  if (s.sent < 0 || s.sent > ix.A) return `has sent to ${s.sent} acceptors`;
  if (s.bestNo !== -1) return `holds best <${s.bestNo},${s.bestVal}>, but thesis promises report none`;
  if (s.phase === 'PWaitPrepResp' && s.promised === (1 << ix.A) - 1) return 'waits for promises it has all';
  return undefined;
}

// ---------------------------------------------------------------- acc-inv

/**
 * Lamport's `AccInv`: `maxVBal[a] >= 0 => VotedFor(a, maxVBal[a], maxVal[a])`,
 * `maxBal[a] >= maxVBal[a]` (type-ok), `\A c > maxVBal[a] : ~VotedFor(a, c, _)`;
 * `thesis`: an acceptor votes at most once, only in AAccepted.
 */
function accInv(w: PaxosView, ix: Index): true | string {
  for (let a = 0; a < ix.A; a++) {
    const s = w.nodes[ix.P + a]!;
    if (s.role === 'acceptor' && 'accNo' in s) {
      if (s.accNo >= 0 && !votedFor(ix, a, s.accNo, s.accVal)) return `acc-inv: ${A_(a)} holds <${s.accNo},${s.accVal}> but never accepted it`;
      if (ix.topVote[a]! > s.accNo) return `acc-inv: ${A_(a)} accepted at ${ix.topVote[a]}, above the <${s.accNo},${s.accVal}> it holds`;
    } else if (s.role === 'acceptor' && 'phase' in s && !('pyId' in s)) {
      const votes = w.ghost.accepts.filter((x) => x.acc === a);
      if (s.phase !== 'AAccepted' && votes.length > 0) return `acc-inv: ${A_(a)} is ${s.phase} but accepted <${votes[0]!.no},${votes[0]!.val}>`;
      if (s.phase === 'AAccepted' && (votes.length === 0 || votes.some((x) => x.no !== s.no || x.val !== s.val)))
        return `acc-inv: ${A_(a)} is AAccepted<${s.no},${s.val}> but its votes are ${votes.map((x) => `<${x.no},${x.val}>`).join(' ') || 'none'}`;
    }
  }
  return true;
}

// ---------------------------------------------------------------- msg-inv

/**
 * Lamport's `MsgInv`, message by message:
 * - 1b (promise_resp for b reporting <accNo,accVal>): `maxBal[a] >= b`; the
 *   report is a vote of a (or none); a cast no vote between it and b;
 * - 2a (accept_req <b,v>): `SafeAt(b, v)`; every 2a and every vote at b has
 *   value v; v was proposed;
 * - 2b (accepted_resp <b,v>): `VotedFor(a, b, v)`.
 */
function msgInv(w: PaxosView, ix: Index): true | string {
  const twoA = new Map<number, number>();
  for (const env of w.net.envelopes()) {
    const m = env.msg;
    const a = env.from - ix.P;
    if (m.tag === PROMISE_RESP) {
      if (ix.maxBal[a]! < m.no) return `msg-inv: ${showMsg(m)} from ${A_(a)}, whose promise is ${ix.maxBal[a]}`;
      if (m.accNo >= 0 && !votedFor(ix, a, m.accNo, m.accVal)) return `msg-inv: ${showMsg(m)} from ${A_(a)}, which never accepted <${m.accNo},${m.accVal}>`;
      const c = voteBetween(ix, a, m.accNo, m.no);
      if (c !== undefined) return `msg-inv: ${showMsg(m)} from ${A_(a)}, which accepted at ${c}, between the report and the promise`;
    } else if (m.tag === ACCEPT_REQ) {
      const u = unsafe(ix, m.no, m.val, `msg-inv: ${showMsg(m)} in flight`);
      if (u) return u;
      const seen = twoA.get(m.no) ?? ix.valueAt.get(m.no);
      if (seen !== undefined && seen !== m.val) return `msg-inv: ${showMsg(m)} in flight, but number ${m.no} also carries value ${seen}`;
      twoA.set(m.no, m.val);
      if (!w.ghost.proposed.has(m.val)) return `msg-inv: ${showMsg(m)} carries value ${m.val}, which no proposer was given`;
    } else if (m.tag === ACCEPTED_RESP) {
      if (!votedFor(ix, a, m.no, m.val)) return `msg-inv: ${showMsg(m)} from ${A_(a)}, which never accepted it`;
    }
  }
  return true;
}

// ---------------------------------------------------------------- votes-safe

/** Voting.tla `VotesSafe` and `OneValuePerBallot` over the ghost history; every vote's value was proposed. */
function votesSafe(w: PaxosView, ix: Index): true | string {
  for (const x of w.ghost.accepts) {
    if (ix.valueAt.get(x.no) !== x.val) return `votes-safe: number ${x.no} was accepted with values ${ix.valueAt.get(x.no)} and ${x.val}`;
    if (!w.ghost.proposed.has(x.val)) return `votes-safe: ${A_(x.acc)} accepted <${x.no},${x.val}>, a value no proposer was given`;
    const u = unsafe(ix, x.no, x.val, `votes-safe: ${A_(x.acc)} accepted <${x.no},${x.val}>`);
    if (u) return u;
  }
  return true;
}

// ---------------------------------------------------------------- prop-inv

/** Nothing was sent or accepted at ballot b: the problem, or undefined. */
function untouched(w: PaxosView, ix: Index, b: number, who: string): string | undefined {
  if (ix.valueAt.has(b)) return `prop-inv: ${who}, yet <${b},${ix.valueAt.get(b)}> was accepted`;
  for (const env of w.net.envelopes()) if (env.msg.tag === ACCEPT_REQ && env.msg.no === b) return `prop-inv: ${who}, yet ${showMsg(env.msg)} is in flight`;
  return undefined;
}

/** Each acceptor counted for ballot b promised b and cast no vote in (bestNo, b). */
function counted(ix: Index, mask: number, b: number, bestNo: number, who: string): string | undefined {
  for (let a = 0; a < ix.A; a++) {
    if (!(mask & (1 << a))) continue;
    if (ix.maxBal[a]! < b) return `prop-inv: ${who} counts ${A_(a)}'s promise, but its promise is ${ix.maxBal[a]}`;
    const c = voteBetween(ix, a, bestNo, b);
    if (c !== undefined) return `prop-inv: ${who} counts ${A_(a)}, which accepted at ${c}, above the best reported ${bestNo}`;
  }
  return undefined;
}

/** A phase-2 proposer proposes a safe value, the only one at its ballot. */
function proposing(w: PaxosView, ix: Index, b: number, v: number, who: string): string | undefined {
  if (!w.ghost.proposed.has(v)) return `prop-inv: ${who} proposes ${v}, a value no proposer was given`;
  const u = unsafe(ix, b, v, `prop-inv: ${who} proposes`);
  if (u) return u;
  if (ix.valueAt.has(b) && ix.valueAt.get(b) !== v) return `prop-inv: ${who} proposes <${b},${v}>, but <${b},${ix.valueAt.get(b)}> was accepted`;
  for (const env of w.net.envelopes()) if (env.msg.tag === ACCEPT_REQ && env.msg.no === b && env.msg.val !== v) return `prop-inv: ${who} proposes <${b},${v}>, but ${showMsg(env.msg)} is in flight`;
  return undefined;
}

function classicProposer(w: PaxosView, ix: Index, s: ClassicProposer, i: number): string | undefined {
  const who = `P${i + 1} (${['idle', 'phase 1', 'phase 2', 'learned'][s.phase]} at ${s.ballot})`;
  if (!w.ghost.proposed.has(s.value)) return `prop-inv: ${who} holds client value ${s.value}, never recorded as proposed`;
  // The numbers it has not used yet are untouched.
  for (const b of ix.valueAt.keys()) if (b > s.ballot && owner(ix, b) === i) return `prop-inv: ${who}, yet its future number ${b} was accepted`;
  for (const env of w.net.envelopes()) if (env.msg.tag === ACCEPT_REQ && env.msg.no > s.ballot && owner(ix, env.msg.no) === i) return `prop-inv: ${who}, yet ${showMsg(env.msg)} of its future is in flight`;
  if (s.phase === PHASE1) {
    const r = untouched(w, ix, s.ballot, who) ?? counted(ix, s.promised, s.ballot, s.bestNo, who) ?? bestReported(ix, s, who);
    if (r) return r;
  }
  if (s.phase === PHASE2) {
    // The quorum it counted, and the value Phase 2a picks from their reports.
    if (popcount(s.promised) < ix.quorum) return `prop-inv: ${who} counted ${popcount(s.promised)} promises, fewer than a quorum`;
    const r = counted(ix, s.promised, s.ballot, s.bestNo, who) ?? bestReported(ix, s, who);
    if (r) return r;
    if (s.proposing !== (s.bestNo >= 0 ? s.bestVal : s.value)) return `prop-inv: ${who} proposes ${s.proposing}, not ${s.bestNo >= 0 ? `the best reported <${s.bestNo},${s.bestVal}>` : `its client value ${s.value}`}`;
    return proposing(w, ix, s.ballot, s.proposing, who);
  }
  return undefined;
}

/** The best proposal a proposer holds was reported by an acceptor it counts (none: no value). */
function bestReported(ix: Index, s: ClassicProposer, who: string): string | undefined {
  if (s.bestNo < 0) return s.bestVal === 0 ? undefined : `prop-inv: ${who} holds value ${s.bestVal} without a proposal`;
  for (let a = 0; a < ix.A; a++) if (s.promised & (1 << a) && votedFor(ix, a, s.bestNo, s.bestVal)) return undefined;
  return `prop-inv: ${who} holds best <${s.bestNo},${s.bestVal}>, which no acceptor it counts accepted`;
}

function thesisProposer(w: PaxosView, ix: Index, s: ThesisProposer, i: number): string | undefined {
  const who = `P${i + 1} (${s.phase}<${s.no},${s.val}>)`;
  if (s.phase === 'PInit' || s.phase === 'PSentPrep' || s.phase === 'PWaitPrepResp') {
    if (!w.ghost.proposed.has(s.val)) return `prop-inv: ${who} holds value ${s.val}, never recorded as proposed`;
    return untouched(w, ix, s.no, who) ?? counted(ix, s.promised, s.no, -1, who);
  }
  if (s.phase === 'PSentAccReq') return counted(ix, (1 << ix.A) - 1, s.no, -1, who) ?? proposing(w, ix, s.no, s.val, who);
  return undefined;
}

/** The proposers' state (no counterpart in Lamport's leaderless spec; see the essay). */
function propInv(w: PaxosView, ix: Index): true | string {
  for (let i = 0; i < ix.P; i++) {
    const s = w.nodes[i]!;
    const r = 'ballot' in s ? classicProposer(w, ix, s, i) : 'pyId' in s || s.role !== 'proposer' ? undefined : thesisProposer(w, ix, s as ThesisProposer, i);
    if (r) return r;
  }
  return true;
}

// ---------------------------------------------------------------- learner-inv

/** `classic`'s learners: tallies count real votes, a learned value is chosen. */
function learnerInv(w: PaxosView, ix: Index): true | string {
  for (let i = 0; i < ix.P; i++) {
    const s = w.nodes[i]!;
    if (!('ballot' in s)) continue;
    for (const t of s.tally)
      for (let a = 0; a < ix.A; a++)
        if (t.mask & (1 << a) && !votedFor(ix, a, t.no, t.val)) return `learner-inv: P${i + 1} counts ${A_(a)} for <${t.no},${t.val}>, which it never accepted`;
    if (s.learned !== 0 && !w.ghost.isChosen(s.learned)) return `learner-inv: P${i + 1} learned ${s.learned}, which is not chosen`;
  }
  return true;
}

// ---------------------------------------------------------------- the invariant

/** The conjuncts, cheapest first; `inductive` checks them in this order. */
const CONJUNCTS: readonly [string, string, (w: PaxosView, ix: Index) => true | string][] = [
  ['type-ok', "inductive conjunct: every node state and message is well typed (Lamport's TypeOK, for classic and thesis)", typeOk],
  ['acc-inv', "inductive conjunct: an acceptor's accepted proposal is its latest vote (Lamport's AccInv)", accInv],
  ['msg-inv', "inductive conjunct: promises report the latest vote below their number, accept_req carry safe values, one per number (Lamport's MsgInv)", msgInv],
  ['votes-safe', 'inductive conjunct: every vote <b,v> is SafeAt(b, v), one value per number (Voting.tla VotesSafe, OneValuePerBallot)', votesSafe],
  ['prop-inv', 'inductive conjunct: a proposer gathering promises has sent nothing at its number; one in phase 2 proposes a safe value', propInv],
  ['learner-inv', 'inductive conjunct: learner tallies count real votes; a learned value is chosen', learnerInv],
];

export const paxosConjuncts: readonly Inv[] = CONJUNCTS.map(([name, description, f]) => ({ name, description, check: (w) => f(w, index(w)) }));

/** The full inductive invariant: every conjunct, then the history invariants it implies. */
export function inductiveInvariant(history: readonly Inv[]): Inv {
  return {
    name: 'inductive',
    description: "the full inductive invariant: type-ok, acc-inv, msg-inv, votes-safe, prop-inv, learner-inv (Lamport's Paxos proof, adapted) and the history invariants",
    check: (w) => {
      const ix = index(w);
      for (const [, , f] of CONJUNCTS) {
        const r = f(w, ix);
        if (r !== true) return r;
      }
      for (const inv of history) {
        const r = inv.check(w);
        if (r !== true) return `${inv.name}: ${r}`;
      }
      return true;
    },
  };
}

/**
 * The thesis's candidate (section 4.1.3): `I1 /\ I2`, one value per proposal
 * number and, once <p1,v1> is chosen, value v1 at every higher accepted
 * number. The section argues it is inductive; `induct` says it is not alone.
 */
export function thesisI1I2(history: readonly Inv[]): Inv {
  const parts = history.filter((i) => i.name === 'I1' || i.name === 'I2');
  return {
    name: 'I1-I2',
    description: 'thesis 4.1.3 I1 /\\ I2, the conjunction the thesis designs as its inductive invariant',
    check: (w) => {
      for (const inv of parts) {
        const r = inv.check(w);
        if (r !== true) return `${inv.name}: ${r}`;
      }
      return true;
    },
  };
}
