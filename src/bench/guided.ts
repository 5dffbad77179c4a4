/**
 * What steering costs: simulated events per second of the plain DES, of the
 * DES recording coverage (as every strategy runs inside the default
 * bandit), of `guided-des`, of swarm scheduling and of `guided` (the
 * frontier over swarm scheduling), on one core, same target, same seed, in
 * one run of the bench so the ratios compare like with like. A guided run
 * counts only the events it executes itself, not the prefix it continues
 * from. `guided` is also given over its own scheduler's rate: swarm
 * scheduling lists the enabled events at every step, which the DES never
 * does. Figures: docs/guided-search.md ("What steering costs").
 *
 * `free-forks` bounds what forking can gain: `guided-des`'s own
 * continuations (2,000 of them, plans and snapshots as the strategy made
 * them), run again from their snapshots with coverage recorded, as if
 * choosing an entry, re-executing to its point and keeping the corpus cost
 * nothing. What separates it from the DES is coverage and the continuations
 * themselves: shorter than fresh runs, each paying to start. They come from
 * a second `guided-des` of the same seed, run before each of its turns and
 * not timed, so the `guided-des` measured is the strategy as campaigns run
 * it, not one that also hands 2,000 continuations to the bench.
 */
import { paxosDef } from '../protocols/paxos/index.js';
import { paxosstoreDef } from '../protocols/paxosstore/index.js';
import { checkedInvariants, scheduleTarget, type ScheduleTarget } from '../kernel/target.js';
import { findVariant, type AnyProtocolDef, type Config } from '../kernel/definition.js';
import { strategyFor } from '../search/campaign.js';
import { CoverageMap, CoverageObserver } from '../search/coverage.js';
import { guidedStrategy, runPlan, type Plan, type Resume } from '../search/guided.js';
import type { BatchResult, BatchSpec, Strategy, StrategyName } from '../search/strategy.js';

export interface GuidedBench {
  readonly protocol: string;
  readonly variant: string;
  readonly config: Config;
  /** Events per second of each way of running (the median of its turns). */
  readonly eventsPerSec: Record<string, number>;
  /** Each way over the plain DES (the median over the rotations of the ratio within one). */
  readonly ratioToDes: Record<string, number>;
  /** `guided` over swarm scheduling's rate (the scheduler it steers). */
  readonly guidedToSwarm: number;
}

/** One way of running, measured in turns: its strategy continues run by run from one turn to the next. */
class Meter {
  private readonly map: CoverageMap | undefined;
  private runs = 0;
  /** Events per second of each turn. */
  readonly rates: number[] = [];

  /** `prepare`, if given, runs before each turn, untimed. */
  constructor(private readonly t: ScheduleTarget, private readonly name: string, private readonly s: Pick<Strategy, 'batch'>, coverage: boolean, private readonly prepare?: () => void) {
    this.map = coverage ? new CoverageMap() : undefined;
  }

  /** Runs batches of 100 runs for `seconds`, and records the turn's rate. */
  turn(seconds: number): void {
    this.prepare?.();
    const start = Date.now();
    let events = 0;
    while (Date.now() - start < seconds * 1000) {
      const r = this.s.batch(this.t, { from: this.runs, runs: 100, seed: 1, ...(this.map ? { coverage: this.map } : {}) });
      this.runs += r.runs;
      events += r.events;
      if (r.found) throw new Error(`${this.name} found a violation in a correct variant during the benchmark`);
    }
    this.rates.push(Math.round((events / (Date.now() - start)) * 1000));
  }
}

/** Continuations kept for `free-forks`: the most recent this many. */
const KEPT = 2000;

/** `guided-des`'s continuations, run again from their snapshots (`free-forks`). */
class Continuations {
  private kept: { plan: Plan; from: Resume }[] = [];
  private next = 0;
  private readonly map = new CoverageMap();
  /** The `guided-des` whose continuations are kept, and its runs so far. */
  private readonly source = guidedStrategy('des', 'swarm', (plan, from) => this.kept.push({ plan, from }));
  private sourceRuns = 0;

