/**
 * Variant `classic` (the default): full single-decree Paxos as in Lamport's
 * "Paxos Made Simple", which the thesis summarises in section 2.2.
 *
 * - Proposers use disjoint proposal numbers (proposer i: r*P + i + 1), need
 *   promises from a majority (Phase 1b), propose the value of the
 *   highest-numbered accepted proposal among the promises or their client
 *   value (Phase 2a), and retry with a higher number after a nack or a
 *   timeout, with exponential backoff.
 * - Acceptors persist their promise and accepted proposal before answering,
 *   so a crash-recover keeps them (the classic amnesia bug cannot happen).
 * - Learners learn from accepted_resp (2.2.2, option 1: every acceptor tells
 *   every learner). Proposers double as learners and stop once they learn.
 *
 * Each decision point is a named rule of `ClassicRules` (rules.ts); the
 * correct variant is built with `CLASSIC_RULES`, a mutant with one rule broken.
 */
import { NO_COMMANDS, type Command, type Outcome, type Protocol } from '../../kernel/protocol.js';
import type { Config } from '../../kernel/definition.js';
import { avalanche, foldInt, HASH_START } from '../../kernel/hash.js';
import { paxosGhost, type PaxosGhost, type PaxosHistory } from './history.js';
import { acceptorIndex, acceptorNode, clientValue, isProposer, layout, nodeName, popcount } from './layout.js';
import { ACCEPT_REQ, ACCEPTED_RESP, msg, msgHash, msgKey, NACK_RESP, PREPARE_REQ, PROMISE_RESP, showMsg, type PaxosMsg } from './messages.js';
import { CLASSIC_RULES, type ClassicRules } from './rules.js';

/** Proposer phases. */
export const IDLE = 0, PHASE1 = 1, PHASE2 = 2, LEARNED = 3;

export interface ClassicProposer {
  readonly role: 'proposer';
  readonly phase: number;
  readonly attempt: number;
  /** Current proposal number (0 = none yet). */
  readonly ballot: number;
  /** Client value. */
  readonly value: number;
  /** Value sent in Phase 2a. */
  readonly proposing: number;
  readonly promised: number;
  readonly bestNo: number;
  readonly bestVal: number;
  /** Highest proposal number seen in a nack. */
  readonly maxSeen: number;
  /** Learner tallies: accepted_resp senders per proposal. */
  readonly tally: readonly { readonly no: number; readonly val: number; readonly mask: number }[];
  readonly learned: number;
}

export interface ClassicAcceptor {
  readonly role: 'acceptor';
  /** Highest proposal number promised (-1 = none). */
  readonly promised: number;
  readonly accNo: number;
  readonly accVal: number;
}

export type ClassicState = ClassicProposer | ClassicAcceptor;
type Out = Outcome<ClassicState, PaxosMsg, PaxosGhost>;
type Cmd = Command<PaxosMsg, PaxosGhost>;

/** Retry timeout, virtual ticks: doubles per attempt up to 16x, offset per proposer to break symmetry. */
export function backoff(attempt: number, proposer: number): number {
  return 40 * (1 << Math.min(attempt, 4)) + 7 * proposer;
}

