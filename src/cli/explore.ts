/**
 * `paxos-sim explore`: bounded exhaustive breadth-first exploration of a
 * small configuration (src/explore). On a violation the shortest
 * counterexample is saved in the same file format as `fuzz` and replays with
 * `replay`.
 */
import { exploreVariant } from '../search/explore/index.js';
import type { FaultMask } from '../kernel/world.js';
import { createWorld, step } from '../kernel/world.js';
import { InputError } from '../corpus/counterexample.js';
import { toPortable, type PortableEvent } from '../kernel/portable.js';
import { intFlag, parseFlags, resolveTarget, secondsFlag, type Target } from './args.js';
import { saveFinding } from './findings.js';
import { makeOut } from './output.js';

/** Faults offered by `--faults on` (implementation-level variants only): one crash at a time, loss and duplication. */
const FAULTS_ON: FaultMask = { drop: true, duplicate: true, crash: true, partition: false, maxCrashed: 1 };

/** The explorer's kernel-event path as a portable schedule. */
function portablePath(t: Target, path: readonly Parameters<typeof step>[1][]): PortableEvent[] {
  const w = createWorld(t.variant.build(t.cfg), t.variant.semantics);
  return path.map((e) => {
    const pe = toPortable(w, e);
    if (!step(w, e)) throw new Error(`explorer path does not replay at ${JSON.stringify(e)}`);
    return pe;
  });
}

export function exploreCommand(argv: string[]): number {
  const { flags } = parseFlags('explore', argv, ['protocol', 'variant', 'proposers', 'acceptors', 'participants', 'values', 'max-ballot', 'invariant', 'max-states', 'max-depth', 'time-limit', 'symmetry', 'faults', 'out', 'json', 'no-color', 'quiet']);
  const t = resolveTarget(flags);
  const faults = flags.faults ?? 'off';
  if (faults !== 'on' && faults !== 'off') throw new InputError(`--faults must be on or off for explore, got "${faults}"`);
  if (faults === 'on' && t.variant.semantics === 'set') throw new InputError(`--faults on needs an implementation-level variant; ${t.variant.name} uses TLA+ set semantics, which already subsumes loss and duplication`);
  const maxStates = intFlag('max-states', flags['max-states'], 1);
  const maxDepth = intFlag('max-depth', flags['max-depth'], 1);
  const timeLimit = secondsFlag('time-limit', flags['time-limit']);
  const o = makeOut(flags.json ?? false, flags['no-color'] ?? false);
  const tty = !flags.quiet && process.stderr.isTTY;
  o.say(`explore ${t.def.name}/${t.variant.name} ${JSON.stringify(t.cfg)} invariants=${t.invariants.map((i) => i.name).join(',')}${flags.symmetry ? ' symmetry' : ''}${faults === 'on' ? ' faults' : ''}`);
  const r = exploreVariant({
    def: t.def, variant: t.variant.name, config: t.cfg, invariants: t.invariants.map((i) => i.name), symmetry: flags.symmetry ?? false,
    maxStates, maxDepth, timeLimitMs: timeLimit === undefined ? undefined : timeLimit * 1000,
    ...(faults === 'on' ? { faults: FAULTS_ON, maxFaults: 2 } : {}),
    onProgress: tty ? (p) => process.stderr.write(`\r  ${p.distinctStates} states, depth ${p.depth}, ${p.queued} queued, ${p.statesPerSec}/s   `) : undefined,
  });
  if (tty) process.stderr.write('\n');
  for (const w of r.warnings) o.say(o.c.yellow(`warning: ${w}`));
  if (r.symmetryNote) o.say(o.c.yellow(`symmetry: ${r.symmetryNote}`));
  const violation = r.violation
    ? saveFinding(o, t, portablePath(t, r.violation.path), { kind: 'safety', invariant: r.violation.invariant, message: r.violation.message, step: r.violation.steps },
        { seed: null, run: null, runSeed: null, foundBy: 'explore' }, flags.out ?? 'counterexamples', false)
    : null;
  o.say(`${r.violation ? o.c.red('VIOLATION') : r.complete ? o.c.green('COMPLETE') : o.c.yellow('INCOMPLETE')}: ${r.distinctStates} distinct states, ${r.transitions} transitions, depth ${r.depth}, ${r.elapsedMs} ms (${r.statesPerSec} states/s, ${r.bytesPerState.toFixed(1)} bytes/state)${r.stoppedBy ? `, stopped by ${r.stoppedBy}` : ''}`);
  o.say(`  fingerprint collision probability <= ${r.collisionProbability.toExponential(2)}`);
  if (o.json)
    process.stdout.write(JSON.stringify({
      ok: violation === null, command: 'explore', protocol: t.def.name, variant: t.variant.name, config: t.cfg, invariants: t.invariants.map((i) => i.name),
      symmetry: r.stats.symmetry, complete: r.complete, distinctStates: r.distinctStates, transitions: r.transitions, depth: r.depth, elapsedMs: r.elapsedMs,
      statesPerSec: r.statesPerSec, bytesPerState: r.bytesPerState, stoppedBy: r.stoppedBy, collisionProbability: r.collisionProbability, violation,
    }) + '\n');
  return violation === null ? 0 : 1;
}
