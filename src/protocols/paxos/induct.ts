/**
 * How `induct` builds arbitrary global states of paxos (`ProtocolDef.induct`):
 * well-typed states of `classic` (and its mutants) and `thesis`, built to
 * satisfy the full inductive invariant (`inductive.ts`) rather than drawn at
 * random and rejected.
 *
 * The construction follows the proof: fix every acceptor's promise
 * (`maxBal`) and every proposer's number and phase first, then go up the
 * proposal numbers; at each number still open (its owner has moved past
 * Phase 1 of it, or beyond it) pick a value among those `SafeAt` it, given
 * the votes below and the promises, and let acceptors that promised at
 * least that number vote for it. Acceptor states, proposer states, and the
 * messages in flight are then read off the votes: a promise reports the
 * latest vote below its number, an accept_req carries the number's value,
 * an accepted_resp a real vote. Every state so built satisfies `inductive`;
 * every state satisfying it within the bounds can be built (the choices
 * range over all of them), up to the number of messages in flight.
 *
 * Bounds: proposal numbers up to 2 x proposers for `classic` (two rounds
 * each, the explorer's bound), the proposer's own for `thesis`; at most
 * `MAX_MESSAGES` messages in flight (2 in the exhaustive mode: an invariant
 * that is universal over messages is broken by a step only with the
 * delivered message and at most one witness in flight, so 2 suffice).
 *
 * `loose`: the same states with up to three perturbations (a vote, a
 * message, an acceptor or proposer state drawn at random), so invariants
 * weaker than `inductive` (agreement, I1 /\ I2) get states that satisfy
 * them without satisfying it.
 */
import type { Choose, Config, InductDef, InductMode, VariantDef } from '../../kernel/definition.js';
import type { WorldParts } from '../../kernel/assemble.js';
import { IDLE, LEARNED, PHASE1, PHASE2, type ClassicAcceptor, type ClassicProposer } from './classic.js';
import { paxosGhost, type PaxosHistory } from './history.js';
import { acceptorNode, clientValue, layout, popcount, type Layout } from './layout.js';
import { ACCEPT_REQ, ACCEPTED_RESP, msg, NACK_RESP, PREPARE_REQ, PROMISE_RESP, type PaxosMsg } from './messages.js';
import type { PaxosNode } from './node.js';
import type { ThesisAcceptor, ThesisProposer } from './thesis.js';

/** Most messages in flight in a generated state (random mode). */
export const MAX_MESSAGES = 6;

type Parts = WorldParts<PaxosNode, PaxosMsg, PaxosHistory>;
type Msg = { from: number; to: number; msg: PaxosMsg };

function isThesis(v: VariantDef): boolean {
  return v.name === 'thesis' || v.mutant?.of === 'thesis';
}

function isClassic(v: VariantDef): boolean {
  return v.name === 'classic' || v.mutant?.of === 'classic';
}

/** Highest proposal number generated. */
export function ballotBound(v: VariantDef, cfg: Config): number {
  const P = cfg['proposers'] ?? 2;
  return isThesis(v) ? P : 2 * P;
}

/** Picks one element of a non-empty list. */
function pick<T>(choose: Choose, xs: readonly T[]): T {
  return xs[choose(xs.length)]!;
}

/** A subset of the bits of `mask`, each kept or not. */
function subset(choose: Choose, mask: number, width: number): number {
  let out = 0;
  for (let j = 0; j < width; j++) if (mask & (1 << j) && choose(2) === 1) out |= 1 << j;
  return out;
}

/** The owner of proposal number b among P proposers. */
const ownerOf = (P: number, b: number): number => (b - 1) % P;

/** What the construction decides before the states are read off it. */
interface Plan {
  readonly l: Layout;
  readonly B: number;
  readonly thesis: boolean;
  readonly maxBal: number[];
  /** Votes: vote[a].get(b) = value. */
  readonly vote: Map<number, number>[];
  /** The value of each open number that has one. */
  readonly valueOf: Map<number, number>;
}

/** `SafeAt(b, v)` over a plan (ballots 1..b-1). */
function safe(p: Plan, b: number, v: number): boolean {
  for (let c = 1; c < b; c++) {
    let k = 0;
    for (let a = 0; a < p.l.acceptors; a++) {
      const x = p.vote[a]!.get(c);
      if (x === v || (x === undefined && p.maxBal[a]! > c)) k++;
    }
    if (k < p.l.quorum) return false;
  }
  return true;
}

