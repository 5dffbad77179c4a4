/** Laws of the world kernel: crashes keep exactly what was persisted, drops never arrive, partitions block. */
import { describe, expect, it } from 'vitest';
import { createWorld, enabledEvents, isolate, step } from '../../src/kernel/world.js';
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
