/**
 * `paxos-sim fuzz`: search one protocol variant for a violation with the
 * chosen strategy (`--strategy des|uniform|swarm|pct|fast-check|all`, default
 * `all`: round-robin between every strategy within the budget); stops at the
 * first finding, shrinks it, saves it and prints its trace and the commands
 * that replay it (src/api/fuzz.ts does the work).
 *
 * Invariants: the variant's kept invariants (every invariant when it keeps
 * none), or exactly those named by `--invariant NAME` (repeatable); plus the
 * variant's liveness goal unless `--no-liveness`.
 */
import { faultModeOf, strategyOf } from '../api/fuzz.js';
import { fuzzTarget } from '../api/fuzz-target.js';
import { intFlag, resolveTarget, secondsFlag, seedFlag, type CommandSpec, type ParsedArgs } from './args.js';
import { makeOut } from './output.js';

function fuzzCommand({ flags, protocol }: ParsedArgs): number {
  const t = resolveTarget(flags, protocol);
  const seed = seedFlag(flags.seed);
  const runs = intFlag('runs', flags.runs, 1);
  const timeLimit = secondsFlag('time-limit', flags['time-limit']);
  const strategy = strategyOf(flags.strategy, '--strategy');
  const faults = faultModeOf(flags.faults, '--faults');
  const o = makeOut(flags.json ?? false, flags['no-color'] ?? false);
  const liveness = !flags['no-liveness'];
  const live = liveness && t.variant.liveness !== 'never';
  o.say(`fuzz ${t.def.name}/${t.variant.name} ${JSON.stringify(t.cfg)} seed=${seed} strategy=${strategy}${strategy === 'des' || strategy === 'all' ? ` faults=${faults}` : ''} invariants=${t.invariants.map((i) => i.name).join(',')}${live ? ' +liveness' : ''}`);
  const progress = !flags.quiet && !o.json && process.stderr.isTTY;
  const r = fuzzTarget(t, {
    seed, strategy, faults, liveness, minimize: !flags['no-minimize'], out: flags.out ?? 'counterexamples',
    runs: runs ?? (timeLimit === undefined ? 1000 : undefined), timeLimitMs: timeLimit === undefined ? undefined : timeLimit * 1000,
    onProgress: progress ? (n, ev) => process.stderr.write(`\r  ${n} runs, ${ev} events`) : undefined,
  }, o);
  if (progress) process.stderr.write('\r\x1b[K');
  const per = Object.entries(r.runsPerStrategy).map(([k, v]) => `${k} ${v}`).join(', ');
  o.say(`${r.finding ? o.c.red('FINDING') : o.c.green('OK')}: ${r.runs} runs (${per}), ${r.events} events in ${r.elapsedMs} ms (${r.eventsPerSec} events/s), fingerprint ${r.fingerprint}, seed ${seed}`);
  if (o.json) {
    const { schedule: _schedule, trace: _trace, ...violation } = r.finding ?? { schedule: null, trace: null };
    process.stdout.write(JSON.stringify({
      ok: r.ok, command: 'fuzz', protocol: r.protocol, ...(t.module ? { module: t.module } : {}), variant: r.variant, config: r.config, seed, strategy, runs: r.runs,
      runsPerStrategy: r.runsPerStrategy, events: r.events, elapsedMs: r.elapsedMs, eventsPerSec: r.eventsPerSec, fingerprint: r.fingerprint,
      invariants: r.invariants, liveness: r.liveness, violation: r.finding ? violation : null,
    }) + '\n');
  }
  return r.ok ? 0 : 1;
}

export const fuzzSpec: CommandSpec = {
  name: 'fuzz',
  summary: 'seeded fuzzing of one protocol variant; stops at the first violation, shrinks it, saves it',
  usage: 'fuzz --protocol NAME|./module.js [--variant V] [size flags] [flags]',
  sizes: true,
  flags: {
    protocol: null, variant: null, seed: 'random, printed', runs: '1000 when no --time-limit', 'time-limit': 'none', strategy: 'all',
    faults: 'swarm (swarm|on|off: DES fault knobs)', invariant: null, 'no-liveness': 'off', 'no-minimize': 'off',
    out: 'counterexamples', json: 'off', 'no-color': 'off', quiet: 'off',
  },
  run: fuzzCommand,
};
