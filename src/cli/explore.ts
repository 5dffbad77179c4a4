/**
 * `paxos-sim explore`: bounded exhaustive breadth-first exploration of a
 * small configuration (src/api/explore.ts). On a violation the shortest
 * counterexample is saved in the same file format as `fuzz` and replays with
 * `replay`.
 *
 * The search runs in a worker thread (background.ts). On SIGINT or SIGTERM
 * it stops and the command prints its partial statistics (the latest
 * progress the search reported, about once a second), with `complete: false`
 * and `stoppedBy: "signal"`, and exits 130 or 143. The search stops at once
 * if the explorer reads the `shouldStop` option passed to it; otherwise its
 * worker is terminated after `GRACE_MS`.
 */
import { exploreTarget, type ExploreSettings } from '../api/explore.js';
import { InputError } from '../kernel/input-error.js';
import { collisionProbability, type ExploreProgress, type ExploreResult } from '../search/explore/index.js';
import { intFlag, resolveTarget, secondsFlag, type CommandSpec, type Flags, type ParsedArgs, type Target } from './args.js';
import { runJob, type Job, type JobContext } from './background.js';
import { saveFinding, type SavedFinding } from './findings.js';
import { contextOut, loadRef, protocolRef } from './fuzz.js';
import { outDirFlag } from './out-dir.js';
import { makeOut, progressLine } from './output.js';
import { exitStatus, watchSignals, type StopSignal } from './signals.js';
import type { LoadedProtocol } from '../protocols/load.js';

/** How long the explorer may take to stop after a signal before its worker is terminated. */
const GRACE_MS = 1500;

/** What the command prints (from the worker's result, or from its latest progress when stopped). */
interface ExploreSummary extends Pick<ExploreResult, 'complete' | 'distinctStates' | 'transitions' | 'depth' | 'elapsedMs' | 'statesPerSec' | 'stoppedBy' | 'collisionProbability'> {
  /** Null when only the latest progress is known (the worker was ended). */
  readonly bytesPerState: number | null;
  readonly symmetry: string | null;
  readonly saved: Omit<SavedFinding, 'schedule'> | null;
  readonly interrupted?: StopSignal;
}

/** The checked settings of an exploration (the same on the main thread and in the worker). */
function explorePlan(flags: Flags, protocol: LoadedProtocol | undefined): { t: Target; settings: ExploreSettings } {
  const t = resolveTarget(flags, protocol);
  const faults = flags.faults ?? 'off';
  if (faults !== 'on' && faults !== 'off') throw new InputError(`--faults must be on or off for explore, got "${faults}"`);
  const maxStates = intFlag('max-states', flags['max-states'], 1);
  const maxDepth = intFlag('max-depth', flags['max-depth'], 1);
  const timeLimit = secondsFlag('time-limit', flags['time-limit']);
  const maxMemoryMb = intFlag('max-memory', flags['max-memory'], 64, 1024 * 1024);
  return {
    t,
    settings: {
      symmetry: flags.symmetry ?? false, faults, maxStates, maxDepth, timeLimitMs: timeLimit === undefined ? undefined : timeLimit * 1000,
      maxMemoryBytes: maxMemoryMb === undefined ? undefined : maxMemoryMb * 1024 * 1024,
    },
  };
}

/** The exploration itself (in the worker thread). */
export async function exploreWork(job: Job, ctx: JobContext): Promise<ExploreSummary> {
  const { t, settings } = explorePlan(job.flags, await loadRef(job.protocol));
  const o = contextOut(ctx, job);
  // `shouldStop` is read by explorers that support it (ExploreOptions.shouldStop); others are terminated.
  const stoppable: ExploreSettings & { readonly shouldStop: () => boolean } = {
    ...settings, onProgress: (p) => ctx.progress(p), shouldStop: () => ctx.stopReason() !== undefined,
  };
  const r = exploreTarget(t, stoppable);
  const interrupted = ctx.stopReason();
  for (const w of r.warnings) o.say(o.c.yellow(`warning: ${w}`));
  if (r.symmetryNote) o.say(o.c.yellow(`symmetry: ${r.symmetryNote}`));
  const saved = r.violation && r.schedule
    ? saveFinding(o, t, r.schedule, { kind: 'safety', invariant: r.violation.invariant, message: r.violation.message, step: r.violation.steps },
        { seed: null, run: null, runSeed: null, foundBy: 'explore' }, job.flags.out ?? 'counterexamples', false)
    : null;
  const { schedule: _schedule, ...violation } = saved ?? { schedule: null };
  const signalled = interrupted !== undefined && !r.complete && r.stoppedBy !== 'violation';
  return {
    complete: r.complete, distinctStates: r.distinctStates, transitions: r.transitions, depth: r.depth, elapsedMs: r.elapsedMs, statesPerSec: r.statesPerSec,
    bytesPerState: r.bytesPerState, stoppedBy: signalled ? 'signal' : r.stoppedBy, collisionProbability: r.collisionProbability, symmetry: r.stats.symmetry,
    saved: saved ? (violation as Omit<SavedFinding, 'schedule'>) : null, ...(signalled ? { interrupted } : {}),
  };
}

