/** `paxos-sim fuzz`: a seeded campaign against one protocol variant; stops at the first finding. */
import { runCampaign, type FaultMode } from '../sim/campaign.js';
import { InputError } from '../replay/counterexample.js';
import { intFlag, parseFlags, resolveTarget, secondsFlag, seedFlag } from './args.js';
import { saveFinding } from './findings.js';
import { makeOut } from './output.js';

export function fuzzCommand(argv: string[]): number {
  const { flags } = parseFlags('fuzz', argv, ['protocol', 'variant', 'proposers', 'acceptors', 'participants', 'values', 'max-ballot', 'seed', 'runs', 'time-limit', 'out', 'json', 'no-color', 'invariant', 'faults', 'no-minimize', 'no-liveness', 'quiet']);
  const t = resolveTarget(flags);
  const seed = seedFlag(flags.seed);
  const runs = intFlag('runs', flags.runs, 1);
  const timeLimit = secondsFlag('time-limit', flags['time-limit']);
  const faults = (flags.faults ?? 'swarm') as FaultMode;
  if (!['swarm', 'on', 'off'].includes(faults)) throw new InputError(`--faults must be swarm, on or off, got "${flags.faults}"`);
  const o = makeOut(flags.json ?? false, flags['no-color'] ?? false);
  const outDir = flags.out ?? 'counterexamples';
  o.say(`fuzz ${t.def.name}/${t.variant.name} ${JSON.stringify(t.cfg)} seed=${seed} faults=${faults} invariants=${t.invariants.map((i) => i.name).join(',')}${t.variant.liveness !== 'never' && !flags['no-liveness'] ? ' +liveness' : ''}`);
  const r = runCampaign({
    def: t.def, variant: t.variant, cfg: t.cfg, invariants: t.invariants, seed, faults, noLiveness: flags['no-liveness'] ?? false,
    runs: runs ?? (timeLimit === undefined ? 1000 : undefined), timeLimitMs: timeLimit === undefined ? undefined : timeLimit * 1000,
    onProgress: flags.quiet || !process.stderr.isTTY ? undefined : (n, ev) => process.stderr.write(`\r  ${n} runs, ${ev} events`),
  });
  if (!flags.quiet && process.stderr.isTTY) process.stderr.write('\r');
  const violation = r.found
    ? saveFinding(o, t, r.found.schedule, r.found.finding, { seed, run: r.found.run, runSeed: r.found.runSeed, foundBy: 'des' }, outDir, !flags['no-minimize'])
    : null;
  const eventsPerSec = r.elapsedMs > 0 ? Math.round((r.events / r.elapsedMs) * 1000) : r.events;
  o.say(`${r.found ? o.c.red('FINDING') : o.c.green('OK')}: ${r.runs} runs, ${r.events} events in ${r.elapsedMs} ms (${eventsPerSec} events/s), fingerprint ${r.fingerprint}, seed ${seed}`);
  if (o.json)
    process.stdout.write(JSON.stringify({
      ok: violation === null, command: 'fuzz', protocol: t.def.name, variant: t.variant.name, config: t.cfg, seed, runs: r.runs,
      events: r.events, elapsedMs: r.elapsedMs, eventsPerSec, fingerprint: r.fingerprint, invariants: t.invariants.map((i) => i.name), violation,
    }) + '\n');
  return violation === null ? 0 : 1;
}
