/**
 * The guided strategy's laws: a continuation from a snapshot is the same run
 * as the plan re-executed from the start (so a finding made from a snapshot
 * is recorded exactly), with the same coverage, however often the snapshot
 * is continued from, for both bases; `guided-des` continues a chosen entry
 * several times in a row from one snapshot; and guided campaigns and the bandit (`all`)
 * are pure functions of their seed.
 */
import { describe, expect, test } from 'vitest';
import { defaultConfig, findInvariant, findVariant, type Config } from '../../src/kernel/definition.js';
import { checkedInvariants, scheduleTarget, type ScheduleTarget } from '../../src/kernel/target.js';
import { Hasher } from '../../src/kernel/hash.js';
import { hashWorldState } from '../../src/kernel/fingerprint.js';
import { protocols } from '../../src/protocols/index.js';
import { runStrategyCampaign } from '../../src/search/campaign.js';
import { CoverageMap, CoverageObserver } from '../../src/search/coverage.js';
import { CONTINUATIONS_PER_PICK, guidedStrategy, resumeAt, runPlan, type GuidedBase, type Plan, type Resume } from '../../src/search/guided.js';

function target(protocol: string, variant: string, cfg: Config = {}, invariants?: string[]): ScheduleTarget {
  const def = protocols.find((p) => p.name === protocol)!;
  const v = findVariant(def, variant)!;
  const invs = invariants ? invariants.map((n) => findInvariant(def, n)!) : checkedInvariants(def, v);
  return scheduleTarget(def, v, { ...defaultConfig(def), ...cfg }, invs, { liveness: invariants === undefined });
}

const worldHash = (w: Parameters<typeof hashWorldState>[1]): string => hashWorldState(new Hasher(), w).hex();

describe('a continuation from a snapshot is the run re-executed from the start', () => {
  const cases: [string, ScheduleTarget, GuidedBase][] = [
    ['classic, swarm base', target('paxos', 'classic'), 'swarm'],
    ['classic, DES base', target('paxos', 'classic'), 'des'],
    ['tpaxos (set semantics), swarm base', target('paxosstore', 'tpaxos', { maxBallot: 4 }), 'swarm'],
    ['tpaxos-impl, DES base', target('paxosstore', 'tpaxos-impl'), 'des'],
    // Three or more nodes able to act: a third of the DES runs are duels (two of them take the initiative).
    ['tpaxos, 3 participants, DES base (duels)', target('paxosstore', 'tpaxos', { participants: 3, maxBallot: 8 }), 'des'],
    ['thesis-python-sim 3x3, DES base (duels, crash-recover)', target('paxos', 'thesis-python-sim', { proposers: 3, acceptors: 3 }, ['I1']), 'des'],
  ];
  for (const [name, t, base] of cases)
    test(name, () => {
      let compared = 0;
      let lateCompared = 0;
      for (let seed = 1; seed <= 12; seed++) {
        const parent: Plan = { segments: [{ at: 0, knobSeed: seed, seed }], stepsMax: 0 };
        const cov = new CoverageObserver(new CoverageMap());
        runPlan(t, base, parent, {}, { cov, snapshots: true });
        for (const p of [...cov.keyPoints, ...cov.points].filter((x) => x.snapshot !== undefined).slice(0, 3)) {
          // The swarm base's continuations expand the frontier: a chosen enabled event first.
          const child: Plan = { segments: [...parent.segments, { at: p.step, knobSeed: seed + 100, seed: seed + 200, inject: { k: 'crash', node: p.node }, ...(base === 'swarm' ? { first: seed } : {}) }], stepsMax: p.step + 60 };
          const fromStart = runPlan(t, base, child, { record: true });
          const fromSnapshot = runPlan(t, base, child, {}, { from: p.snapshot as never });
          expect(worldHash(fromSnapshot.w), `seed ${seed}, fork at ${p.step}`).toBe(worldHash(fromStart.w));
          expect(fromSnapshot.finding).toEqual(fromStart.finding);
          expect(fromSnapshot.ran).toBe(fromStart.ran);
          // A snapshot is never changed by a continuation (the ghost history is shared copy-on-write): a second one is the same run.
          expect(worldHash(runPlan(t, base, child, {}, { from: p.snapshot as never }).w)).toBe(worldHash(fromStart.w));
          // A continuation takes over the snapshot's coverage hashes: it reaches the features the re-executed suffix reaches.
          const covStart = new CoverageObserver(new CoverageMap(), p.step);
          runPlan(t, base, child, {}, { cov: covStart });
          const covSnapshot = new CoverageObserver(new CoverageMap(), p.step);
          runPlan(t, base, child, {}, { from: p.snapshot as never, cov: covSnapshot });
          expect(covSnapshot.novel).toBe(covStart.novel);
          expect(covSnapshot.points.map((x) => x.slot)).toEqual(covStart.points.map((x) => x.slot));
          // The corpus makes its snapshots late, by re-executing the run up to the point (resumeAt): the same place to continue from.
          const late = resumeAt(t, base, parent, p.step, undefined, 'swarm');
          const fromLate = runPlan(t, base, child, {}, { from: late, cov: new CoverageObserver(new CoverageMap(), p.step) });
          expect(worldHash(fromLate.w)).toBe(worldHash(fromStart.w));
          expect(fromLate.ran).toBe(fromStart.ran);
          // And from a continuation's own points, re-executed from the snapshot it began at.
          const covChild = new CoverageObserver(new CoverageMap(), p.step);
          runPlan(t, base, child, {}, { from: p.snapshot as never, cov: covChild, snapshots: true });
          for (const q of covChild.points.filter((x) => x.snapshot !== undefined).slice(0, 2)) {
            const grandchild: Plan = { segments: [...child.segments, { at: q.step, knobSeed: seed + 300, seed: seed + 400 }], stepsMax: q.step + 40 };
            const eager = runPlan(t, base, grandchild, {}, { from: q.snapshot as never });
            const lazy = runPlan(t, base, grandchild, {}, { from: resumeAt(t, base, child, q.step, p.snapshot as never, 'swarm') });
            expect(worldHash(lazy.w)).toBe(worldHash(eager.w));
            expect(worldHash(eager.w)).toBe(worldHash(runPlan(t, base, grandchild, {}).w));
            lateCompared++;
          }
          compared++;
        }
      }
      expect(compared, 'no snapshot was taken: the law was not exercised').toBeGreaterThan(5);
      expect(lateCompared, 'no continuation reached a new point: the late snapshots were not exercised').toBeGreaterThan(3);
    });
});

