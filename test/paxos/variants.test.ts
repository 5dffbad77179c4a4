/** The paxos variants against the harness: correct ones stay clean under faults, the Python simulator is caught. */
import { describe, expect, it } from 'vitest';
import { findInvariant, findVariant, type InvariantDef } from '../../src/kernel/definition.js';
import { paxosDef } from '../../src/protocols/paxos/index.js';
import type { FaultMode } from '../../src/search/des/options.js';
import { runStrategyCampaign } from '../../src/search/campaign.js';
import { scheduleTarget } from '../../src/kernel/target.js';
import { minimize } from '../../src/shrink/minimize.js';
import { replaySchedule } from '../../src/corpus/replay.js';

const RUNS = Number(process.env['PAXOS_SIM_RUNS'] ?? 2000);
const kept = (v: string): InvariantDef[] => paxosDef.invariants.filter((i) => findVariant(paxosDef, v)!.keeps.includes(i.name));
const fuzz = (variant: string, faults: FaultMode, seed: number, cfg = { proposers: 2, acceptors: 3, values: 2 }, invariants = kept(variant), runs = RUNS, noLiveness = false) =>
  runStrategyCampaign({ target: scheduleTarget(paxosDef, findVariant(paxosDef, variant)!, cfg, invariants, { liveness: !noLiveness }), strategy: 'des', desFaults: faults, seed, runs });

describe('correct variants keep their invariants with faults on', () => {
  for (const variant of ['classic', 'thesis'])
    for (const faults of ['on', 'swarm'] as const)
      for (const acceptors of [3, 5])
        it(`${variant}, ${faults} faults, 2 proposers, ${acceptors} acceptors, ${RUNS} runs`, () => {
          const r = fuzz(variant, faults, 100 + acceptors, { proposers: 2, acceptors, values: 2 });
          expect(r.found?.finding, `seed ${100 + acceptors}: npx paxos-sim fuzz --protocol paxos --variant ${variant} --acceptors ${acceptors} --faults ${faults} --seed ${100 + acceptors}`).toBeUndefined();
          expect(r.runs).toBe(RUNS);
        });

  it('classic decides in the liveness phase (a liveness miss would be a finding)', () => {
    const r = fuzz('classic', 'on', 9, { proposers: 3, acceptors: 5, values: 3 });
    expect(r.found).toBeUndefined();
  });
});

describe('I2-literal, the formula exactly as printed', () => {
  it('holds for thesis, where an acceptor accepts at most once', () => {
    expect(fuzz('thesis', 'swarm', 4, undefined, [findInvariant(paxosDef, 'I2-literal')!]).found).toBeUndefined();
  });
  it('fails for classic, whose acceptors may re-accept a higher proposal with a new value', () => {
    const r = fuzz('classic', 'swarm', 4, { proposers: 3, acceptors: 3, values: 3 }, [findInvariant(paxosDef, 'I2-literal')!], 200_000);
    expect(r.found?.finding.invariant).toBe('I2-literal');
  });
});

describe('thesis-python-sim (appendix D as written) is caught', () => {
  it('at the thesis client size: no value is ever chosen, because proposer 2 swallows what is sent to acceptor id 2', () => {
    const variant = findVariant(paxosDef, 'thesis-python-sim')!;
    const cfg = { proposers: 2, acceptors: 3, values: 2 };
    const r = fuzz('thesis-python-sim', 'swarm', 1, cfg, kept('thesis-python-sim'), 1000);
    expect(r.found?.finding.kind).toBe('liveness');
    const target = { proto: variant.build(cfg), invariants: kept('thesis-python-sim'), semantics: 'multiset' as const, decided: paxosDef.decided };
    const m = minimize(target, r.found!.schedule, r.found!.finding)!;
    expect(m.schedule.length).toBeLessThanOrEqual(r.found!.schedule.length);
    const rep = replaySchedule(target, m.schedule, { checkLiveness: true });
    expect(rep.finding?.kind).toBe('liveness');
    // The story: a prepare_req addressed to python id 2 (= NPROPOSERS) was delivered to proposer P2.
    expect(m.schedule.some((e) => e.k === 'deliver' && e.to === 1 && e.msg.startsWith('0,'))).toBe(true);
  });

  it('with three proposers and no liveness check: a safety invariant breaks (acceptors re-accept; nothing is durable)', () => {
    const r = fuzz('thesis-python-sim', 'swarm', 2, { proposers: 3, acceptors: 3, values: 2 }, kept('thesis-python-sim'), 200_000, true);
    expect(r.found?.finding.kind).toBe('safety');
    expect(['I2', 'I2-literal', 'agreement']).toContain(r.found?.finding.invariant);
  });
});
