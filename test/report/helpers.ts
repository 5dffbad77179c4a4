/** Shared by the report tests: real counterexamples from the corpus, loaded and checked as `replay` loads them. */
import { join } from 'node:path';
import { loadCounterexample } from '../../src/api/replay.js';
import { FORMAT, type CounterexampleFile } from '../../src/corpus/counterexample.js';
import { targetOf, type Target } from '../../src/api/target.js';
import { replayTarget } from '../../src/cli/findings.js';
import { Execution } from '../../src/kernel/execution.js';
import type { FaultMask } from '../../src/kernel/world.js';
import { findProtocol } from '../../src/protocols/index.js';

export const ROOT = join(import.meta.dirname, '..', '..');
export const CORPUS = join(ROOT, 'scenarios', 'counterexamples');

/** Paxos (the Python simulator's defects, 3 proposers, crash-recover): agreement breaks at step 34. */
export const PAXOS_AGREEMENT = join(CORPUS, 'paxos-thesis-python-sim-agreement-c8b39b6766e0ed3f.json');
/** PaxosStore's seed spec at 5 participants (TLA+ message set: messages re-received). */
export const PAXOSSTORE_SEED_SPEC = join(CORPUS, 'paxosstore-seed-spec-one-value-per-ballot-f2bee72013d22c64.json');
/** PaxosStore's seed spec as processes on a lossy network (drops, duplicates, crashes). */
export const PAXOSSTORE_IMPL = join(CORPUS, 'paxosstore-seed-spec-impl-votes-safe-a0c891c56af595c8.json');
/** A liveness finding of the Python simulator. */
export const PAXOS_LIVENESS = join(CORPUS, 'paxos-thesis-python-sim-liveness-fa9760a33ca217fb.json');

export async function load(path: string): Promise<{ cx: CounterexampleFile; target: Target }> {
  return loadCounterexample(path);
}

/**
 * A long run of a correct variant under every fault (a seeded random walk of
 * `events` events: deliveries, drops, duplicates, crashes, recoveries,
 * partitions, timers), as a counterexample file with no violation to
 * reach: the input of the size bound (a 200-event report under 2 MB).
 */
export function randomRun(protocol: string, variant: string, config: Record<string, number>, events: number, seed: number): { cx: CounterexampleFile; target: Target } {
  const target = targetOf(findProtocol(protocol)!, { variant, config });
  const mask: FaultMask = { drop: true, duplicate: true, crash: true, partition: true, maxCrashed: 1 };
  let x = seed >>> 0;
  const ex = new Execution({ ...replayTarget(target), invariants: [] });
  ex.run({
    next: (e) => {
      const es = e.enabled(mask);
      x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
      return es.length === 0 ? undefined : es[x % es.length];
    },
  }, events);
  const schedule = ex.schedule;
  const cx: CounterexampleFile = {
    format: FORMAT, protocol, variant, config: target.cfg, invariants: target.invariants.map((i) => i.name), semantics: target.variant.semantics,
    seed, run: null, runSeed: null, foundBy: 'hand-written', violation: { kind: 'safety', invariant: 'agreement', step: events + 1, message: 'none' },
    originalSteps: schedule.length, steps: schedule.length, fingerprint: '0', schedule,
  };
  return { cx, target };
}
