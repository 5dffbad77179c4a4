/**
 * Coverage against ground truth, at scopes small enough for a unit test:
 * the guided strategy visits every reachable state within ten times the
 * events the enumeration executed (the yardstick), every visited
 * state lies inside the enumeration, and the counts at the marks are exact
 * (a pure function of the seed, whatever the slicing).
 */
import { describe, expect, test } from 'vitest';
import { defaultConfig, findVariant, type Config } from '../../src/kernel/definition.js';
import { checkedInvariants, scheduleTarget, type ScheduleTarget } from '../../src/kernel/target.js';
import { NO_FAULTS } from '../../src/kernel/world.js';
import { protocols } from '../../src/protocols/index.js';
import { reachable, visits, type Reachable } from '../../src/search/ground-truth.js';

function setup(protocol: string, variant: string, cfg: Config): { t: ScheduleTarget; r: Reachable } {
  const def = protocols.find((p) => p.name === protocol)!;
  const v = findVariant(def, variant)!;
  const c = { ...defaultConfig(def), ...cfg };
  const r = reachable(v.build(c), v.semantics, 100_000)!;
  return { t: scheduleTarget(def, v, c, checkedInvariants(def, v), { faults: NO_FAULTS, liveness: false }), r };
}

describe('the guided strategy expands the frontier: nearly every reachable state within 3x the enumeration\'s transitions', () => {
  // tpaxos, 2 participants, 1 value, ballots 0..1: 9,581 states, 157,673 transitions. Before the frontier
  // expansion, guided had visited 89.9% of them at this mark (97.6% at 10x); uniform random walks visit far fewer.
  test('tpaxos 2 participants, 1 value, ballot 1 (set semantics), seed 1', () => {
    const { t, r } = setup('paxosstore', 'tpaxos', { participants: 2, values: 1, maxBallot: 1 });
    const mark = 3 * r.transitions;
    const v = visits(t, 'guided', 1, r.states, [mark]);
    expect(v.outside, 'a run visited a state the enumeration does not have').toBe(0);
    expect(v.visited[0]! / r.states.size).toBeGreaterThanOrEqual(0.99);
    const u = visits(t, 'uniform', 1, r.states, [mark]);
    expect(u.visited[0]! / r.states.size).toBeLessThan(0.9);
  });
});

test('the counts at the marks are exact: the same for the same seed, growing with the events', () => {
  const { t, r } = setup('paxos', 'thesis', { proposers: 2, acceptors: 2, values: 2 });
  const marks = [50, 500, 5000];
  const a = visits(t, 'all', 4, r.states, marks);
  const b = visits(t, 'all', 4, r.states, marks);
  expect(b).toEqual(a);
  expect(a.visited[0]).toBeLessThanOrEqual(51); // at most one new state per event, plus the initial one
  expect(a.visited[1]).toBeGreaterThan(a.visited[0]!);
  expect(a.visited[2]).toBeGreaterThanOrEqual(a.visited[1]!);
});

test('marks that no event count reaches are refused, not run forever', () => {
  const { t, r } = setup('paxos', 'thesis', { proposers: 2, acceptors: 2, values: 2 });
  for (const marks of [[500, 50], [0], [10.5], []]) expect(() => visits(t, 'all', 1, r.states, marks)).toThrow(/marks must be increasing positive integers/);
});
