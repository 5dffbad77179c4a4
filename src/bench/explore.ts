/**
 * Explorer throughput: distinct states per second and bytes per visited
 * state on PaxosStore `seed-spec` with 3 participants, 1 value, ballots 0..1
 * (a state space of well over 10^8 states, so a timed run never completes and
 * measures steady-state speed), checking the spec's Consistency with no ghost
 * history, which is exactly what TLC does on that model (TLC: ~13k states/s).
 * Also times the two TLC reference configurations and checks their counts.
 */
import { exploreVariant } from '../search/explore/bfs.js';
import { paxosstoreDef } from '../protocols/paxosstore/index.js';

/** Runs the benchmark for `seconds` and returns its figures as plain JSON data. */
export async function benchExplore(seconds = 60): Promise<object> {
  const reference = [
    { config: { participants: 1, values: 2, maxBallot: 2 }, tlc: { distinct: 330, depth: 12 } },
    { config: { participants: 2, values: 2, maxBallot: 1 }, tlc: { distinct: 19_125, depth: 25 } },
  ].map(({ config, tlc }) => {
    const r = exploreVariant({ def: paxosstoreDef, variant: 'seed-spec', config, invariants: ['consistency'], ghost: 'off' });
    return {
      config,
      distinctStates: r.distinctStates,
      depth: r.depth,
      matchesTlc: r.complete && r.distinctStates === tlc.distinct && r.depth === tlc.depth,
      elapsedMs: r.elapsedMs,
    };
  });

  await new Promise((resolve) => setImmediate(resolve)); // let pending I/O drain before the timed run
  const before = process.memoryUsage();
  const config = { participants: 3, values: 1, maxBallot: 1 };
  const r = exploreVariant({
    def: paxosstoreDef,
    variant: 'seed-spec',
    config,
    invariants: ['consistency'],
    ghost: 'off',
    timeLimitMs: seconds * 1000,
  });
  const after = process.memoryUsage();
  const processBytes = after.rss - before.rss;
  return {
    benchmark: 'explore',
    protocol: 'paxosstore',
    variant: 'seed-spec',
    config,
    invariants: ['consistency'],
    seconds,
    complete: r.complete,
    distinctStates: r.distinctStates,
    transitions: r.transitions,
    depthReached: r.depth,
    elapsedMs: r.elapsedMs,
    statesPerSec: r.statesPerSec,
    /** Visited set + parent pointers + peak level arenas, per distinct state. */
    bytesPerState: r.bytesPerState,
    /** Growth of the process's resident memory during the run, per distinct state. */
    rssBytesPerState: Math.round(processBytes / Math.max(1, r.distinctStates)),
    collisionProbability: r.collisionProbability,
    interned: r.stats,
    tlcReference: reference,
  };
}
