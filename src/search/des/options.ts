/**
 * Flat, documented DES options (TigerBeetle `PacketSimulatorOptions` style):
 * one doc line per field, every fault off by default, qualifiers last.
 */
import { Prng } from '../../kernel/choice/prng.js';
import type { World } from '../../kernel/world.js';

export interface SimOptions {
  /** Events executed in the faulty (safety) phase of one run. */
  stepsMax: number;
  /** Minimum network latency, virtual ticks. */
  delayTicksMin: number;
  /** Mean extra latency above the minimum (exponentially distributed), virtual ticks. */
  delayTicksMean: number;
  /** Ticks a node waits before taking an enabled spontaneous action (uniform 1..max). */
  localTicksMax: number;
  /**
   * Initiative ranks of a duel (`duel`): of the nodes that can act at the
   * start, only the two ranked lowest take spontaneous actions in the faulty
   * phase; the others answer messages and fire their timers until the
   * liveness phase, when every node takes part. Absent: every node acts.
   */
  duelRanks?: readonly number[];
  /**
   * Probability that a node whose state an event just replaced restarts at
   * once (crash, then recover), before anyone else talks to it: the moment
   * an amnesia bug needs (a promise or a vote not kept across a restart).
   * Swarm scheduling and PCT have the same knob (`Restarter`).
   */
  restartProbability?: number;
  /** Probability that a message is lost instead of delivered. */
  dropProbability: number;
  /** Probability that a delivered message is also duplicated (the copy gets its own latency). */
  duplicateProbability: number;
  /** Per-event probability that some running node crashes. */
  crashProbability: number;
  /** Per-event probability that some crashed node recovers. */
  recoverProbability: number;
  /** Upper bound on nodes down at the same time. */
  crashedMax: number;
  /** Per-event probability that a partition forms (replacing any other). */
  partitionProbability: number;
  /** Fraction of partitions that are one-way (only one direction of each cut link is blocked). */
  partitionOneWayProbability: number;
  /** Per-event probability that the current partition heals. */
  healProbability: number;
  /** Run the liveness phase after the faulty period (where the variant expects liveness). */
  liveness: boolean;
  /** Events allowed in the liveness phase before a missing decision is a finding. */
  livenessStepsMax: number;
}

/** Everything off: a fault-free network with latency 1..6 ticks. */
export const DEFAULT_OPTIONS: SimOptions = {
  stepsMax: 400,
  delayTicksMin: 1,
  delayTicksMean: 5,
  localTicksMax: 3,
  dropProbability: 0,
  duplicateProbability: 0,
  crashProbability: 0,
  recoverProbability: 0,
  crashedMax: 0,
  partitionProbability: 0,
  partitionOneWayProbability: 0,
  healProbability: 0,
  liveness: false,
  livenessStepsMax: 4000,
};

/** A moderate, fixed fault mix: the `--faults on` preset. */
export function faultyOptions(nodes: number): SimOptions {
  return {
    ...DEFAULT_OPTIONS,
    dropProbability: 0.05,
    duplicateProbability: 0.05,
    crashProbability: 0.01,
    recoverProbability: 0.05,
    crashedMax: Math.max(1, nodes - 1),
    partitionProbability: 0.005,
    partitionOneWayProbability: 0.3,
    healProbability: 0.05,
    liveness: true,
  };
}

/**
 * Swarm testing (TigerBeetle `options_swarm`): every knob drawn from the run's
 * seed, so each run explores a different corner (some with no loss and heavy
 * crashes, some with reordering only, ...). Each fault is switched off
 * entirely in about a third of runs.
 */
export function swarmOptions(rng: Prng, nodes: number): SimOptions {
  const maybe = (p: number): number => (rng.chance(0.33) ? 0 : p);
  return {
    stepsMax: rng.between(50, 600),
    delayTicksMin: rng.between(1, 3),
    delayTicksMean: rng.between(0, 20),
    localTicksMax: rng.between(1, 10),
    dropProbability: maybe(rng.real() * 0.3),
    duplicateProbability: maybe(rng.real() * 0.3),
    crashProbability: maybe(rng.real() * 0.05),
    recoverProbability: rng.real() * 0.2,
    crashedMax: rng.between(1, Math.max(1, nodes - 1)),
    partitionProbability: maybe(rng.real() * 0.03),
    partitionOneWayProbability: rng.real(),
    healProbability: 0.01 + rng.real() * 0.2,
    liveness: true,
    livenessStepsMax: 4000,
    ...duel(rng, nodes),
    // Drawn last, like the duel, so the other knobs of every run are what they were.
    restartProbability: rng.chance(0.75) ? 0 : rng.real() * 0.2,
  };
}

/** Chance that a swarm run is a duel (drawn after every other knob, so the other runs keep their knobs). */
export const DUEL_PROBABILITY = 1 / 3;

/**
 * The dueling-proposers corner: two nodes take the initiative, act at once
 * and talk over a slow network, so each acts on views the other has already
 * made stale — the interleavings where Paxos-like protocols break (a
 * proposer preempted between its phases, two ballots racing for the same
 * acceptors). Independent knobs rarely line these up: on PaxosStore's seed
 * spec with 5 participants, 2 active nodes, think time 1 and mean latency
 * 50 found the bug in 10 of 3,000 runs, all five active in none.
 */
function duel(rng: Prng, nodes: number): Partial<SimOptions> {
  if (nodes < 3 || !rng.chance(DUEL_PROBABILITY)) return {};
  const duelRanks = Array.from({ length: nodes }, (_, i) => i);
  for (let i = nodes - 1; i > 0; i--) {
    const j = rng.choose(i + 1);
    [duelRanks[i], duelRanks[j]] = [duelRanks[j]!, duelRanks[i]!];
  }
  return { duelRanks, localTicksMax: 1, delayTicksMean: rng.between(40, 80), stepsMax: rng.between(80, 160) };
}

/** Who may take the initiative under `o` in world `w` (undefined: everyone): the two lowest-ranked nodes with a spontaneous action now, if more than two have one. */
export function duelists(w: World, o: SimOptions): boolean[] | undefined {
  const ranks = o.duelRanks;
  if (ranks === undefined) return undefined;
  const able: number[] = [];
  for (let i = 0; i < w.n; i++) if (w.up[i] && w.proto.actions(w.nodes[i], i, w.net).length > 0) able.push(i);
  if (able.length <= 2) return undefined;
  able.sort((a, b) => ranks[a]! - ranks[b]!);
  const active = new Array<boolean>(w.n).fill(false);
  active[able[0]!] = active[able[1]!] = true;
  return active;
}
/** `--faults`: `swarm`: every knob drawn per run; `on`: a fixed moderate fault mix; `off`: no faults. */
export type FaultMode = 'swarm' | 'on' | 'off';

/** The options of the DES run with seed `rs` (a pure function of the run seed and the fault mode). */
export function runOptions(mode: FaultMode, rs: number, nodes: number): SimOptions {
  if (mode === 'off') return { ...DEFAULT_OPTIONS, liveness: true };
  if (mode === 'on') return faultyOptions(nodes);
  return swarmOptions(new Prng(`swarm:${rs}`), nodes);
}
