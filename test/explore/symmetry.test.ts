/**
 * Symmetry reduction: with value symmetry the explorer counts exactly the
 * orbits of reachable states (checked against a brute-force orbit count over
 * a kernel-driven search), keeps every verdict, and is refused where unsound.
 */
import { describe, expect, test } from 'vitest';
import { explore, exploreVariant } from '../../src/search/explore/bfs.js';
import type { SymmetryPerm } from '../../src/search/explore/symmetry.js';
import { findVariant, type Config } from '../../src/kernel/definition.js';
import type { AnyProtocol } from '../../src/kernel/protocol.js';
import { cloneWorld, createWorld, enabledEvents, step, type World } from '../../src/kernel/world.js';
import { build, paxosDef, paxosstoreDef } from './helpers.js';

/** Canonical key of a set-semantics world under one permutation (undefined: identity). */
function key(w: World, p: AnyProtocol, perm?: SymmetryPerm): string {
  const nodes = w.nodes.map((s, i) => p.stateKey(perm ? perm.state(s, i) : s));
  const msgs = [...w.net.inflight.values()].map((e) => `${e.from}>${e.to}:${p.msgKey(perm ? perm.msg(e.msg) : e.msg)}`).sort();
  return nodes.join('/') + '#' + msgs.join(';');
}

/** Number of orbits of reachable states, by brute force. */
function orbits(proto: AnyProtocol, perms: readonly SymmetryPerm[]): { states: number; orbits: number } {
  const seen = new Set<string>();
  const canon = new Set<string>();
  let frontier = [createWorld(proto, 'set')];
  seen.add(key(frontier[0]!, proto));
  while (frontier.length > 0) {
    const next: World[] = [];
    for (const w of frontier) {
      canon.add([key(w, proto), ...perms.map((q) => key(w, proto, q))].sort()[0]!);
      for (const e of enabledEvents(w)) {
        const w2 = cloneWorld(w);
        step(w2, e);
        const k = key(w2, proto);
        if (!seen.has(k)) {
          seen.add(k);
          next.push(w2);
        }
      }
    }
    frontier = next;
  }
  return { states: seen.size, orbits: canon.size };
}

describe('paxosstore value symmetry', () => {
  for (const cfg of [
    { participants: 1, values: 2, maxBallot: 2 },
    { participants: 1, values: 3, maxBallot: 2 },
  ] as Config[]) {
    test(`counts orbits exactly: ${JSON.stringify(cfg)}`, () => {
      const sym = paxosstoreDef.explore!.symmetry!(findVariant(paxosstoreDef, 'seed-spec')!, cfg);
      if (typeof sym === 'string') throw new Error(sym);
      const proto = build(paxosstoreDef, 'seed-spec', cfg);
      const brute = orbits(proto, sym.perms);
      const plain = explore({ proto, semantics: 'set' });
      const reduced = explore({ proto, semantics: 'set', symmetry: sym, checkFingerprints: true });
      expect(plain.distinctStates).toBe(brute.states);
      expect(reduced.distinctStates).toBe(brute.orbits);
      expect(reduced.depth).toBe(plain.depth);
      expect(reduced.complete).toBe(true);
    });
  }

  test('2 participants, 2 values, ballots 0..1: 19,125 states without, 9,581 with; every invariant holds both ways', () => {
    const base = { def: paxosstoreDef, variant: 'seed-spec', config: { participants: 2, values: 2, maxBallot: 1 }, invariants: paxosstoreDef.invariants.map((i) => i.name) };
    const plain = exploreVariant(base);
    const reduced = exploreVariant({ ...base, symmetry: true });
    expect([plain.distinctStates, reduced.distinctStates]).toEqual([19_125, 9_581]);
    expect(reduced.stats.symmetry).toMatch(/values/);
    expect([plain.violation, reduced.violation]).toEqual([null, null]);
    // with the ghost in the state, the reduction still applies (ghost events are renamed too)
    const fp = exploreVariant({ ...base, symmetry: true, ghost: 'fingerprint' });
    expect(fp.complete).toBe(true);
    expect(fp.violation).toBeNull();
  });

  test('refused where unsound or pointless', () => {
    expect(paxosstoreDef.explore!.symmetry!(findVariant(paxosstoreDef, 'seed-spec')!, { participants: 3, values: 1, maxBallot: 1 })).toMatch(/at least two values/);
    expect(paxosstoreDef.explore!.symmetry!(findVariant(paxosstoreDef, 'tpaxos-impl')!, { participants: 3, values: 2, maxBallot: 1 })).toMatch(/implementation level/);
    expect(paxosDef.explore!.symmetry!(findVariant(paxosDef, 'classic')!, { proposers: 2, acceptors: 3, values: 2 })).toMatch(/tied to proposers/);
    const r = exploreVariant({ def: paxosDef, variant: 'thesis', config: { proposers: 1, acceptors: 2, values: 1 }, symmetry: true });
    expect(r.symmetryNote).toMatch(/no sound symmetry/);
    expect(r.stats.symmetry).toBeNull();
  });
});
