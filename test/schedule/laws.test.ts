/**
 * Laws of the schedule machinery (fast-check's own style: properties of the
 * harness, not of a protocol):
 * - every generated schedule is valid: it runs, and the executed schedule
 *   replays strictly to the same fingerprint and the same finding;
 * - the same seed gives the same campaign (fingerprint, runs, finding) for
 *   every strategy, and `--strategy des` is exactly its sequence of seeded
 *   DES runs;
 * - a shrunk counterexample still fails and is no longer than the original;
 *   the minimiser stops at a fixpoint;
 * - fast-check's (seed, path) replays the very counterexample.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { findInvariant, findVariant, defaultConfig, type Config } from '../../src/kernel/definition.js';
import { Hasher } from '../../src/kernel/hash.js';
import { findProtocol } from '../../src/protocols/index.js';
import { replaySchedule } from '../../src/corpus/replay.js';
import { rawScheduleArb, structuredScheduleArb, type ScheduleInput, type StructuredStep } from '../../src/shrink/arbitraries.js';
import { commandsScheduleArb, runCommands, type CommandsInput } from '../../src/shrink/commands.js';
import type { Execution } from '../../src/kernel/execution.js';
import { pickRestart, pickStructured, runRaw, runStructured, scheduleExecution } from '../../src/shrink/interpret.js';
import { isOneMinimal, minimize } from '../../src/shrink/minimize.js';
import { checkedInvariants, scheduleTarget, type ScheduleTarget } from '../../src/kernel/target.js';
import { faultMaskArb } from '../../src/shrink/arbitraries.js';
import { runDes } from '../../src/search/des/simulator.js';
import { runOptions } from '../../src/search/des/options.js';
import { runSeed } from '../../src/kernel/choice/prng.js';
import { runStrategyCampaign } from '../../src/search/campaign.js';
import { runFastCheck } from '../../src/shrink/fast-check.js';
import { ROUND_ROBIN_NAMES } from '../../src/search/strategy.js';

function target(protocol: string, variant: string, cfg: Config = {}, invariants?: string[]): ScheduleTarget {
  const def = findProtocol(protocol)!;
  const v = findVariant(def, variant)!;
  const invs = invariants ? invariants.map((n) => findInvariant(def, n)!) : checkedInvariants(def, v);
  return scheduleTarget(def, v, { ...defaultConfig(def), ...cfg }, invs, { liveness: invariants === undefined });
}
const rt = (t: ScheduleTarget) => ({ proto: t.proto, invariants: t.invariants, semantics: t.semantics, decided: t.decided });

const TARGETS: [string, () => ScheduleTarget][] = [
  ['paxos/classic', () => target('paxos', 'classic')],
  ['paxos/thesis', () => target('paxos', 'thesis')],
  ['paxos/thesis-python-sim 3x3', () => target('paxos', 'thesis-python-sim', { proposers: 3 })],
];
if (findProtocol('paxosstore')) {
  TARGETS.push(['paxosstore/tpaxos-impl', () => target('paxosstore', 'tpaxos-impl', { maxBallot: 8 })]);
  TARGETS.push(['paxosstore/tpaxos (set semantics)', () => target('paxosstore', 'tpaxos', { maxBallot: 5 })]);
}

/** Runs an execution with a hasher and checks that its schedule replays to the same fingerprint and finding. */
function checkReplays(t: ScheduleTarget, run: (o: { hasher: Hasher }) => Execution): void {
  const hasher = new Hasher();
  const ex = run({ hasher });
  const r = replaySchedule(rt(t), ex.schedule, { checkLiveness: ex.finding?.kind === 'liveness' });
  expect(r.divergence).toBeUndefined();
  expect(r.executed).toBe(ex.schedule.length);
  expect(r.fingerprint).toBe(hasher.hex());
  expect(r.finding?.invariant).toBe(ex.finding?.invariant);
  expect(r.finding?.step).toBe(ex.finding?.step);
}