  constructor(private readonly t: ScheduleTarget) {}

  /** Takes the next `KEPT` continuations of the source (untimed, before each turn), within `KEPT * 10` of its runs. */
  readonly refill = (): void => {
    this.kept = [];
    this.next = 0;
    for (let runs = 0; this.kept.length < KEPT && runs < KEPT * 10; runs += 100) {
      const r = this.source.batch(this.t, { from: this.sourceRuns, runs: 100, seed: 1 });
      if (r.found) throw new Error('guided-des found a violation in a correct variant during the benchmark');
      this.sourceRuns += r.runs;
    }
    if (this.kept.length > KEPT) this.kept.length = KEPT;
  };

  batch(_t: ScheduleTarget, spec: BatchSpec): BatchResult {
    let events = 0;
    // A source that made no continuation (its corpus stayed empty): nothing to run.
    if (this.kept.length === 0) return { runs: 0, events, found: undefined };
    for (let i = 0; i < spec.runs; i++) {
      const c = this.kept[this.next++ % this.kept.length]!;
      const cov = new CoverageObserver(this.map, c.plan.segments.at(-1)!.at);
      const ex = runPlan(this.t, 'des', c.plan, { record: false }, { from: c.from, cov });
      events += ex.steps - c.from.exec.world.steps;
    }
    return { runs: spec.runs, events, found: undefined };
  }
}

/** Turns per way: each way's time is split into this many turns taken in rotation, so a slow spell of the machine falls on every way alike. */
const TURNS = 5;

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

function benchOne(def: AnyProtocolDef, variantName: string, cfg: Config, seconds: number): GuidedBench {
  const variant = findVariant(def, variantName)!;
  const t = scheduleTarget(def, variant, cfg, checkedInvariants(def, variant));
  const meter = (name: StrategyName, coverage = false): Meter => new Meter(t, name, strategyFor(name), coverage);
  const continuations = new Continuations(t);
  const ways: Record<string, Meter> = {
    des: meter('des'),
    'des+coverage': meter('des', true),
    'guided-des': meter('guided-des'),
    'free-forks': new Meter(t, 'free-forks', continuations, false, continuations.refill),
    swarm: meter('swarm'),
    guided: meter('guided'),
  };
  meter('des').turn(Math.min(1, seconds)); // warm-up
  for (let i = 0; i < TURNS; i++) for (const m of Object.values(ways)) m.turn(seconds / TURNS);
  const ratio = (a: number, b: number): number => Math.round((100 * a) / b) / 100;
  const des = ways['des']!.rates;
  // Each figure: the median over the turns; each ratio: the median over the turns of the ratio within a rotation.
  const eventsPerSec = Object.fromEntries(Object.entries(ways).map(([k, m]) => [k, median(m.rates)]));
  const ratioToDes = Object.fromEntries(Object.entries(ways).map(([k, m]) => [k, ratio(median(m.rates.map((r, i) => r / des[i]!)), 1)]));
  const swarm = ways['swarm']!.rates;
  const guidedToSwarm = ratio(median(ways['guided']!.rates.map((r, i) => r / swarm[i]!)), 1);
  return { protocol: def.name, variant: variantName, config: cfg, eventsPerSec, ratioToDes, guidedToSwarm };
}

export function benchGuided(seconds: number): GuidedBench[] {
  return [
    benchOne(paxosDef, 'classic', { proposers: 2, acceptors: 3, values: 2 }, seconds),
    benchOne(paxosstoreDef, 'tpaxos', { participants: 3, values: 2, maxBallot: 20 }, seconds),
    // The sizes of the deep bugs (docs/deep-bugs.md), on the correct variants.
    benchOne(paxosDef, 'thesis', { proposers: 3, acceptors: 3, values: 3 }, seconds),
    benchOne(paxosstoreDef, 'tpaxos', { participants: 5, values: 2, maxBallot: 20 }, seconds),
  ];
}
