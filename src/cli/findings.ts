/**
 * What happens to a finding: minimise it, save it as a counterexample file,
 * print its trace and the command that replays it.
 */
import type { Finding } from '../kernel/finding.js';
import { writeCounterexample, FORMAT, type CounterexampleFile } from '../replay/counterexample.js';
import { replaySchedule, type ReplayTarget } from '../replay/replay.js';
import { minimize } from '../schedule/minimize.js';
import type { PortableEvent } from '../schedule/portable.js';
import type { Target } from './args.js';
import { printTrace, type Out } from './output.js';

export interface SavedFinding {
  readonly kind: string;
  readonly invariant: string;
  readonly message: string;
  readonly steps: number;
  readonly originalSteps: number;
  readonly file: string;
  readonly replay: string;
}

export function replayTarget(t: Target): ReplayTarget {
  return { proto: t.variant.build(t.cfg), invariants: t.invariants, semantics: t.variant.semantics, decided: t.variant.liveness === 'never' ? undefined : t.def.decided };
}

/** Fingerprint of a schedule as the kernel executes it. */
export function scheduleFingerprint(t: ReplayTarget, schedule: readonly PortableEvent[]): string {
  return replaySchedule(t, schedule, { stopAtFinding: false }).fingerprint;
}

export interface Provenance {
  readonly seed: number | null;
  readonly run: number | null;
  readonly runSeed: number | null;
  readonly foundBy: string;
}

/** Minimises (unless told not to), saves and prints a finding. */
export function saveFinding(o: Out, t: Target, schedule: PortableEvent[], finding: Finding, from: Provenance, outDir: string, doMinimize = true): SavedFinding {
  const rt = replayTarget(t);
  const originalSteps = schedule.length;
  let final = { schedule, finding };
  if (doMinimize) {
    const m = minimize(rt, schedule, finding);
    if (m !== undefined) final = m;
  }
  const check = replaySchedule(rt, final.schedule, { trace: true, checkLiveness: final.finding.kind === 'liveness' });
  const cx: CounterexampleFile = {
    format: FORMAT, protocol: t.def.name, variant: t.variant.name, config: t.cfg, invariants: t.invariants.map((i) => i.name),
    semantics: t.variant.semantics, seed: from.seed, run: from.run, runSeed: from.runSeed, foundBy: from.foundBy,
    violation: final.finding, originalSteps, steps: final.schedule.length, fingerprint: check.fingerprint, schedule: final.schedule,
  };
  const file = writeCounterexample(outDir, cx);
  const replay = `npx paxos-sim replay ${file}`;
  o.say(o.c.red.bold(`\nFOUND ${finding.kind} violation of ${finding.invariant}`) + ` in ${t.def.name}/${t.variant.name} ${JSON.stringify(t.cfg)}`);
  if (from.seed !== null) o.say(`  seed ${from.seed}, run ${from.run} (run seed ${from.runSeed}), found by ${from.foundBy}`);
  o.say(`  shrunk from ${originalSteps} to ${final.schedule.length} steps\n`);
  printTrace(o, check.trace, check.finding ?? final.finding);
  o.say(`\n  saved ${file}\n  replay: ${replay}`);
  return { kind: final.finding.kind, invariant: final.finding.invariant, message: final.finding.message, steps: final.schedule.length, originalSteps, file, replay };
}