/** Latest vote of acceptor a below b: [number, value], [-1, 0] if none. */
function lastBelow(p: Plan, a: number, b: number): [number, number] {
  let best: [number, number] = [-1, 0];
  for (const [c, v] of p.vote[a]!) if (c < b && c > best[0]) best = [c, v];
  return best;
}

/** A well-typed state of a classic or thesis variant (see the essay). */
export function generatePaxos(variant: VariantDef, cfg: Config, choose: Choose, mode: InductMode): Parts {
  const maxMessages = mode === 'exhaustive' ? 2 : MAX_MESSAGES;
  const l = layout(cfg);
  const P = l.proposers, A = l.acceptors, V = l.values;
  const thesis = isThesis(variant);
  const B = ballotBound(variant, cfg);
  const proposed = [...new Set(Array.from({ length: P }, (_, i) => clientValue(l, i)))];

  // 1. Promises and proposer numbers/phases.
  const maxBal = Array.from({ length: A }, () => choose(B + 1) || -1);
  const thesisPhase = thesis ? Array.from({ length: A }, (_, a) => (maxBal[a]! < 1 ? 'AInit' : choose(2) === 0 ? 'APromised' : 'AAccepted')) : [];
  const ballot: number[] = [];
  const phase: number[] = [];
  const tPhase: ThesisProposer['phase'][] = [];
  for (let i = 0; i < P; i++) {
    if (thesis) {
      ballot.push(i + 1);
      tPhase.push(pick(choose, ['PInit', 'PSentPrep', 'PWaitPrepResp', 'PSentAccReq', 'PAbort'] as const));
      if (tPhase[i] === 'PSentPrep' && A === 1) tPhase[i] = 'PInit';
    } else {
      const own: number[] = [0];
      for (let b = i + 1; b <= B; b += P) own.push(b);
      const b = pick(choose, own);
      ballot.push(b);
      phase.push(b === 0 ? IDLE : choose(4));
    }
  }
  /** Open numbers: the owner is past gathering promises for it. */
  const open = (c: number): boolean => {
    const i = ownerOf(P, c);
    if (c > ballot[i]!) return false;
    if (c < ballot[i]!) return true;
    return thesis ? tPhase[i] === 'PSentAccReq' || tPhase[i] === 'PAbort' : phase[i] !== PHASE1;
  };

  // 2. Up the numbers: a safe value for each open one, and votes for it. A
  // proposer in Phase 2 at c counted a quorum of promises and proposes the
  // best value they report (its own if none): safe, by the proof.
  const plan: Plan = { l, B, thesis, maxBal, vote: Array.from({ length: A }, () => new Map()), valueOf: new Map() };
  const phase2: { mask: number; bestNo: number; bestVal: number }[] = [];
  for (let c = 1; c <= B; c++) {
    if (!open(c)) continue;
    const i = ownerOf(P, c);
    const current = c === ballot[i];
    let forced: number | undefined;
    if (current && (thesis ? tPhase[i] === 'PSentAccReq' : phase[i] === PHASE2)) {
      let able = 0;
      for (let a = 0; a < A; a++) if (maxBal[a]! >= c && (!thesis || lastBelow(plan, a, c)[0] < 0)) able |= 1 << a;
      let mask = thesis ? able : subset(choose, able, A);
      if (!thesis) for (let a = 0; a < A && popcount(mask) < l.quorum; a++) if (able & (1 << a)) mask |= 1 << a;
      if (thesis ? mask !== (1 << A) - 1 : popcount(mask) < l.quorum) {
        if (thesis) tPhase[i] = 'PAbort';
        else phase[i] = IDLE;
      } else {
        let bestNo = -1, bestVal = 0;
        for (let a = 0; a < A; a++) {
          if (!(mask & (1 << a))) continue;
          const [x, v] = lastBelow(plan, a, c);
          if (x > bestNo) [bestNo, bestVal] = [x, v];
        }
        phase2[i] = { mask, bestNo, bestVal };
        forced = bestNo >= 0 ? bestVal : clientValue(l, i);
      }
    }
    const values = forced !== undefined ? [forced] : proposed.filter((v) => safe(plan, c, v));
    if (values.length === 0) continue;
    const v = pick(choose, values);
    plan.valueOf.set(c, v);
    for (let a = 0; a < A; a++) {
      if (thesis ? thesisPhase[a] === 'AAccepted' && maxBal[a] === c : maxBal[a]! >= c && choose(2) === 1) plan.vote[a]!.set(c, v);
    }
  }

  // 3. Acceptor states, read off the plan.
  const nodes: PaxosNode[] = [];
  const acceptors: PaxosNode[] = [];
  for (let a = 0; a < A; a++) {
    const [top, val] = lastBelow(plan, a, Infinity);
    if (thesis) {
      const ph = thesisPhase[a] === 'AAccepted' && top < 0 ? 'APromised' : thesisPhase[a]!;
      const s: ThesisAcceptor = ph === 'AInit' ? { role: 'acceptor', phase: 'AInit', no: 0, val: 0 } : { role: 'acceptor', phase: ph, no: maxBal[a]!, val: ph === 'AAccepted' ? val : pick(choose, proposed) };
      acceptors.push(s);
    } else {
      const s: ClassicAcceptor = { role: 'acceptor', promised: maxBal[a]!, accNo: top, accVal: top < 0 ? 0 : val };
      acceptors.push(s);
    }
  }

  // 4. The ghost history: proposals, votes in number order.
  const h = paxosGhost(l.quorum).init();
  for (const v of Array.from({ length: P }, (_, i) => clientValue(l, i))) h.record({ k: 'propose', val: v });
  for (let c = 1; c <= B; c++) for (let a = 0; a < A; a++) if (plan.vote[a]!.has(c)) h.record({ k: 'accept', acc: a, no: c, val: plan.vote[a]!.get(c)! });

  // 5. Proposer states.
  const promisedTo = (b: number): number => {
    let m = 0;
    for (let a = 0; a < A; a++) if (maxBal[a]! >= b) m |= 1 << a;
    return m;
  };
  const timers: { node: number; timer: string }[] = [];
  for (let i = 0; i < P; i++) {
    const value = clientValue(l, i);
    if (thesis) {
      let ph = tPhase[i]!;
      const no = i + 1;
      if (ph === 'PSentAccReq' && phase2[i] === undefined) ph = 'PAbort';
      let promised = 0;
      if (ph === 'PWaitPrepResp') {
        promised = subset(choose, promisedTo(no), A);
        for (let a = 0; a < A; a++) if (promised & (1 << a) && lastBelow(plan, a, no)[0] >= 0) promised &= ~(1 << a);
        if (promised === (1 << A) - 1) promised &= ~1;
      }
      const sent = ph === 'PInit' ? 0 : ph === 'PSentPrep' ? 1 + choose(A - 1) : ph === 'PWaitPrepResp' ? A : ph === 'PSentAccReq' ? choose(A) : choose(A + 1);
      const val = ph === 'PSentAccReq' || (ph === 'PAbort' && plan.valueOf.has(no) && choose(2) === 1) ? plan.valueOf.get(no)! : value;
      const s: ThesisProposer = { role: 'proposer', phase: ph, no, val, sent, promised: ph === 'PSentAccReq' ? (1 << A) - 1 : promised, bestNo: -1, bestVal: 0 };
      nodes.push(s);
      continue;
    }
    const b = ballot[i]!;
    let ph = phase[i]!;
    if (ph === PHASE2 && phase2[i] === undefined) ph = IDLE;
    if (ph === LEARNED && h.chosen.length === 0) ph = IDLE;
    let promised = 0, bestNo = -1, bestVal = 0;
    if (ph === PHASE1) {
      promised = subset(choose, promisedTo(b), A);
      while (popcount(promised) >= l.quorum) promised &= promised - 1;
      for (let a = 0; a < A; a++) {
        if (!(promised & (1 << a))) continue;
        const [c, v] = lastBelow(plan, a, b);
        if (c > bestNo) [bestNo, bestVal] = [c, v];
      }
    } else if (ph === PHASE2) ({ mask: promised, bestNo, bestVal } = phase2[i]!);
    const votes = h.accepts;
    const tally: { no: number; val: number; mask: number }[] = [];
    if (votes.length > 0 && choose(2) === 1) {
      const x = pick(choose, votes);
      tally.push({ no: x.no, val: x.val, mask: subset(choose, h.votes.get(`${x.no}:${x.val}`)!, A) | (1 << x.acc) });
    }
    const learned = ph === LEARNED ? pick(choose, h.chosen).val : 0;
    const rounds = b === 0 ? 0 : Math.floor((b - (i + 1)) / P) + 1;
    const s: ClassicProposer = {
      role: 'proposer', phase: ph, attempt: rounds, ballot: b, value, proposing: ph === PHASE2 ? plan.valueOf.get(b)! : 0, promised, bestNo, bestVal,
      maxSeen: mode === 'exhaustive' ? b : choose(B + 1), tally, learned,
    };
    nodes.push(s);
    if (ph !== LEARNED) timers.push({ node: i, timer: b === 0 ? 'start' : 'retry' });
  }
  nodes.push(...acceptors);

  // 6. Messages in flight, each consistent with the plan.
  const candidates = messageCandidates(plan, nodes, thesis);
  const messages: Msg[] = [];
  // A multiset of candidates: indices in non-decreasing order, so the exhaustive mode builds each one once.
  const k = candidates.length === 0 ? 0 : choose(maxMessages + 1);
  for (let j = 0, at = 0; j < k; j++) {
    at += choose(candidates.length - at);
    messages.push(candidates[at]!);
  }

  const parts: Parts = { nodes, messages, timers, ghost: h };
  const crashed = withCrashes(parts, variant, choose, mode);
  return mode === 'loose' ? perturb(crashed, l, B, thesis, choose) : crashed;
}

