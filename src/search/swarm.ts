/**
 * Swarm testing at the event level (Groce et al.; TigerBeetle
 * `options_swarm`): every run draws its own knobs, so each run explores a
 * different corner — some with only a few proposers active, some with one
 * slow or lossy link, some crash-heavy, some fault-free. It extends the DES's
 * swarm options (`src/search/des/options.ts`, which draws global probabilities) with
 * what the DES cannot express: per-node activity and per-link delay and loss.
 */
import type { Prng } from '../kernel/choice/prng.js';
import type { Event } from '../kernel/events.js';
import type { FaultMask } from '../kernel/world.js';
import { isFault } from '../kernel/observers/faults.js';
import type { ScheduleTarget } from '../kernel/target.js';
import { Restarter, schedulingStrategy, type Picker } from './scheduler.js';

/** The knobs of one swarm run (every field drawn from the run's seed). */
export interface SwarmKnobs {
  /** Length of the adversarial phase: short runs reach shallow bugs cheaply, long ones deep bugs (1/8 to all of `stepsMax`). */
  readonly stepsMax: number;
  /** Faults this run may inject (each fault of the widest mask kept with probability 1/2). */
  readonly mask: FaultMask;
  /** active[node]: the node takes spontaneous actions and fires timers in the adversarial phase (at least one node is active). */
  readonly active: readonly boolean[];
  /** linkWeight[from * n + to]: relative chance a message on that link is delivered next (1 fast, 0.25 slow, 0.03 very slow). */
  readonly linkWeight: readonly number[];
  /** linkLossProbability[from * n + to]: chance a delivery on that link is a loss instead (0 on about half the links). */
  readonly linkLossProbability: readonly number[];
  /** Chance a delivery is preceded by a duplicate of the message. */
  readonly duplicateProbability: number;
  /** Per-step chance the step is a crash, recover, partition or heal (when the mask offers one). */
  readonly faultProbability: number;
  /**
   * Chance that a node whose state a step just changed restarts at once
   * (crash, then recover): the moment an amnesia bug needs — right after a
   * promise or a vote, before anyone else talks to the node.
   */
  readonly restartProbability: number;
}

const LINK_WEIGHTS = [1, 1, 0.25, 0.03];

/** Draws the knobs of one run. */
export function swarmKnobs(t: ScheduleTarget, rng: Prng): SwarmKnobs {
  const n = t.proto.nodeCount;
  const f = t.faults;
  const mask: FaultMask = {
    drop: f.drop && rng.chance(0.5),
    duplicate: f.duplicate && rng.chance(0.5),
    crash: f.crash && rng.chance(0.5),
    partition: f.partition && rng.chance(0.5),
    maxCrashed: f.maxCrashed > 0 ? rng.between(1, f.maxCrashed) : 0,
  };
  const active: boolean[] = [];
  for (let i = 0; i < n; i++) active.push(rng.chance(0.7));
  if (!active.some((a) => a)) active[rng.choose(n)] = true;
  const linkWeight: number[] = [];
  const linkLossProbability: number[] = [];
  const lossy = mask.drop ? rng.real() * 0.3 : 0;
  for (let i = 0; i < n * n; i++) {
    linkWeight.push(LINK_WEIGHTS[rng.choose(LINK_WEIGHTS.length)]!);
    linkLossProbability.push(mask.drop && rng.chance(0.5) ? rng.real() * lossy : 0);
  }
  return {
    stepsMax: rng.between(Math.max(1, t.stepsMax >> 3), t.stepsMax),
    mask, active, linkWeight, linkLossProbability,
    duplicateProbability: mask.duplicate ? rng.real() * 0.2 : 0,
    faultProbability: mask.crash || mask.partition ? rng.real() * 0.1 : 0,
    restartProbability: mask.crash && rng.chance(0.5) ? rng.real() * 0.5 : 0,
  };
}

/** The picker of one swarm run. */
export function swarmPicker(t: ScheduleTarget, rng: Prng): Picker {
  const k = swarmKnobs(t, rng);
  const n = t.proto.nodeCount;
  const weights: number[] = [];
  const restarter = new Restarter(t, rng, k.mask, k.restartProbability);
  return {
    mask: k.mask,
    stepsMax: k.stepsMax,
    after: (ex, e, changed) => restarter.after(ex, e, changed),
    pick(ex, enabled): Event | undefined {
      const w = ex.w;
      const queued = restarter.next();
      if (queued !== undefined) return queued;
      if (k.faultProbability > 0 && rng.chance(k.faultProbability)) {
        const faults = enabled.filter((e) => isFault(e) && e.k !== 'drop' && e.k !== 'dup');
        if (faults.length > 0) return faults[rng.choose(faults.length)];
      }
      weights.length = 0;
      let total = 0;
      for (const e of enabled) {
        let x = 0;
        if (e.k === 'deliver') {
          const env = w.net.get(e.id)!;
          x = k.linkWeight[env.from * n + env.to]!;
        } else if (e.k === 'local' || e.k === 'timer') x = k.active[e.node] ? 1 : 0;
        weights.push(x);
        total += x;
      }
      if (total === 0) return undefined; // only inactive nodes could move: end the adversarial phase
      let r = rng.real() * total;
      let i = 0;
      for (; i < enabled.length; i++) {
        r -= weights[i]!;
        if (r < 0) break; // only a positive weight can take r below 0
      }
      if (i === enabled.length) for (i = enabled.length - 1; weights[i] === 0; i--); // rounding: the last positive one
      const e = enabled[i]!;
      if (e.k === 'deliver') {
        const env = w.net.get(e.id)!;
        if (rng.chance(k.linkLossProbability[env.from * n + env.to]!)) return { k: 'drop', id: e.id };
        if (rng.chance(k.duplicateProbability)) return { k: 'dup', id: e.id };
      }
      return e;
    },
  };
}

export const swarmStrategy = schedulingStrategy('swarm', (t, rng) => swarmPicker(t, rng));
