/** The `paxosstore` ProtocolDef as the CLI, the DES and the explorer see it. */
import { describe, expect, test } from 'vitest';
import { defaultConfig, findVariant } from '../../src/kernel/definition.js';
import { createWorld } from '../../src/kernel/world.js';
import { findProtocol } from '../../src/protocols/index.js';
import { paxosstoreDef } from '../../src/protocols/paxosstore/index.js';
import type { PsProtocol } from '../../src/protocols/paxosstore/instance.js';

describe('paxosstoreDef', () => {
  test('is registered', () => {
    expect(findProtocol('paxosstore')).toBe(paxosstoreDef);
  });

  test('params, defaults and the default variant', () => {
    expect(paxosstoreDef.params.map((p) => p.name)).toEqual(['participants', 'values', 'maxBallot']);
    expect(defaultConfig(paxosstoreDef)).toEqual({ participants: 3, values: 2, maxBallot: 20 });
    expect(paxosstoreDef.defaultVariant).toBe('tpaxos');
    expect(paxosstoreDef.invariants.map((i) => i.name)).toEqual([
      'one-value-per-ballot', 'agreement', 'consistency', 'votes-safe',
      // TPaxos's inductive invariant (inductive.ts), checked on request only
      'type-ok', 'acc-inv', 'msg-inv', 'proposal-inv', 'published-acc-inv', 'published-msg-inv', 'inductive',
    ]);
    for (const i of paxosstoreDef.invariants) expect(i.description.length).toBeGreaterThan(20);
  });

  test('variants: levels, semantics, liveness, keeps', () => {
    const summary = paxosstoreDef.variants.filter((v) => v.mutant === undefined).map((v) => [v.name, v.semantics, v.liveness, v.buggy, v.keeps.length]);
    expect(summary).toEqual([
      ['tpaxos', 'set', 'never', false, 4],
      ['seed-spec', 'set', 'never', true, 4], // buggy variants are checked against what the spec claims
      ['tpaxos-impl', 'multiset', 'always', false, 4],
      ['seed-spec-impl', 'multiset', 'always', true, 4],
    ]);
    const names = paxosstoreDef.invariants.map((i) => i.name);
    for (const v of paxosstoreDef.variants) for (const k of v.keeps) expect(names).toContain(k);
  });

  test('every variant builds for the default configuration', () => {
    const cfg = defaultConfig(paxosstoreDef);
    for (const v of paxosstoreDef.variants) {
      const proto = v.build(cfg) as PsProtocol;
      expect(proto.nodeCount).toBe(3);
      expect(proto.level).toBe(v.semantics === 'set' ? 'spec' : 'impl');
      const w = createWorld(proto, v.semantics);
      expect(paxosstoreDef.decided(w)).toBe(false);
      for (const inv of paxosstoreDef.invariants) expect(inv.check(w)).toBe(true);
    }
    expect(findVariant(paxosstoreDef, 'tpaxos-impl')).toBeDefined();
  });

  test('validate rejects impossible sizes with one line', () => {
    const ok = { participants: 3, values: 2, maxBallot: 4 };
    expect(paxosstoreDef.validate!(ok)).toBeUndefined();
    expect(paxosstoreDef.validate!({ ...ok, participants: 0 })).toMatch(/participants must be an integer >= 1/);
    expect(paxosstoreDef.validate!({ ...ok, values: 1.5 })).toMatch(/values must be an integer >= 1/);
    expect(paxosstoreDef.validate!({ ...ok, maxBallot: -1 })).toMatch(/maxBallot must be an integer >= 0/);
  });
});
