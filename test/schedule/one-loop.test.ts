/**
 * Laws of the one execution loop: a DES run, a strategy's run, a fast-check
 * schedule and a replayed file are the same kind of object (an
 * `Execution`), differing only in the policy that picked the events. So the
 * same portable schedule executed through two different drivers gives the
 * same fingerprint and the same finding:
 * - a DES run's recorded schedule, replayed strictly, reproduces its
 *   fingerprint and its finding (safety and liveness, multiset and set
 *   semantics);
 * - every strategy's finding replays strictly to the same finding;
 * - a schedule's canonical ending is the replay's canonical completion: the
 *   adversarial prefix alone, replayed with completion, gives the whole run.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { runSeed } from '../../src/kernel/choice/prng.js';
import { defaultConfig, findInvariant, findVariant, type Config } from '../../src/kernel/definition.js';
import { Execution } from '../../src/kernel/execution.js';
import type { FindingKind } from '../../src/kernel/finding.js';
import { Hasher } from '../../src/kernel/hash.js';
import { NO_FAULTS } from '../../src/kernel/world.js';
import { checkedInvariants, scheduleTarget, type ScheduleTarget } from '../../src/kernel/target.js';
import { findProtocol } from '../../src/protocols/index.js';
import { replaySchedule } from '../../src/corpus/replay.js';
import { runDes } from '../../src/search/des/simulator.js';
import { runOptions } from '../../src/search/des/options.js';
import { runStrategyCampaign } from '../../src/search/campaign.js';
import type { StrategyName } from '../../src/search/strategy.js';
import { structuredScheduleArb } from '../../src/shrink/arbitraries.js';
import { runStructured } from '../../src/shrink/interpret.js';

function target(protocol: string, variant: string, cfg: Config = {}, invariants?: string[]): ScheduleTarget {
  const def = findProtocol(protocol)!;
  const v = findVariant(def, variant)!;
  const invs = invariants ? invariants.map((n) => findInvariant(def, n)!) : checkedInvariants(def, v);
  return scheduleTarget(def, v, { ...defaultConfig(def), ...cfg }, invs, { liveness: invariants === undefined });
}
const rt = (t: ScheduleTarget) => ({ proto: t.proto, invariants: t.invariants, semantics: t.semantics, decided: t.decided });

describe('the same schedule through two drivers: same fingerprint, same finding', () => {
  const cases: [string, () => ScheduleTarget, FindingKind | undefined][] = [
    ['paxos/thesis-python-sim (liveness findings)', () => target('paxos', 'thesis-python-sim'), 'liveness'],
    ['paxos/classic', () => target('paxos', 'classic'), undefined],
    ['paxosstore/seed-spec-impl 5 (safety findings)', () => target('paxosstore', 'seed-spec-impl', { participants: 5 }), 'safety'],
    ['paxosstore/seed-spec 5 (set semantics)', () => target('paxosstore', 'seed-spec', { participants: 5, maxBallot: 4 }), undefined],
  ];
  for (const [name, mk, kind] of cases)
    test(`DES run, then strict replay of its recorded schedule: ${name}`, () => {
      const t = mk();
      let compared = 0;
      for (let i = 0; i < 150; i++) {
        const rs = runSeed(1, i);
        const h = new Hasher();
        const des = runDes(t, runOptions('swarm', rs, t.proto.nodeCount), rs, { record: true, hasher: h });
        const r = replaySchedule(rt(t), des.schedule, { checkLiveness: des.finding?.kind === 'liveness' });
        expect(r.execution).toBeInstanceOf(Execution);
        expect(r.divergence, `run ${i}`).toBeUndefined();
        expect(r.executed).toBe(des.schedule.length);
        expect(r.fingerprint, `run ${i}`).toBe(h.hex());
        expect(JSON.stringify(r.world.nodes)).toBe(JSON.stringify(des.w.nodes));
        // A liveness finding at the DES's bound (the run could go on) is not a state a replay can conclude from.
        if (des.finding?.kind === 'liveness' && des.finding.message.includes(' within ')) expect(r.finding).toBeUndefined();
        else expect(r.finding, `run ${i}`).toEqual(des.finding);
        if (des.finding !== undefined && des.finding.kind === kind) compared++;
      }
      if (kind !== undefined) expect(compared, `no ${kind} finding among the runs: the law was not exercised`).toBeGreaterThan(0);
    });

  const py3 = target('paxos', 'thesis-python-sim', { proposers: 3 }, ['agreement']);
  const ssi = target('paxosstore', 'seed-spec-impl', { participants: 5 });
  const minority = target('paxos', 'phase1-minority', {}, ['agreement', 'I2']);
  const where: Record<StrategyName, [ScheduleTarget, number]> = {
    des: [ssi, 3], uniform: [ssi, 3], swarm: [py3, 4], pct: [py3, 4], 'fast-check': [py3, 4], guided: [minority, 1], 'guided-des': [minority, 1],
  };
  for (const s of Object.keys(where) as StrategyName[])
    test(`${s}: the finding a campaign reports is what the strict replay of its schedule reaches`, () => {
      const [t, seed] = where[s];
      const r = runStrategyCampaign({ target: t, strategy: s, seed, runs: 20000 });
      expect(r.found, `${s} found nothing`).toBeDefined();
      const f = r.found!;
      const rep = replaySchedule(rt(t), f.schedule, { checkLiveness: f.finding.kind === 'liveness' });
      expect(rep.divergence).toBeUndefined();
      expect(rep.finding).toEqual(f.finding);
      expect(rep.finding!.step).toBe(f.schedule.length);
    });
});

describe("a schedule's canonical ending is the replay's canonical completion", () => {
  for (const [name, t] of [['paxos/thesis-python-sim', target('paxos', 'thesis-python-sim')], ['paxos/classic', target('paxos', 'classic')]] as const)
    test(name, () => {
      fc.assert(
        fc.property(structuredScheduleArb(t).map((s) => ({ ...s, mask: NO_FAULTS })), (input) => {
          const h = new Hasher();
          const ex = runStructured(t, input, { hasher: h });
          const prefix = ex.schedule.slice(0, ex.adversarialSteps);
          const r = replaySchedule(rt(t), prefix, { complete: t.completeMax, checkLiveness: true });
          expect(r.schedule).toEqual(ex.schedule);
          expect(r.fingerprint).toBe(h.hex());
          expect(r.finding).toEqual(ex.finding);
        }),
        { seed: 5, numRuns: 60 },
      );
    });
});
