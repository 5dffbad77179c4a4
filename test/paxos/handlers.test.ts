/** Hand-computed single steps of each variant, at the points where the sources are subtle. */
import { describe, expect, it } from 'vitest';
import { ACCEPT_REQ, msg, NACK_RESP, PREPARE_REQ, PROMISE_RESP } from '../../src/protocols/paxos/messages.js';
import { thesisProtocol, type ThesisAcceptor, type ThesisProposer } from '../../src/protocols/paxos/thesis.js';
import { pythonSimProtocol, type PyAcceptor, type PyProposer } from '../../src/protocols/paxos/pythonsim.js';
import { classicProtocol, type ClassicAcceptor } from '../../src/protocols/paxos/classic.js';

const cfg = { proposers: 2, acceptors: 3, values: 2 };

describe('thesis', () => {
  const p = thesisProtocol(cfg);
  it('acceptor accepts the number it promised (>=), ignores everything once accepted', () => {
    let a = p.init(2).state as ThesisAcceptor;
    a = p.onMessage(a, 2, 0, msg(PREPARE_REQ, 1, 1, 0)).state as ThesisAcceptor;
    expect(a).toMatchObject({ phase: 'APromised', no: 1 });
    const acc = p.onMessage(a, 2, 0, msg(ACCEPT_REQ, 1, 1, 0));
    expect(acc.state).toMatchObject({ phase: 'AAccepted', no: 1, val: 1 });
    expect(p.onMessage(acc.state, 2, 1, msg(PREPARE_REQ, 2, 2, 1)).out).toHaveLength(0);
  });
  it('acceptor nacks a prepare that is not greater and keeps its state', () => {
    const a = p.onMessage(p.init(2).state, 2, 1, msg(PREPARE_REQ, 2, 2, 1)).state;
    const r = p.onMessage(a, 2, 0, msg(PREPARE_REQ, 1, 1, 0));
    expect(r.state).toBe(a);
    expect(r.out).toEqual([{ kind: 'send', to: 0, msg: msg(NACK_RESP, 1, 1, 2, 2) }]);
  });
  it('proposer sends one prepare per step, needs promises from every acceptor, aborts on a nack', () => {
    let s = p.init(0).state;
    for (let i = 0; i < 3; i++) {
      expect(p.actions(s, 0, { envelopes: () => [] })).toEqual(['send_prepare']);
      s = p.onAction(s, 0, 'send_prepare', { envelopes: () => [] }).state;
    }
    expect((s as ThesisProposer).phase).toBe('PWaitPrepResp');
    s = p.onMessage(s, 0, 2, msg(PROMISE_RESP, 1, 0, 2)).state;
    s = p.onMessage(s, 0, 3, msg(PROMISE_RESP, 1, 0, 3)).state;
    expect((s as ThesisProposer).phase).toBe('PWaitPrepResp'); // a majority is not enough
    expect((p.onMessage(s, 0, 4, msg(NACK_RESP, 1, 0, 4, 2)).state as ThesisProposer).phase).toBe('PAbort');
    expect((p.onMessage(s, 0, 4, msg(PROMISE_RESP, 1, 0, 4)).state as ThesisProposer).phase).toBe('PSentAccReq');
  });
});

describe('thesis-python-sim', () => {
  const p = pythonSimProtocol(cfg);
  it('acceptor prepare branch compares the incoming value with the promised number', () => {
    const q = pythonSimProtocol({ proposers: 2, acceptors: 3, values: 1 }); // proposer 2 proposes <2,1>
    let a = q.init(2).state as PyAcceptor;
    a = q.onMessage(a, 2, 1, msg(PREPARE_REQ, 2, 1, 2)).state as PyAcceptor; // APromised(2,1)
    // <1,1>: p_val 1 < promised_no 2 -> nack; but <3,1> from nobody has p_val 1 < 2 -> nack too (number ignored)
    const r = q.onMessage(a, 2, 0, msg(PREPARE_REQ, 3, 1, 3));
    expect(r.out[0]).toMatchObject({ kind: 'send', to: 3, msg: { tag: NACK_RESP } });
  });
  it('promise carries the proposal just promised, and replies go to p_no as an address', () => {
    const r = p.onMessage(p.init(2).state, 2, 0, msg(PREPARE_REQ, 1, 1, 1));
    expect(r.out).toEqual([{ kind: 'send', to: 1, msg: msg(PROMISE_RESP, 1, 1, 2) }]);
  });
  it('proposer adopts the LOWEST-numbered promise once every acceptor id answered', () => {
    let s: PyProposer = { role: 'proposer', phase: 'PWaitPrepResp', pNo: 2, pVal: 2, sent: 3, promises: [], inbox: [] };
    s = p.onMessage(s, 1, 2, msg(PROMISE_RESP, 2, 2, 2)).state as PyProposer;
    s = p.onMessage(s, 1, 3, msg(PROMISE_RESP, 1, 1, 3)).state as PyProposer;
    s = p.onMessage(s, 1, 4, msg(PROMISE_RESP, 2, 2, 4)).state as PyProposer;
    expect(s).toMatchObject({ phase: 'PSentAccReq', pVal: 1 });
  });
  it('acceptor and last proposer share python id NPROPOSERS: registering the proposer takes the address over', () => {
    expect(p.addresses!.initial[2]).toBe(2); // acceptor node 2 = python id 2
    expect(p.onAction(p.init(1).state, 1, 'add_proc', { envelopes: () => [] }).out).toEqual([{ kind: 'bind', address: 2, node: 1 }]);
  });
  it('an accepted acceptor re-accepts when p_val >= its accepted number', () => {
    const a: PyAcceptor = { role: 'acceptor', phase: 'AAccepted', no: 1, val: 1, pyId: 3 };
    expect(p.onMessage(a, 3, 1, msg(ACCEPT_REQ, 2, 2, 2)).state).toMatchObject({ phase: 'AAccepted', no: 2, val: 2 });
  });
});

describe('classic', () => {
  const p = classicProtocol(cfg);
  it('acceptor persists its promise before answering and reports its accepted proposal', () => {
    let a = p.init(2).state as ClassicAcceptor;
    a = p.onMessage(a, 2, 0, msg(ACCEPT_REQ, 1, 1, 0)).state as ClassicAcceptor;
    const r = p.onMessage(a, 2, 1, msg(PREPARE_REQ, 2, 0, 1));
    expect(r.out[0]).toEqual({ kind: 'persist' });
    expect(r.out[1]).toEqual({ kind: 'send', to: 1, msg: msg(PROMISE_RESP, 2, 0, 2, 1, 1) });
  });
  it('proposer numbers are disjoint and increase past what nacks reported', () => {
    let s = p.init(1).state;
    s = p.onTimer(s, 1, 'start').state;
    expect(s).toMatchObject({ ballot: 2 });
    s = p.onMessage(s, 1, 2, msg(NACK_RESP, 2, 0, 2, 7)).state;
    s = p.onTimer(s, 1, 'retry').state;
    expect(s).toMatchObject({ ballot: 8 });
  });
});
