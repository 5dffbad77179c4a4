/**
 * Variant `thesis-python-sim`: what the Python simulator of appendix D really
 * does, defects included. Read against D.1 (paxos.py), D.4 (proposer.py) and
 * D.5 (acceptor.py):
 *
 * 1. Node ids overlap (D.1 `run`): proposers get ids 1..NPROPOSERS and
 *    acceptors `range(NPROPOSERS, NPROPOSERS + NACCEPTORS)`, so the last
 *    proposer and the first acceptor share id NPROPOSERS. `Env.procs` is a
 *    dict keyed by id and acceptors register first, so when proposer
 *    NPROPOSERS registers it takes over that id: every later message to
 *    "acceptor NPROPOSERS" lands in a proposer's inbox, which ignores it. We
 *    model `procs` with the kernel's logical addresses: acceptors are bound at
 *    start, each proposer's first step binds its own id (`add_proc`; the
 *    thread starts right after), and a proposer that finishes unbinds it
 *    (`remove_proc`). Sends to an unbound id are silently lost (`send_msg`).
 * 2. The proposer adopts the LOWEST-numbered promise (D.4:
 *    `recv_promises.sort(key=lambda x: x[1])` is ascending, then `[0]`).
 * 3. The acceptor's prepare branch compares the incoming VALUE with the
 *    promised number (D.5: `if p_val < promised_no`), and the accept branch
 *    does the same (`if p_val >= promised_no`), also in AAccepted, so an
 *    acceptor can re-accept.
 * 4. A promise carries the proposal just promised (D.5 `send_promise_resp`
 *    sends `self.state[1]` after setting it to `msg.proposal`), never an
 *    accepted one; an AAccepted acceptor nacks every prepare.
 * 5. Replies go to `p_no`, the proposal number used as a node id.
 * 6. Nothing is durable: a restarted process starts from its initial state.
 *
 * D.1 starts proposer i with `Proposer(self, acceptors, i, i)`, i.e. proposal
 * <i, i>; our layout gives proposer i the proposal <i, ((i-1) mod V)+1>, which
 * is the same for the default two values. With p_val = p_no, defects 2-4 are
 * masked (every promise carries the proposer's own proposal, and value and
 * number comparisons agree); defect 1 is not.
 *
 * The D.5 listing's indentation is mangled by a page break; we follow the
 * structure of the same code quoted in section 4.1.4 (if AInit / elif
 * APromised / else nack, inside the prepare branch).
 */
import { NO_COMMANDS, type Command, type Outcome, type Protocol } from '../../kernel/protocol.js';
import type { Config } from '../../kernel/definition.js';
import { avalanche, foldInt, foldStr, HASH_START } from '../../kernel/hash.js';
import { paxosGhost, type PaxosGhost, type PaxosHistory } from './history.js';
import { acceptorIndex, clientValue, isProposer, layout, nodeName } from './layout.js';
import { ACCEPT_REQ, msg, msgHash, msgKey, NACK_RESP, PREPARE_REQ, PROMISE_RESP, showMsg, type PaxosMsg } from './messages.js';

export interface PyProposer {
  readonly role: 'proposer';
  /** 'unregistered' before `add_proc`, 'exited' after `remove_proc`. */
  readonly phase: 'unregistered' | 'PInit' | 'PWaitPrepResp' | 'PSentAccReq' | 'exited';
  readonly pNo: number;
  readonly pVal: number;
  /** Sends done in the current broadcast loop. */
  readonly sent: number;
  /** recv_promises: (src, p_no, p_val) in arrival order. */
  readonly promises: readonly (readonly [number, number, number])[];
  /** Messages that arrived while the thread was still in a send loop (its queue). */
  readonly inbox: readonly PaxosMsg[];
}

export interface PyAcceptor {
  readonly role: 'acceptor';
  readonly phase: 'AInit' | 'APromised' | 'AAccepted';
  readonly no: number;
  readonly val: number;
  /** Python id (`self.id`). */
  readonly pyId: number;
}

export type PyState = PyProposer | PyAcceptor;
type Out = Outcome<PyState, PaxosMsg, PaxosGhost>;
type Cmd = Command<PaxosMsg, PaxosGhost>;
export type PyAction = 'add_proc' | 'send_prepare_req' | 'send_accept_req';

