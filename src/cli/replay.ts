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
import { searchTarget } from '../api/fuzz-target.js';
import { loadCounterexample, readBounded, verifyCounterexample } from '../api/replay.js';
import { InputError } from '../kernel/input-error.js';
import { replaySchedule } from '../corpus/replay.js';
import { scheduleTarget, type ScheduleTarget } from '../kernel/target.js';
import type { LoadedProtocol } from '../protocols/load.js';
import { runFastCheck } from '../shrink/fast-check.js';
import { intFlag, resolveTarget, type CommandSpec, type Flags, type ParsedArgs, type Target } from './args.js';
import { replayTarget } from './findings.js';
import { makeOut } from './output.js';
import { printCounterexampleTrace } from './trace.js';

async function replayCommand({ flags, rest, protocol }: ParsedArgs): Promise<number> {
  if (flags.seed !== undefined || flags.path !== undefined) return replayFastCheck(flags, rest[0], protocol);
  if (rest.length === 0) throw new InputError('replay: give a counterexample file (paxos-sim replay FILE) or fast-check coordinates (paxos-sim replay --protocol P --variant V --seed N --path P)');
  const targetFlag = (['variant', 'invariant', 'no-liveness'] as const).find((k) => flags[k] !== undefined) ?? Object.keys(flags.sizes ?? {})[0];
  if (targetFlag) throw new InputError(`replay FILE: --${targetFlag} only applies with --seed and --path; the file names its own target`);
  const o = makeOut(flags.json ?? false, flags['no-color'] ?? false);
  const { cx, target } = await loadCounterexample(rest[0]!, protocol?.module ?? protocol?.def);
  const v = verifyCounterexample(cx, target, true);
  o.say(`replay ${rest[0]}: ${cx.protocol}/${cx.variant} ${JSON.stringify(cx.config)}, ${cx.schedule.length} events, expecting ${cx.violation.kind} ${cx.violation.invariant} at step ${cx.violation.step}\n`);
  if (!flags.quiet) printCounterexampleTrace(o, v.outcome.trace, v.outcome.finding, target, v.outcome.world);
  o.say(v.reproduced ? o.c.green(`\nreproduced: ${cx.violation.invariant} at step ${v.steps}, fingerprint ${v.fingerprint}`) : o.c.red(`\nNOT reproduced: ${v.reason}`));
  if (o.json)
    process.stdout.write(JSON.stringify({
      ok: false, command: 'replay', file: rest[0], reproduced: v.reproduced, kind: v.outcome.finding?.kind ?? null, invariant: v.outcome.finding?.invariant ?? null,
      message: v.outcome.finding?.message ?? null, steps: v.steps, fingerprint: v.fingerprint, divergence: v.reason ?? null,
    }) + '\n');
  return 1;
}

/** The `fastCheck.liveness` field of a saved counterexample, if present. */
function readFastCheckLiveness(file: string): boolean | undefined {
  try {
    const raw = JSON.parse(readBounded(file)) as { fastCheck?: { liveness?: unknown } };
    return typeof raw.fastCheck?.liveness === 'boolean' ? raw.fastCheck.liveness : undefined;
  } catch {
    return undefined;
  }
}

/** Replays a fast-check failure from its seed and path (`fc.check(property, { seed, path, endOnFailure: true })`). */
async function replayFastCheck(flags: Flags, file: string | undefined, protocol: LoadedProtocol | undefined): Promise<number> {
  if (flags.seed === undefined || flags.path === undefined) throw new InputError('replay: --seed and --path go together (fast-check prints both when a property fails)');
  const seed = intFlag('seed', flags.seed, 0, 2 ** 32 - 1)!;
  const path = flags.path.trim();
  if (!/^\d+(:\d+)*$/.test(path)) throw new InputError(`--path must be fast-check's counterexample path, colon-separated integers such as "12:0:3", got "${flags.path}"`);
  let t: Target;
  let target: ScheduleTarget;
  if (file !== undefined) {
    const loaded = await loadCounterexample(file, protocol?.module ?? protocol?.def);
    t = loaded.target;
    // A file saved by `fuzz` records whether liveness was checked; otherwise follow --no-liveness.
    const recorded = readFastCheckLiveness(file);
    target = scheduleTarget(t.def, t.variant, t.cfg, t.invariants, { liveness: recorded ?? !flags['no-liveness'] });
  } else ({ t, target } = searchTarget(resolveTarget(flags, protocol), !flags['no-liveness']));
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

export const replaySpec: CommandSpec = {
  name: 'replay',
  summary: 'replay FILE: re-run a saved counterexample step by step, print its trace, report whether it reproduced',
  usage: 'replay FILE [flags]   |   replay --protocol P [--variant V] [size flags] --seed N --path P',
  positionals: 1,
  sizes: true,
  flags: {
    protocol: 'the module or protocol the file records', seed: null, path: null, variant: null, invariant: null, 'no-liveness': 'off',
    json: 'off', 'no-color': 'off', quiet: 'off',
  },
  run: replayCommand,
};
