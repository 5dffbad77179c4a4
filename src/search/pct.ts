/**
 * PCT, probabilistic concurrency testing (Burckhardt, Kothari, Musuvathi,
 * Nagarakatte, ASPLOS 2010; the scheduler behind Coyote's `--sch-pct`).
 *
 * PCT runs the enabled "thread" of highest priority. Priorities are random
 * and distinct, all above `d`; at d-1 random change points (steps
 * k_1..k_{d-1} of an estimated k) the thread that just ran drops to priority
 * d-i, below every initial priority. A bug of depth d (d ordering
 * constraints) is then found with probability at least 1/(n k^(d-1)) per run.
 *
 * Threads of a message-passing system: each directed link is a thread whose
 * next operation is its oldest deliverable message (FIFO per link; reordering
 * comes from the interleaving of links), each node is a thread for its
 * spontaneous actions (one chosen by the run's PRNG when several are
 * enabled) and another for its timers. Priorities are given to threads as
 * they first appear; timer threads rank below every initial priority (in
 * schedule-driven runs an armed timer is always enabled, and a retry timer
 * at the top would fire forever), interleaved with the change-point levels,
 * so a timeout fires when the rest is quiet or before a demoted thread. Faults are injected at a per-run rate (none in a third of the runs)
 * in place of a scheduled step (losses and duplicates pick among the
 * in-flight messages), and in half the runs a node restarts right after it
 * acted with a per-run probability (`Restarter`).
 *
 * `d` cycles through 1..4 with the run index (deeper bugs need more change
 * points, shallow ones are found faster with fewer); k, the length of the
 * run's adversarial phase, is drawn per run between 1/8 of the target's
 * `stepsMax` and all of it.
 */
import type { Prng } from '../kernel/choice/prng.js';
import type { Event } from '../kernel/events.js';
import type { World } from '../kernel/world.js';
import { isFault } from '../kernel/observers/faults.js';
import type { ScheduleTarget } from '../kernel/target.js';
import { Restarter, schedulingStrategy, type Picker } from './scheduler.js';

/** Largest bug depth tried. */
export const PCT_DEPTH_MAX = 4;

/** The thread an event belongs to: a link (deliveries), a node's timers, or a node's actions. */
function threadOf(w: World, e: Event): string {
  if (e.k === 'deliver') {
    const env = w.net.get(e.id)!;
    return `L${env.from}>${env.to}`;
  }
  if (e.k === 'timer') return `T${e.node}`;
  return `N${(e as { node: number }).node}`;
}

export function pctPicker(t: ScheduleTarget, rng: Prng, run: number): Picker {
  const d = 1 + (run % PCT_DEPTH_MAX);
  // k, the run length, varies per run (1/8 to all of stepsMax): change points land in short and long runs alike.
  const k = rng.between(Math.max(2, t.stepsMax >> 3), t.stepsMax);
  const changeAt = new Map<number, number>(); // step index -> i (1..d-1)
  for (let i = 1; i < d; i++) {
    let s = rng.between(1, k - 1);
    while (changeAt.has(s)) s = rng.between(1, k - 1);
    changeAt.set(s, i);
  }
  const priority = new Map<string, number>();
  const faultProbability = [0, 0.01, 0.05][rng.choose(3)]!;
  const restarter = new Restarter(t, rng, t.faults, rng.chance(0.5) ? rng.real() * 0.3 : 0);
  let stepNo = 0;
  const prio = (thread: string): number => {
    let p = priority.get(thread);
    if (p === undefined) {
      // Distinct with probability 1. Timer threads rank below every initial priority (a timer
      // that is always armed would otherwise starve everyone), between the change-point levels.
      p = thread[0] === 'T' ? rng.real() * d : d + 1 + rng.real() * 1e6;
      priority.set(thread, p);
    }
    return p;
  };
  return {
    mask: t.faults,
    stepsMax: k,
    after: (ex, e, changed) => restarter.after(ex, e, changed),
    pick(ex, enabled): Event | undefined {
      const w = ex.w;
      const queued = restarter.next();
      if (queued !== undefined) return queued;
      stepNo++;
      if (faultProbability > 0 && rng.chance(faultProbability)) {
        const faults = enabled.filter(isFault);
        if (faults.length > 0) return faults[rng.choose(faults.length)];
      }
      let best: string | undefined;
      let bestP = -Infinity;
      for (const e of enabled) {
        if (isFault(e)) continue;
        const th = threadOf(w, e);
        const p = prio(th);
        if (p > bestP) {
          bestP = p;
          best = th;
        }
      }
      if (best === undefined) return undefined;
      // The chosen thread's next operation: the oldest message on a link; one of a node's actions or timers.
      const mine = enabled.filter((e) => !isFault(e) && threadOf(w, e) === best);
      const e = best[0] === 'L' ? mine[0]! : mine[rng.choose(mine.length)]!;
      const change = changeAt.get(stepNo);
      if (change !== undefined) priority.set(best, d - change);
      return e;
    },
  };
}

export const pctStrategy = schedulingStrategy('pct', pctPicker);
