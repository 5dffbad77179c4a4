/**
 * Search strategies: ways of choosing which enabled event happens next. Each
 * strategy runs batches of runs against one `ScheduleTarget`; every random
 * decision comes from a `Prng` (a seeded `Chooser`, `src/choice/`) derived
 * from the campaign seed and the run index, so a finding is reproducible from
 * (strategy, seed, run index) and, more simply, from its saved schedule.
 */
import type { Finding } from '../kernel/finding.js';
import type { Hasher } from '../kernel/hash.js';
import type { PortableEvent } from '../kernel/portable.js';
import type { ScheduleTarget } from '../kernel/target.js';

export type StrategyName = 'des' | 'uniform' | 'swarm' | 'pct' | 'fast-check';

/** Every single strategy, in the order the combined strategy takes turns. */
export const STRATEGY_NAMES: readonly StrategyName[] = ['fast-check', 'swarm', 'pct', 'des', 'uniform'];

/** What `--strategy` accepts: a single strategy, or `all` (round-robin between every one; the default). */
export type StrategyChoice = StrategyName | 'all';
export const STRATEGY_CHOICES: readonly StrategyChoice[] = ['des', 'uniform', 'swarm', 'pct', 'fast-check', 'all'];

/** fast-check provenance: replay with `fc.check(property, { seed, path, endOnFailure: true })`. */
export interface FastCheckProvenance {
  readonly seed: number;
  readonly path: string;
  readonly encoding: string;
  readonly numRuns: number;
  readonly numShrinks: number;
  /** Executed events of fast-check's shrunk counterexample (before event-level minimisation). */
  readonly shrunkSteps: number;
}

export interface StrategyFinding {
  readonly strategy: StrategyName;
  /** Run index within this strategy (0-based). */
  readonly run: number;
  /** Seed of that run (for fast-check: the batch's fast-check seed). */
  readonly runSeed: number;
  readonly finding: Finding;
  /** The executed schedule of the failing run (after fast-check's shrinking, before event-level minimisation). */
  readonly schedule: PortableEvent[];
  /** Length of the first failing run as found, before any shrinking. */
  readonly originalSteps: number;
  readonly fastCheck?: FastCheckProvenance;
}

export interface BatchResult {
  /** Runs executed (for fast-check: property runs up to and including the first failure, shrinking excluded). */
  readonly runs: number;
  /** Kernel events executed (fast-check: shrinking included). */
  readonly events: number;
  readonly found: StrategyFinding | undefined;
}

export interface BatchSpec {
  /** Index of the first run of this batch within the strategy. */
  readonly from: number;
  readonly runs: number;
  readonly seed: number;
  /** Receives every executed event, in order. */
  readonly hasher?: Hasher;
  /** Absolute wall-clock deadline (ms since epoch); only limits the budget, never changes a run. */
  readonly deadline?: number;
}

/** A strategy bound to a target. */
export interface Strategy {
  readonly name: StrategyName;
  batch(t: ScheduleTarget, spec: BatchSpec): BatchResult;
}
