/**
 * One known bug, checked the way every suite checks it: the declared search
 * finds a violation the bug expects within its budget, the event-level
 * minimiser shrinks it (no longer than the original), and the strict replay
 * of the shrunk schedule reaches the same violation at its last step. Failure
 * messages carry the command that reproduces the search and the saved
 * counterexample's replay command. Shared by the known-buggy variants' suite
 * and the mutation catalogue's.
 */
import { expect } from 'vitest';
import { runStrategyCampaign } from '../src/search/campaign.js';
import { runFastCheck } from '../src/shrink/fast-check.js';
import { knownBugTarget, type KnownBug } from '../src/search/known-bugs.js';
import { fastCheckReplayCommand, targetFlags } from '../src/corpus/replay-command.js';
import type { ScheduleTarget } from '../src/kernel/target.js';
import type { Finding } from '../src/kernel/finding.js';
import type { PortableEvent } from '../src/kernel/portable.js';
import { runs, saveTemp, shrinkAndCheck, traceText } from './harness.js';

function fuzzCommand(t: ScheduleTarget, bug: KnownBug, seed: number, n: number): string {
  const flags = targetFlags(t.def, t.variant, t.cfg, t.invariants.map((i) => i.name), bug.invariants === undefined);
  return `npx paxos-sim fuzz ${flags.join(' ')} --strategy ${bug.search.strategy} --seed ${seed} --runs ${n}`;
}

/** The shrink laws on a finding of `bug`. */
function checkShrunk(t: ScheduleTarget, bug: KnownBug, schedule: PortableEvent[], f: Finding, originalSteps: number, seed: number, how: string): void {
  expect(bug.expect, `${how}: found ${f.kind} ${f.invariant} (${f.message}), expected one of ${bug.expect.join(', ')}`).toContain(f.invariant);
  const c = shrinkAndCheck(t, schedule, f, originalSteps);
  const file = saveTemp(t, c.minimized.schedule, c.minimized.finding, seed, originalSteps, how);
  const where = `${how}; shrunk ${originalSteps} -> ${c.minimized.schedule.length}; replay: npx paxos-sim replay ${file}\n${traceText(t, c.minimized.schedule, c.minimized.finding)}`;
  expect(c.minimized.schedule.length, where).toBeLessThanOrEqual(originalSteps);
  expect(c.replay.divergence, where).toBeUndefined();
  expect(c.replay.finding?.invariant, where).toBe(f.invariant);
  expect(c.replay.finding?.step, where).toBe(c.minimized.schedule.length);
}

/** The bug's declared search (strategy and runs, scaled by PAXOS_SIM_RUNS) finds it from `seed`, and the finding shrinks and replays. */
export function searchFindsBug(bug: KnownBug, seed: number): void {
  const t = knownBugTarget(bug);
  const n = runs(bug.search.runs);
  const r = runStrategyCampaign({ target: t, strategy: bug.search.strategy, seed, runs: n });
  const f = r.found;
  expect(f, `no violation found in ${r.runs} runs (${bug.story}); reproduce: ${fuzzCommand(t, bug, seed, n)}`).toBeDefined();
  checkShrunk(t, bug, f!.schedule, f!.finding, f!.originalSteps, seed, `${f!.strategy} run ${f!.run}, seed ${seed}: ${fuzzCommand(t, bug, seed, n)}`);
}

/** fast-check alone finds the bug within `bug.fastCheckRuns` from `seed`; its shrunk finding shrinks further and replays. */
export function fastCheckFindsBug(bug: KnownBug, seed: number): void {
  const t = knownBugTarget(bug);
  const r = runFastCheck(t, { seed, numRuns: runs(bug.fastCheckRuns!) });
  expect(r.found, `fast-check found nothing in ${r.details.numRuns} runs from seed ${seed} (${bug.story})`).toBeDefined();
  const d = r.details;
  const how = `fast-check seed ${d.seed}, path "${d.counterexamplePath}"; replay: ${fastCheckReplayCommand(t, d.seed, d.counterexamplePath ?? '')}`;
  expect(r.found!.schedule.length, how).toBeLessThanOrEqual(r.found!.originalSteps);
  checkShrunk(t, bug, r.found!.schedule, r.found!.finding, r.found!.originalSteps, seed, how);
}
