/**
 * The seeded discrete-event simulator as a strategy: virtual time, message
 * latencies, timers at their deadlines, faults from the DES's own knobs
 * (`--faults swarm|on|off`, `src/search/des/options.ts`). Run i uses the same seed
 * and options as run i of a DES campaign (`src/search/des/campaign.ts`).
 *
 * The DES runs the variant's own network semantics (`runSpecFor`): a
 * spec-level variant runs under the TLA+ message set, with no faults.
 */
import { runSeed } from '../../kernel/choice/prng.js';
import { runDes, type RunSpec } from './simulator.js';
import type { SimOptions } from './options.js';
import { runOptions, runSpecFor, type FaultMode } from './campaign.js';
import type { ScheduleTarget } from '../../kernel/target.js';
import type { BatchResult, BatchSpec, Strategy } from '../strategy.js';

export function desStrategy(mode: FaultMode = 'swarm'): Strategy {
  return {
    name: 'des',
    batch(t: ScheduleTarget, spec: BatchSpec): BatchResult {
      const c = { def: t.def, variant: t.variant, cfg: t.cfg, invariants: t.invariants };
      const nodes = t.proto.nodeCount;
      // The target may have the liveness goal switched off (explicit invariants).
      const specFor = (rs: number, options: SimOptions): RunSpec => ({ ...runSpecFor(c, rs, options), decided: t.decided });
      let events = 0;
      for (let i = 0; i < spec.runs; i++) {
        if (spec.deadline !== undefined && i > 0 && Date.now() >= spec.deadline) return { runs: i, events, found: undefined };
        const run = spec.from + i;
        const rs = runSeed(spec.seed, run);
        const options = runOptions(mode, rs, nodes);
        const r = runDes({ ...specFor(rs, options), hasher: spec.hasher });
        events += r.events;
        if (r.finding !== undefined) {
          const rec = runDes({ ...specFor(rs, options), record: true });
          const finding = rec.finding ?? r.finding;
          const schedule = rec.schedule;
          return { runs: i + 1, events, found: { strategy: 'des', run, runSeed: rs, finding, schedule, originalSteps: rec.schedule.length } };
        }
      }
      return { runs: spec.runs, events, found: undefined };
    },
  };
}