export function classicProtocol(cfg: Config, rules: ClassicRules = CLASSIC_RULES): Protocol<ClassicState, PaxosMsg, never, PaxosGhost, PaxosHistory> {
  const l = layout(cfg);
  const P = l.proposers;
  const phase1Quorum = rules.phase1Quorum(l.acceptors);
  const learnQuorum = rules.learnQuorum(l.acceptors);

  function broadcast(out: Cmd[], m: PaxosMsg): void {
    for (let j = 0; j < l.acceptors; j++) out.push({ kind: 'send', to: acceptorNode(l, j), msg: m });
  }

  function initialProposer(id: number): ClassicProposer {
    return { role: 'proposer', phase: IDLE, attempt: 0, ballot: 0, value: clientValue(l, id), proposing: 0, promised: 0, bestNo: -1, bestVal: 0, maxSeen: 0, tally: [], learned: 0 };
  }

  function initialAcceptor(): ClassicAcceptor {
    return { role: 'acceptor', promised: -1, accNo: -1, accVal: 0 };
  }

  function init(id: number): Out {
    if (isProposer(l, id)) {
      const s = initialProposer(id);
      return { state: s, out: [{ kind: 'ghost', event: { k: 'propose', val: s.value } }, { kind: 'setTimer', timer: 'start', delay: 1 + id }] };
    }
    return { state: initialAcceptor(), out: NO_COMMANDS };
  }

  /** Phase 1a with the next proposal number above everything seen. */
  function startRound(s: ClassicProposer, id: number): Out {
    const ballot = rules.nextBallot(Math.max(s.ballot, s.maxSeen), id, P);
    const next: ClassicProposer = { ...s, phase: PHASE1, attempt: s.attempt + 1, ballot, promised: 0, bestNo: -1, bestVal: 0 };
    const out: Cmd[] = [{ kind: 'persist' }];
    broadcast(out, msg(PREPARE_REQ, ballot, 0, id));
    if (rules.retries) out.push({ kind: 'setTimer', timer: 'retry', delay: backoff(next.attempt, id) });
    return { state: next, out };
  }

  function proposerOnMessage(s: ClassicProposer, id: number, from: number, m: PaxosMsg): Out {
    if (m.tag === ACCEPTED_RESP) return learn(s, from, m);
    // Answers to another round are stale (`rules.promiseForRound`: a promise only counts toward its own round).
    if ((m.no !== s.ballot && (rules.promiseForRound || m.tag !== PROMISE_RESP)) || s.phase === LEARNED) return { state: s, out: NO_COMMANDS };
    if (m.tag === NACK_RESP) {
      if (s.phase === IDLE) return { state: s, out: NO_COMMANDS };
      return { state: { ...s, phase: IDLE, maxSeen: Math.max(s.maxSeen, m.accNo) }, out: NO_COMMANDS };
    }
    if (m.tag !== PROMISE_RESP || s.phase !== PHASE1) return { state: s, out: NO_COMMANDS };
    const bit = 1 << acceptorIndex(l, from);
    if (s.promised & bit) return { state: s, out: NO_COMMANDS };
    const better = rules.adopts(m.accNo, s.bestNo);
    const next: ClassicProposer = { ...s, promised: s.promised | bit, bestNo: better ? m.accNo : s.bestNo, bestVal: better ? m.accVal : s.bestVal };
    if (popcount(next.promised) < phase1Quorum) return { state: next, out: NO_COMMANDS };
    const proposing = next.bestNo >= 0 ? next.bestVal : next.value;
    const out: Cmd[] = [];
    broadcast(out, msg(ACCEPT_REQ, s.ballot, proposing, id));
    if (!rules.retriesInPhase2) out.push({ kind: 'cancelTimer', timer: 'retry' });
    return { state: { ...next, phase: PHASE2, proposing }, out };
  }

  /** Learner: a value is learned once a majority reports accepting the same proposal. */
  function learn(s: ClassicProposer, from: number, m: PaxosMsg): Out {
    if (s.learned !== 0) return { state: s, out: NO_COMMANDS };
    const bit = 1 << acceptorIndex(l, from);
    let mask = bit;
    const tally = s.tally.filter((t) => {
      if ((t.no !== m.no && rules.tallyByProposal) || t.val !== m.val) return true;
      mask |= t.mask;
      return false;
    });
    tally.push({ no: m.no, val: m.val, mask });
    if (popcount(mask) < learnQuorum) return { state: { ...s, tally }, out: NO_COMMANDS };
    return {
      state: { ...s, tally, learned: m.val, phase: LEARNED },
      out: [{ kind: 'ghost', event: { k: 'learn', val: m.val } }, { kind: 'cancelTimer', timer: 'retry' }],
    };
  }

  function acceptorOnMessage(s: ClassicAcceptor, id: number, from: number, m: PaxosMsg): Out {
    if (m.tag === PREPARE_REQ) {
      if (rules.promises(m.no, s.promised)) {
        const next: ClassicAcceptor = { ...s, promised: m.no };
        return { state: next, out: [{ kind: 'persist' }, { kind: 'send', to: from, msg: msg(PROMISE_RESP, m.no, 0, id, rules.reportedNo(s.accNo, s.promised), s.accVal) }] };
      }
      return { state: s, out: [{ kind: 'send', to: from, msg: msg(NACK_RESP, m.no, 0, id, s.promised) }] };
    }
    if (m.tag === ACCEPT_REQ) {
      if (rules.accepts(m.no, s.promised)) {
        const next: ClassicAcceptor = { role: 'acceptor', promised: m.no, accNo: m.no, accVal: m.val };
        const out: Cmd[] = [{ kind: 'persist' }, { kind: 'ghost', event: { k: 'accept', acc: acceptorIndex(l, id), no: m.no, val: m.val } }];
        const reply = msg(ACCEPTED_RESP, m.no, m.val, id);
        for (let p = 0; p < P; p++) out.push({ kind: 'send', to: p, msg: reply });
        return { state: next, out };
      }
      return { state: s, out: [{ kind: 'send', to: from, msg: msg(NACK_RESP, m.no, 0, id, s.promised) }] };
    }
    return { state: s, out: NO_COMMANDS };
  }

  /** An acceptor restarts with what `rules.acceptorMemory` says it persisted. */
  function recoverAcceptor(p: ClassicAcceptor | undefined): ClassicAcceptor {
    if (p === undefined) return initialAcceptor();
    if (rules.acceptorMemory === 'accepted') return { role: 'acceptor', promised: p.accNo, accNo: p.accNo, accVal: p.accVal };
    if (rules.acceptorMemory === 'promise') return { role: 'acceptor', promised: p.promised, accNo: -1, accVal: 0 };
    return p;
  }

  function recover(p: ClassicState | undefined, id: number): Out {
    if (!isProposer(l, id)) return { state: recoverAcceptor(p as ClassicAcceptor | undefined), out: NO_COMMANDS };
    const base = initialProposer(id);
    const kept = p?.role === 'proposer' && rules.proposerKeepsBallot ? p : undefined;
    const s: ClassicProposer = kept ? { ...base, attempt: kept.attempt, ballot: kept.ballot, maxSeen: kept.maxSeen } : base;
    return { state: s, out: [{ kind: 'setTimer', timer: 'retry', delay: backoff(s.attempt, id) }] };
  }

  return {
    nodeCount: P + l.acceptors,
    nodeName: (id) => nodeName(l, id),
    init,
    onMessage: (s, id, from, m) => (s.role === 'proposer' ? proposerOnMessage(s, id, from, m) : acceptorOnMessage(s, id, from, m)),
    onTimer: (s, id) => (s.role === 'proposer' && s.phase !== LEARNED ? startRound(s, id) : { state: s, out: NO_COMMANDS }),
    actions: () => NO_ACTIONS,
    onAction: (s) => ({ state: s, out: NO_COMMANDS }),
    recover,
    stateKey: classicStateKey,
    stateHash: classicStateHash,
    msgKey,
    msgHash,
    actionKey: (a) => String(a),
    showMsg,
    showState: showClassicState,
    // Stryker disable next-line all: trace text only (actionKey, not this, identifies actions)
    showAction: (a) => String(a),
    ghost: paxosGhost(l.quorum),
  };
}

