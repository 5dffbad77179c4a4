/**
 * `Protocol.stateHash` and `msgHash` stand in for `stateKey` and `msgKey` in
 * coverage feedback and in the no-op test of set semantics: equal keys must
 * hash equally (else one state counts as many, and a no-op delivery could
 * pass for a useful one), and different keys should rarely share a hash.
 * Checked on every node state and message reached by swarm DES runs of
 * every variant of the built-in protocols that declares them.
 */
import { describe, expect, it } from 'vitest';
import { defaultConfig, type AnyProtocolDef } from '../../src/kernel/definition.js';
import { checkedInvariants, scheduleTarget } from '../../src/kernel/target.js';
import { protocols } from '../../src/protocols/index.js';
import { runDes } from '../../src/search/des/simulator.js';
import { swarmOptions } from '../../src/search/des/options.js';
import { Prng } from '../../src/kernel/choice/prng.js';
import { foldInt, HASH_START } from '../../src/kernel/hash.js';
import type { Observer } from '../../src/kernel/execution.js';

/** Key -> hash of everything `observe` saw; a key seen with two hashes is a broken contract. */
class KeyHashes {
  readonly hashOf = new Map<string, number>();
  readonly broken: string[] = [];
  add(key: string, hash: number): void {
    const h = this.hashOf.get(key);
    if (h === undefined) this.hashOf.set(key, hash);
    else if (h !== hash) this.broken.push(key);
  }
  /** Distinct keys sharing a hash with an earlier key. */
  collisions(): number {
    return this.hashOf.size - new Set(this.hashOf.values()).size;
  }
}

function sample(def: AnyProtocolDef, variantName: string, runs: number): { states: KeyHashes; msgs: KeyHashes } {
  const variant = def.variants.find((v) => v.name === variantName)!;
  const t = scheduleTarget(def, variant, defaultConfig(def), checkedInvariants(def, variant));
  const p = t.proto;
  const states = new KeyHashes();
  const msgs = new KeyHashes();
  const watch: Observer = {
    after(ex) {
      const w = ex.w;
      for (let i = 0; i < w.n; i++) if (w.up[i] && p.stateHash) states.add(p.stateKey(w.nodes[i]), p.stateHash(w.nodes[i]));
      if (p.msgHash) for (const env of w.net.inflight.values()) msgs.add(p.msgKey(env.msg), p.msgHash(env.msg));
    },
  };
  for (let r = 0; r < runs; r++) runDes(t, swarmOptions(new Prng(`hash:${r}`), p.nodeCount), r, { observers: [watch] });
  return { states, msgs };
}

const cases = protocols.flatMap((def) => def.variants.filter((v) => !v.mutant).map((v) => [def.name, v.name, def] as const));

describe('stateHash and msgHash agree with the keys', () => {
  it('the built-in protocols declare them (the simulation hot path builds no key strings)', () => {
    for (const [, variantName, def] of cases) {
      const p = def.variants.find((v) => v.name === variantName)!.build(defaultConfig(def));
      expect(typeof p.msgHash, `${def.name}/${variantName} msgHash`).toBe('function');
      expect(typeof p.stateHash, `${def.name}/${variantName} stateHash`).toBe('function');
    }
  });

  it.each(cases)('%s/%s: equal keys hash equally, and different keys rarely collide', (_protocol, variantName, def) => {
    const { states, msgs } = sample(def, variantName, 60);
    expect(states.hashOf.size).toBeGreaterThan(10); // the runs reached states worth checking
    expect(msgs.hashOf.size).toBeGreaterThan(5);
    expect(states.broken).toEqual([]);
    expect(msgs.broken).toEqual([]);
    expect(states.collisions()).toBeLessThanOrEqual(Math.ceil(states.hashOf.size / 1000));
    expect(msgs.collisions()).toBeLessThanOrEqual(Math.ceil(msgs.hashOf.size / 1000));
  });

  it('foldInt tells apart integers that share their low 32 bits', () => {
    expect(foldInt(HASH_START, -1)).not.toBe(foldInt(HASH_START, 2 ** 32 - 1));
    expect(foldInt(HASH_START, 1)).not.toBe(foldInt(HASH_START, 2 ** 32 + 1));
    expect(foldInt(foldInt(HASH_START, 1), 2)).not.toBe(foldInt(foldInt(HASH_START, 2), 1));
  });
});
