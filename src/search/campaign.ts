/**
 * The one campaign runner — `fuzz`, `campaign`, the property suites and the
 * benches all use it: one strategy or several, taking turns of about
 * `SLICE_EVENTS` kernel events of work each, until one finds something or
 * the budget (runs, wall time) is spent. A DES-only campaign is this runner
 * with strategy `des`.
 *
 * Who takes the next turn: under `all` (the default), a deterministic
 * bandit (`bandit.ts`) that first gives every strategy of `ALL_NAMES` a turn
 * and then favours the ones whose recent turns reached the most new coverage per
 * unit of work — the runs of every strategy record what they reach in one
 * shared coverage map (`coverage.ts`), which the guided strategy also steers
 * by. Rewards are counts of events and coverage slots, never timings, so the
 * sequence of turns, like every run, is a pure function of the seed; the
 * campaign fingerprint hashes every executed event in order. Under
 * `round-robin`, the five blind strategies of `ROUND_ROBIN_NAMES` take turns
 * in order, equal shares of work.
 *
 * Seeds: the scheduling strategies and the DES seed run i with
 * `runSeed(seed, i)`; fast-check's slice j runs `fc.check` with seed
 * `fastCheckSeed(seed, j)` (slice 0 of a fast-check-only campaign uses the
 * campaign seed itself), which is what a fast-check finding reports.
 *
 * Stopping: with `shouldStop` (the CLI's signal handling) the batches of
 * resumable strategies (every one but fast-check) are cut into slices of
 * about `SLICE_MS`, continued exactly where they stopped, so the runs,
 * findings and fingerprint are those of the unsliced campaign; between
 * slices `shouldStop` may end the campaign with what it did so far.
 */
import { runSeed } from '../kernel/choice/prng.js';
import { Hasher } from '../kernel/hash.js';
import type { Observer } from '../kernel/execution.js';
import type { FaultMode } from './des/options.js';
import type { Encoding } from '../shrink/arbitraries.js';
import type { ScheduleTarget } from '../kernel/target.js';
import { desStrategy } from './des/strategy.js';
import { fastCheckStrategy } from '../shrink/fast-check.js';
import { pctStrategy } from './pct.js';
import { swarmStrategy } from './swarm.js';
import { Bandit } from './bandit.js';
import { CoverageMap } from './coverage.js';
import { guidedStrategy } from './guided.js';
import { ALL_NAMES, ROUND_ROBIN_NAMES, type Strategy, type StrategyChoice, type StrategyFinding, type StrategyName } from './strategy.js';
import { uniformStrategy } from './uniform.js';

/** Runs of a strategy's first turn in the round-robin. */
export const SLICE_RUNS = 25;
/**
 * Kernel events a turn aims at: later turns take SLICE_EVENTS / (the
 * strategy's mean events per run so far) runs, so strategies share the
 * budget by work done rather than by runs (a fast-check run of a 15-event
 * schedule and a 200-event swarm run are not the same cost). Event counts are
 * deterministic, so the campaign stays a pure function of its seed.
 */
export const SLICE_EVENTS = 5000;

export interface StrategyOptions {
  /** DES fault mode (`--faults`). */
  readonly desFaults?: FaultMode;
  /** fast-check schedule encoding. */
  readonly encoding?: Encoding;
}

/** The strategy object for a name. */
export function strategyFor(name: StrategyName, o: StrategyOptions = {}): Strategy {
  switch (name) {
    case 'des':
      return desStrategy(o.desFaults ?? 'swarm');
    case 'uniform':
      return uniformStrategy;
    case 'swarm':
      return swarmStrategy;
    case 'pct':
      return pctStrategy;
    case 'fast-check':
      return fastCheckStrategy(o.encoding);
    case 'guided':
      return guidedStrategy('swarm');
    case 'guided-des':
      return guidedStrategy('des', o.desFaults ?? 'swarm');
  }
}

/** fast-check seed of slice j (a 31-bit integer, as fast-check prints it). */
export function fastCheckSeed(seed: number, slice: number, only: boolean): number {
  return only && slice === 0 ? seed : runSeed(seed ^ 0x0fa57c4e, slice) & 0x7fffffff;
}

export interface StrategyCampaignSpec extends StrategyOptions {
  readonly target: ScheduleTarget;
  readonly strategy: StrategyChoice;
  readonly seed: number;
  /** Total runs over all strategies (default 1000 when no time limit is given). */
  readonly runs?: number;
  readonly timeLimitMs?: number;
  /** Called after every strategy turn with the runs and events so far. */
  readonly onProgress?: (runs: number, events: number) => void;
  /**
   * Asked between slices (and before every turn): true stops the campaign,
   * which returns what it did so far with `stopped` set. With this or
   * `onSlice`, batches of resumable strategies are cut into slices of about
   * `sliceMs` wall time; the runs, events, findings and fingerprint are the
   * same as without slicing (a resumable batch continues exactly where it stopped).
   */
  readonly shouldStop?: () => boolean;
  /** Called after every slice with the campaign so far. */
  readonly onSlice?: (p: CampaignProgress) => void;
  /** Wall time of a slice when slicing (default `SLICE_MS`). */
  readonly sliceMs?: number;
  /** An observer for each run of every strategy (measurements; see `BatchSpec.watch`). */
  readonly watch?: () => Observer;
}

/** Wall time of a slice of a resumable batch when the campaign is sliced (`shouldStop` or `onSlice`). */
export const SLICE_MS = 100;

/** The campaign so far (`onSlice`). */
export interface CampaignProgress {
  readonly runs: number;
  readonly events: number;
  readonly elapsedMs: number;
  /** Fingerprint of every event executed so far. */
  readonly fingerprint: string;
  readonly perStrategy: Partial<Record<StrategyName, number>>;
}