const NO_ACTIONS: readonly never[] = [];

/** Every field, so equal keys mean equal states (the explorer and set semantics rely on it). */
export function classicStateKey(s: ClassicState): string {
  if (s.role === 'acceptor') return `A${s.promised},${s.accNo},${s.accVal}`;
  const tally = s.tally.map((t) => `${t.no}:${t.val}:${t.mask}`).join(';');
  return `P${s.phase},${s.attempt},${s.ballot},${s.value},${s.proposing},${s.promised},${s.bestNo},${s.bestVal},${s.maxSeen},${s.learned},${tally}`;
}

// Stryker disable all: showClassicState is trace text only (classicStateKey, above, is the state's identity)
const PHASES = ['idle', 'phase1', 'phase2', 'learned'];

export function showClassicState(s: ClassicState): string {
  if (s.role === 'acceptor') return `promised=${s.promised} accepted=${s.accNo >= 0 ? `<${s.accNo},${s.accVal}>` : '-'}`;
  return `${PHASES[s.phase]} ballot=${s.ballot} value=${s.value}${s.phase === PHASE2 ? ` proposing=${s.proposing}` : ''} promises=${s.promised.toString(2)}${s.learned ? ` learned=${s.learned}` : ''}`;
}
// Stryker restore all

/** `classicStateKey`'s fields folded into a number (`Protocol.stateHash`). */
export function classicStateHash(s: ClassicState): number {
  if (s.role === 'acceptor') return avalanche(foldInt(foldInt(foldInt(HASH_START, s.promised), s.accNo), s.accVal));
  let h = foldInt(foldInt(foldInt(foldInt(foldInt(HASH_START ^ 1, s.phase), s.attempt), s.ballot), s.value), s.proposing);
  h = foldInt(foldInt(foldInt(foldInt(foldInt(foldInt(h, s.promised), s.bestNo), s.bestVal), s.maxSeen), s.learned), s.tally.length);
  for (const t of s.tally) h = foldInt(foldInt(foldInt(h, t.no), t.val), t.mask);
  return avalanche(h);
}