test('a fork at a point no node reached (a partition, a heal) injects no isolation: there is no node to cut off', () => {
  // A soak's guided-des continuation once offered the kernel a partition of node -1, which the DES clock throws on.
  const t = target('paxos', 'classic');
  expect(t.faults.partition).toBe(true);
  for (const base of ['des', 'swarm'] as const) {
    const plan: Plan = { segments: [{ at: 0, knobSeed: 1, seed: 1 }, { at: 5, knobSeed: 2, seed: 2, inject: { k: 'isolate', node: -1 } }], stepsMax: 40 };
    const ex = runPlan(t, base, plan, { record: true });
    expect(ex.schedule.length).toBeGreaterThan(5);
    expect(ex.schedule.some((e) => e.k === 'partition' && e.links.some(([a, b]) => a < 0 || b < 0))).toBe(false);
  }
});

describe('guided campaigns and the bandit (all) are pure functions of their seed', () => {
  const t = target('paxos', 'classic');
  for (const strategy of ['guided', 'guided-des', 'all'] as const)
    test(strategy, () => {
      const a = runStrategyCampaign({ target: t, strategy, seed: 5, runs: 300 });
      const b = runStrategyCampaign({ target: t, strategy, seed: 5, runs: 300 });
      expect(a.found).toBeUndefined();
      expect({ runs: b.runs, events: b.events, fingerprint: b.fingerprint, per: b.perStrategy }).toEqual({ runs: a.runs, events: a.events, fingerprint: a.fingerprint, per: a.perStrategy });
      const c = runStrategyCampaign({ target: t, strategy, seed: 6, runs: 300 });
      expect(c.fingerprint).not.toBe(a.fingerprint);
    });
});

describe('guided-des continues a chosen entry several times in a row, from one snapshot', () => {
  test(`classic: continuations come in groups of ${CONTINUATIONS_PER_PICK} sharing their snapshot, each with its own seeds`, () => {
    const k = CONTINUATIONS_PER_PICK;
    expect(k).toBeGreaterThan(1);
    const taps: { plan: Plan; from: Resume }[] = [];
    const s = guidedStrategy('des', 'swarm', (plan, from) => taps.push({ plan, from }));
    s.batch(target('paxos', 'classic'), { from: 0, runs: 1500, seed: 7 });
    expect(taps.length).toBeGreaterThan(1000);
    // Consecutive continuations from the same snapshot object: one pick's (an entry picked again at once would make twice as many).
    const groups: { size: number; first: number }[] = [];
    taps.forEach((x, i) => (i > 0 && x.from === taps[i - 1]!.from ? groups.at(-1)!.size++ : groups.push({ size: 1, first: i })));
    const last = groups.pop()!; // the batch may end inside a pick
    expect(last.size).toBeLessThanOrEqual(k);
    expect(groups.length).toBeGreaterThan(50);
    for (const g of groups) expect(g.size % k).toBe(0);
    for (const g of groups.slice(0, 50)) {
      const own = taps.slice(g.first, g.first + k).map((x) => x.plan.segments.at(-1)!);
      expect(new Set(own.map((seg) => seg.seed)).size).toBe(k);
      expect(new Set(own.map((seg) => seg.at)).size).toBe(1);
    }
  });
});