/** The partial statistics of an exploration whose worker was stopped: its latest progress. */
function stoppedSummary(p: ExploreProgress | undefined, elapsedMs: number, stoppedBy: 'signal' | 'maxMemory', signal: StopSignal | undefined): ExploreSummary {
  const n = p?.distinctStates ?? 0;
  return {
    complete: false, distinctStates: n, transitions: p?.transitions ?? 0, depth: p?.depth ?? 0, elapsedMs, statesPerSec: Math.round((n * 1000) / Math.max(1, elapsedMs)),
    bytesPerState: null, stoppedBy, collisionProbability: collisionProbability(n), symmetry: null, saved: null,
    ...(signal !== undefined ? { interrupted: signal } : {}),
  };
}

async function exploreCommand({ flags, protocol }: ParsedArgs): Promise<number> {
  const { t, settings } = explorePlan(flags, protocol);
  outDirFlag(flags.out);
  const o = makeOut(flags.json ?? false, flags['no-color'] ?? false);
  const line = progressLine(!flags.quiet && process.stderr.isTTY === true);
  o.say(`explore ${t.def.name}/${t.variant.name} ${JSON.stringify(t.cfg)} invariants=${t.invariants.map((i) => i.name).join(',')}${flags.symmetry ? ' symmetry' : ''}${settings.faults === 'on' ? ' faults' : ''}`);
  const watch = watchSignals(o.json);
  const start = Date.now();
  try {
    const run = await runJob({ command: 'explore', flags, protocol: protocolRef(protocol), colour: o.c.level > 0 }, exploreWork, {
      say: (l) => (line.clear(), o.say(l)), watch, graceMs: GRACE_MS,
      onProgress: (x) => {
        const p = x as ExploreProgress;
        line.show(`  ${p.distinctStates} states, depth ${p.depth}, ${p.queued} queued, ${p.statesPerSec}/s`);
      },
    });
    line.clear();
    const r = run.result ?? stoppedSummary(run.progress as ExploreProgress | undefined, Date.now() - start, run.outOfMemory ? 'maxMemory' : 'signal', watch.signal);
    if (run.outOfMemory) o.say(o.c.yellow('warning: the explorer ran out of memory; the statistics are those of its last progress report'));
    const saved = r.saved;
    const verdict = saved ? o.c.red('VIOLATION') : r.complete ? o.c.green('COMPLETE') : o.c.yellow(r.interrupted ? 'INTERRUPTED' : 'INCOMPLETE');
    const bytes = r.bytesPerState === null ? '' : `, ${r.bytesPerState.toFixed(1)} bytes/state`;
    o.say(`${verdict}: ${r.distinctStates} distinct states, ${r.transitions} transitions, depth ${r.depth}, ${r.elapsedMs} ms (${r.statesPerSec} states/s${bytes})${r.stoppedBy ? `, stopped by ${r.stoppedBy === 'signal' ? r.interrupted : r.stoppedBy}` : ''}`);
    o.say(`  fingerprint collision probability <= ${r.collisionProbability.toExponential(2)}`);
    if (o.json)
      process.stdout.write(JSON.stringify({
        ok: saved === null, command: 'explore', protocol: t.def.name, ...(t.module ? { module: t.module } : {}), variant: t.variant.name, config: t.cfg, invariants: t.invariants.map((i) => i.name),
        symmetry: r.symmetry, complete: r.complete, distinctStates: r.distinctStates, transitions: r.transitions, depth: r.depth, elapsedMs: r.elapsedMs,
        statesPerSec: r.statesPerSec, bytesPerState: r.bytesPerState, stoppedBy: r.stoppedBy, collisionProbability: r.collisionProbability,
        interrupted: r.interrupted ?? null, violation: saved,
      }) + '\n');
    return exitStatus(saved !== null, r.interrupted, 0);
  } finally {
    watch.dispose();
  }
}

export const exploreSpec: CommandSpec = {
  name: 'explore',
  summary: 'bounded exhaustive breadth-first exploration of a small configuration',
  usage: 'explore --protocol NAME|./module.js [--variant V] [size flags] [flags]',
  sizes: true,
  flags: {
    protocol: null, variant: null, invariant: null, 'max-states': 'unbounded', 'max-depth': 'unbounded', 'time-limit': 'none', 'max-memory': '3/4 of the heap limit (3 GiB with 4 GiB of heap)',
    symmetry: 'off', faults: 'off (on: loss, duplication, one crash at a time; implementation-level variants)', out: 'counterexamples', json: 'off', 'no-color': 'off', quiet: 'off',
  },
  run: exploreCommand,
};