describe('generated schedules are always valid and replay exactly', () => {
  for (const [name, mk] of TARGETS) {
    const t = mk();
    test(`${name}: structured`, () => {
      fc.assert(fc.property(structuredScheduleArb(t), (input) => checkReplays(t, (o) => runStructured(t, input, o))), { seed: 1, numRuns: 40 });
    });
    test(`${name}: raw`, () => {
      fc.assert(fc.property(rawScheduleArb(t), (input) => checkReplays(t, (o) => runRaw(t, input, o))), { seed: 2, numRuns: 40 });
    });
    test(`${name}: commands`, () => {
      fc.assert(fc.property(commandsScheduleArb(t, faultMaskArb(t.faults), 40), (input) => checkReplays(t, (o) => runCommands(t, input as CommandsInput, o))), { seed: 3, numRuns: 25 });
    });
  }

  test('an impossible pick is a no-op and running out ends canonically', () => {
    const t = target('paxos', 'thesis');
    const none: ScheduleInput<StructuredStep> = { mask: t.faults, steps: [] };
    const timers: ScheduleInput<StructuredStep> = { mask: t.faults, steps: [{ kind: 'timer', pick: 3 }, { kind: 'heal', pick: 0 }] };
    const a = runStructured(t, none);
    const b = runStructured(t, timers); // thesis has no timers and nothing is partitioned: both steps are no-ops
    expect(b.schedule).toEqual(a.schedule);
    expect(a.adversarialSteps).toBe(0);
    expect(a.schedule.length).toBeGreaterThan(0); // the canonical ending ran the protocol to quiescence
    expect(pickStructured([], { kind: 'deliver', pick: 0 })).toBeUndefined();
  });

  test('restart pick 0 restarts the node whose state changed last', () => {
    const t = target('paxos', 'thesis');
    const { ex, changes } = scheduleExecution(t);
    ex.exec(ex.enabled().find((e) => e.k === 'local')!); // P1 sends a prepare
    ex.exec(ex.enabled().find((e) => e.k === 'deliver')!); // A1 promises
    expect(changes.lastChanged).toBeGreaterThanOrEqual(0);
    expect(changes.restartable(ex, t.faults)[0]).toBe(changes.lastChanged);
    expect(pickRestart(ex, changes, t.faults, 0)).toBe(changes.lastChanged);
  });
});

describe('determinism: the same seed gives the same campaign', () => {
  const t = target('paxos', 'classic');
  for (const s of [...ROUND_ROBIN_NAMES, 'all', 'round-robin'] as const)
    test(`strategy ${s}`, () => {
      const a = runStrategyCampaign({ target: t, strategy: s, seed: 99, runs: 60 });
      const b = runStrategyCampaign({ target: t, strategy: s, seed: 99, runs: 60 });
      expect(a.found).toBeUndefined();
      expect(b.fingerprint).toBe(a.fingerprint);
      expect(b.runs).toBe(a.runs);
      expect(b.events).toBe(a.events);
    });

  test('--strategy des is the sequence of seeded DES runs: run i is runDes with runSeed(seed, i) and its drawn options', () => {
    const t2 = target('paxos', 'classic');
    const a = runStrategyCampaign({ target: t2, strategy: 'des', seed: 5, runs: 40 });
    const h = new Hasher();
    let events = 0;
    for (let i = 0; i < 40; i++) {
      const rs = runSeed(5, i);
      events += runDes(t2, runOptions('swarm', rs, t2.proto.nodeCount), rs, { hasher: h }).steps;
    }
    expect(a.fingerprint).toBe(h.hex());
    expect(a.events).toBe(events);
  });
});

describe('shrinking laws', () => {
  const t = target('paxos', 'thesis-python-sim');
  test('a shrunk counterexample still fails and is no longer than the original', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const r = runFastCheck(t, { seed, numRuns: 300 });
        if (r.found === undefined) return true; // nothing to shrink
        expect(r.found.schedule.length).toBeLessThanOrEqual(r.found.originalSteps);
        const m = minimize(rt(t), r.found.schedule, r.found.finding)!;
        expect(m).toBeDefined();
        expect(m.schedule.length).toBeLessThanOrEqual(r.found.schedule.length);
        const re = replaySchedule(rt(t), m.schedule, { checkLiveness: true });
        expect(re.divergence).toBeUndefined();
        expect(re.finding?.invariant).toBe(r.found.finding.invariant);
        return true;
      }),
      { seed: 11, numRuns: 8 },
    );
  });

  test('the minimiser stops at a fixpoint (no single event can go)', () => {
    const t3 = target('paxos', 'thesis-python-sim', { proposers: 3 }, ['agreement']);
    const r = runStrategyCampaign({ target: t3, strategy: 'swarm', seed: 4, runs: 20000 });
    expect(r.found?.finding.invariant).toBe('agreement');
    const m = minimize(rt(t3), r.found!.schedule, r.found!.finding)!;
    expect(m.schedule.length).toBeLessThan(r.found!.schedule.length);
    expect(isOneMinimal(rt(t3), m)).toBe(true);
  });

  test("fast-check's seed and path replay the very counterexample", () => {
    const first = runFastCheck(t, { seed: 4242, numRuns: 300 });
    expect(first.found).toBeDefined();
    const again = runFastCheck(t, { seed: first.details.seed, path: first.details.counterexamplePath!, numRuns: 1 });
    expect(again.found?.finding).toEqual(first.found!.finding);
    expect(again.found?.schedule).toEqual(first.found!.schedule);
  });
});
