/**
 * Runs generated schedules (see `arbitraries.ts`) through the kernel: each
 * step picks among the events enabled at that moment, impossible picks are
 * no-ops, and the run ends canonically (`Execution.finish`).
 */
import type { Event } from '../kernel/events.js';
import type { FaultMask } from '../kernel/world.js';
import type { ScheduleInput, StructuredStep } from './arbitraries.js';
import { Execution, type ExecutionOptions } from '../kernel/execution.js';
import type { ScheduleTarget } from '../kernel/target.js';

/** The event a structured step picks in `enabled`, or undefined (a no-op). */
export function pickStructured(enabled: readonly Event[], s: StructuredStep): Event | undefined {
  let count = 0;
  for (let i = 0; i < enabled.length; i++) if (enabled[i]!.k === s.kind) count++;
  if (count === 0) return undefined;
  let idx = s.pick % count;
  for (let i = 0; i < enabled.length; i++) {
    const e = enabled[i]!;
    if (e.k !== s.kind) continue;
    if (idx-- === 0) return e;
  }
  return undefined;
}

/** The event a raw choice picks in `enabled`, or undefined when nothing is enabled. */
export function pickRaw(enabled: readonly Event[], pick: number): Event | undefined {
  return enabled.length === 0 ? undefined : enabled[pick % enabled.length];
}

/** Applies one step; true if it executed an event (false: a no-op). */
export function applyStep<S>(ex: Execution, mask: FaultMask, s: S, pick: (enabled: readonly Event[], s: S) => Event | undefined, active?: readonly boolean[]): boolean {
  const e = pick(ex.enabled(mask, active), s);
  return e !== undefined && ex.exec(e);
}

/** The node a `restart` step restarts, or -1 (a no-op). */
export function pickRestart(ex: Execution, mask: FaultMask, pick: number): number {
  const nodes = ex.restartable(mask);
  return nodes.length === 0 ? -1 : nodes[pick % nodes.length]!;
}

/** Applies one structured step (a `restart` is two kernel events); true unless it was a no-op. */
export function applyStructured(ex: Execution, mask: FaultMask, s: StructuredStep, active?: readonly boolean[]): boolean {
  if (s.kind === 'restart') {
    const node = pickRestart(ex, mask, s.pick);
    return node >= 0 && ex.restart(node);
  }
  return applyStep(ex, mask, s, pickStructured, active);
}

/** Runs structured steps, then the canonical ending. */
export function runStructured(t: ScheduleTarget, input: ScheduleInput<StructuredStep>, o?: ExecutionOptions): Execution {
  const ex = new Execution(t, o);
  for (let i = 0; i < input.steps.length && !ex.done; i++) applyStructured(ex, input.mask, input.steps[i]!, input.active);
  ex.finish();
  return ex;
}

/** Runs raw choice integers, then the canonical ending. */
export function runRaw(t: ScheduleTarget, input: ScheduleInput<number>, o?: ExecutionOptions): Execution {
  const ex = new Execution(t, o);
  for (let i = 0; i < input.steps.length && !ex.done; i++) applyStep(ex, input.mask, input.steps[i]!, pickRaw, input.active);
  ex.finish();
  return ex;
}
