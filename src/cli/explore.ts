/**
 * `paxos-sim explore`: bounded exhaustive breadth-first exploration of a
 * small configuration (src/api/explore.ts). On a violation the shortest
 * counterexample is saved in the same file format as `fuzz` and replays with
 * `replay`.
 */
import { exploreTarget } from '../api/explore.js';
import { InputError } from '../kernel/input-error.js';
import { intFlag, resolveTarget, secondsFlag, type CommandSpec, type ParsedArgs } from './args.js';
import { saveFinding } from './findings.js';
import { makeOut } from './output.js';

function exploreCommand({ flags, protocol }: ParsedArgs): number {
  const t = resolveTarget(flags, protocol);
  const faults = flags.faults ?? 'off';
  if (faults !== 'on' && faults !== 'off') throw new InputError(`--faults must be on or off for explore, got "${faults}"`);
  const maxStates = intFlag('max-states', flags['max-states'], 1);
  const maxDepth = intFlag('max-depth', flags['max-depth'], 1);
  const timeLimit = secondsFlag('time-limit', flags['time-limit']);
  const o = makeOut(flags.json ?? false, flags['no-color'] ?? false);
  const tty = !flags.quiet && process.stderr.isTTY;
  o.say(`explore ${t.def.name}/${t.variant.name} ${JSON.stringify(t.cfg)} invariants=${t.invariants.map((i) => i.name).join(',')}${flags.symmetry ? ' symmetry' : ''}${faults === 'on' ? ' faults' : ''}`);
  const r = exploreTarget(t, {
    symmetry: flags.symmetry ?? false, faults, maxStates, maxDepth, timeLimitMs: timeLimit === undefined ? undefined : timeLimit * 1000,
    onProgress: tty ? (p) => process.stderr.write(`\r  ${p.distinctStates} states, depth ${p.depth}, ${p.queued} queued, ${p.statesPerSec}/s   `) : undefined,
  });
  if (tty) process.stderr.write('\n');
  for (const w of r.warnings) o.say(o.c.yellow(`warning: ${w}`));
  if (r.symmetryNote) o.say(o.c.yellow(`symmetry: ${r.symmetryNote}`));
  const saved = r.violation && r.schedule
    ? saveFinding(o, t, r.schedule, { kind: 'safety', invariant: r.violation.invariant, message: r.violation.message, step: r.violation.steps },
        { seed: null, run: null, runSeed: null, foundBy: 'explore' }, flags.out ?? 'counterexamples', false)
    : null;
  o.say(`${r.violation ? o.c.red('VIOLATION') : r.complete ? o.c.green('COMPLETE') : o.c.yellow('INCOMPLETE')}: ${r.distinctStates} distinct states, ${r.transitions} transitions, depth ${r.depth}, ${r.elapsedMs} ms (${r.statesPerSec} states/s, ${r.bytesPerState.toFixed(1)} bytes/state)${r.stoppedBy ? `, stopped by ${r.stoppedBy}` : ''}`);
  o.say(`  fingerprint collision probability <= ${r.collisionProbability.toExponential(2)}`);
  const { schedule: _schedule, ...violation } = saved ?? { schedule: null };
  if (o.json)
    process.stdout.write(JSON.stringify({
      ok: saved === null, command: 'explore', protocol: t.def.name, ...(t.module ? { module: t.module } : {}), variant: t.variant.name, config: t.cfg, invariants: t.invariants.map((i) => i.name),
      symmetry: r.stats.symmetry, complete: r.complete, distinctStates: r.distinctStates, transitions: r.transitions, depth: r.depth, elapsedMs: r.elapsedMs,
      statesPerSec: r.statesPerSec, bytesPerState: r.bytesPerState, stoppedBy: r.stoppedBy, collisionProbability: r.collisionProbability, violation: saved ? violation : null,
    }) + '\n');
  return saved === null ? 0 : 1;
}

export const exploreSpec: CommandSpec = {
  name: 'explore',
  summary: 'bounded exhaustive breadth-first exploration of a small configuration',
  usage: 'explore --protocol NAME|./module.js [--variant V] [size flags] [flags]',
  sizes: true,
  flags: {
    protocol: null, variant: null, invariant: null, 'max-states': 'unbounded', 'max-depth': 'unbounded', 'time-limit': 'none',
    symmetry: 'off', faults: 'off (on: loss, duplication, one crash at a time; implementation-level variants)', out: 'counterexamples', json: 'off', 'no-color': 'off', quiet: 'off',
  },
  run: exploreCommand,
};
