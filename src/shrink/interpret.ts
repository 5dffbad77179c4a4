/**
 * Generated schedules (see `arbitraries.ts`) as policies of the one
 * execution loop: each step picks among the events enabled at that moment,
 * impossible picks are no-ops (skipped), and when the steps run out the run
 * ends canonically (`finish`).
 */
import type { Event } from '../kernel/events.js';
import type { FaultMask } from '../kernel/world.js';
import type { ScheduleInput, StructuredStep } from './arbitraries.js';
import { Execution, type ExecutionOptions, type Policy } from '../kernel/execution.js';
import { finish } from '../kernel/liveness.js';
import { ChangeTracker } from '../kernel/observers/changes.js';
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

/** The node a `restart` step restarts, or -1 (a no-op). */
export function pickRestart(ex: Execution, changes: ChangeTracker, mask: FaultMask, pick: number): number {
  const nodes = changes.restartable(ex, mask);
  return nodes.length === 0 ? -1 : nodes[pick % nodes.length]!;
}

const NONE: readonly Event[] = [];

/** The kernel events of one structured step now: none (a no-op), one, or a crash and a recover (`restart`). */
export function structuredEvents(ex: Execution, changes: ChangeTracker, mask: FaultMask, s: StructuredStep, active?: readonly boolean[]): readonly Event[] {
  if (s.kind === 'restart') {
    const node = pickRestart(ex, changes, mask, s.pick);
    return node < 0 ? NONE : [{ k: 'crash', node }, { k: 'recover', node }];
  }
  const e = pickStructured(ex.enabled(mask, active), s);
  return e === undefined ? NONE : [e];
}

/**
 * A policy that plays steps: `pull` gives the events of the next step (none
 * for an impossible pick, which is skipped), or undefined when the steps run
 * out. The events of one step run in order, unless the kernel refuses one
 * (a restart whose crash is refused does not recover).
 */
export function stepsPolicy(pull: (ex: Execution) => readonly Event[] | undefined): Policy {
  let queue: readonly Event[] = NONE;
  let next = 0;
  return {
    next(ex) {
      while (next >= queue.length) {
        const evs = pull(ex);
        if (evs === undefined) return undefined;
        queue = evs;
        next = 0;
      }
      return queue[next++];
    },
    executed(_ex, _e, accepted) {
      if (!accepted) next = queue.length;
    },
  };
}

/** The execution of a schedule input: change tracking on (for `restart` picks), recording and fingerprinting as `o` says. */
export function scheduleExecution(t: ScheduleTarget, o: ExecutionOptions = {}): { ex: Execution; changes: ChangeTracker } {
  const changes = new ChangeTracker();
  return { ex: new Execution(t, { ...o, observers: [...(o.observers ?? []), changes] }), changes };
}

/** Runs structured steps, then the canonical ending. */
export function runStructured(t: ScheduleTarget, input: ScheduleInput<StructuredStep>, o?: ExecutionOptions): Execution {
  const { ex, changes } = scheduleExecution(t, o);
  let i = 0;
  ex.run(stepsPolicy((x) => (i < input.steps.length ? structuredEvents(x, changes, input.mask, input.steps[i++]!, input.active) : undefined)));
  finish(ex, t);
  return ex;
}

/** Runs raw choice integers, then the canonical ending. */
export function runRaw(t: ScheduleTarget, input: ScheduleInput<number>, o?: ExecutionOptions): Execution {
  const ex = new Execution(t, o);
  let i = 0;
  ex.run(stepsPolicy((x) => {
    if (i >= input.steps.length) return undefined;
    const e = pickRaw(x.enabled(input.mask, input.active), input.steps[i++]!);
    return e === undefined ? NONE : [e];
  }));
  finish(ex, t);
  return ex;
}
