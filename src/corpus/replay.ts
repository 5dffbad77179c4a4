/**
 * Replay of a portable schedule: the one execution loop driven by the
 * schedule itself (`SchedulePolicy`), with the same observers as the run
 * that recorded it — invariants checked after every step, the fingerprint,
 * the recorded schedule, optionally the trace. Strict mode reports the
 * first event that cannot execute as a divergence; lenient mode (used by
 * the minimiser) delivers a message of the same kind on the same link in its
 * place (`resolveSimilar`), or skips it. Afterwards, optionally, the
 * canonical completion and the liveness verdict (`quietLiveness`).
 */
import type { AnyWorldView } from '../kernel/view.js';
import { canonicalPolicy } from '../kernel/canonical.js';
import type { Event } from '../kernel/events.js';
import { Execution, type Observer, type Policy, type RunSubject } from '../kernel/execution.js';
import type { Finding } from '../kernel/finding.js';
import { Hasher } from '../kernel/hash.js';
import { quietLiveness } from '../kernel/liveness.js';
import { ScheduleRecorder } from '../kernel/observers/schedule.js';
import { Tracer, type TraceStep } from '../kernel/observers/trace.js';
import { resolve, resolveSimilar, toPortable, type PortableEvent } from '../kernel/portable.js';
import type { World } from '../kernel/world.js';

export { describe, type TraceStep } from '../kernel/observers/trace.js';

export interface ReplayTarget extends RunSubject {
  /** Liveness goal, when a liveness finding is to be reproduced. */
  readonly decided?: (w: AnyWorldView) => boolean;
}

/** Where a strict replay left the schedule. */
export interface Divergence {
  readonly index: number;
  readonly event: PortableEvent;
  readonly reason: string;
}

export interface ReplayOutcome {
  /** Events executed (skipped ones excluded). */
  readonly executed: number;
  /** The events that executed, in order, as the schedule names them (lenient mode drops the skipped ones; completion events follow). */
  readonly schedule: PortableEvent[];
  readonly finding: Finding | undefined;
  readonly divergence: Divergence | undefined;
  readonly fingerprint: string;
  readonly world: World;
  readonly trace: TraceStep[];
  /** The execution itself: the same kind of object as a DES run or a fast-check schedule's. */
  readonly execution: Execution;
}

export interface ReplayOptions {
  readonly lenient?: boolean;
  readonly trace?: boolean;
  /** Stop at the first safety finding (default true); false: check no invariants. */
  readonly stopAtFinding?: boolean;
  /** At the end, report `liveness` if the goal is unmet and nothing more can happen. */
  readonly checkLiveness?: boolean;
  /** After the schedule, run up to this many canonical fault-free events (first enabled) towards quiescence. */
  readonly complete?: number;
  /** More observers of the replayed run (the report recorder), told after the trace. */
  readonly observers?: readonly Observer[];
}

/**
 * The replay policy: the schedule's events in order, each resolved against
 * the current world. `current` is the schedule's own event for the one just
 * picked (recorded as written); undefined once the schedule is done.
 */
export class SchedulePolicy implements Policy {
  private i = 0;
  current: PortableEvent | undefined;
  divergence: Divergence | undefined;

  constructor(private readonly schedule: readonly PortableEvent[], private readonly lenient: boolean) {}

  next(ex: Execution): Event | undefined {
    for (; this.i < this.schedule.length; this.i++) {
      const pe = this.schedule[this.i]!;
      const e = resolve(ex.w, pe);
      if (e !== undefined) {
        this.current = pe;
        return e;
      }
      if (!this.lenient) return this.diverge('no message with that content is in flight');
      const similar = resolveSimilar(ex.w, pe);
      if (similar !== undefined) {
        this.current = toPortable(ex.w, similar); // what actually executes is what is recorded
        return similar;
      }
    }
    this.current = undefined;
    return undefined;
  }

  executed(_ex: Execution, _e: Event, accepted: boolean): void {
    if (!accepted && !this.lenient) this.diverge('the event is not enabled in this state');
    else this.i++;
  }

  private diverge(reason: string): undefined {
    this.divergence = { index: this.i, event: this.schedule[this.i]!, reason };
    this.i = this.schedule.length;
    this.current = undefined;
    return undefined;
  }
}

export function replaySchedule(t: ReplayTarget, schedule: readonly PortableEvent[], o: ReplayOptions = {}): ReplayOutcome {
  const hasher = new Hasher();
  const policy = new SchedulePolicy(schedule, o.lenient ?? false);
  const tracer = o.trace ? new Tracer() : undefined;
  const subject = o.stopAtFinding === false ? { ...t, invariants: [] } : t;
  const recorder = new ScheduleRecorder((w, e) => policy.current ?? toPortable(w, e));
  const ex = new Execution(subject, { record: recorder, hasher, observers: [...(tracer ? [tracer] : []), ...(o.observers ?? [])] });
  ex.run(policy);
  if (policy.divergence === undefined && !ex.done) {
    if (o.complete !== undefined) ex.run(canonicalPolicy, o.complete);
    if (o.checkLiveness && t.decided) quietLiveness(ex, t.decided);
  }
  return {
    executed: ex.schedule.length, schedule: ex.schedule, finding: ex.finding, divergence: policy.divergence,
    fingerprint: hasher.hex(), world: ex.w, trace: tracer?.steps ?? [], execution: ex,
  };
}
