/**
 * `minimize`: shrink a failing schedule to a short story (DSLabs'
 * TraceMinimizer: drop events while the same invariant still fails, to a
 * fixpoint). The schedule is replayed first to learn which violation it
 * reaches; a schedule that violates nothing is bad input.
 */
import type { AnyProtocolDef } from '../kernel/definition.js';
import type { Finding } from '../kernel/finding.js';
import { InputError } from '../kernel/input-error.js';
import type { PortableEvent } from '../kernel/portable.js';
import { replaySchedule } from '../corpus/replay.js';
import { replayTarget } from '../cli/findings.js';
import { minimize as minimizeSchedule } from '../shrink/minimize.js';
import { targetOf, type TargetOptions } from './target.js';

export interface MinimizeOptions extends TargetOptions {
  /** The failing schedule (portable events, as saved in a counterexample file's `schedule`). */
  readonly schedule: readonly PortableEvent[];
  /** Check the variant's liveness goal at the end (default: no). */
  readonly liveness?: boolean;
}

export interface MinimizeResult {
  /** The violation the original schedule reaches, and still reaches after shrinking. */
  readonly finding: Finding;
  readonly originalSteps: number;
  readonly steps: number;
  readonly schedule: PortableEvent[];
}

/** Shrinks a failing schedule of `def` (library entry point). */
export function minimize(def: AnyProtocolDef, options: MinimizeOptions): MinimizeResult {
  const t = targetOf(def, options);
  const rt = { ...replayTarget(t), ...(options.liveness ? {} : { decided: undefined }) };
  const first = replaySchedule(rt, options.schedule, { lenient: true, checkLiveness: options.liveness ?? false });
  if (first.finding === undefined) throw new InputError(`the schedule (${options.schedule.length} events) violates none of ${t.invariants.map((i) => i.name).join(', ')}; nothing to minimise`);
  const m = minimizeSchedule(rt, first.schedule, first.finding);
  const final = m ?? { schedule: first.schedule, finding: first.finding };
  return { finding: final.finding, originalSteps: options.schedule.length, steps: final.schedule.length, schedule: final.schedule };
}
