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
 */
import { paxosDef } from '../protocols/paxos/index.js';
import { paxosstoreDef } from '../protocols/paxosstore/index.js';
import { checkedInvariants, scheduleTarget, type ScheduleTarget } from '../kernel/target.js';
import { findVariant, type AnyProtocolDef, type Config } from '../kernel/definition.js';
import { strategyFor } from '../search/campaign.js';
import { CoverageMap } from '../search/coverage.js';
import type { StrategyName } from '../search/strategy.js';

export interface GuidedBench {
  readonly protocol: string;
  readonly variant: string;
  readonly config: Config;
  /** Events per second of each way of running. */
  readonly eventsPerSec: Record<string, number>;
  /** Each figure over the plain DES's. */
  readonly ratioToDes: Record<string, number>;
  /** `guided` over swarm scheduling's rate (the scheduler it steers). */
  readonly guidedToSwarm: number;
}

/** Events per second of `name` on `t` for `seconds`, batches of 100 runs, with a coverage map when `coverage`. */
function rate(t: ScheduleTarget, name: StrategyName, coverage: boolean, seconds: number): number {
  const s = strategyFor(name);
  const map = coverage ? new CoverageMap() : undefined;
  const start = Date.now();
  let runs = 0;
  let events = 0;
  while (Date.now() - start < seconds * 1000) {
    const r = s.batch(t, { from: runs, runs: 100, seed: 1, ...(map ? { coverage: map } : {}) });
    runs += r.runs;
    events += r.events;
    if (r.found) throw new Error(`${name} found a violation in a correct variant during the benchmark`);
  }
  return Math.round((events / (Date.now() - start)) * 1000);
}

function benchOne(def: AnyProtocolDef, variantName: string, cfg: Config, seconds: number): GuidedBench {
  const variant = findVariant(def, variantName)!;
  const t = scheduleTarget(def, variant, cfg, checkedInvariants(def, variant));
  rate(t, 'des', false, Math.min(1, seconds)); // warm-up
  const eventsPerSec: Record<string, number> = {
    des: rate(t, 'des', false, seconds),
    'des+coverage': rate(t, 'des', true, seconds),
    'guided-des': rate(t, 'guided-des', false, seconds),
    swarm: rate(t, 'swarm', false, seconds),
    guided: rate(t, 'guided', false, seconds),
  };
  const ratio = (a: number, b: number): number => Math.round((100 * a) / b) / 100;
  const ratioToDes = Object.fromEntries(Object.entries(eventsPerSec).map(([k, v]) => [k, ratio(v, eventsPerSec['des']!)]));
  return { protocol: def.name, variant: variantName, config: cfg, eventsPerSec, ratioToDes, guidedToSwarm: ratio(eventsPerSec['guided']!, eventsPerSec['swarm']!) };
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
