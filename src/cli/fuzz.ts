/**
 * `paxos-sim fuzz`: search one protocol variant for a violation with the
 * chosen strategy (`--strategy des|uniform|swarm|pct|fast-check|all`, default
 * `all`: round-robin between every strategy within the budget); stops at the
 * first finding, shrinks it (fast-check's shrinking, then the event-level
 * minimiser to a fixpoint), saves it and prints its trace and the commands
 * that replay it.
 *
 * Invariants: the variant's kept invariants (every invariant when it keeps
 * none), or exactly those named by `--invariant NAME` (repeatable); plus the
 * variant's liveness goal unless `--no-liveness`.
 */
import { InputError } from '../corpus/counterexample.js';
import type { FaultMode } from '../search/des/campaign.js';
import { scheduleTarget, type ScheduleTarget } from '../kernel/target.js';
import { runStrategyCampaign } from '../search/campaign.js';
import { fastCheckReplayCommand } from '../corpus/replay-command.js';
import { STRATEGY_CHOICES, type StrategyChoice } from '../search/strategy.js';
import { intFlag, parseFlags, resolveTarget, secondsFlag, seedFlag, type Flags, type Target } from './args.js';
import { saveFinding } from './findings.js';
import { makeOut } from './output.js';

/** The CLI's target: `--no-liveness` switches the liveness goal off; a variant that keeps nothing is checked against every invariant. */
export function cliTarget(flags: Flags): { t: Target; target: ScheduleTarget } {
  const resolved = resolveTarget(flags);
  const explicit = (flags.invariant?.length ?? 0) > 0;
  const t: Target = !explicit && resolved.invariants.length === 0 ? { ...resolved, invariants: resolved.def.invariants.slice() } : resolved;
  return { t, target: scheduleTarget(t.def, t.variant, t.cfg, t.invariants, { liveness: !flags['no-liveness'] }) };
}

/** Validates `--strategy`. */
export function strategyFlag(value: string | undefined): StrategyChoice {
  const s = value ?? 'all';
  if (s === 'combined') return 'all';
  if (!(STRATEGY_CHOICES as readonly string[]).includes(s)) throw new InputError(`--strategy must be one of ${STRATEGY_CHOICES.join(', ')}, got "${s}"`);
  return s as StrategyChoice;
}

export function fuzzCommand(argv: string[]): number {
  const { flags } = parseFlags('fuzz', argv, ['protocol', 'variant', 'proposers', 'acceptors', 'participants', 'values', 'max-ballot', 'seed', 'runs', 'time-limit', 'out', 'json', 'no-color', 'invariant', 'faults', 'strategy', 'no-minimize', 'no-liveness', 'quiet']);
  const { t, target } = cliTarget(flags);
  const seed = seedFlag(flags.seed);
  const runs = intFlag('runs', flags.runs, 1);
  const timeLimit = secondsFlag('time-limit', flags['time-limit']);
  const strategy = strategyFlag(flags.strategy);
  const faults = (flags.faults ?? 'swarm') as FaultMode;
  if (!['swarm', 'on', 'off'].includes(faults)) throw new InputError(`--faults must be swarm, on or off, got "${flags.faults}"`);
  const o = makeOut(flags.json ?? false, flags['no-color'] ?? false);
  const outDir = flags.out ?? 'counterexamples';
  const live = target.decided !== undefined;
  o.say(`fuzz ${t.def.name}/${t.variant.name} ${JSON.stringify(t.cfg)} seed=${seed} strategy=${strategy}${strategy === 'des' || strategy === 'all' ? ` faults=${faults}` : ''} invariants=${t.invariants.map((i) => i.name).join(',')}${live ? ' +liveness' : ''}`);
  const progress = !flags.quiet && !o.json && process.stderr.isTTY;
  const r = runStrategyCampaign({
    target, strategy, seed, desFaults: faults,
    runs: runs ?? (timeLimit === undefined ? 1000 : undefined), timeLimitMs: timeLimit === undefined ? undefined : timeLimit * 1000,
    onProgress: progress ? (n, ev) => process.stderr.write(`\r  ${n} runs, ${ev} events`) : undefined,
  });
  if (progress) process.stderr.write('\r\x1b[K');
  const f = r.found;
  const violation = f
    ? saveFinding(o, t, f.schedule, f.finding, {
        seed, run: f.run, runSeed: f.runSeed, foundBy: f.strategy, originalSteps: f.originalSteps,
        fastCheck: f.fastCheck && { ...f.fastCheck, liveness: live, replay: fastCheckReplayCommand(target, f.fastCheck.seed, f.fastCheck.path) },
      }, outDir, !flags['no-minimize'])
    : null;
  const eventsPerSec = r.elapsedMs > 0 ? Math.round((r.events / r.elapsedMs) * 1000) : r.events;
  const per = Object.entries(r.perStrategy).map(([k, v]) => `${k} ${v}`).join(', ');
  o.say(`${f ? o.c.red('FINDING') : o.c.green('OK')}: ${r.runs} runs (${per}), ${r.events} events in ${r.elapsedMs} ms (${eventsPerSec} events/s), fingerprint ${r.fingerprint}, seed ${seed}`);
  if (o.json)
    process.stdout.write(JSON.stringify({
      ok: violation === null, command: 'fuzz', protocol: t.def.name, variant: t.variant.name, config: t.cfg, seed, strategy, runs: r.runs,
      runsPerStrategy: r.perStrategy, events: r.events, elapsedMs: r.elapsedMs, eventsPerSec, fingerprint: r.fingerprint,
      invariants: t.invariants.map((i) => i.name), liveness: live, violation,
    }) + '\n');
  return violation === null ? 0 : 1;
}