export function pythonSimProtocol(cfg: Config): Protocol<PyState, PaxosMsg, PyAction, PaxosGhost, PaxosHistory> {
  const l = layout(cfg);
  const P = l.proposers;
  /** Python ids of the acceptors: range(NPROPOSERS, NPROPOSERS + NACCEPTORS). */
  const acceptorIds = Array.from({ length: l.acceptors }, (_, j) => P + j);
  const idCount = P + l.acceptors;
  const initialRoutes = Array.from({ length: idCount }, (_, id) => (id >= P ? P + (id - P) : -1));

  function init(id: number): Out {
    if (isProposer(l, id)) {
      const s: PyProposer = { role: 'proposer', phase: 'unregistered', pNo: id + 1, pVal: clientValue(l, id), sent: 0, promises: [], inbox: [] };
      return { state: s, out: [{ kind: 'ghost', event: { k: 'propose', val: s.pVal } }] };
    }
    return { state: { role: 'acceptor', phase: 'AInit', no: 0, val: 0, pyId: id }, out: NO_COMMANDS };
  }

  /** The proposer's `while True` loop body for one message. */
  function proposerReceive(s: PyProposer, m: PaxosMsg, out: Cmd[]): PyProposer {
    if (m.tag === NACK_RESP) {
      out.push({ kind: 'bind', address: s.pNo, node: -1 }); // break; body returns; remove_proc
      return { ...s, phase: 'exited' };
    }
    if (m.tag !== PROMISE_RESP || s.phase !== 'PWaitPrepResp') return s;
    let promises = s.promises;
    if (!promises.some((p) => p[0] === m.src)) promises = [...promises, [m.src, m.no, m.val] as const];
    const srcs = promises.map((p) => p[0]).sort((a, b) => a - b);
    if (srcs.length !== acceptorIds.length || srcs.some((x, i) => x !== acceptorIds[i])) return { ...s, promises };
    // recv_promises.sort(key=lambda x: x[1]); highest_numbered_value = recv_promises[0][2]  (the LOWEST)
    const sorted = [...promises].sort((a, b) => a[1] - b[1]);
    return { ...s, promises, phase: 'PSentAccReq', pVal: sorted[0]![2], sent: 0 };
  }

  function proposerOnMessage(s: PyProposer, m: PaxosMsg): Out {
    if (s.phase === 'exited' || s.phase === 'unregistered') return { state: s, out: NO_COMMANDS };
    if (s.phase === 'PInit' || s.phase === 'PSentAccReq') return { state: { ...s, inbox: [...s.inbox, m] }, out: NO_COMMANDS }; // queued until get_next_msg
    const out: Cmd[] = [];
    return { state: proposerReceive(s, m, out), out };
  }

  function acceptorOnMessage(s: PyAcceptor, id: number, m: PaxosMsg): Out {
    const pNo = m.no, pVal = m.val;
    const promise = (next: PyAcceptor): Out => ({ state: next, out: [{ kind: 'send', to: pNo, msg: msg(PROMISE_RESP, next.no, next.val, s.pyId) }] });
    const nack: Out = { state: s, out: [{ kind: 'send', to: pNo, msg: msg(NACK_RESP, -1, -1, s.pyId) }] };
    if (m.tag === PREPARE_REQ) {
      if (s.phase === 'AInit') return promise({ ...s, phase: 'APromised', no: pNo, val: pVal });
      if (s.phase === 'APromised') return pVal < s.no ? nack : promise({ ...s, phase: 'APromised', no: pNo, val: pVal });
      return nack;
    }
    if (m.tag === ACCEPT_REQ && (s.phase === 'AInit' || pVal >= s.no)) {
      const next: PyAcceptor = { ...s, phase: 'AAccepted', no: pNo, val: pVal };
      return { state: next, out: [{ kind: 'ghost', event: { k: 'accept', acc: acceptorIndex(l, id), no: pNo, val: pVal } }] };
    }
    return { state: s, out: NO_COMMANDS };
  }

  function actions(s: PyState): readonly PyAction[] {
    if (s.role !== 'proposer') return NONE;
    if (s.phase === 'unregistered') return ADD_PROC;
    if (s.phase === 'PInit') return PREPARE;
    if (s.phase === 'PSentAccReq') return ACCEPT;
    return NONE;
  }

  function onAction(s: PyState, id: number, a: PyAction): Out {
    if (s.role !== 'proposer') return { state: s, out: NO_COMMANDS };
    if (a === 'add_proc') return { state: { ...s, phase: 'PInit' }, out: [{ kind: 'bind', address: s.pNo, node: id }] };
    const to = acceptorIds[s.sent]!;
    const sent = s.sent + 1;
    const last = sent === acceptorIds.length;
    if (a === 'send_prepare_req') {
      const out: Cmd[] = [{ kind: 'send', to, msg: msg(PREPARE_REQ, s.pNo, s.pVal, s.pNo) }];
      if (!last) return { state: { ...s, sent }, out };
      // self.state = ("PWaitPrepResp", [], p_no, p_val); then the receive loop drains the queue
      let st: PyProposer = { ...s, sent, phase: 'PWaitPrepResp', promises: [], inbox: [] };
      for (const m of s.inbox) {
        if (st.phase !== 'PWaitPrepResp') break;
        st = proposerReceive(st, m, out);
      }
      return { state: st, out };
    }
    const out: Cmd[] = [{ kind: 'send', to, msg: msg(ACCEPT_REQ, s.pNo, s.pVal, s.pNo) }];
    if (!last) return { state: { ...s, sent }, out };
    out.push({ kind: 'bind', address: s.pNo, node: -1 }); // print("Exiting proposer"); break; remove_proc
    return { state: { ...s, sent, phase: 'exited', inbox: [] }, out };
  }

  return {
    nodeCount: P + l.acceptors,
    // Python ids: proposers P1..P{NPROPOSERS}, acceptors A{NPROPOSERS}.. (so "A2" and "P2" share id 2 by default)
    nodeName: (id) => (isProposer(l, id) ? nodeName(l, id) : `A${id}`),
    init,
    onMessage: (s, id, _from, m) => (s.role === 'proposer' ? proposerOnMessage(s, m) : acceptorOnMessage(s, id, m)),
    onTimer: (s) => ({ state: s, out: NO_COMMANDS }),
    actions,
    onAction,
    recover: (_p, id) => init(id),
    stateKey: (s) => (s.role === 'proposer' && s.inbox.length > 0 ? `${showPyState(s)} inbox=${s.inbox.map(msgKey).join(';')}` : showPyState(s)),
    stateHash: pyStateHash,
    msgKey,
    msgHash,
    actionKey: (a) => a,
    showMsg,
    showState: showPyState,
    showAction: (a) => a,
    ghost: paxosGhost(l.quorum),
    addresses: { initial: initialRoutes },
  };
}

