/**
 * `paxos-sim campaign` (what `npm start` runs): the default fuzz campaign
 * over every built-in protocol and variant (or those of `--protocol`, a
 * built-in name or a user's module), with a summary table. Correct variants
 * must come out clean; known-buggy ones must be caught. Exit 0 when every
 * outcome is as expected.
 *
 * The variants run in a worker thread (background.ts). On SIGINT or SIGTERM
 * the variant being fuzzed stops (a finding already made is saved, unshrunk
 * and marked so if it was still being minimised), the table shows the
 * variants run so far, and the exit status is 1 if any of them did not
 * behave as expected, else 130 or 143.
 */
import { protocols } from '../protocols/index.js';
import { runStrategyCampaign } from '../search/campaign.js';
import { scheduleTarget } from '../kernel/target.js';
import { defaultConfig, type AnyProtocolDef, type Config } from '../kernel/definition.js';
import type { LoadedProtocol } from '../protocols/load.js';
import { intFlag, secondsFlag, seedFlag, type CommandSpec, type Flags, type ParsedArgs, type Target } from './args.js';
import { runJob, type Job, type JobContext } from './background.js';
import { saveFinding, type RawFinding, type SavedFinding } from './findings.js';
import { loadRef, protocolRef } from './fuzz.js';
import { outDirFlag } from './out-dir.js';
import { Chalk } from 'chalk';
import { makeOut, table, type Out } from './output.js';
import { exitStatus, watchSignals, type StopSignal } from './signals.js';

/** Findings are summarised in the table; their traces are one `replay` away. */
const SILENT: Out = { c: new Chalk({ level: 0 }), json: true, say: () => undefined };

/** How long a variant's search may take to stop after a signal before the worker is terminated. */
const GRACE_MS = 3000;

/** A saved finding as the JSON summary shows it (the schedule is in the file). */
function withoutSchedule<T extends { schedule: unknown }>(f: T): Omit<T, 'schedule'> {
  const { schedule: _schedule, ...rest } = f;
  return rest;
}

/** One variant of the campaign: its target, and its budget. */
interface Entry {
  readonly t: Target;
  readonly cfg: Config;
  readonly budget: { readonly runs: number; readonly timeLimitMs: number | undefined };
}

/** The checked campaign: its variants in order, seed and budgets (the same on the main thread and in the worker). */
function campaignPlan(flags: Flags, protocol: LoadedProtocol | undefined, seed: number): { entries: Entry[]; runs: number; timeLimit: number | undefined; seed: number } {
  const defs: readonly AnyProtocolDef[] = protocol ? [protocol.def] : protocols;
  const runs = intFlag('runs', flags.runs, 1) ?? 2000;
  const timeLimit = secondsFlag('time-limit', flags['time-limit']);
  const entries: Entry[] = [];
  for (const def of defs)
    // The mutants of the catalogue are `paxos-sim mutants`' work, not the default campaign's.
    for (const variant of def.variants.filter((v) => v.mutant === undefined)) {
      // A known bug is sought at the sizes it declares (where the suites prove it is found), else at the variant's campaign sizes.
      const cfg = { ...defaultConfig(def), ...(variant.bugs?.[0]?.config ?? variant.campaignConfig) };
      const t: Target = { def, variant, cfg, invariants: def.invariants.filter((i) => variant.keeps.includes(i.name)), ...(protocol?.module ? { module: protocol.module } : {}) };
      // Correct variants get the run budget; known-buggy ones run until caught, up to 50x the runs or 30 s.
      const budget = variant.buggy ? { runs: runs * 50, timeLimitMs: (timeLimit ?? 30) * 1000 } : { runs, timeLimitMs: timeLimit && timeLimit * 1000 };
      entries.push({ t, cfg, budget });
    }
  return { entries, runs, timeLimit, seed };
}

/** One variant's outcome, as the JSON summary shows it. */
interface Outcome {
  readonly protocol: string;
  readonly variant: string;
  readonly buggy: boolean;
  readonly config: Config;
  readonly runs: number;
  readonly events: number;
  readonly elapsedMs: number;
  readonly fingerprint: string | null;
  readonly violation: Omit<SavedFinding, 'schedule'> | null;
  /** Null when a signal stopped the variant before it could show either way. */
  readonly asExpected: boolean | null;
  readonly interrupted?: StopSignal;
}

function outcome(e: Entry, r: { runs: number; events: number; elapsedMs: number; fingerprint: string | null }, saved: SavedFinding | undefined, interrupted: StopSignal | undefined): Outcome {
  const stoppedEarly = interrupted !== undefined && saved === undefined;
  return {
    protocol: e.t.def.name, variant: e.t.variant.name, buggy: e.t.variant.buggy, config: e.cfg, runs: r.runs, events: r.events, elapsedMs: r.elapsedMs, fingerprint: r.fingerprint,
    violation: saved ? withoutSchedule(saved) : null, asExpected: stoppedEarly ? null : e.t.variant.buggy === (saved !== undefined), ...(interrupted ? { interrupted } : {}),
  };
}

/** A finding handed over while a variant's campaign was running (`found`), enough to save it unshrunk. */
interface PendingVariantFinding {
  readonly index: number;
  readonly raw: RawFinding;
  readonly campaign: { runs: number; events: number; elapsedMs: number; fingerprint: string };
}

