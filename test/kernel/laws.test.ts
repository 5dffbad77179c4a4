/**
 * Laws of the world kernel: crashes keep exactly what was persisted, drops
 * never arrive, partitions block, and an event that is not enabled is refused
 * without changing anything.
 */
import { describe, expect, it } from 'vitest';
import { Prng } from '../../src/kernel/choice/prng.js';
import { eventKey, type Event } from '../../src/kernel/events.js';
import { hashWorldState } from '../../src/kernel/fingerprint.js';
import { Hasher } from '../../src/kernel/hash.js';
import type { AnyProtocol } from '../../src/kernel/protocol.js';
import type { Semantics } from '../../src/kernel/network.js';
import { findVariant, type ProtocolDef } from '../../src/kernel/definition.js';
import { createWorld, enabledEvents, isolate, step, type FaultMask, type World } from '../../src/kernel/world.js';
import { paxosDef } from '../../src/protocols/paxos/index.js';
import { paxosstoreDef } from '../../src/protocols/paxosstore/index.js';
import { toy } from './toy.js';

function sendPings(n: number) {
  const w = createWorld(toy, 'multiset');
  for (let i = 0; i < n; i++) expect(step(w, { k: 'local', node: 0, action: 'ping' })).toBe(true);
  return w;
}

describe('world kernel', () => {
  it('a crash keeps exactly the persisted state and loses the rest', () => {
    const w = sendPings(3);
    const ids = [...w.net.inflight.keys()];
    for (const id of ids) step(w, { k: 'deliver', id });
    expect((w.nodes[1] as { count: number }).count).toBe(3); // persisted at count 2 only
    expect(step(w, { k: 'crash', node: 1 })).toBe(true);
    expect(step(w, { k: 'recover', node: 1 })).toBe(true);
    expect((w.nodes[1] as { count: number }).count).toBe(2);
  });

  it('a node that never persisted recovers from scratch, and a down node receives nothing', () => {
    const w = sendPings(1);
    const [id] = [...w.net.inflight.keys()];
    step(w, { k: 'crash', node: 1 });
    expect(enabledEvents(w).some((e) => e.k === 'deliver')).toBe(false);
    expect(step(w, { k: 'deliver', id: id! })).toBe(false);
    step(w, { k: 'recover', node: 1 });
    expect((w.nodes[1] as { count: number }).count).toBe(0);
    expect(step(w, { k: 'deliver', id: id! })).toBe(true);
  });

  it('a dropped message never arrives', () => {
    const w = sendPings(2);
    const [a, b] = [...w.net.inflight.keys()];
    expect(step(w, { k: 'drop', id: a! })).toBe(true);
    expect(step(w, { k: 'deliver', id: a! })).toBe(false);
    expect(enabledEvents(w).filter((e) => e.k === 'deliver')).toEqual([{ k: 'deliver', id: b }]);
    step(w, { k: 'deliver', id: b! });
    expect((w.nodes[1] as { count: number }).count).toBe(1);
  });

  it('duplication delivers the same message twice under multiset semantics, never under set semantics', () => {
    const w = sendPings(1);
    const [a] = [...w.net.inflight.keys()];
    expect(step(w, { k: 'dup', id: a! })).toBe(true);
    for (const id of [...w.net.inflight.keys()]) step(w, { k: 'deliver', id });
    expect((w.nodes[1] as { count: number }).count).toBe(2);
    const s = createWorld(toy, 'set');
    step(s, { k: 'local', node: 0, action: 'ping' });
    const [x] = [...s.net.inflight.keys()];
    expect(step(s, { k: 'dup', id: x! })).toBe(false);
    expect(step(s, { k: 'deliver', id: x! })).toBe(true);
    expect(step(s, { k: 'deliver', id: x! })).toBe(true); // set semantics: never removed
    expect(s.net.size).toBe(1);
  });

  it('partitions block what they should: both ways, one way, and heal restores', () => {
    const w = sendPings(1);
    expect(step(w, { k: 'partition', links: isolate(3, 1) })).toBe(true);
    expect(enabledEvents(w).some((e) => e.k === 'deliver')).toBe(false); // in flight 0->1, cut
    step(w, { k: 'local', node: 0, action: 'ping' });
    expect(w.net.size).toBe(1); // the new ping was cut at send time
    expect(step(w, { k: 'heal' })).toBe(true);
    expect(enabledEvents(w).filter((e) => e.k === 'deliver')).toHaveLength(1);
    step(w, { k: 'partition', links: [[1, 0]] }); // one way: 1 -> 0 cut, 0 -> 1 open
    expect(enabledEvents(w).filter((e) => e.k === 'deliver')).toHaveLength(1);
    step(w, { k: 'partition', links: [[0, 1]] });
    expect(enabledEvents(w).filter((e) => e.k === 'deliver')).toHaveLength(0);
  });

  it('rejects events that are not enabled without changing anything', () => {
    const w = sendPings(4);
    const before = JSON.stringify({ nodes: w.nodes, n: w.net.size, steps: w.steps });
    expect(step(w, { k: 'local', node: 0, action: 'ping' })).toBe(false); // only 4 pings
    expect(step(w, { k: 'deliver', id: 999 })).toBe(false);
    expect(step(w, { k: 'recover', node: 0 })).toBe(false);
    expect(step(w, { k: 'heal' })).toBe(false);
    expect(JSON.stringify({ nodes: w.nodes, n: w.net.size, steps: w.steps })).toBe(before);
  });
});

