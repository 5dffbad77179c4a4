/** The implementation level: processes, timers, retries, crash-recover, and DES campaigns. */
import { describe, expect, test } from 'vitest';
import { checkInvariants } from '../../src/kernel/check.js';
import { findVariant } from '../../src/kernel/definition.js';
import { createWorld, step, type World } from '../../src/kernel/world.js';
import { runStrategyCampaign } from '../../src/search/campaign.js';
import { scheduleTarget } from '../../src/kernel/target.js';
import { buildImpl, initialProcess, RETRY_BASE, SpecDriftError, type Process } from '../../src/protocols/paxosstore/impl.js';
import { paxosstoreInvariants } from '../../src/protocols/paxosstore/invariants.js';
import { paxosstoreDef } from '../../src/protocols/paxosstore/paxosstore.js';
import { TPAXOS_RULES } from '../../src/protocols/paxosstore/variants.js';
import type { History } from '../../src/protocols/paxosstore/ghost.js';
import type { Msg } from '../../src/protocols/paxosstore/messages.js';
import { msg, rec, row } from './helpers.js';

const LOCAL = { ...TPAXOS_RULES, guard1Scope: 'own' as const };
const cfg3 = { np: 3, values: 2, maxBallot: 7 };

function impl(cfg = cfg3, rules = LOCAL) {
  return buildImpl(cfg, rules);
}

/** Fault-free driver: deliver the oldest message, else fire the earliest timer; checks invariants. */
function runQuiet(w: World, maxSteps = 500): void {
  for (let i = 0; i < maxSteps; i++) {
    const env = w.net.inflight.values().next().value;
    if (env !== undefined) step(w, { k: 'deliver', id: env.id });
    else {
      const timers = [...w.timers.values()].sort((a, b) => a.at - b.at || a.node - b.node);
      if (timers.length === 0) return;
      const t = timers[0]!;
      w.time = t.at;
      step(w, { k: 'timer', node: t.node, timer: t.timer });
    }
    expect(checkInvariants(w, paxosstoreInvariants)).toBeUndefined();
  }
}

const proc = (w: World, p: number) => w.nodes[p] as Process;

describe('process steps', () => {
  test('init arms the client request timer', () => {
    const o = impl().init(1);
    expect(o.state).toEqual(initialProcess(3));
    expect(o.out).toEqual([{ kind: 'setTimer', timer: 'request', delay: 2 }]);
  });

  test('a client request prepares the first own ballot', () => {
    const o = impl().onTimer(initialProcess(3), 1, 'request');
    expect(o.state).toMatchObject({ phase: 'preparing', ballot: 1, attempt: 1 });
    expect(o.state.view).toEqual([rec(-1), rec(1), rec(-1)]);
    const sends = o.out.filter((c) => c.kind === 'send');
    expect(sends.map((c) => (c as { to: number }).to)).toEqual([0, 1, 2]);
    expect(o.out).toContainEqual({ kind: 'persist' });
    expect(o.out).toContainEqual({ kind: 'setTimer', timer: 'retry', delay: RETRY_BASE + 7 });
  });

  test('with one participant Prepare and Accept happen in one step, with its client value', () => {
    const p = impl({ np: 1, values: 2, maxBallot: 3 });
    const o = p.onTimer(initialProcess(1), 0, 'request');
    expect(o.state).toMatchObject({ phase: 'accepting', ballot: 0 });
    expect(o.state.view).toEqual([rec(0, 0, 1)]);
    expect(o.out).toContainEqual({ kind: 'ghost', event: { kind: 'vote', b: 0, v: 1 } });
  });

  test('a quorum of promises triggers Accept with the highest reported value', () => {
    const p = impl();
    let s = p.onTimer(initialProcess(3), 0, 'request').state; // Prepare(0)
    const ack = msg('ACK', 2, row(rec(0), rec(-1), rec(0, -1, 0)));
    const o = p.onMessage(s, 0, 2, ack);
    expect(o.state.phase).toBe('accepting');
    expect(o.state.view[0]).toEqual(rec(0, 0, 1)); // free: its client value (0 % 2) + 1
    expect(o.state.sent).toHaveLength(1);
    // Another run: P3's ACK reports its vote (2, 2), the highest: P1 must propose 2.
    s = { ...initialProcess(3), view: row(rec(3), rec(-1), rec(2, 2, 2)), phase: 'preparing', ballot: 3, attempt: 2 };
    const o2 = p.onMessage(s, 0, 2, msg('ACK', 2, row(rec(-1), rec(-1), rec(3, 2, 2))));
    expect(o2.state.view[0]).toEqual(rec(3, 3, 2));
  });

  test('retry while holding the ballot retransmits the same message (a stuttering step)', () => {
    const p = impl();
    const s = p.onTimer(initialProcess(3), 0, 'request').state;
    const o = p.onTimer(s, 0, 'retry');
    expect(o.state).toBe(s);
    const sent = o.out.filter((c) => c.kind === 'send').map((c) => (c as { msg: Msg }).msg);
    expect(sent).toEqual([s.last, s.last, s.last]);
    expect(o.out).not.toContainEqual({ kind: 'persist' });
  });

  test('retry after being preempted prepares the next own ballot above the promise', () => {
    const p = impl();
    let s = p.onTimer(initialProcess(3), 0, 'request').state; // Prepare(0)
    s = p.onMessage(s, 0, 1, msg('Prepare', 1, row(rec(-1), rec(4), rec(-1)))).state;
    expect(s.view[0]!.maxBal).toBe(4);
    const o = p.onTimer(s, 0, 'retry');
    expect(o.state).toMatchObject({ phase: 'preparing', ballot: 6, attempt: 2 });
    expect(o.out).toContainEqual({ kind: 'setTimer', timer: 'retry', delay: 2 * RETRY_BASE });
  });

  test('no own ballot left below the bound: it stops', () => {
    const p = impl({ np: 3, values: 2, maxBallot: 4 });
    const s = { ...initialProcess(3), view: row(rec(4), rec(4), rec(-1)), phase: 'preparing' as const, ballot: 0, attempt: 1 };
    const o = p.onTimer(s, 0, 'retry');
    expect(o.state.phase).toBe('exhausted');
    expect(o.out.filter((c) => c.kind === 'setTimer')).toEqual([]);
  });

  test('recover restores the persisted state and re-arms the timer of its phase', () => {
    const p = impl();
    const s = p.onTimer(initialProcess(3), 2, 'request').state;
    expect(p.recover(s, 2)).toEqual({ state: s, out: [{ kind: 'setTimer', timer: 'retry', delay: RETRY_BASE + 14 }] });
    expect(p.recover(undefined, 2).out).toEqual([{ kind: 'setTimer', timer: 'request', delay: 3 }]);
  });

  test('an Accept the spec would not allow is refused loudly (spec drift)', () => {
    const p = impl();
    // A corrupted process: it believes it is preparing 0, yet it already sent Accept at 0.
    const accepted = msg('Accept', 0, row(rec(0, -1, 0), rec(0), rec(-1)));
    const s: Process = { ...initialProcess(3), view: row(rec(0), rec(0), rec(-1)), sent: [accepted], phase: 'preparing', ballot: 0, attempt: 1 };
    expect(() => p.onMessage(s, 0, 1, msg('ACK', 1, row(rec(0), rec(0), rec(-1))))).toThrow(SpecDriftError);
  });
});

