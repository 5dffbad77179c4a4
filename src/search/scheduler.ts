/**
 * Strategies that schedule one event at a time (uniform, swarm, PCT): a
 * per-run `Picker` chooses among the enabled events, and is the policy of
 * the run's adversarial phase until it declines, nothing is enabled, or
 * `stepsMax` events were picked; then the run ends canonically (`finish`:
 * liveness phase and canonical completion). Pickers only differ in how they
 * choose; the loop, its observers and its ending are the one execution's.
 */
import { Prng } from '../kernel/choice/prng.js';
import type { Event } from '../kernel/events.js';
import { downCount, type FaultMask } from '../kernel/world.js';
import { Execution, type ExecutionOptions, type Policy } from '../kernel/execution.js';
import { finish } from '../kernel/liveness.js';
import { ChangeTracker } from '../kernel/observers/changes.js';
import type { ScheduleTarget } from '../kernel/target.js';
import { seededStrategy, type Strategy, type StrategyName } from './strategy.js';

/** The per-run decisions of a scheduling strategy. */
export interface Picker {
  /** Faults this run may inject. */
  readonly mask: FaultMask;
  /** Length of this run's adversarial phase (default: the target's `stepsMax`). */
  readonly stepsMax?: number;
  /** The next event among `enabled` (never empty), or undefined to end the adversarial phase. */
  pick(ex: Execution, enabled: readonly Event[]): Event | undefined;
  /** Told after each executed event it picked; `changed` is the node whose state it replaced (-1 if none). */
  after?(ex: Execution, e: Event, changed: number): void;
}

/** Builds the picker of one run from its own seeded PRNG. */
export type PickerFactory = (t: ScheduleTarget, rng: Prng, run: number) => Picker;

/** A picker as the loop's policy: it picks among the events enabled under its mask. */
export function pickerPolicy(p: Picker, changes: ChangeTracker): Policy {
  return {
    next(ex) {
      const enabled = ex.enabled(p.mask);
      return enabled.length === 0 ? undefined : p.pick(ex, enabled);
    },
    executed: p.after === undefined ? undefined : (ex, e, accepted) => {
      if (accepted) p.after!(ex, e, changes.lastChanged);
    },
  };
}

/** Runs one seeded run of a picker: its adversarial phase, then the canonical ending. */
export function runPolicy(t: ScheduleTarget, name: StrategyName, factory: PickerFactory, rs: number, run: number, o: ExecutionOptions): Execution {
  const changes = new ChangeTracker();
  const picker = factory(t, new Prng(`${name}:${rs}`), run);
  const ex = new Execution(t, { ...o, observers: [...(o.observers ?? []), changes] });
  ex.run(pickerPolicy(picker, changes), picker.stepsMax ?? t.stepsMax);
  finish(ex, t);
  return ex;
}

/** A strategy from a picker factory. */
export function schedulingStrategy(name: StrategyName, factory: PickerFactory): Strategy {
  return seededStrategy(name, (t, rs, run, o) => runPolicy(t, name, factory, rs, run, o));
}

/**
 * Restart-after-act faults: with probability `probability`, a node whose
 * state a step just replaced restarts at once (crash, then recover) — right
 * after a promise or a vote, before anyone else talks to it, which is when an
 * amnesia bug shows. `next` hands out the queued crash and recover first.
 */
export class Restarter {
  private readonly pending: Event[] = [];
  constructor(
    private readonly t: ScheduleTarget,
    private readonly rng: Prng,
    private readonly mask: FaultMask,
    readonly probability: number,
  ) {}

  /** Call after each executed event. */
  after(ex: Execution, e: Event, changed: number): void {
    if (changed < 0 || e.k === 'recover' || this.probability === 0 || !this.mask.crash || !this.t.crashable(changed)) return;
    const w = ex.w;
    if (downCount(w) < this.mask.maxCrashed && w.up[changed] && this.rng.chance(this.probability))
      this.pending.push({ k: 'crash', node: changed }, { k: 'recover', node: changed });
  }

  /** The queued event to run next, if any. */
  next(): Event | undefined {
    return this.pending.shift();
  }
}
