/**
 * `paxos-sim fuzz`: search one protocol variant for a violation with the
 * chosen strategy (`--strategy`, default `all`: every strategy, turns given
 * by a bandit rewarding new coverage per unit of work); stops at the
 * first finding, shrinks it, saves it and prints its trace and the commands
 * that replay it (src/api/fuzz-target.ts does the work).
 *
 * Invariants: the variant's kept invariants (every invariant when it keeps
 * none), or exactly those named by `--invariant NAME` (repeatable); plus the
 * variant's liveness goal unless `--no-liveness`.
 *
 * The search runs in a worker thread (background.ts). On SIGINT or SIGTERM it
 * stops; a finding already made is saved (unshrunk, and marked so, if it was
 * still being minimised); the summary and the JSON object say
 * `interrupted`; the exit status is 1 with a finding, else 130 or 143.
 */
import { Chalk } from 'chalk';
import { faultModeOf, strategyOf, type FuzzSettings } from '../api/fuzz.js';
import { fuzzTarget, saveFuzzFinding, searched, type PendingFuzzFinding, type StoppableFuzzResult } from '../api/fuzz-target.js';
import { loadProtocol, type LoadedProtocol } from '../protocols/load.js';
import type { CampaignProgress } from '../search/campaign.js';
import { intFlag, resolveTarget, secondsFlag, seedFlag, type CommandSpec, type Flags, type ParsedArgs, type Target } from './args.js';
import { runJob, type Job, type JobContext, type ProtocolRef } from './background.js';
import { outDirFlag } from './out-dir.js';
import { makeOut, progressLine, type Out } from './output.js';
import { exitStatus, watchSignals, type StopSignal } from './signals.js';

/** How long the search may take to stop after a signal before its worker is terminated. */
const GRACE_MS = 3000;

/** A checked fuzz run: its target and settings (the same on the main thread and in the worker). */
interface FuzzPlan {
  readonly t: Target;
  readonly settings: FuzzSettings;
}

function fuzzPlan(flags: Flags, protocol: LoadedProtocol | undefined, seed: number): FuzzPlan {
  const t = resolveTarget(flags, protocol);
  const runs = intFlag('runs', flags.runs, 1);
  const timeLimit = secondsFlag('time-limit', flags['time-limit']);
  return {
    t,
    settings: {
      seed, strategy: strategyOf(flags.strategy, '--strategy'), faults: faultModeOf(flags.faults, '--faults'), liveness: !flags['no-liveness'],
      minimize: !flags['no-minimize'], out: flags.out ?? 'counterexamples',
      runs: runs ?? (timeLimit === undefined ? 1000 : undefined), timeLimitMs: timeLimit === undefined ? undefined : timeLimit * 1000,
    },
  };
}

/** The protocol as a worker loads it again. */
export function protocolRef(p: LoadedProtocol | undefined): ProtocolRef | undefined {
  return p === undefined ? undefined : { name: p.def.name, ...(p.module ? { module: p.module } : {}) };
}

/** Loads a protocol reference (in the worker). */
export async function loadRef(ref: ProtocolRef | undefined): Promise<LoadedProtocol | undefined> {
  return ref === undefined ? undefined : loadProtocol(ref.module ?? ref.name);
}

/** An `Out` whose human text goes to the supervising thread, coloured as the main thread's. */
export function contextOut(ctx: JobContext, job: Job): Out {
  return { c: new Chalk({ level: job.colour ? 1 : 0 }), json: job.flags.json ?? false, say: (line) => ctx.say(line) };
}

/** The fuzz run itself (in the worker thread). */
export async function fuzzWork(job: Job, ctx: JobContext): Promise<StoppableFuzzResult> {
  const plan = fuzzPlan(job.flags, await loadRef(job.protocol), job.seed!);
  const o = contextOut(ctx, job);
  return fuzzTarget(plan.t, plan.settings, o, {
    stopReason: ctx.stopReason,
    onSlice: (p) => ctx.progress(p),
    onFound: (f) => ctx.found(0, f),
    onSaved: () => ctx.saved(0),
  });
}

