/**
 * Strategies that schedule one event at a time (uniform, swarm, PCT): a
 * per-run policy picks among the enabled events until the adversarial phase
 * ends (the policy declines, nothing is enabled, or `stepsMax` events ran),
 * then the run ends canonically (`Execution.finish`: liveness phase and
 * canonical completion). Runs are recorded only when they fail: a failing
 * run is re-executed with recording on (it is deterministic in its seed).
 */
import { Prng, runSeed } from '../kernel/choice/prng.js';
import type { Event } from '../kernel/events.js';
import type { FaultMask } from '../kernel/world.js';
import { Execution } from '../kernel/execution.js';
import type { ScheduleTarget } from '../kernel/target.js';
import type { BatchResult, BatchSpec, Strategy, StrategyName } from './strategy.js';

/** The per-run decisions of a scheduling strategy. */
export interface Policy {
  /** Faults this run may inject. */
  readonly mask: FaultMask;
  /** Length of this run's adversarial phase (default: the target's `stepsMax`). */
  readonly stepsMax?: number;
  /** The next event among `enabled` (never empty), or undefined to end the adversarial phase. */
  pick(ex: Execution, enabled: readonly Event[]): Event | undefined;
  /** Told after each executed event; `changed` is the node whose state it replaced (-1 if none). */
  after?(ex: Execution, e: Event, changed: number): void;
}

/** Builds the policy of one run from its own seeded PRNG. */
export type PolicyFactory = (t: ScheduleTarget, rng: Prng, run: number) => Policy;

/** Runs one seeded run of a policy. */
export function runPolicy(t: ScheduleTarget, name: StrategyName, factory: PolicyFactory, rs: number, run: number, o: { record: boolean; hasher?: BatchSpec['hasher'] }): Execution {
  const rng = new Prng(`${name}:${rs}`);
  const policy = factory(t, rng, run);
  const ex = new Execution(t, o);
  const steps = policy.stepsMax ?? t.stepsMax;
  for (let i = 0; i < steps && !ex.done; i++) {
    const en = ex.enabled(policy.mask);
    if (en.length === 0) break;
    const e = policy.pick(ex, en);
    if (e === undefined) break;
    if (ex.exec(e)) policy.after?.(ex, e, ex.lastChanged);
  }
  ex.finish();
  return ex;
}

/** A strategy from a policy factory. */
export function schedulingStrategy(name: StrategyName, factory: PolicyFactory): Strategy {
  return {
    name,
    batch(t: ScheduleTarget, spec: BatchSpec): BatchResult {
      let events = 0;
      for (let i = 0; i < spec.runs; i++) {
        if (spec.deadline !== undefined && i > 0 && Date.now() >= spec.deadline) return { runs: i, events, found: undefined };
        const run = spec.from + i;
        const rs = runSeed(spec.seed, run);
        const ex = runPolicy(t, name, factory, rs, run, { record: false, hasher: spec.hasher });
        events += ex.steps;
        if (ex.finding !== undefined) {
          const rec = runPolicy(t, name, factory, rs, run, { record: true });
          const finding = rec.finding ?? ex.finding;
          return { runs: i + 1, events, found: { strategy: name, run, runSeed: rs, finding, schedule: rec.schedule, originalSteps: rec.schedule.length } };
        }
      }
      return { runs: spec.runs, events, found: undefined };
    },
  };
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
    let down = 0;
    for (let i = 0; i < w.n; i++) if (!w.up[i]) down++;
    if (down < this.mask.maxCrashed && w.up[changed] && this.rng.chance(this.probability))
      this.pending.push({ k: 'crash', node: changed }, { k: 'recover', node: changed });
  }

  /** The queued event to run next, if any. */
  next(): Event | undefined {
    return this.pending.shift();
  }
}