/** The campaign itself (in the worker thread): one item per variant. */
export async function campaignWork(job: Job, ctx: JobContext): Promise<{ stoppedAt: number | null }> {
  const plan = campaignPlan(job.flags, await loadRef(job.protocol), job.seed!);
  const outDir = job.flags.out ?? 'counterexamples';
  for (let i = 0; i < plan.entries.length; i++) {
    const e = plan.entries[i]!;
    const target = scheduleTarget(e.t.def, e.t.variant, e.cfg, e.t.invariants);
    const r = runStrategyCampaign({ target, strategy: 'des', desFaults: 'swarm', seed: plan.seed, ...e.budget, shouldStop: () => ctx.stopReason() !== undefined });
    let saved: SavedFinding | undefined;
    if (r.found) {
      const raw: RawFinding = { schedule: r.found.schedule, finding: r.found.finding, from: { seed: plan.seed, run: r.found.run, runSeed: r.found.runSeed, foundBy: r.found.strategy } };
      ctx.found(i, { index: i, raw, campaign: r } satisfies PendingVariantFinding);
      saved = saveFinding(SILENT, e.t, raw.schedule, raw.finding, raw.from, outDir, true, ctx.stopReason());
      ctx.saved(i);
    }
    ctx.item(outcome(e, r, saved, r.stopped || saved?.shrunk === false ? ctx.stopReason() : undefined));
    if (r.stopped || ctx.stopReason() !== undefined) return { stoppedAt: i };
  }
  return { stoppedAt: null };
}

async function campaignCommand({ flags, protocol }: ParsedArgs): Promise<number> {
  const seed = seedFlag(flags.seed);
  const plan = campaignPlan(flags, protocol, seed);
  const outDir = outDirFlag(flags.out);
  const o = makeOut(flags.json ?? false, flags['no-color'] ?? false);
  o.say(o.c.bold(`paxos-sim default campaign: seed ${seed}, up to ${plan.runs} swarm runs per variant${plan.timeLimit ? ` or ${plan.timeLimit}s` : ''}\n`));
  const watch = watchSignals(o.json);
  try {
    const run = await runJob({ command: 'campaign', flags, protocol: protocolRef(protocol), seed }, campaignWork, { say: o.say, watch, graceMs: GRACE_MS });
    const results = run.items as Outcome[];
    // A worker stopped while minimising: save what it was given, as found.
    for (const x of run.unsaved) {
      const u = x as PendingVariantFinding;
      const e = plan.entries[u.index]!;
      const saved = saveFinding(SILENT, e.t, u.raw.schedule, u.raw.finding, u.raw.from, outDir, false, watch.signal);
      results.push(outcome(e, u.campaign, saved, watch.signal));
    }
    const interrupted = run.result?.stoppedAt === null ? undefined : watch.signal;
    const rows = results.map((r) => [
      r.protocol, r.variant, Object.values(r.config).join('/'), r.buggy ? 'buggy' : 'correct', String(r.runs), String(r.events),
      r.violation ? `${r.violation.kind} ${r.violation.invariant} (${r.violation.steps}/${r.violation.originalSteps} steps${r.violation.shrunk === false ? ', not minimised' : ''})` : 'none',
      r.asExpected === null ? `interrupted by ${r.interrupted}` : r.asExpected ? 'as expected' : 'UNEXPECTED',
    ]);
    const allAsExpected = results.every((r) => r.asExpected !== false);
    o.say(table(['protocol', 'variant', 'sizes', 'expected', 'runs', 'events', 'findings', 'verdict'], rows));
    o.say();
    if (interrupted) o.say(o.c.yellow(`stopped by ${interrupted}: ${results.filter((r) => r.asExpected !== null).length} of ${plan.entries.length} variants finished`));
    o.say(allAsExpected ? o.c.green(`every variant${interrupted ? ' that finished' : ''} behaved as expected`) : o.c.red('some variant did not behave as expected'));
    if (results.some((r) => r.violation !== null)) o.say(`counterexamples saved under ${outDir}/ — replay any with: npx paxos-sim replay FILE`);
    const mutants = (protocol ? [protocol.def] : protocols).reduce((n, d) => n + d.variants.filter((v) => v.mutant !== undefined).length, 0);
    if (mutants > 0) o.say(`the ${mutants} mutants of the catalogue are not part of the campaign: npx paxos-sim mutants${protocol ? ` --protocol ${flags.protocol}` : ''} runs them`);
    if (o.json) process.stdout.write(JSON.stringify({ ok: allAsExpected && !interrupted, command: 'campaign', seed, interrupted: interrupted ?? null, results }) + '\n');
    return exitStatus(!allAsExpected, interrupted, 0);
  } finally {
    watch.dispose();
  }
}

export const campaignSpec: CommandSpec = {
  name: 'campaign',
  summary: 'the default fuzz campaign over every built-in protocol and variant, with a summary table (what npm start runs)',
  usage: 'campaign [--protocol NAME|./module.js] [flags]',
  flags: { protocol: 'every built-in protocol', seed: 'random, printed', runs: '2000 per correct variant (known-buggy ones run until caught, up to 50x or 30 s)', 'time-limit': 'none', out: 'counterexamples', json: 'off', 'no-color': 'off' },
  run: campaignCommand,
};
