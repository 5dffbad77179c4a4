/** The spec-level protocol driven through the kernel (`createWorld`, `enabledEvents`, `step`). */
import { describe, expect, test } from 'vitest';
import { createWorld, enabledEvents, step } from '../../src/kernel/world.js';
import { buildSpec } from '../../src/protocols/paxosstore/spec.js';
import { SEED_RULES, TPAXOS_RULES } from '../../src/protocols/paxosstore/variants.js';
import { paxosstoreInvariants } from '../../src/protocols/paxosstore/invariants.js';
import type { History } from '../../src/protocols/paxosstore/ghost.js';
import type { Msg } from '../../src/protocols/paxosstore/messages.js';
import { act, actionsOf, deliver, failing, findEnvelopes, rec } from './helpers.js';

const cfg = { np: 3, values: 2, maxBallot: 4 };

describe('spec level through the kernel', () => {
  test('initially only Prepare of own ballots is enabled, in ballot order', () => {
    const w = createWorld(buildSpec(cfg, TPAXOS_RULES), 'set');
    expect(actionsOf(w, 0)).toEqual(['Prepare(0)', 'Prepare(3)']);
    expect(actionsOf(w, 1)).toEqual(['Prepare(1)', 'Prepare(4)']);
    expect(actionsOf(w, 2)).toEqual(['Prepare(2)']);
    expect(enabledEvents(w).every((e) => e.k === 'local')).toBe(true);
  });

  test('a Prepare is one envelope per participant, sender included; re-sending merges', () => {
    const w = createWorld(buildSpec(cfg, TPAXOS_RULES), 'set');
    act(w, 0, 'Prepare(0)');
    expect([...w.net.inflight.values()].map((e) => e.to)).toEqual([0, 1, 2]);
    expect(w.nodes[0]).toEqual([rec(0), rec(-1), rec(-1)]);
    expect(w.persisted[0]).toBe(w.nodes[0]);
    expect(actionsOf(w, 0)).toEqual(['Prepare(3)']);
    // Set semantics: delivering never removes, and may repeat.
    deliver(w, 0, 1, 'Prepare');
    expect(w.net.size).toBe(4); // + the ACK P2 -> P1
    expect(findEnvelopes(w, 1, 0, 'ACK')).toHaveLength(1);
    deliver(w, 0, 1, 'Prepare'); // again: nothing new (same ACK merges)
    expect(w.net.size).toBe(4);
  });

  test('prepare, promise, accept, vote, learn: a value is chosen by votes and by views', () => {
    const w = createWorld(buildSpec(cfg, TPAXOS_RULES), 'set');
    act(w, 0, 'Prepare(0)');
    deliver(w, 0, 1, 'Prepare');
    expect(actionsOf(w, 0)).toEqual(['Prepare(3)']); // P1's view: only itself at 0
    deliver(w, 1, 0, 'ACK');
    expect(w.nodes[0]).toEqual([rec(0), rec(0), rec(-1)]);
    expect(actionsOf(w, 0)).toEqual(['Accept(0,1)', 'Accept(0,2)', 'Prepare(3)']);
    act(w, 0, 'Accept(0,2)');
    expect(actionsOf(w, 0)).toEqual(['Prepare(3)']); // guard 1 and maxVBal < b now block
    deliver(w, 0, 1, 'Accept');
    expect(w.nodes[1]).toEqual([rec(0, 0, 2), rec(0, 0, 2), rec(-1)]);
    const h = w.ghost as History;
    expect(h.proposals).toEqual([{ node: 0, b: 0, v: 2 }]);
    expect(h.votes).toEqual([{ node: 0, b: 0, v: 2 }, { node: 1, b: 0, v: 2 }]);
    expect([...h.chosen.keys()]).toEqual([2]);
    deliver(w, 1, 0, 'ACK');
    expect(w.nodes[0]).toEqual([rec(0, 0, 2), rec(0, 0, 2), rec(-1)]);
    expect(failing(w, paxosstoreInvariants)).toEqual([]);
  });

  test('an ACK is delivered only to its addressee', () => {
    const w = createWorld(buildSpec(cfg, TPAXOS_RULES), 'set');
    act(w, 0, 'Prepare(0)');
    deliver(w, 0, 2, 'Prepare');
    const acks = [...w.net.inflight.values()].filter((e) => (e.msg as Msg).type === 'ACK');
    expect(acks.map((e) => [e.from, e.to])).toEqual([[2, 0]]);
  });

  test('a step the kernel cannot take is refused and changes nothing', () => {
    const w = createWorld(buildSpec(cfg, SEED_RULES), 'set');
    expect(step(w, { k: 'local', node: 0, action: 'Accept(0,1)' })).toBe(false);
    expect(step(w, { k: 'local', node: 0, action: 'Prepare(1)' })).toBe(false);
    expect(w.steps).toBe(0);
  });

  test('stateKey is the canonical row key; msgKey names type, sender and row', () => {
    const proto = buildSpec(cfg, TPAXOS_RULES);
    expect(proto.stateKey([rec(0), rec(1, 1, 2), rec(-1)])).toBe('0,-1,0|1,1,2|-1,-1,0');
    expect(proto.msgKey({ type: 'ACK', from: 2, state: [rec(0), rec(-1), rec(-1)] })).toBe('ACK:2:0,-1,0|-1,-1,0|-1,-1,0');
    expect(proto.actionKey({ kind: 'Accept', b: 1, v: 2 })).toBe('Accept(1,2)');
    expect(proto.nodeName(0)).toBe('P1');
  });
});