/** The world's state fingerprint: node state keys, persisted, up, messages, timers, cut links, route, ghost, steps. */
function fingerprint(w: World): string {
  return hashWorldState(new Hasher(), w).hex();
}

/** Steps `e`, which must be refused, and checks that the world's state fingerprint did not move. */
function expectRefused(w: World, e: Event): void {
  const before = fingerprint(w);
  expect(step(w, e), eventKey(e)).toBe(false);
  expect(fingerprint(w), eventKey(e)).toBe(before);
}

describe('a refused event changes nothing', () => {
  it('every kind, on the toy protocol under multiset semantics', () => {
    const w = createWorld(toy, 'multiset');
    expectRefused(w, { k: 'heal' }); // nothing cut
    step(w, { k: 'local', node: 0, action: 'ping' });
    step(w, { k: 'local', node: 0, action: 'ping' });
    const [a, b] = [...w.net.inflight.keys()] as [number, number];
    const missing = w.net.nextId + 7;
    for (const k of ['deliver', 'drop', 'dup'] as const) expectRefused(w, { k, id: missing });
    expectRefused(w, { k: 'local', node: 1, action: 'ping' }); // not listed for node 1
    expectRefused(w, { k: 'local', node: 0, action: 'pong' }); // no such action
    expectRefused(w, { k: 'local', node: 3, action: 'ping' }); // no such node
    expectRefused(w, { k: 'timer', node: 2, timer: 'tock' }); // not armed
    expectRefused(w, { k: 'timer', node: 0, timer: 'tick' }); // armed only for node 2
    expectRefused(w, { k: 'timer', node: -1, timer: 'tick' });
    expectRefused(w, { k: 'recover', node: 0 }); // up
    for (const node of [3, -1, 0.5]) {
      expectRefused(w, { k: 'crash', node });
      expectRefused(w, { k: 'recover', node });
    }
    expect(step(w, { k: 'partition', links: isolate(3, 1) })).toBe(true);
    expectRefused(w, { k: 'deliver', id: a }); // link 0 -> 1 cut
    // A partition naming a bad link is refused and keeps the partition in force.
    for (const links of [[[0, 0]], [[0, 3]], [[-1, 0]], [[0, 1.5]], [[0, 2], [2, 2]]] as [number, number][][]) {
      expectRefused(w, { k: 'partition', links });
    }
    expect(step(w, { k: 'heal' })).toBe(true);
    expectRefused(w, { k: 'heal' });
    expect(step(w, { k: 'crash', node: 1 })).toBe(true);
    expectRefused(w, { k: 'deliver', id: b }); // addressee down
    expectRefused(w, { k: 'crash', node: 1 }); // down already
    expect(step(w, { k: 'crash', node: 2 })).toBe(true); // disarms tick
    expectRefused(w, { k: 'timer', node: 2, timer: 'tick' });
    expect(step(w, { k: 'crash', node: 0 })).toBe(true);
    expectRefused(w, { k: 'local', node: 0, action: 'ping' }); // node down
  });

  it('drop and duplicate under set semantics', () => {
    const w = createWorld(toy, 'set');
    step(w, { k: 'local', node: 0, action: 'ping' });
    const [a] = [...w.net.inflight.keys()] as [number];
    expectRefused(w, { k: 'drop', id: a });
    expectRefused(w, { k: 'dup', id: a });
    expect(step(w, { k: 'deliver', id: a })).toBe(true);
    expectRefused(w, { k: 'deliver', id: a + 1 });
  });

  const CASES: { def: ProtocolDef; variant: string; cfg: Record<string, number>; semantics: Semantics }[] = [
    { def: paxosDef, variant: 'classic', cfg: { proposers: 2, acceptors: 3, values: 2 }, semantics: 'multiset' },
    { def: paxosDef, variant: 'thesis-python-sim', cfg: { proposers: 2, acceptors: 3, values: 2 }, semantics: 'multiset' },
    { def: paxosstoreDef, variant: 'seed-spec', cfg: { participants: 3, values: 2, maxBallot: 1 }, semantics: 'set' },
    { def: paxosstoreDef, variant: 'tpaxos-impl', cfg: { participants: 3, values: 2, maxBallot: 1 }, semantics: 'multiset' },
  ];
  const ALL: FaultMask = { drop: true, duplicate: true, crash: true, partition: true, maxCrashed: 2 };

  /** Events worth trying in `w`: the enabled ones and many that are not. */
  function candidates(w: World, proto: AnyProtocol, seenActions: Set<string>, seenTimers: Set<string>): Event[] {
    const out: Event[] = enabledEvents(w, ALL);
    seenActions.add('no-such-action');
    seenTimers.add('no-such-timer');
    for (const id of [...w.net.inflight.keys(), w.net.nextId, -1]) for (const k of ['deliver', 'drop', 'dup'] as const) out.push({ k, id });
    for (let node = -1; node <= w.n; node++) {
      out.push({ k: 'crash', node }, { k: 'recover', node });
      for (const action of seenActions) out.push({ k: 'local', node, action });
      for (const timer of seenTimers) out.push({ k: 'timer', node, timer });
      if (node >= 0 && node < w.n) {
        out.push({ k: 'partition', links: [[node, node]] }, { k: 'partition', links: [[node, w.n]] });
        for (const a of proto.actions(w.nodes[node], node, w.net)) seenActions.add(proto.actionKey(a));
      }
    }
    for (const t of w.timers.values()) seenTimers.add(t.timer);
    out.push({ k: 'heal' });
    return out;
  }

  for (const c of CASES) {
    it(`random walks over ${c.def.name} ${c.variant}: refused events of every kind leave the fingerprint alone`, () => {
      const refusedKinds = new Set<string>();
      for (let seed = 1; seed <= 3; seed++) {
        const proto = findVariant(c.def, c.variant)!.build(c.cfg);
        const w = createWorld(proto, c.semantics);
        const rng = new Prng(seed);
        const seenActions = new Set<string>(), seenTimers = new Set<string>();
        for (let i = 0; i < 150; i++) {
          const all = candidates(w, proto, seenActions, seenTimers);
          // Try a handful of events, mostly ones that may be refused; then take an enabled one.
          for (let j = 0; j < 8; j++) {
            const e = all[rng.choose(all.length)]!;
            const before = fingerprint(w);
            if (step(w, e)) continue;
            refusedKinds.add(e.k);
            expect(fingerprint(w), eventKey(e)).toBe(before);
          }
          const enabled = enabledEvents(w, { ...ALL, duplicate: rng.chance(0.1) });
          if (enabled.length === 0) break;
          expect(step(w, enabled[rng.choose(enabled.length)]!)).toBe(true);
        }
      }
      expect([...refusedKinds].sort()).toEqual(['crash', 'deliver', 'drop', 'dup', 'heal', 'local', 'partition', 'recover', 'timer']);
    });
  }
});
