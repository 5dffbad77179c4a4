/**
 * DES throughput: simulated events per second on one core for `classic`
 * paxos, all invariants on, faults on (swarm). Runs a fixed seeded workload
 * after a warm-up, so the figure is comparable across changes.
 */
import { paxosDef } from '../protocols/paxos/index.js';
import { runStrategyCampaign } from '../search/campaign.js';
import { scheduleTarget } from '../kernel/target.js';
import { findVariant } from '../kernel/definition.js';

export interface DesBench {
  readonly protocol: string;
  readonly variant: string;
  readonly config: Record<string, number>;
  readonly invariants: string[];
  readonly runs: number;
  readonly events: number;
  readonly elapsedMs: number;
  readonly eventsPerSec: number;
}

export function benchDes(acceptors: number, seconds: number): DesBench {
  const variant = findVariant(paxosDef, 'classic')!;
  const cfg = { proposers: 2, acceptors, values: 2 };
  // Every invariant classic keeps (I2-literal is not one: classic breaks it legitimately). Its verdict is
  // computed by the same incremental ghost bookkeeping in any case.
  const checked = paxosDef.invariants.filter((i) => variant.keeps.includes(i.name));
  const target = scheduleTarget(paxosDef, variant, cfg, checked);
  runStrategyCampaign({ target, strategy: 'des', desFaults: 'swarm', seed: 7, runs: 300 }); // warm-up
  const r = runStrategyCampaign({ target, strategy: 'des', desFaults: 'swarm', seed: 1, timeLimitMs: seconds * 1000 });
  if (r.found) throw new Error(`classic failed during the benchmark: ${r.found.finding.invariant}`);
  return {
    protocol: 'paxos', variant: 'classic', config: cfg, invariants: checked.map((i) => i.name), runs: r.runs, events: r.events,
    elapsedMs: r.elapsedMs, eventsPerSec: Math.round((r.events / r.elapsedMs) * 1000),
  };
}
