/**
 * Variant `thesis`: the adapted single-decree Paxos of the thesis, chapter 4
 * (section 4.1.1 adaptation, 4.1.2 state transitions, 4.2 Disel encoding).
 *
 * Proposer: PInit -> PSentPrep -> PWaitPrepResp -> PSentAccReq -> PAbort.
 * It is initialised with a proposal <p,v>, sends prepare_req to every acceptor
 * one send step at a time (so a crash can cut the broadcast short), waits for
 * a promise from EVERY acceptor (not a majority: 4.1.2 "receives a promise
 * response from every single acceptor"), aborts on the first nack, then sends
 * accept_req <p,v'> one step at a time, v' being the value of the
 * highest-numbered proposal among the promises (its own v if none), and ends
 * in PAbort. One shot: it never retries (4.1.1). No learner (4.1.1).
 *
 * Acceptor: AInit -> APromised -> AAccepted.
 * - AInit, prepare_req <n,v>: promise, APromised <n,v>.
 * - APromised <n0,_>, prepare_req <n,v>: if n > n0 promise and hold <n,v>,
 *   else nack and keep the state (4.1.2).
 * - APromised <n0,_>, accept_req <n,v>: accept when n >= n0. The text (4.1.2)
 *   and the Disel listing (4.2) say "greater than", but the proposer sends its
 *   accept_req with the very number the acceptor promised, so with ">" nothing
 *   could ever be accepted and the protocol would not work as 4.1.2 and
 *   chapter 5 describe; the Python simulator (4.1.4) uses ">=". We follow ">=".
 * - AAccepted: "stops listening for and responding to messages" (4.1.2).
 * - AInit, accept_req: not described by the thesis; a proposer only sends
 *   accept_req after every acceptor promised, so this needs amnesia to happen.
 *   The acceptor ignores it (it promised nothing, so it accepts nothing).
 *
 * Promises carry the acceptor's last accepted proposal, as Phase 1b requires
 * (2.2.1); in this state machine an acceptor that has accepted never promises
 * again, so the body is always empty (<0,0> in the chapter 5 logs).
 *
 * Durability: the thesis has no crash model; every node persists its whole
 * state on every transition, so crash-recover is a pause and crash-stop (a
 * crash that never recovers) cuts broadcasts short.
 */
import { NO_COMMANDS, type Command, type Outcome, type Protocol } from '../../kernel/protocol.js';
import type { Config } from '../../kernel/definition.js';
import { avalanche, foldInt, foldStr, HASH_START } from '../../kernel/hash.js';
import { paxosGhost, type PaxosGhost, type PaxosHistory } from './history.js';
import { acceptorIndex, acceptorNode, clientValue, isProposer, layout, nodeName, type Layout } from './layout.js';
import { ACCEPT_REQ, msg, msgHash, msgKey, NACK_RESP, PREPARE_REQ, PROMISE_RESP, showMsg, type PaxosMsg } from './messages.js';

export type ProposerPhase = 'PInit' | 'PSentPrep' | 'PWaitPrepResp' | 'PSentAccReq' | 'PAbort';
export type AcceptorPhase = 'AInit' | 'APromised' | 'AAccepted';

export interface ThesisProposer {
  readonly role: 'proposer';
  readonly phase: ProposerPhase;
  /** The proposal <p_no, p_val> (p_val becomes v' in PSentAccReq). */
  readonly no: number;
  readonly val: number;
  /** How many acceptors the current broadcast has reached (`sent_to`). */
  readonly sent: number;
  /** Bitmask of acceptors that promised (`promises`). */
  readonly promised: number;
  /** Highest-numbered accepted proposal carried by a promise (-1 = none). */
  readonly bestNo: number;
  readonly bestVal: number;
}

export interface ThesisAcceptor {
  readonly role: 'acceptor';
  readonly phase: AcceptorPhase;
  /** The proposal held in APromised / AAccepted. */
  readonly no: number;
  readonly val: number;
}

export type ThesisState = ThesisProposer | ThesisAcceptor;
type Out = Outcome<ThesisState, PaxosMsg, PaxosGhost>;
type Cmd = Command<PaxosMsg, PaxosGhost>;

/** Spontaneous actions: one send step of a broadcast. */
export type ThesisAction = 'send_prepare' | 'send_accept';

const persisted = (state: ThesisState, extra: Cmd[] = []): Out => ({ state, out: [...extra, { kind: 'persist' }] });

