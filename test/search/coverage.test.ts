/**
 * Coverage counts a run's feature hits in batches (`coverage.ts`, the
 * pending buffer): it must count exactly what counting each hit at once
 * counts — the same new slots, the same points, the same maps — across a
 * full buffer, and when another run starts before the first's results are
 * read, or a map is read in between.
 */
import { describe, expect, test } from 'vitest';
import { defaultConfig, findVariant, type Config } from '../../src/kernel/definition.js';
import { checkedInvariants, scheduleTarget, type ScheduleTarget } from '../../src/kernel/target.js';
import { protocols } from '../../src/protocols/index.js';
import { CoverageMap, CoverageObserver, type Novelty } from '../../src/search/coverage.js';
import { runPlan, type GuidedBase, type Plan } from '../../src/search/guided.js';

function target(protocol: string, variant: string, cfg: Config = {}): ScheduleTarget {
  const def = protocols.find((p) => p.name === protocol)!;
  const v = findVariant(def, variant)!;
  return scheduleTarget(def, v, { ...defaultConfig(def), ...cfg }, checkedInvariants(def, v));
}

/** A point as a comparable value (a snapshot's presence, not its object). */
const shown = (p: Novelty): string => `${p.step}:${p.node}:${p.kind}:${p.slot}:${p.snapshot !== undefined}`;

/** Runs `plans` in order over one map; `atOnce` counts each hit as it happens (an observer with `take` does), else they are batched. */
function watch(t: ScheduleTarget, base: GuidedBase, plans: readonly Plan[], atOnce: boolean, readBetween: boolean) {
  const map = new CoverageMap();
  const observers: CoverageObserver[] = [];
  const events: number[] = [];
  const between: number[] = [];
  for (const plan of plans) {
    const cov = new CoverageObserver(map, 0, 4);
    if (atOnce) cov.take = () => 'here';
    else cov.resumable = true;
    events.push(runPlan(t, base, plan, {}, { cov }).steps);
    observers.push(cov);
    // A map read before the run's own results: its counts must already include the run's hits.
    if (readBetween) between.push(map.hits('pair', 7) + map.hits('node', 11));
  }
  // Read only now: each run's hits were counted when the next run began.
  const results = observers.map((c) => ({ novel: c.novel, points: c.points.map(shown), keyPoints: c.keyPoints.map(shown) }));
  return { results, events, between, nodeStates: [...map.nodeStates], pairs: [...map.pairs] };
}

/** The hits a run makes (every event after the first step counts: `from` is 0): a global state, and a node state and a step in it for a node's own event (none for a crash or recovery). */
function hitsOf(t: ScheduleTarget, base: GuidedBase, plan: Plan): number {
  const ex = runPlan(t, base, plan, { record: true });
  return ex.schedule.reduce((n, e) => n + (e.k === 'deliver' || e.k === 'local' || e.k === 'timer' ? 3 : e.k === 'crash' || e.k === 'recover' ? 2 : 1), 0);
}

test('classic swarm seed 260: the run\'s last hit finds the buffer full', () => {
  const hits = hitsOf(target('paxos', 'classic'), 'swarm', { segments: [{ at: 0, knobSeed: 260, seed: 260 }], stepsMax: 3000 });
  expect(hits % 1024).toBe(1);
  expect(hits).toBeGreaterThan(1024);
});

describe('coverage counted in batches counts what counting each hit at once counts', () => {
  // Each with a run of over a thousand events (classic's swarm seeds 260 and 177, its DES seed 249): an event hits up to three
  // features, so the buffer's 1,024 fill mid-run; seed 260's very last hit finds it full (`lastHitFillsTheBuffer`).
  const cases: [string, ScheduleTarget, GuidedBase, number[]][] = [
    ['classic, swarm base', target('paxos', 'classic'), 'swarm', [260, 177, 1, 2, 3]],
    ['classic, DES base', target('paxos', 'classic'), 'des', [249, 1, 2, 3, 4]],
    ['tpaxos (set semantics), swarm base', target('paxosstore', 'tpaxos', { maxBallot: 6 }), 'swarm', [1, 2, 3, 4, 5, 6]],
  ];
  for (const [name, t, base, seeds] of cases)
    test(name, () => {
      const plans: Plan[] = seeds.map((seed) => ({ segments: [{ at: 0, knobSeed: seed, seed }], stepsMax: 3000 }));
      for (const readBetween of [false, true]) {
        const once = watch(t, base, plans, true, readBetween);
        const batched = watch(t, base, plans, false, readBetween);
        expect(batched).toEqual(once);
        expect(once.results.some((r) => r.novel > 0 && r.points.length > 0)).toBe(true);
        // Every point of a run still in its adversarial phase is resumable.
        expect(batched.results.flatMap((r) => r.points).some((p) => p.endsWith(':true'))).toBe(true);
        // An event hits up to three features: a run this long overflows the buffer's 1,024 hits.
        if (seeds[0]! > 100) expect(Math.max(...once.events)).toBeGreaterThan(1100);
      }
    });
});