/** Every message consistent with the plan and the proposer states. */
function messageCandidates(p: Plan, nodes: readonly PaxosNode[], thesis: boolean): Msg[] {
  const { l, B } = p;
  const P = l.proposers, A = l.acceptors;
  const out: Msg[] = [];
  for (let b = 1; b <= B; b++) {
    const i = ownerOf(P, b);
    const s = nodes[i]!;
    const reached = thesis ? (s as ThesisProposer).phase !== 'PInit' && b === i + 1 : b <= (s as ClassicProposer).ballot;
    if (!reached) continue;
    for (let a = 0; a < A; a++) {
      const node = acceptorNode(l, a);
      out.push({ from: i, to: node, msg: msg(PREPARE_REQ, b, thesis ? clientValue(l, i) : 0, i) });
      if (p.maxBal[a]! >= b) {
        const [c, v] = lastBelow(p, a, b);
        if (!thesis) out.push({ from: node, to: i, msg: msg(PROMISE_RESP, b, 0, node, c, v) });
        else if (c < 0) out.push({ from: node, to: i, msg: msg(PROMISE_RESP, b, clientValue(l, i), node) });
      }
      if (p.maxBal[a]! >= 1) out.push({ from: node, to: i, msg: thesis ? msg(NACK_RESP, b, clientValue(l, i), node, p.maxBal[a]!) : msg(NACK_RESP, b, 0, node, p.maxBal[a]!) });
      const v = p.valueOf.get(b);
      if (v !== undefined) out.push({ from: i, to: node, msg: msg(ACCEPT_REQ, b, v, i) });
    }
  }
  if (!thesis)
    for (let a = 0; a < A; a++)
      for (const [c, v] of p.vote[a]!) for (let i = 0; i < P; i++) out.push({ from: acceptorNode(l, a), to: i, msg: msg(ACCEPTED_RESP, c, v, acceptorNode(l, a)) });
  return out;
}

