/**
 * Search strategies: ways of choosing which enabled event happens next. Each
 * strategy runs batches of runs against one `ScheduleTarget`; every random
 * decision comes from a `Prng` (a seeded `Chooser`, `src/kernel/choice/`) derived
 * from the campaign seed and the run index, so a finding is reproducible from
 * (strategy, seed, run index) and, more simply, from its saved schedule.
 * Every run, whatever the strategy, is one `Execution` of the one loop.
 */
import { runSeed } from '../kernel/choice/prng.js';
import type { Execution, ExecutionOptions, Observer } from '../kernel/execution.js';
import type { Finding } from '../kernel/finding.js';
import type { Hasher } from '../kernel/hash.js';
import type { PortableEvent } from '../kernel/portable.js';
import type { ScheduleTarget } from '../kernel/target.js';
import { CoverageObserver, type CoverageMap } from './coverage.js';

export type StrategyName = 'des' | 'uniform' | 'swarm' | 'pct' | 'fast-check' | 'guided' | 'guided-des';

/** The strategies `round-robin` runs, in the order it gives them turns: the five blind ones. */
export const ROUND_ROBIN_NAMES: readonly StrategyName[] = ['fast-check', 'swarm', 'pct', 'des', 'uniform'];

/** The strategies `all` (the default) shares a campaign between, in first-turn order: every one. */
export const ALL_NAMES: readonly StrategyName[] = ['fast-check', 'guided', 'swarm', 'pct', 'des', 'uniform', 'guided-des'];

/**
 * What `--strategy` accepts: a single strategy; `all` (the default), every
 * strategy, turns given by a bandit that rewards new coverage per unit of
 * work (`bandit.ts`); or `round-robin`, the five blind strategies in turn,
 * equal shares of work.
 */
export type StrategyChoice = StrategyName | 'all' | 'round-robin';
export const STRATEGY_CHOICES: readonly StrategyChoice[] = ['des', 'uniform', 'swarm', 'pct', 'fast-check', 'guided', 'guided-des', 'all', 'round-robin'];

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
  /** New coverage slots the batch's runs hit (when the spec asked for coverage, or the strategy keeps its own). */
  readonly novel?: number;
  /**
   * Deterministic cost of the batch: events plus the candidate events its
   * policies examined (a scheduler that lists every enabled event per step
   * costs more per event than the DES). The bandit divides rewards by it.
   */
  readonly work?: number;
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
  /** The campaign's coverage map: runs record what they reach in it (the bandit's reward). */
  readonly coverage?: CoverageMap;
  /** An observer for each run (measurements, e.g. the coverage bench); not told about re-runs that record a finding. */
  readonly watch?: () => Observer;
}

/** A strategy bound to a target. */
export interface Strategy {
  readonly name: StrategyName;
  /**
   * A batch cut short by its deadline can be continued by a batch starting at
   * the next run with exactly the same runs, events and findings (runs are
   * independent and seeded by their index). The campaign runner uses this to
   * cut long batches into short slices between which it can stop and report
   * progress; fast-check batches (one `fc.check` each) are not resumable.
   */
  readonly resumable?: boolean;
  batch(t: ScheduleTarget, spec: BatchSpec): BatchResult;
}

/** One seeded run of a strategy: run `run` with seed `rs` (recorded and fingerprinted as `o` says). */
export type SeededRun = (t: ScheduleTarget, rs: number, run: number, o: ExecutionOptions) => Execution;

/** One run of a batch, as the strategy ran it. */
export interface BatchRun {
  readonly ex: Execution;
  /** Kernel events this run executed itself (a continuation does not pay for its prefix again). */
  readonly events: number;
  /** Its deterministic cost (`BatchResult.work`). */
  readonly work: number;
  /** New coverage slots it hit. */
  readonly novel: number;
  /** The same run re-executed from the start with recording on (called once it fails). */
  readonly recorded: () => Execution;
}

/**
 * The loop every resumable strategy's batch is: runs `from`, `from + 1`, ...
 * with seeds `runSeed(seed, i)`, until the count or the deadline, summing
 * events, work and novelty; a failing run is re-executed with recording on
 * (runs are deterministic in their seed), so the hot path never builds
 * portable events.
 */
export function batchOfRuns(name: StrategyName, spec: BatchSpec, runOne: (run: number, rs: number) => BatchRun): BatchResult {
  let events = 0;
  let novel = 0;
  let work = 0;
  for (let i = 0; i < spec.runs; i++) {
    if (spec.deadline !== undefined && i > 0 && Date.now() >= spec.deadline) return { runs: i, events, found: undefined, novel, work };
    const run = spec.from + i;
    const rs = runSeed(spec.seed, run);
    const r = runOne(run, rs);
    events += r.events;
    work += r.work;
    novel += r.novel;
    if (r.ex.finding !== undefined) {
      const rec = r.recorded();
      const finding = rec.finding ?? r.ex.finding;
      return { runs: i + 1, events, novel, work, found: { strategy: name, run, runSeed: rs, finding, schedule: rec.schedule, originalSteps: rec.schedule.length } };
    }
  }
  return { runs: spec.runs, events, found: undefined, novel, work };
}

/**
 * A strategy of independent seeded runs (the DES and the scheduling
 * strategies): run i of the strategy uses seed `runSeed(seed, i)`.
 */
export function seededStrategy(name: StrategyName, runOne: SeededRun): Strategy {
  return {
    name,
    resumable: true,
    batch(t: ScheduleTarget, spec: BatchSpec): BatchResult {
      return batchOfRuns(name, spec, (run, rs) => {
        const cov = spec.coverage && new CoverageObserver(spec.coverage);
        const observers = [...(cov ? [cov] : []), ...(spec.watch ? [spec.watch()] : [])];
        const ex = runOne(t, rs, run, { record: false, hasher: spec.hasher, ...(observers.length ? { observers } : {}) });
        return { ex, events: ex.steps, work: ex.ran + ex.scanned, novel: cov?.novel ?? 0, recorded: () => runOne(t, rs, run, { record: true }) };
      });
    },
  };
}
