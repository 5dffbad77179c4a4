/**
 * The seeded discrete-event simulator as a strategy: virtual time, message
 * latencies, timers at their deadlines, faults from the DES's own knobs
 * (`--faults swarm|on|off`, `options.ts`). Run i uses seed
 * `runSeed(seed, i)` and the options drawn from it (`runOptions`), so a
 * finding is reproducible from (seed, run index) alone.
 *
 * The DES runs the variant's own network semantics: a spec-level variant
 * runs under the TLA+ message set, with no faults.
 */
import { runDes } from './simulator.js';
import { runOptions, type FaultMode } from './options.js';
import { seededStrategy, type Strategy } from '../strategy.js';

export function desStrategy(mode: FaultMode = 'swarm'): Strategy {
  return seededStrategy('des', (t, rs, _run, o) => runDes(t, runOptions(mode, rs, t.proto.nodeCount), rs, o));
}