/** Under faults, some nodes are down (with their state persisted and their timers gone). */
function withCrashes(parts: Parts, variant: VariantDef, choose: Choose, mode: InductMode): Parts {
  if (variant.semantics !== 'multiset') return parts;
  const n = parts.nodes.length;
  // Node `down - 1` is down; 0: none (random mode: two thirds of the states have none).
  const down = mode === 'exhaustive' ? choose(n + 1) : choose(3) === 0 ? 1 + choose(n) : 0;
  if (down === 0) return parts;
  const up = parts.nodes.map((_, j) => j !== down - 1);
  return { ...parts, up, timers: (parts.timers ?? []).filter((t) => t.node !== down - 1) };
}

/** Up to three random changes: a vote, a message, an acceptor's or a proposer's state. */
function perturb(parts: Parts, l: Layout, B: number, thesis: boolean, choose: Choose): Parts {
  const nodes = parts.nodes.slice();
  const messages = parts.messages.slice();
  const h = parts.ghost;
  const P = l.proposers, A = l.acceptors, V = l.values;
  const n = choose(4);
  for (let j = 0; j < n; j++) {
    const a = choose(A), b = 1 + choose(B), v = 1 + choose(V), i = choose(P);
    const node = acceptorNode(l, a);
    const vote = (acc: number): void => {
      h.record({ k: 'accept', acc, no: b, val: v });
      const at = acceptorNode(l, acc);
      nodes[at] = thesis ? { role: 'acceptor', phase: 'AAccepted', no: b, val: v } : { role: 'acceptor', promised: Math.max(b, (nodes[at] as ClassicAcceptor).promised), accNo: b, accVal: v };
    };
    switch (choose(5)) {
      case 0:
        vote(a);
        break;
      case 4: {
        // A rival proposal one step from a quorum: votes for <b,v>, and its accept_req on the way to one more acceptor.
        const k = choose(l.quorum);
        for (let x = 0; x < k; x++) vote((a + 1 + x) % A);
        const o = thesis ? ownerOf(P, b) + 1 : b;
        const was = nodes[node] as ClassicAcceptor;
        nodes[node] = thesis
          ? { role: 'acceptor', phase: 'APromised', no: o, val: v }
          : { role: 'acceptor', promised: Math.min(o, was.promised), accNo: was.accNo <= Math.min(o, was.promised) ? was.accNo : -1, accVal: was.accNo <= Math.min(o, was.promised) ? was.accVal : 0 };
        messages.push({ from: ownerOf(P, b), to: node, msg: msg(ACCEPT_REQ, o, v, ownerOf(P, b)) });
        break;
      }
      case 1: {
        const tag = pick(choose, thesis ? [ACCEPT_REQ, PROMISE_RESP] : [ACCEPT_REQ, PROMISE_RESP, ACCEPTED_RESP]);
        if (tag === ACCEPT_REQ) messages.push({ from: ownerOf(P, b), to: node, msg: msg(ACCEPT_REQ, thesis ? ownerOf(P, b) + 1 : b, v, ownerOf(P, b)) });
        else if (tag === PROMISE_RESP) {
          const acc = thesis ? -1 : choose(b + 1) - 1;
          messages.push({ from: node, to: ownerOf(P, b), msg: msg(PROMISE_RESP, b, thesis ? v : 0, node, acc, acc < 0 ? 0 : v) });
        } else messages.push({ from: node, to: i, msg: msg(ACCEPTED_RESP, b, v, node) });
        break;
      }
      case 2:
        nodes[node] = thesis
          ? pick(choose, [{ role: 'acceptor', phase: 'AInit', no: 0, val: 0 }, { role: 'acceptor', phase: 'APromised', no: b, val: v }] as ThesisAcceptor[])
          : { ...(nodes[node] as ClassicAcceptor), promised: Math.max((nodes[node] as ClassicAcceptor).accNo, choose(B + 2) - 1) };
        break;
      default: {
        const s = nodes[i]!;
        if (thesis) nodes[i] = { ...(s as ThesisProposer), phase: 'PSentAccReq', val: v, sent: choose(A) };
        else {
          const c = s as ClassicProposer;
          if (c.ballot > 0) nodes[i] = { ...c, phase: PHASE2, proposing: v };
        }
      }
    }
  }
  return { ...parts, nodes, messages };
}

/** `ProtocolDef.induct` of paxos. */
export const paxosInduct: InductDef<PaxosNode, PaxosMsg, PaxosHistory> = {
  target: 'inductive',
  supports: (v) => (isClassic(v) || isThesis(v) ? undefined : `${v.name} has no state generator (its nodes are not classic or thesis nodes)`),
  bounds: (v, cfg) => `proposal numbers 1..${ballotBound(v, cfg)}, at most ${MAX_MESSAGES} messages in flight (2 when exhaustive), up to one node down (multiset variants)`,
  generate: generatePaxos,
  ghostKey: paxosGhostKey,
};

/** The votes cast (as a set), the values proposed and learned: what the history invariants read. */
export function paxosGhostKey(h: PaxosHistory): string {
  const votes = [...new Set(h.accepts.map((x) => `A${x.acc + 1}<${x.no},${x.val}>`))].sort().join(' ');
  return `proposed {${[...h.proposed].sort().join(',')}} votes {${votes}} learned {${[...new Set(h.learned)].sort().join(',')}}`;
}