/** The result of a run whose worker was terminated: its latest progress, and the finding it was minimising saved as found. */
function stoppedResult(plan: FuzzPlan, o: Out, progress: CampaignProgress | undefined, unsaved: PendingFuzzFinding | undefined, signal: StopSignal, elapsedMs: number): StoppableFuzzResult {
  // Stopped inside the first slice (one fast-check batch is one slice): nothing is known but the time spent.
  const p = unsaved?.campaign ?? progress ?? { runs: 0, events: 0, elapsedMs, fingerprint: null as unknown as string, perStrategy: {} };
  const finding = unsaved ? saveFuzzFinding(plan.t, plan.settings, o, unsaved, signal) : null;
  const s = plan.settings;
  const { t, live } = searched(plan.t, s.liveness ?? true);
  return {
    ok: finding === null, protocol: t.def.name, variant: t.variant.name, config: t.cfg, seed: s.seed!, strategy: s.strategy!, runs: p.runs,
    runsPerStrategy: p.perStrategy, events: p.events, elapsedMs: p.elapsedMs, eventsPerSec: p.elapsedMs > 0 ? Math.round((p.events / p.elapsedMs) * 1000) : p.events,
    fingerprint: p.fingerprint, invariants: t.invariants.map((i) => i.name), liveness: live, finding, interrupted: signal,
  };
}

async function fuzzCommand({ flags, protocol }: ParsedArgs): Promise<number> {
  const seed = seedFlag(flags.seed);
  const plan = fuzzPlan(flags, protocol, seed);
  outDirFlag(flags.out);
  const { t, settings } = plan;
  const o = makeOut(flags.json ?? false, flags['no-color'] ?? false);
  const strategy = settings.strategy!;
  const live = settings.liveness! && t.variant.liveness !== 'never';
  o.say(`fuzz ${t.def.name}/${t.variant.name} ${JSON.stringify(t.cfg)} seed=${seed} strategy=${strategy}${strategy === 'des' || strategy === 'guided-des' || strategy === 'all' || strategy === 'round-robin' ? ` faults=${settings.faults}` : ''} invariants=${t.invariants.map((i) => i.name).join(',')}${live ? ' +liveness' : ''}`);
  const line = progressLine(!flags.quiet && !o.json && process.stderr.isTTY === true);
  const watch = watchSignals(o.json);
  const start = Date.now();
  try {
    const run = await runJob({ command: 'fuzz', flags, protocol: protocolRef(protocol), seed, colour: o.c.level > 0 }, fuzzWork, {
      say: (l) => (line.clear(), o.say(l)), watch, graceMs: GRACE_MS,
      onProgress: (p) => line.show(`  ${(p as CampaignProgress).runs} runs, ${(p as CampaignProgress).events} events`),
      onFound: (x) => {
        const f = x as PendingFuzzFinding;
        line.clear();
        o.say(`found a ${f.finding.kind} violation of ${f.finding.invariant} (${f.schedule.length} steps, ${f.from.foundBy} run ${f.from.run}); minimising and saving it...`);
      },
    });
    line.clear();
    const r = run.result ?? stoppedResult(plan, o, run.progress as CampaignProgress | undefined, run.unsaved[0] as PendingFuzzFinding | undefined, watch.signal!, Date.now() - start);
    const interrupted = r.interrupted as StopSignal | undefined;
    const per = Object.entries(r.runsPerStrategy).map(([k, v]) => `${k} ${v}`).join(', ') || 'none finished';
    const verdict = r.finding ? o.c.red('FINDING') : interrupted ? o.c.yellow('INTERRUPTED') : o.c.green('OK');
    o.say(`${verdict}: ${r.runs} runs (${per}), ${r.events} events in ${r.elapsedMs} ms (${r.eventsPerSec} events/s), fingerprint ${r.fingerprint ?? 'unknown (stopped inside its first batch)'}, seed ${seed}${interrupted ? `; stopped by ${interrupted}` : ''}`);
    if (r.finding?.shrunk === false) o.say(o.c.yellow(`  the finding was saved as found, not minimised: ${r.finding.file}`));
    if (o.json) {
      const { schedule: _schedule, trace: _trace, ...violation } = r.finding ?? { schedule: null, trace: null };
      process.stdout.write(JSON.stringify({
        ok: r.ok, command: 'fuzz', protocol: r.protocol, ...(t.module ? { module: t.module } : {}), variant: r.variant, config: r.config, seed, strategy, runs: r.runs,
        runsPerStrategy: r.runsPerStrategy, events: r.events, elapsedMs: r.elapsedMs, eventsPerSec: r.eventsPerSec, fingerprint: r.fingerprint,
        invariants: r.invariants, liveness: r.liveness, interrupted: interrupted ?? null, violation: r.finding ? violation : null,
      }) + '\n');
    }
    return exitStatus(r.finding !== null, interrupted, 0);
  } finally {
    watch.dispose();
  }
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
