/**
 * Known-buggy variants must fail in the harness: for each bug declared by a
 * registered protocol's buggy variants (`VariantDef.bugs`), the suite's search finds a violation of the expected kind within its
 * budget, the event-level minimiser shrinks it (no longer than the original),
 * and the strict replay of the shrunk schedule reaches the same violation at
 * its last step. Where fast-check alone finds it within a test budget, that
 * is asserted too (fast-check's shrinking, then the minimiser). Every
 * registered buggy variant must declare a bug, so this suite breaks if the
 * harness ever stops finding one.
 */
import { describe, expect, test } from 'vitest';
import { suiteProtocols as protocols } from './registered.js';
import { runStrategyCampaign } from '../src/search/campaign.js';
import { runFastCheck } from '../src/shrink/fast-check.js';
import { knownBugs, knownBugTarget, type KnownBug } from '../src/search/known-bugs.js';
import { fastCheckReplayCommand, targetFlags } from '../src/corpus/replay-command.js';
import type { ScheduleTarget } from '../src/kernel/target.js';
import type { Finding } from '../src/kernel/finding.js';
import type { PortableEvent } from '../src/kernel/portable.js';
import { baseSeed, runs, saveTemp, shrinkAndCheck, traceText } from './harness.js';

const SEED = baseSeed(7);
const KNOWN_BUGS = knownBugs(protocols);

function fuzzCommand(t: ScheduleTarget, bug: KnownBug, seed: number, n: number): string {
  const flags = targetFlags(t.def, t.variant, t.cfg, t.invariants.map((i) => i.name), bug.invariants === undefined);
  return `npx paxos-sim fuzz ${flags.join(' ')} --strategy ${bug.search.strategy} --seed ${seed} --runs ${n}`;
}

/** The shrink laws on a finding; returns a description for failure messages. */
function checkShrunk(t: ScheduleTarget, bug: KnownBug, schedule: PortableEvent[], f: Finding, originalSteps: number, how: string): void {
  expect(bug.expect, `${how}: found ${f.kind} ${f.invariant} (${f.message}), expected one of ${bug.expect.join(', ')}`).toContain(f.invariant);
  const c = shrinkAndCheck(t, schedule, f, originalSteps);
  const file = saveTemp(t, c.minimized.schedule, c.minimized.finding, SEED, originalSteps, how);
  const where = `${how}; shrunk ${originalSteps} -> ${c.minimized.schedule.length}; replay: npx paxos-sim replay ${file}\n${traceText(t, c.minimized.schedule, c.minimized.finding)}`;
  expect(c.minimized.schedule.length, where).toBeLessThanOrEqual(originalSteps);
  expect(c.replay.divergence, where).toBeUndefined();
  expect(c.replay.finding?.invariant, where).toBe(f.invariant);
  expect(c.replay.finding?.step, where).toBe(c.minimized.schedule.length);
}

describe('known-buggy variants fail in the harness', () => {
  test('every registered buggy variant declares a bug to find', () => {
    for (const def of protocols)
      for (const v of def.variants.filter((x) => x.buggy))
        expect(KNOWN_BUGS.some((b) => b.def === def && b.variant === v), `${def.name}/${v.name} is marked buggy but declares no bugs`).toBe(true);
  });

  for (const bug of KNOWN_BUGS) {
    const t = knownBugTarget(bug);
    test(`${bug.name}: ${bug.search.strategy} finds it and the minimiser shrinks it`, () => {
      const n = runs(bug.search.runs);
      const r = runStrategyCampaign({ target: t, strategy: bug.search.strategy, seed: SEED, runs: n });
      const f = r.found;
      expect(f, `no violation found in ${r.runs} runs (${bug.story}); reproduce: ${fuzzCommand(t, bug, SEED, n)}`).toBeDefined();
      checkShrunk(t, bug, f!.schedule, f!.finding, f!.originalSteps, `${f!.strategy} run ${f!.run}, seed ${SEED}: ${fuzzCommand(t, bug, SEED, n)}`);
    });
    if (bug.fastCheckRuns !== undefined)
      test(`${bug.name}: fast-check finds it, shrinks it, and the minimiser shrinks it further`, () => {
        const r = runFastCheck(t, { seed: SEED, numRuns: runs(bug.fastCheckRuns!) });
        expect(r.found, `fast-check found nothing in ${r.details.numRuns} runs from seed ${SEED} (${bug.story})`).toBeDefined();
        const d = r.details;
        const how = `fast-check seed ${d.seed}, path "${d.counterexamplePath}"; replay: ${fastCheckReplayCommand(t, d.seed, d.counterexamplePath ?? '')}`;
        expect(r.found!.schedule.length, how).toBeLessThanOrEqual(r.found!.originalSteps);
        checkShrunk(t, bug, r.found!.schedule, r.found!.finding, r.found!.originalSteps, how);
      });
  }
});
