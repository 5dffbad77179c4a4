/**
 * `paxos-sim replay FILE`: re-executes a saved counterexample strictly and
 * says whether it reproduced (same violation at the same step, same
 * fingerprint), naming the divergence if not.
 *
 * `paxos-sim replay --protocol P --variant V [sizes] [--invariant I] [--no-liveness] --seed N --path P`
 * (or `replay FILE --seed N --path P`, the target taken from the file):
 * re-runs the fast-check property at fast-check's seed and counterexample
 * path with `endOnFailure` and prints the counterexample's trace.
 *
 * FILE may be the HTML report of a counterexample (it embeds the file).
 * `--html OUT` and `--shiviz OUT` also write the report page and the ShiViz
 * log (atomically); both paths are checked before anything runs.
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
import { printCounterexampleStory } from './trace.js';
import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import { FORMAT, type CounterexampleFile } from '../corpus/counterexample.js';
import type { Finding } from '../kernel/finding.js';
import type { PortableEvent } from '../kernel/portable.js';
import { counterexampleText } from '../report/embed.js';
import { buildReport } from '../report/model.js';
import { writeHtmlReport, writeShivizLog } from '../report/write.js';
import { checkOutDir } from './out-dir.js';
import type { Out } from './output.js';

/** Checks an output file flag at the edge: not a directory, in a directory that exists or can be created and is writable. */
function outFileFlag(flag: 'html' | 'shiviz', value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value === '') throw new InputError(`--${flag} must name a file to write, got ""`);
  let isDir = false;
  try {
    isDir = statSync(value).isDirectory();
  } catch {
    // Missing: it will be created.
  }
  if (isDir) throw new InputError(`--${flag} ${value} is a directory; give the file to write, e.g. --${flag} report.${flag === 'html' ? 'html' : 'log'}`);
  checkOutDir(dirname(value), `--${flag}`);
  return value;
}

/** Writes what `--html` and `--shiviz` ask for and says where. */
function writeReports(o: Out, cx: CounterexampleFile, t: Target, html: string | undefined, shiviz: string | undefined, model = buildReport(cx, t, html ? { replayPath: html } : {})): void {
  if (html !== undefined) {
    writeHtmlReport(html, cx, t, { model });
    o.say(`report: ${html}`);
  }
  if (shiviz !== undefined) {
    writeShivizLog(shiviz, cx, t, model);
    o.say(`ShiViz log: ${shiviz}`);
  }
}

async function replayCommand({ flags, rest, protocol }: ParsedArgs): Promise<number> {
  if (flags.seed !== undefined || flags.path !== undefined) return replayFastCheck(flags, rest[0], protocol);
  if (rest.length === 0) throw new InputError('replay: give a counterexample file (paxos-sim replay FILE) or fast-check coordinates (paxos-sim replay --protocol P --variant V --seed N --path P)');
  const targetFlag = (['variant', 'invariant', 'no-liveness'] as const).find((k) => flags[k] !== undefined) ?? Object.keys(flags.sizes ?? {})[0];
  if (targetFlag) throw new InputError(`replay FILE: --${targetFlag} only applies with --seed and --path; the file names its own target`);
  const html = outFileFlag('html', flags.html);
  const shiviz = outFileFlag('shiviz', flags.shiviz);
  const o = makeOut(flags.json ?? false, flags['no-color'] ?? false);
  const { cx, target } = await loadCounterexample(rest[0]!, protocol?.module ?? protocol?.def);
  const v = verifyCounterexample(cx, target, false);
  o.say(`replay ${rest[0]}: ${cx.protocol}/${cx.variant} ${JSON.stringify(cx.config)}, ${cx.schedule.length} events, expecting ${cx.violation.kind} ${cx.violation.invariant} at step ${cx.violation.step}\n`);
  const model = buildReport(cx, target, { replayPath: html ?? rest[0]! });
  if (!flags.quiet) printCounterexampleStory(o, cx, target, model);
  writeReports(o, cx, target, html, shiviz, model);
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
    const raw = JSON.parse(counterexampleText(readBounded(file), file)) as { fastCheck?: { liveness?: unknown } };
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
  const html = outFileFlag('html', flags.html);
  const shiviz = outFileFlag('shiviz', flags.shiviz);
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
    const finding = check.finding ?? r.found.finding;
    const cx = asCounterexample(t, r.found.schedule, finding, fingerprint);
    const model = buildReport(cx, t, html ? { replayPath: html } : {});
    if (!flags.quiet) printCounterexampleStory(o, cx, t, model);
    writeReports(o, cx, t, html, shiviz, model);
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

/** A fast-check counterexample as a counterexample file (for its story and reports). */
function asCounterexample(t: Target, schedule: readonly PortableEvent[], finding: Finding, fingerprint: string): CounterexampleFile {
  return {
    format: FORMAT, protocol: t.def.name, variant: t.variant.name, config: t.cfg, invariants: t.invariants.map((i) => i.name), semantics: t.variant.semantics,
    seed: null, run: null, runSeed: null, foundBy: 'fast-check', violation: finding, originalSteps: schedule.length, steps: schedule.length, fingerprint, schedule: [...schedule],
  };
}

export const replaySpec: CommandSpec = {
  name: 'replay',
  summary: 'replay FILE: re-run a saved counterexample (or its HTML report) step by step, print its trace, report whether it reproduced; --html OUT, --shiviz OUT',
  usage: 'replay FILE [flags]   |   replay --protocol P [--variant V] [size flags] --seed N --path P',
  positionals: 1,
  sizes: true,
  flags: {
    protocol: 'the module or protocol the file records', seed: null, path: null, variant: null, invariant: null, 'no-liveness': 'off',
    json: 'off', 'no-color': 'off', quiet: 'off', html: 'none', shiviz: 'none',
  },
  run: replayCommand,
};
