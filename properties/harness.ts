/**
 * Shared machinery of the property suites.
 *
 * Budgets: every suite sizes its run counts with `runs(n)`, which multiplies
 * by the environment variable `PAXOS_SIM_RUNS` (a positive factor, default 1).
 * `npm test` stays within about three minutes on two cores at the default;
 * nightly jobs raise it, e.g. `PAXOS_SIM_RUNS=50 npx vitest run properties`.
 * `PAXOS_SIM_SEED` (an integer) replaces every suite's fixed base seed, so a
 * nightly job can explore new schedules each night; the seed in use is in
 * every failure message, with a command that replays the failure.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FORMAT, writeCounterexample, type CounterexampleFile } from '../src/corpus/counterexample.js';
import { replaySchedule, type ReplayOutcome, type ReplayTarget } from '../src/corpus/replay.js';
import { minimize, type Minimized } from '../src/shrink/minimize.js';
import type { ScheduleTarget } from '../src/kernel/target.js';
import { runFastCheck } from '../src/shrink/fast-check.js';
import { fastCheckReplayCommand } from '../src/corpus/replay-command.js';
import type { Finding } from '../src/kernel/finding.js';
import type { PortableEvent } from '../src/kernel/portable.js';

/** The run-count factor from `PAXOS_SIM_RUNS` (default 1). */
export const RUNS_FACTOR = ((): number => {
  const raw = process.env['PAXOS_SIM_RUNS'];
  if (raw === undefined || raw === '') return 1;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`PAXOS_SIM_RUNS must be a positive number (a factor on every suite's run counts), got "${raw}"`);
  return n;
})();

/** `n` runs scaled by `PAXOS_SIM_RUNS`. */
export function runs(n: number): number {
  return Math.max(1, Math.round(n * RUNS_FACTOR));
}

/** The base seed of a suite: `PAXOS_SIM_SEED` when set, else the suite's own fixed seed. */
export function baseSeed(fixed: number): number {
  const raw = process.env['PAXOS_SIM_SEED'];
  if (raw === undefined || raw === '') return fixed;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`PAXOS_SIM_SEED must be a non-negative integer, got "${raw}"`);
  return n;
}

/** The replay target of a schedule target. */
export function replayTargetOf(t: ScheduleTarget): ReplayTarget {
  return { proto: t.proto, invariants: t.invariants, semantics: t.semantics, decided: t.decided };
}

/** Plain-text trace of a schedule (for failure messages). */
export function traceText(t: ScheduleTarget, schedule: readonly PortableEvent[], f: Finding): string {
  const r = replaySchedule(replayTargetOf(t), schedule, { trace: true, checkLiveness: f.kind === 'liveness' });
  const lines = r.trace.map((s) => {
    const cause = s.causedBy !== undefined ? ` (sent at step ${s.causedBy})` : '';
    const change = s.before !== s.after ? `\n        ${s.before} => ${s.after}` : '';
    return `  ${String(s.step).padStart(4)}  ${s.node.padEnd(4)} ${s.event}${cause}${change}`;
  });
  return lines.join('\n') + `\n  ${f.kind} violation: ${f.invariant} at step ${f.step}\n  ${f.message}`;
}

/** Saves a counterexample under a fresh temporary directory and returns its path. */
export function saveTemp(t: ScheduleTarget, schedule: PortableEvent[], f: Finding, seed: number, originalSteps: number, foundBy: string): string {
  const rt = replayTargetOf(t);
  const fingerprint = replaySchedule(rt, schedule, { checkLiveness: f.kind === 'liveness' }).fingerprint;
  const cx: CounterexampleFile = {
    format: FORMAT, protocol: t.def.name, variant: t.variant.name, config: t.cfg, invariants: t.invariants.map((i) => i.name),
    semantics: t.semantics, seed, run: null, runSeed: null, foundBy, violation: f, originalSteps, steps: schedule.length, fingerprint, schedule,
  };
  return writeCounterexample(mkdtempSync(join(tmpdir(), 'paxos-sim-property-')), cx);
}

/**
 * Asserts that fast-check finds no violation on `t` in `numRuns` schedules
 * from `seed`. On a failure, throws with the finding, fast-check's seed and
 * path, the `paxos-sim replay --seed --path` command, a saved counterexample
 * file with its replay command, and the minimised trace.
 */
export function assertNoViolation(t: ScheduleTarget, seed: number, numRuns: number, suiteSeed = seed): void {
  const r = runFastCheck(t, { seed, numRuns });
  if (r.found === undefined) return;
  const d = r.details;
  const m = minimize(replayTargetOf(t), r.found.schedule, r.found.finding);
  const final = m ?? { schedule: r.found.schedule, finding: r.found.finding };
  const file = saveTemp(t, final.schedule, final.finding, d.seed, r.found.originalSteps, 'fast-check');
  throw new Error([
    `${t.def.name}/${t.variant.name} ${JSON.stringify(t.cfg)}: ${final.finding.kind} violation of ${final.finding.invariant} — ${final.finding.message}`,
    `fast-check seed ${d.seed}, path "${d.counterexamplePath}" (after ${d.numRuns} runs, ${d.numShrinks} shrinks; ${r.found.originalSteps} -> ${final.schedule.length} steps)`,
    `replay: ${fastCheckReplayCommand(t, d.seed, d.counterexamplePath ?? '')}`,
    `   or: npx paxos-sim replay ${file}`,
    `re-run this suite with the same seed: PAXOS_SIM_SEED=${suiteSeed} npx vitest run properties`,
    traceText(t, final.schedule, final.finding),
  ].join('\n'));
}

/** What the shrink laws need to hold for a finding. */
export interface ShrinkCheck {
  readonly originalSteps: number;
  readonly minimized: Minimized;
  readonly replay: ReplayOutcome;
}

/**
 * Minimises a finding and checks the shrink laws: the minimised schedule is
 * no longer than the original, and its strict replay reaches the same
 * violation at its last step without diverging.
 */
export function shrinkAndCheck(t: ScheduleTarget, schedule: PortableEvent[], f: Finding, originalSteps: number): ShrinkCheck {
  const rt = replayTargetOf(t);
  const minimized = minimize(rt, schedule, f);
  if (minimized === undefined) throw new Error(`the ${f.invariant} finding does not reproduce under lenient replay (${schedule.length} events)`);
  const replay = replaySchedule(rt, minimized.schedule, { checkLiveness: f.kind === 'liveness' });
  return { originalSteps, minimized, replay };
}
