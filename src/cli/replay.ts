/** `paxos-sim replay FILE`: re-executes a saved counterexample and says whether it reproduced. */
import { readFileSync } from 'node:fs';
import { findInvariant, findVariant } from '../kernel/registry.js';
import { findProtocol } from '../protocols/index.js';
import { InputError, parseCounterexample, type CounterexampleFile } from '../replay/counterexample.js';
import { replaySchedule } from '../replay/replay.js';
import { parseFlags, type Target } from './args.js';
import { replayTarget } from './findings.js';
import { makeOut, printTrace } from './output.js';

/** Loads and checks a counterexample file against the registry. */
export function loadCounterexample(path: string): { cx: CounterexampleFile; target: Target } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const cx = parseCounterexample(text, path);
  const def = findProtocol(cx.protocol);
  if (!def) throw new InputError(`${path}: unknown protocol "${cx.protocol}"`);
  const variant = findVariant(def, cx.variant);
  if (!variant) throw new InputError(`${path}: unknown variant "${cx.variant}" of ${def.name}; accepted: ${def.variants.map((v) => v.name).join(', ')}`);
  for (const p of def.params) {
    const v = cx.config[p.name];
    if (v === undefined || v < p.min || v > p.max) throw new InputError(`${path}: config.${p.name} must be an integer from ${p.min} to ${p.max}`);
  }
  const invariants = cx.invariants.map((n) => {
    const inv = findInvariant(def, n);
    if (!inv) throw new InputError(`${path}: unknown invariant "${n}" of ${def.name}`);
    return inv;
  });
  return { cx, target: { def, variant, cfg: cx.config, invariants } };
}

export interface ReplayVerdict {
  readonly reproduced: boolean;
  readonly steps: number;
  readonly fingerprint: string;
  readonly reason: string | undefined;
  readonly outcome: ReturnType<typeof replaySchedule>;
}

/** Replays strictly and compares with the recorded violation. */
export function verifyCounterexample(cx: CounterexampleFile, target: Target, trace = false): ReplayVerdict {
  const rt = { ...replayTarget(target), semantics: cx.semantics };
  const r = replaySchedule(rt, cx.schedule, { trace, checkLiveness: cx.violation.kind === 'liveness' });
  const want = cx.violation;
  let reason: string | undefined;
  if (r.divergence)
    reason = `diverged at schedule[${r.divergence.index}] (${JSON.stringify(r.divergence.event)}): ${r.divergence.reason} — the protocol code or the file changed since it was saved`;
  else if (r.finding === undefined)
    reason = `ran all ${r.executed} events without the ${want.kind} violation of ${want.invariant} — the protocol or invariant code changed since it was saved`;
  else if (r.finding.invariant !== want.invariant || r.finding.kind !== want.kind)
    reason = `a different violation: ${r.finding.kind} ${r.finding.invariant} at step ${r.finding.step} instead of ${want.kind} ${want.invariant}`;
  else if (r.finding.step !== want.step) reason = `${want.invariant} broke at step ${r.finding.step} instead of ${want.step}`;
  else if (r.fingerprint !== cx.fingerprint) reason = `same violation, but the executed events hash to ${r.fingerprint}, not ${cx.fingerprint}`;
  return { reproduced: reason === undefined, steps: r.finding?.step ?? r.executed, fingerprint: r.fingerprint, reason, outcome: r };
}

export function replayCommand(argv: string[]): number {
  const { flags, rest } = parseFlags('replay', argv, ['json', 'no-color', 'quiet'], 1);
  if (rest.length === 0) throw new InputError('replay: give a counterexample file: paxos-sim replay FILE');
  const o = makeOut(flags.json ?? false, flags['no-color'] ?? false);
  const { cx, target } = loadCounterexample(rest[0]!);
  const v = verifyCounterexample(cx, target, true);
  o.say(`replay ${rest[0]}: ${cx.protocol}/${cx.variant} ${JSON.stringify(cx.config)}, ${cx.schedule.length} events, expecting ${cx.violation.kind} ${cx.violation.invariant} at step ${cx.violation.step}\n`);
  if (!flags.quiet) printTrace(o, v.outcome.trace, v.outcome.finding);
  o.say(v.reproduced ? o.c.green(`\nreproduced: ${cx.violation.invariant} at step ${v.steps}, fingerprint ${v.fingerprint}`) : o.c.red(`\nNOT reproduced: ${v.reason}`));
  if (o.json)
    process.stdout.write(JSON.stringify({
      ok: false, command: 'replay', reproduced: v.reproduced, kind: v.outcome.finding?.kind ?? null, invariant: v.outcome.finding?.invariant ?? null,
      message: v.outcome.finding?.message ?? null, steps: v.steps, fingerprint: v.fingerprint, divergence: v.reason ?? null,
    }) + '\n');
  return 1;
}