export function thesisProtocol(cfg: Config): Protocol<ThesisState, PaxosMsg, ThesisAction, PaxosGhost, PaxosHistory> {
  const l = layout(cfg);
  const all = (1 << l.acceptors) - 1;

  function init(id: number): Out {
    if (isProposer(l, id)) {
      const val = clientValue(l, id);
      const s: ThesisProposer = { role: 'proposer', phase: 'PInit', no: id + 1, val, sent: 0, promised: 0, bestNo: -1, bestVal: 0 };
      return persisted(s, [{ kind: 'ghost', event: { k: 'propose', val } }]);
    }
    return persisted({ role: 'acceptor', phase: 'AInit', no: 0, val: 0 });
  }

  function proposerOnMessage(s: ThesisProposer, from: number, m: PaxosMsg): Out {
    if (s.phase !== 'PWaitPrepResp' || m.no !== s.no) return { state: s, out: NO_COMMANDS };
    if (m.tag === NACK_RESP) return persisted({ ...s, phase: 'PAbort' });
    if (m.tag !== PROMISE_RESP) return { state: s, out: NO_COMMANDS };
    const bit = 1 << acceptorIndex(l, from);
    if (s.promised & bit) return { state: s, out: NO_COMMANDS };
    const better = m.accNo > s.bestNo;
    const next: ThesisProposer = { ...s, promised: s.promised | bit, bestNo: better ? m.accNo : s.bestNo, bestVal: better ? m.accVal : s.bestVal };
    if (next.promised !== all) return persisted(next);
    // A promise from every acceptor: PSentAccReq with the highest-numbered proposal's value.
    const val = next.bestNo >= 0 ? next.bestVal : next.val;
    return persisted({ ...next, phase: 'PSentAccReq', val, sent: 0 });
  }

  function acceptorOnMessage(s: ThesisAcceptor, id: number, from: number, m: PaxosMsg): Out {
    if (s.phase === 'AAccepted') return { state: s, out: NO_COMMANDS };
    if (m.tag === PREPARE_REQ) {
      if (s.phase === 'AInit' || m.no > s.no) {
        const next: ThesisAcceptor = { role: 'acceptor', phase: 'APromised', no: m.no, val: m.val };
        return persisted(next, [{ kind: 'send', to: from, msg: msg(PROMISE_RESP, m.no, m.val, id) }]);
      }
      return { state: s, out: [{ kind: 'send', to: from, msg: msg(NACK_RESP, m.no, m.val, id, s.no) }] };
    }
    if (m.tag === ACCEPT_REQ && s.phase === 'APromised' && m.no >= s.no) {
      const next: ThesisAcceptor = { role: 'acceptor', phase: 'AAccepted', no: m.no, val: m.val };
      return persisted(next, [{ kind: 'ghost', event: { k: 'accept', acc: acceptorIndex(l, id), no: m.no, val: m.val } }]);
    }
    return { state: s, out: NO_COMMANDS };
  }

  function actions(s: ThesisState): readonly ThesisAction[] {
    if (s.role !== 'proposer') return NO_ACTIONS;
    if (s.phase === 'PInit' || s.phase === 'PSentPrep') return SEND_PREPARE;
    if (s.phase === 'PSentAccReq') return SEND_ACCEPT;
    return NO_ACTIONS;
  }

  function onAction(s: ThesisState, _id: number, a: ThesisAction): Out {
    if (s.role !== 'proposer') return { state: s, out: NO_COMMANDS };
    const to = acceptorNode(l, s.sent);
    const sent = s.sent + 1;
    if (a === 'send_prepare') {
      const send: Cmd = { kind: 'send', to, msg: msg(PREPARE_REQ, s.no, s.val, _id) };
      return persisted({ ...s, phase: sent === l.acceptors ? 'PWaitPrepResp' : 'PSentPrep', sent }, [send]);
    }
    const send: Cmd = { kind: 'send', to, msg: msg(ACCEPT_REQ, s.no, s.val, _id) };
    return persisted({ ...s, phase: sent === l.acceptors ? 'PAbort' : 'PSentAccReq', sent }, [send]);
  }

  return {
    nodeCount: l.proposers + l.acceptors,
    nodeName: (id) => nodeName(l, id),
    init,
    onMessage: (s, id, from, m) => (s.role === 'proposer' ? proposerOnMessage(s, from, m) : acceptorOnMessage(s, id, from, m)),
    onTimer: (s) => ({ state: s, out: NO_COMMANDS }),
    actions,
    onAction,
    recover: (p, id) => (p === undefined ? init(id) : { state: p, out: NO_COMMANDS }),
    stateKey: showThesisState,
    stateHash: thesisStateHash,
    msgKey,
    msgHash,
    actionKey: (a) => a,
    showMsg,
    showState: showThesisState,
    // Stryker disable next-line all: trace text only (actionKey, not this, identifies actions)
    showAction: (a) => a,
    ghost: paxosGhost(l.quorum),
  };
}

const NO_ACTIONS: readonly ThesisAction[] = [];
const SEND_PREPARE: readonly ThesisAction[] = ['send_prepare'];
const SEND_ACCEPT: readonly ThesisAction[] = ['send_accept'];

export function showThesisState(s: ThesisState): string {
  if (s.role === 'acceptor') return s.phase === 'AInit' ? 'AInit' : `${s.phase}<${s.no},${s.val}>`;
  return `${s.phase}<${s.no},${s.val}> sent=${s.sent} promises=${s.promised.toString(2)}${s.bestNo >= 0 ? ` best=<${s.bestNo},${s.bestVal}>` : ''}`;
}

/** `showThesisState`'s fields (the state's key) folded into a number (`Protocol.stateHash`). */
export function thesisStateHash(s: ThesisState): number {
  let h = foldStr(HASH_START, s.phase);
  if (s.role === 'acceptor') return avalanche(s.phase === 'AInit' ? h : foldInt(foldInt(h, s.no), s.val));
  h = foldInt(foldInt(foldInt(foldInt(h, s.no), s.val), s.sent), s.promised);
  return avalanche(s.bestNo >= 0 ? foldInt(foldInt(h, s.bestNo), s.bestVal) : h);
}

export type { Layout };