export interface StrategyCampaignResult {
  readonly runs: number;
  readonly events: number;
  readonly elapsedMs: number;
  readonly fingerprint: string;
  /** Runs per strategy. */
  readonly perStrategy: Partial<Record<StrategyName, number>>;
  readonly found: StrategyFinding | undefined;
  /** `shouldStop` stopped the campaign before its budget was spent. */
  readonly stopped: boolean;
}

/** The strategies `choice` stands for, in first-turn order. */
export function strategiesFor(choice: StrategyChoice): StrategyName[] {
  return choice === 'all' ? ALL_NAMES.slice() : choice === 'round-robin' ? ROUND_ROBIN_NAMES.slice() : [choice];
}

/**
 * Runs of a strategy's first turn: its usual share, except that while the
 * run budget cannot give every strategy yet to take its first turn a full
 * share, first turns split what is left evenly (at least one run each), so
 * `--strategy all --runs 10` runs every strategy twice instead of running
 * fast-check only. With 125 runs or more (5 strategies x `SLICE_RUNS`) this
 * never binds: larger campaigns are unchanged.
 */
function firstTurnRuns(share: number, left: number, untried: number): number {
  return Math.min(share, Math.max(1, Math.floor(left / untried)));
}

export function runStrategyCampaign(c: StrategyCampaignSpec): StrategyCampaignResult {
  const start = Date.now();
  const deadline = c.timeLimitMs === undefined ? undefined : start + c.timeLimitMs;
  const names = strategiesFor(c.strategy);
  const only = names.length === 1;
  const strategies = names.map((n) => strategyFor(n, c));
  // The bandit needs every strategy's coverage; a single strategy is left as it is (the guided one keeps its own map).
  const bandit = c.strategy === 'all' ? new Bandit(names.length) : undefined;
  const coverage = bandit ? new CoverageMap() : undefined;
  const maxRuns = c.runs ?? (c.timeLimitMs === undefined ? 1000 : Number.POSITIVE_INFINITY);
  const sliced = c.shouldStop !== undefined || c.onSlice !== undefined;
  const sliceMs = c.sliceMs ?? SLICE_MS;
  const hasher = new Hasher();
  const done = new Map<StrategyName, number>(names.map((n) => [n, 0]));
  const work = new Map<StrategyName, number>(names.map((n) => [n, 0]));
  const slices = new Map<StrategyName, number>(names.map((n) => [n, 0]));
  let runs = 0;
  let events = 0;
  let stopped = false;
  const result = (found: StrategyFinding | undefined): StrategyCampaignResult => ({
    runs, events, elapsedMs: Date.now() - start, fingerprint: hasher.hex(), perStrategy: Object.fromEntries(done), found, stopped,
  });
  const stop = (): boolean => (stopped = c.shouldStop?.() ?? false);
  turns: for (let turn = 0; runs < maxRuns; turn++) {
    if (deadline !== undefined && Date.now() >= deadline) break;
    if (stop()) break;
    const arm = bandit ? bandit.next() : turn % strategies.length;
    const s = strategies[arm]!;
    const slice = slices.get(s.name)!;
    // A single strategy gets the whole budget in one batch (one fc.check for fast-check).
    const mean = done.get(s.name)! > 0 ? work.get(s.name)! / done.get(s.name)! : 0;
    const share = mean > 0 ? Math.max(1, Math.min(40 * SLICE_RUNS, Math.round(SLICE_EVENTS / mean))) : SLICE_RUNS;
    const untried = names.filter((n) => slices.get(n) === 0).length;
    const turnShare = !only && slice === 0 ? firstTurnRuns(share, maxRuns - runs, untried) : share;
    const want = Math.min(only ? maxRuns - runs : turnShare, maxRuns - runs);
    const batchRuns = Number.isFinite(want) ? want : SLICE_RUNS * 40;
    const seed = s.name === 'fast-check' ? fastCheckSeed(c.seed, slice, only) : c.seed;
    slices.set(s.name, slice + 1);
    // One batch, or (sliced, resumable strategy) consecutive slices of it, each continuing where the last stopped.
    let left = batchRuns;
    let turnRuns = 0;
    let turnWork = 0;
    let turnNovel = 0;
    for (;;) {
      const yieldAt = sliced && s.resumable ? Date.now() + sliceMs : undefined;
      const until = yieldAt === undefined ? deadline : deadline === undefined ? yieldAt : Math.min(deadline, yieldAt);
      const r = s.batch(c.target, { from: done.get(s.name)!, runs: left, seed, hasher, deadline: until, ...(coverage ? { coverage } : {}), ...(c.watch ? { watch: c.watch } : {}) });
      turnWork += r.work ?? r.events;
      turnNovel += r.novel ?? 0;
      done.set(s.name, done.get(s.name)! + r.runs);
      work.set(s.name, work.get(s.name)! + r.events);
      runs += r.runs;
      events += r.events;
      turnRuns += r.runs;
      left -= r.runs;
      if (r.found !== undefined) return result(r.found);
      if (sliced) c.onSlice?.({ runs, events, elapsedMs: Date.now() - start, fingerprint: hasher.hex(), perStrategy: Object.fromEntries(done) });
      if (left <= 0 || r.runs === 0 || yieldAt === undefined) break;
      // Cut short: by the campaign's deadline (the turn ends) or by the slice (the batch goes on).
      if (deadline !== undefined && Date.now() >= deadline) break;
      if (stop()) break turns;
    }
    bandit?.reward(arm, turnNovel, turnWork);
    c.onProgress?.(runs, events);
    if (turnRuns === 0 && deadline !== undefined) break;
  }
  return result(undefined);
}