const NONE: readonly PyAction[] = [];
const ADD_PROC: readonly PyAction[] = ['add_proc'];
const PREPARE: readonly PyAction[] = ['send_prepare_req'];
const ACCEPT: readonly PyAction[] = ['send_accept_req'];

/** The state key's fields (`showPyState`, then the queued messages) folded into a number (`Protocol.stateHash`). */
export function pyStateHash(s: PyState): number {
  let h = foldStr(HASH_START, s.phase);
  if (s.role === 'acceptor') return avalanche(foldInt(s.phase === 'AInit' ? h : foldInt(foldInt(h, s.no), s.val), s.pyId));
  h = foldInt(foldInt(foldInt(foldInt(h, s.pNo), s.pVal), s.sent), s.promises.length);
  for (const p of s.promises) for (const x of p) h = foldInt(h, x);
  h = foldInt(h, s.inbox.length);
  for (const m of s.inbox) h = foldInt(h, msgHash(m));
  return avalanche(h);
}

export function showPyState(s: PyState): string {
  if (s.role === 'acceptor') return s.phase === 'AInit' ? `AInit id=${s.pyId}` : `${s.phase}(${s.no},${s.val}) id=${s.pyId}`;
  return `${s.phase}(${s.pNo},${s.pVal}) sent=${s.sent} promises=[${s.promises.map((p) => `(${p.join(',')})`).join(' ')}]${s.inbox.length ? ` queued=${s.inbox.length}` : ''}`;
}