describe('processes through the kernel', () => {
  test.each([1, 2, 3, 5])('%i participant(s), no faults: a value is chosen and learned by all', (np) => {
    const w = createWorld(impl({ np, values: 2, maxBallot: 4 * np }), 'multiset');
    runQuiet(w);
    expect(paxosstoreDef.decided(w)).toBe(true);
    for (let p = 0; p < np; p++) expect(proc(w, p).phase).toBe('learned');
    expect((w.ghost as History).chosen.size).toBe(1);
  });

  test('a crash keeps the durable state; the restarted process finishes its ballot', () => {
    const w = createWorld(impl(), 'multiset');
    step(w, { k: 'timer', node: 0, timer: 'request' }); // P1: Prepare(0)
    const before = proc(w, 0);
    step(w, { k: 'crash', node: 0 });
    expect([...w.timers.keys()].some((k) => k.startsWith('0:'))).toBe(false);
    for (const env of [...w.net.inflight.values()]) if (env.to === 0) step(w, { k: 'drop', id: env.id });
    step(w, { k: 'recover', node: 0 });
    expect(proc(w, 0)).toBe(before);
    runQuiet(w);
    expect(paxosstoreDef.decided(w)).toBe(true);
  });
});

describe('DES campaigns (the real driver)', () => {
  const campaign = (variant: string, cfg: Record<string, number>, runs: number, faults: 'swarm' | 'on' | 'off', seed = 1) =>
    runStrategyCampaign({ target: scheduleTarget(paxosstoreDef, findVariant(paxosstoreDef, variant)!, cfg, paxosstoreInvariants), strategy: 'des', desFaults: faults, seed, runs });

  test('tpaxos-impl keeps every invariant and decides (swarm faults, default sizes)', () => {
    const r = campaign('tpaxos-impl', { participants: 3, values: 2, maxBallot: 20 }, 600, 'swarm');
    expect(r.found).toBeUndefined();
    expect(r.runs).toBe(600);
  });

  test('tpaxos-impl with 5 participants (swarm faults)', () => {
    expect(campaign('tpaxos-impl', { participants: 5, values: 3, maxBallot: 29 }, 300, 'swarm').found).toBeUndefined();
  });

  test('seed-spec-impl with 5 participants is caught', () => {
    const r = campaign('seed-spec-impl', { participants: 5, values: 2, maxBallot: 20 }, 10000, 'off', 3);
    expect(r.found?.finding.kind).toBe('safety');
    expect(['votes-safe', 'agreement', 'consistency']).toContain(r.found?.finding.invariant);
  });
});
