/**
 * `paxos-sim replay FILE`: re-executes a saved counterexample strictly and
 * says whether it reproduced (same violation at the same step, same
 * fingerprint), naming the divergence if not.
 *
 * `paxos-sim replay --protocol P --variant V [sizes] [--invariant I] [--no-liveness] --seed N --path P`
 * (or `replay FILE --seed N --path P`, the target taken from the file):
 * re-runs the fast-check property at fast-check's seed and counterexample
 * path with `endOnFailure` and prints the counterexample's trace.
 */
import { readFileSync } from 'node:fs';
import { findInvariant, findVariant } from '../kernel/definition.js';
import { findProtocol } from '../protocols/index.js';
import { InputError, parseCounterexample, type CounterexampleFile } from '../corpus/counterexample.js';
import { replaySchedule } from '../corpus/replay.js';
import { scheduleTarget, type ScheduleTarget } from '../kernel/target.js';
import { runFastCheck } from '../shrink/fast-check.js';
import { intFlag, parseFlags, type Flags, type Target } from './args.js';
import { replayTarget } from './findings.js';
import { cliTarget } from './fuzz.js';
import { makeOut } from './output.js';
import { printCounterexampleTrace } from './trace.js';

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
  const { flags, rest } = parseFlags('replay', argv, ['json', 'no-color', 'quiet', 'seed', 'path', 'protocol', 'variant', 'proposers', 'acceptors', 'participants', 'values', 'max-ballot', 'invariant', 'no-liveness'], 1);
  if (flags.seed !== undefined || flags.path !== undefined) return replayFastCheck(flags, rest[0]);
  if (rest.length === 0) throw new InputError('replay: give a counterexample file (paxos-sim replay FILE) or fast-check coordinates (paxos-sim replay --protocol P --variant V --seed N --path P)');
  const targetFlag = (['protocol', 'variant', 'proposers', 'acceptors', 'participants', 'values', 'max-ballot', 'invariant', 'no-liveness'] as const).find((k) => flags[k] !== undefined);
  if (targetFlag) throw new InputError(`replay FILE: --${targetFlag} only applies with --seed and --path; the file names its own target`);
  const o = makeOut(flags.json ?? false, flags['no-color'] ?? false);
  const { cx, target } = loadCounterexample(rest[0]!);
  const v = verifyCounterexample(cx, target, true);
  o.say(`replay ${rest[0]}: ${cx.protocol}/${cx.variant} ${JSON.stringify(cx.config)}, ${cx.schedule.length} events, expecting ${cx.violation.kind} ${cx.violation.invariant} at step ${cx.violation.step}\n`);
  if (!flags.quiet) printCounterexampleTrace(o, v.outcome.trace, v.outcome.finding, target, v.outcome.world);
  o.say(v.reproduced ? o.c.green(`\nreproduced: ${cx.violation.invariant} at step ${v.steps}, fingerprint ${v.fingerprint}`) : o.c.red(`\nNOT reproduced: ${v.reason}`));
  if (o.json)
    process.stdout.write(JSON.stringify({
      ok: false, command: 'replay', reproduced: v.reproduced, kind: v.outcome.finding?.kind ?? null, invariant: v.outcome.finding?.invariant ?? null,
      message: v.outcome.finding?.message ?? null, steps: v.steps, fingerprint: v.fingerprint, divergence: v.reason ?? null,
    }) + '\n');
  return 1;
}

/** The `fastCheck.liveness` field of a saved counterexample, if present. */
function readFastCheckLiveness(file: string): boolean | undefined {
  try {
    const raw = JSON.parse(readFileSync(file, 'utf8')) as { fastCheck?: { liveness?: unknown } };
    return typeof raw.fastCheck?.liveness === 'boolean' ? raw.fastCheck.liveness : undefined;
  } catch {
    return undefined;
  }
}

/** Replays a fast-check failure from its seed and path (`fc.check(property, { seed, path, endOnFailure: true })`). */
function replayFastCheck(flags: Flags, file: string | undefined): number {
  if (flags.seed === undefined || flags.path === undefined) throw new InputError('replay: --seed and --path go together (fast-check prints both when a property fails)');
  const seed = intFlag('seed', flags.seed, 0, 2 ** 32 - 1)!;
  const path = flags.path.trim();
  if (!/^\d+(:\d+)*$/.test(path)) throw new InputError(`--path must be fast-check's counterexample path, colon-separated integers such as "12:0:3", got "${flags.path}"`);
  let t: Target;
  let target: ScheduleTarget;
  if (file !== undefined) {
    const loaded = loadCounterexample(file);
    t = loaded.target;
    // A file saved by `fuzz` records whether liveness was checked; otherwise follow --no-liveness.
    const recorded = readFastCheckLiveness(file);
    target = scheduleTarget(t.def, t.variant, t.cfg, t.invariants, { liveness: recorded ?? !flags['no-liveness'] });
  } else ({ t, target } = cliTarget(flags));
  const o = makeOut(flags.json ?? false, flags['no-color'] ?? false);
  o.say(`replay fast-check seed ${seed} path "${path}" on ${t.def.name}/${t.variant.name} ${JSON.stringify(t.cfg)} invariants=${t.invariants.map((i) => i.name).join(',')}${target.decided ? ' +liveness' : ''}\n`);
  const r = runFastCheck(target, { seed, path, numRuns: 1 });
  let fingerprint: string | null = null;
  let steps = 0;
  if (r.found !== undefined) {
    const rt = { ...replayTarget(t), decided: target.decided };
    const check = replaySchedule(rt, r.found.schedule, { trace: true, checkLiveness: r.found.finding.kind === 'liveness' });
    fingerprint = check.fingerprint;
    steps = r.found.schedule.length;
    if (!flags.quiet) printCounterexampleTrace(o, check.trace, check.finding ?? r.found.finding, t, check.world);
    o.say(o.c.green(`\nreproduced: ${r.found.finding.kind} ${r.found.finding.invariant} at step ${r.found.finding.step} (${steps} events), fingerprint ${fingerprint}`));
  } else {
    o.say(o.c.red(`\nNOT reproduced: the property passed at seed ${seed}, path "${path}" — the path belongs to another target, encoding or version of the schedule generator`));
  }
  if (o.json)
    process.stdout.write(JSON.stringify({
      ok: false, command: 'replay', source: 'fast-check', seed, path, reproduced: r.found !== undefined,
      kind: r.found?.finding.kind ?? null, invariant: r.found?.finding.invariant ?? null, message: r.found?.finding.message ?? null,
      steps, fingerprint, divergence: r.found ? null : 'the property passed at this seed and path',
    }) + '\n');
  return 1;
}
