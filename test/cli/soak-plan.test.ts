/** The soak plan (src/soak/plan.ts): shards partition the seed space; every shard rotates through every case; signatures ignore node ids and numbers. */
import { describe, expect, it } from 'vitest';
import { protocols } from '../../src/protocols/index.js';
import { globalIndex, parseShard, shardOf, soakCases, soakPlan, soakSizes } from '../../src/soak/plan.js';
import { protocolDefProblem } from '../../src/kernel/define-protocol.js';
import { findingSignature, messageKind, traceShape } from '../../src/soak/signature.js';
import { pickCanary } from '../../src/soak/run.js';

const protos = protocols.map((def) => ({ def }));
const defs = new Map(protocols.map((d) => [d.name, d]));

describe('soak plan', () => {
  it('rotates the correct variants of every built-in protocol at their declared sizes, interleaving protocols', () => {
    const cases = soakCases(protos);
    expect(cases.map((c) => `${c.protocol}/${c.variant}`)).toEqual(expect.arrayContaining(['paxos/classic', 'paxos/thesis', 'paxosstore/tpaxos', 'paxosstore/tpaxos-impl']));
    expect(cases.some((c) => c.variant === 'thesis-python-sim' || c.variant === 'accept-below-promise')).toBe(false);
    expect(cases[0]!.protocol).not.toBe(cases[1]!.protocol);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    // More than the defaults: the suites' size caps too.
    expect(cases.filter((c) => c.variant === 'classic').map((c) => c.config)).toContainEqual({ proposers: 3, acceptors: 5, values: 3 });
  });

  it('N shards partition the first N*K items of the whole seed space (K a multiple of the cases), each rotating every case', () => {
    const cases = soakCases(protos);
    const C = cases.length;
    for (const N of [1, 2, 3, 5]) {
      const K = 2 * C;
      const seen: number[] = [];
      for (let I = 1; I <= N; I++) {
        const plan = soakPlan({ seed: 9, shard: { index: I, count: N }, cases, runs: 10, strategy: 'all', defs });
        const items = Array.from({ length: K }, (_, l) => plan.item(l));
        expect(new Set(items.map((x) => x.case.id)).size).toBe(C);
        seen.push(...items.map((x) => x.global));
        const whole = soakPlan({ seed: 9, shard: { index: 1, count: 1 }, cases, runs: 10, strategy: 'all', defs });
        for (const x of items) expect(whole.item(x.global)).toMatchObject({ seed: x.seed, case: x.case, global: x.global });
      }
      expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: N * K }, (_, i) => i));
    }
    expect(globalIndex(0, 4, { index: 2, count: 2 })).toBe(4);
  });

  it('a protocol may declare its soak sizes (laid over its defaults; sizes a variant rejects are skipped); they are checked', () => {
    const paxos = protocols.find((d) => d.name === 'paxos')!;
    const classic = paxos.variants.find((v) => v.name === 'classic')!;
    const sizes: Record<string, number>[] = [{ acceptors: 5 }, { proposers: 3, acceptors: 3 }, { acceptors: 99 }];
    const def = { ...paxos, soak: { sizes } };
    expect(soakSizes(def, classic)).toEqual([{ proposers: 2, acceptors: 5, values: 2 }, { proposers: 3, acceptors: 3, values: 2 }]);
    expect(protocolDefProblem(def)).toBeUndefined();
    expect(protocolDefProblem({ ...paxos, soak: { sizes: [{ learners: 2 }] } })).toMatch(/soak size \{"learners":2\} names "learners"/);
    expect(protocolDefProblem({ ...paxos, soak: { sizes: [] } })).toMatch(/"soak" must be/);
  });

  it('an item carries the fuzz command that reproduces it', () => {
    const plan = soakPlan({ seed: 1, shard: { index: 1, count: 1 }, cases: soakCases(protos), runs: 77, strategy: 'all', defs });
    expect(plan.item(0).command).toMatch(/^npx paxos-sim fuzz --protocol paxos --variant classic --proposers 2 --acceptors 3 --values 2 --seed \d+ --runs 77 --strategy all$/);
  });

  it('shards from the flag or from a Kubernetes Indexed Job', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(shardOf(undefined, {})).toEqual({ index: 1, count: 1 });
    expect(shardOf(undefined, { JOB_COMPLETION_INDEX: '0', PAXOS_SIM_SHARDS: '3' })).toEqual({ index: 1, count: 3 });
    expect(shardOf('2/2', { JOB_COMPLETION_INDEX: '0', PAXOS_SIM_SHARDS: '3' })).toEqual({ index: 2, count: 2 });
    expect(() => shardOf(undefined, { JOB_COMPLETION_INDEX: '3', PAXOS_SIM_SHARDS: '3' })).toThrow(/JOB_COMPLETION_INDEX 3/);
    expect(() => parseShard('0/2')).toThrow(/1 <= I <= N/);
  });

  it('the canary is a mutant of the catalogue (accept-below-promise by default)', () => {
    expect(pickCanary(protos).variant.name).toBe('accept-below-promise');
    expect(pickCanary(protos, 'adopt-lowest').variant.name).toBe('adopt-lowest');
  });
});

describe('finding signatures', () => {
  it('keep the event and message kinds, not node ids or numbers', () => {
    expect(messageKind('1,1,0,-1,0,2')).toBe('1');
    expect(messageKind('{"type":"prepare","ballot":3}')).toBe('prepare');
    const a = [{ k: 'timer', node: 0, timer: 'start' }, { k: 'deliver', from: 0, to: 2, msg: '0,1,0,-1,0,0' }, { k: 'crash', node: 2 }] as const;
    const b = [{ k: 'timer', node: 1, timer: 'start' }, { k: 'deliver', from: 1, to: 3, msg: '0,2,1,-1,0,0' }, { k: 'crash', node: 3 }] as const;
    expect(traceShape(a)).toBe('timer:start deliver:0 crash');
    expect(findingSignature('p', 'v', 'agreement', a)).toEqual(findingSignature('p', 'v', 'agreement', b));
    expect(findingSignature('p', 'v', 'agreement', a).signature).not.toBe(findingSignature('p', 'v', 'validity', a).signature);
    expect(findingSignature('p', 'v', 'agreement', a).signature).not.toBe(findingSignature('p', 'v', 'agreement', a.slice(1)).signature);
  });
});
