/**
 * One seeded DES run: the one execution loop driven by the DES clock
 * (`clock.ts`). A run has two phases (TigerBeetle's liveness mode): the
 * faulty phase, where the clock may inject faults and safety is checked
 * after every event, for at most `stepsMax` events; then, where the variant
 * expects liveness, the liveness phase (`awaitDecision`): every partition
 * heals, every crashed node restarts, faults stop, and a value must be
 * chosen within `livenessStepsMax` events.
 */
import { Prng } from '../../kernel/choice/prng.js';
import { Execution, type ExecutionOptions, type RunSubject } from '../../kernel/execution.js';
import { awaitDecision, livenessApplies, type LivenessGoal } from '../../kernel/liveness.js';
import { DesClock } from './clock.js';
import type { SimOptions } from './options.js';

/** What a DES run needs of its target (a `ScheduleTarget` has it all). */
export type DesSubject = RunSubject & LivenessGoal;

const EVERY_NODE = (): boolean => true;

/** Runs one seeded simulation (not recorded unless `o.record`). */
export function runDes(t: DesSubject, options: SimOptions, seed: number, o: ExecutionOptions = {}): Execution<DesSubject> {
  const ex = new Execution(t, { ...o, record: o.record ?? false });
  const clock = new DesClock(ex, new Prng(seed), options, t.crashable ?? EVERY_NODE);
  ex.observe(clock);
  ex.run(clock, options.stepsMax);
  if (!ex.done && options.liveness && livenessApplies(ex, t)) {
    clock.stopFaults();
    awaitDecision(ex, t.decided!, clock, options.livenessStepsMax);
  }
  return ex;
}
