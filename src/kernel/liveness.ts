/**
 * How a run ends. Safety and liveness are separate phases (TigerBeetle's
 * liveness mode): after the adversarial phase, where the variant expects a
 * decision, every partition heals, every crashed node restarts, faults stop,
 * and the run must then decide. Two shapes of the same phase, both run by
 * the one loop:
 *
 * - `awaitDecision` (the DES): keep running the driver's own policy,
 *   fault-free, until a value is chosen, within a bound;
 * - `finish` (schedules and strategies): the canonical ending — run the
 *   canonical policy until nothing can happen (`completeMax` events at
 *   most), then require a decision. Where the liveness phase does not apply,
 *   the canonical ending still extends the run for the safety checks.
 *
 * A replayed schedule ends with `quietLiveness`: a liveness finding is a
 * reachable state where nothing can happen and nothing is decided, which is
 * what the replay of a liveness counterexample must reach.
 */
import type { AnyWorldView } from './view.js';
import { canonicalEvent, canonicalPolicy } from './canonical.js';
import type { Execution, Policy } from './execution.js';

/** What the liveness phase needs to know about the target (a `ScheduleTarget` has it all). */
export interface LivenessGoal {
  /** The liveness goal (undefined when the variant never expects a decision). */
  readonly decided: ((w: AnyWorldView) => boolean) | undefined;
  /** When the liveness phase applies (the variant's `liveness`). */
  readonly liveness: 'always' | 'fault-free' | 'never';
}

/** The message of a liveness finding where nothing is left to happen. */
export const QUIET_MESSAGE = 'no value chosen and nothing left to happen: every node is waiting for a message that will never come';

/** True when the liveness phase applies to this run (decided by the faults injected so far). */
export function livenessApplies(ex: Execution, g: LivenessGoal): boolean {
  return g.decided !== undefined && (g.liveness === 'always' || (g.liveness === 'fault-free' && ex.faultEvents === 0));
}

/** The start of the liveness phase: heal every partition, restart every crashed node. */
export function restore(ex: Execution): void {
  const w = ex.w;
  if (w.blockedCount > 0) ex.exec({ k: 'heal' });
  for (let node = 0; node < w.n && !ex.done; node++) if (!w.up[node]) ex.exec({ k: 'recover', node });
}

function undecided(ex: Execution, quiet: boolean, bound: number, events: string): void {
  ex.finding = {
    kind: 'liveness', invariant: 'liveness', step: ex.w.steps,
    message: quiet ? QUIET_MESSAGE : `no value chosen within ${bound} ${events} after faults stopped, partitions healed and every node restarted`,
  };
}

/**
 * The liveness phase as the DES runs it: restore, then run `p` (which must
 * inject no faults now) until `decided` holds; a liveness finding if `bound`
 * events pass first or nothing is left to happen.
 */
export function awaitDecision(ex: Execution, decided: (w: AnyWorldView) => boolean, p: Policy, bound: number): void {
  ex.beginEnding();
  restore(ex);
  const end = ex.run(p, bound, decided);
  if (end === 'bound' || end === 'declined') undecided(ex, end === 'declined', bound, 'events');
}

/**
 * The canonical ending of a schedule-driven run: the liveness phase where it
 * applies (restore), canonical completion until nothing can happen or
 * `completeMax` events ran (`stepsMax` when no liveness goal applies: then
 * the ending only extends the run for the safety checks), and a liveness
 * finding if the goal is unmet at the end. Idempotent.
 */
export function finish(ex: Execution, g: LivenessGoal & { readonly completeMax: number; readonly stepsMax: number }): void {
  if (ex.done || ex.ending) return;
  ex.beginEnding();
  const live = livenessApplies(ex, g);
  if (live) restore(ex);
  const bound = live ? g.completeMax : Math.min(g.completeMax, g.stepsMax);
  const end = ex.run(canonicalPolicy, bound);
  if (ex.done || !live || g.decided!(ex.w)) return;
  undecided(ex, end === 'declined' || canonicalEvent(ex.w, ex.noops) === undefined, g.completeMax, 'canonical events');
}

/** The liveness verdict of a replay: a finding if nothing is decided and nothing can happen. */
export function quietLiveness(ex: Execution, decided: (w: AnyWorldView) => boolean): void {
  if (!ex.done && !decided(ex.w) && canonicalEvent(ex.w, ex.noops) === undefined) undecided(ex, true, 0, '');
}
