/**
 * `paxos-sim mutants`: runs the mutation catalogue (every variant marked
 * `mutant` of every built-in protocol, or of `--protocol`, or those named by
 * `--only`) and prints, per mutant: caught or not on every seed, by which
 * strategy, the invariant, time and runs to detect (median and worst over
 * the seeds), the shrunk steps (after the event-level minimiser, then after
 * breadth-first search for a shorter story, and on how many seeds that search
 * proved the story shortest), and the explorer's shortest counterexample at
 * the sizes the mutant declares for it, where it can finish. Exit 0 only
 * when every mutant is caught on every seed.
 *
 * Each mutant is searched with its bug's sizes and invariants, with the
 * chosen strategy (default `all`, the default of `fuzz`), from seeds
 * `--seed`, `--seed + 1`, ... (`--seeds K`), each until caught or
 * `--time-limit` seconds. The work runs in a worker thread (background.ts):
 * on SIGINT or SIGTERM the mutant being searched stops, the table shows the
 * mutants run so far, and the exit status is 1 if one of them escaped, else
 * 130 or 143.
 */
import { Chalk } from 'chalk';
import { catalogue, medianWorst, mutantTarget, runMutant, selectMutants, shortestOf, type Mutant, type MutantSeedRun, type Shortest } from '../api/mutants.js';
import { strategyOf } from '../api/fuzz.js';
import type { AnyProtocolDef } from '../kernel/definition.js';
import { InputError } from '../kernel/input-error.js';
import { protocols } from '../protocols/index.js';
import type { LoadedProtocol } from '../protocols/load.js';
import type { StrategyChoice } from '../search/strategy.js';
import { intFlag, secondsFlag, seedFlag, type CommandSpec, type Flags, type ParsedArgs } from './args.js';
import { runJob, type Job, type JobContext } from './background.js';
import { saveFinding, type SavedFinding } from './findings.js';
import { contextOut, loadRef, protocolRef } from './fuzz.js';
import { outDirFlag } from './out-dir.js';
import { makeOut, table, type Out } from './output.js';
import { exitStatus, watchSignals, type StopSignal } from './signals.js';

/** How long a mutant's search may take to stop after a signal before the worker is terminated. */
const GRACE_MS = 3000;
const SILENT: Out = { c: new Chalk({ level: 0 }), json: true, say: () => undefined };

/** The checked plan: which mutants, seeds, strategy and budgets (the same on the main thread and in the worker). */
interface Plan {
  readonly mutants: Mutant[];
  readonly seeds: number[];
  readonly strategy: StrategyChoice;
  readonly timeLimitMs: number;
  readonly runs: number | undefined;
  readonly shortestLimitMs: number;
  readonly out: string | undefined;
}

function shortestLimit(value: string | undefined): number {
  if (value === undefined) return 10_000;
  if (/^\s*0*\.?0*\s*$/.test(value) && value.trim() !== '' && value.trim() !== '.') return 0;
  return secondsFlag('shortest-limit', value)! * 1000;
}

function plan(flags: Flags, protocol: LoadedProtocol | undefined, seed: number): Plan {
  const defs: readonly AnyProtocolDef[] = protocol ? [protocol.def] : protocols;
  const all = catalogue(defs);
  if (all.length === 0) throw new InputError(`${defs.map((d) => d.name).join(', ')} declares no mutants (variants with a "mutant" field)`);
  const k = intFlag('seeds', flags.seeds, 1, 1000) ?? 1;
  return {
    mutants: selectMutants(all, flags.only ?? []),
    seeds: Array.from({ length: k }, (_, i) => (seed + i) % 2 ** 32),
    strategy: strategyOf(flags.strategy, '--strategy'),
    timeLimitMs: (secondsFlag('time-limit', flags['time-limit']) ?? 30) * 1000,
    runs: intFlag('runs', flags.runs, 1),
    shortestLimitMs: shortestLimit(flags['shortest-limit']),
    out: flags.out,
  };
}

/** A seed's outcome as the JSON shows it (the schedule is in the saved file, when saved). */
type SeedOutcome = Omit<MutantSeedRun, 'schedule' | 'finding'> & { readonly file: string | null };

/** One mutant's outcome. */
export interface MutantOutcome {
  readonly name: string;
  readonly protocol: string;
  readonly of: string;
  readonly breaks: string;
  readonly deep: string | null;
  readonly description: string;
  readonly config: Record<string, number>;
  readonly expect: readonly string[];
  /** Caught on every seed. */
  readonly caught: boolean;
  readonly caughtSeeds: number;
  readonly seeds: number;
  /** The invariant and strategy of the first seed's finding. */
  readonly invariant: string | null;
  readonly strategy: string | null;
  /** Median over the seeds (the CLI contract's fields), and worst. */
  readonly timeToDetectMs: number | null;
  readonly timeToDetectWorstMs: number | null;
  readonly runsToDetect: number | null;
  readonly runsToDetectWorst: number | null;
  /** Median steps after the event-level minimiser, and after breadth-first search (the final story), over the caught seeds. */
  readonly minimizedSteps: number | null;
  readonly steps: number | null;
  /** Caught seeds whose final story breadth-first search proved shortest at the bug's sizes. */
  readonly provedSeeds: number;
  readonly shortest: Shortest | null;
  readonly perSeed: SeedOutcome[];
  readonly interrupted?: StopSignal;
}

function outcome(m: Mutant, runs: SeedOutcome[], shortest: Shortest | null, interrupted: StopSignal | undefined): MutantOutcome {
  const found = runs.filter((r) => r.caught);
  const time = medianWorst(found.map((r) => r.timeToDetectMs));
  const n = medianWorst(found.map((r) => r.runs));
  const steps = medianWorst(found.map((r) => r.steps!));
  const minimized = medianWorst(found.map((r) => r.minimizedSteps ?? r.steps!));
  const first = runs.find((r) => r.invariant !== null);
  return {
    name: m.variant.name, protocol: m.def.name, of: m.variant.mutant.of, breaks: m.variant.mutant.breaks, deep: m.variant.mutant.deep ?? null,
    description: m.variant.description, config: m.bug.config, expect: m.bug.expect,
    caught: runs.length > 0 && found.length === runs.length && interrupted === undefined, caughtSeeds: found.length, seeds: runs.length,
    invariant: first?.invariant ?? null, strategy: first?.strategy ?? null,
    timeToDetectMs: time?.median ?? null, timeToDetectWorstMs: time?.worst ?? null, runsToDetect: n?.median ?? null, runsToDetectWorst: n?.worst ?? null,
    minimizedSteps: minimized?.median ?? null, steps: steps?.median ?? null, provedSeeds: found.filter((r) => r.breadthFirst?.proved === true).length, shortest, perSeed: runs, ...(interrupted ? { interrupted } : {}),
  };
}

/** The catalogue's runs (in the worker thread): one item per mutant. */
export async function mutantsWork(job: Job, ctx: JobContext): Promise<{ stoppedAt: number | null }> {
  const p = plan(job.flags, await loadRef(job.protocol), job.seed!);
  const stop = (): boolean => ctx.stopReason() !== undefined;
  const o = contextOut(ctx, job);
  for (let i = 0; i < p.mutants.length; i++) {
    const m = p.mutants[i]!;
    const runs: SeedOutcome[] = [];
    for (const seed of p.seeds) {
      const r = runMutant(m, { seed, strategy: p.strategy, timeLimitMs: p.timeLimitMs, runs: p.runs, shouldStop: stop });
      if (r.stopped) break;
      let saved: SavedFinding | undefined;
      if (p.out !== undefined && r.schedule !== null && r.finding !== null) {
        const from = { seed, run: null, runSeed: null, foundBy: r.strategy ?? 'unknown', originalSteps: r.originalSteps ?? undefined, shortest: r.breadthFirst ?? undefined };
        saved = saveFinding(SILENT, mutantTarget(m), r.schedule.slice(), r.finding, from, p.out, false);
      }
      const { schedule: _s, finding: _f, ...rest } = r;
      runs.push({ ...rest, file: saved?.file ?? null });
      ctx.progress({ mutant: m.variant.name, seed, caught: r.caught });
    }
    const shortest = stop() || p.shortestLimitMs === 0 ? null : shortestOf(m, p.shortestLimitMs);
    const r = outcome(m, runs, shortest, ctx.stopReason());
    o.say(`  ${r.caught ? o.c.green('caught ') : r.interrupted ? o.c.yellow('stopped') : o.c.red('ESCAPED')}  ${r.protocol}/${r.name}: ${r.caughtSeeds}/${r.seeds} seeds, ${r.invariant ?? 'nothing found'}, median ${ms(r.timeToDetectMs)}`);
    ctx.item(r);
    if (stop()) return { stoppedAt: i };
  }
  return { stoppedAt: null };
}

function ms(x: number | null): string {
  if (x === null) return '-';
  return x < 1000 ? `${Math.round(x)} ms` : `${(x / 1000).toFixed(1)} s`;
}

function shortestText(s: Shortest | null, bugConfig: Record<string, number>): string {
  if (s === null) return '-';
  if ('unavailable' in s) return 'n/a';
  // Where the explorer had to use other sizes than the bug's, say which.
  const at = Object.entries(s.config).filter(([k, v]) => bugConfig[k] !== v).map(([k, v]) => `${k}=${v}`).join(' ');
  const where = `${at ? ` at ${at}` : ''}${s.faults === 'on' ? ' with faults' : ''}`;
  if (s.steps !== null) return `${s.steps}${where}`;
  return s.complete ? `NONE${where} (complete)` : `not within ${s.states} states${where} (${s.stoppedBy})`;
}

function row(r: MutantOutcome): string[] {
  const verdict = r.interrupted ? `interrupted (${r.caughtSeeds}/${r.seeds})` : r.caught ? `caught ${r.caughtSeeds}/${r.seeds}` : `ESCAPED ${r.seeds - r.caughtSeeds}/${r.seeds}`;
  const pair = (a: string, b: string): string => (a === b ? a : `${a} / ${b}`);
  return [
    `${r.protocol}/${r.name}`, verdict, r.strategy ?? '-', r.invariant ?? '-',
    pair(ms(r.timeToDetectMs), ms(r.timeToDetectWorstMs)), pair(String(r.runsToDetect ?? '-'), String(r.runsToDetectWorst ?? '-')),
    r.minimizedSteps === r.steps ? String(r.steps ?? '-') : `${r.minimizedSteps} -> ${r.steps}`, r.caughtSeeds ? `${r.provedSeeds}/${r.caughtSeeds}` : '-',
    shortestText(r.shortest, r.config),
  ];
}

async function mutantsCommand({ flags, protocol }: ParsedArgs): Promise<number> {
  const seed = seedFlag(flags.seed);
  const p = plan(flags, protocol, seed);
  if (p.out !== undefined) outDirFlag(p.out);
  const o = makeOut(flags.json ?? false, flags['no-color'] ?? false);
  o.say(o.c.bold(`paxos-sim mutants: ${p.mutants.length} mutants x ${p.seeds.length} seed${p.seeds.length > 1 ? 's' : ''} from ${seed}, strategy ${p.strategy}, up to ${p.timeLimitMs / 1000}s each${p.runs ? ` or ${p.runs} runs` : ''}\n`));
  const watch = watchSignals(o.json);
  try {
    const run = await runJob({ command: 'mutants', flags, protocol: protocolRef(protocol), seed, colour: o.c.level > 0 }, mutantsWork, {
      say: o.say, watch, graceMs: GRACE_MS,
    });
    const results = run.items as MutantOutcome[];
    const interrupted = run.result === undefined || run.result.stoppedAt !== null ? (watch.signal ?? undefined) : undefined;
    const caught = results.filter((r) => r.caught).length;
    const escaped = results.filter((r) => !r.caught && r.interrupted === undefined);
    o.say('');
    o.say(table(['mutant', 'verdict', 'by', 'invariant', 'time median / worst', 'runs median / worst', 'shrunk steps (minimiser -> BFS)', 'proved shortest', 'shortest'], results.map(row)));
    o.say('');
    if (interrupted) o.say(o.c.yellow(`stopped by ${interrupted}: ${results.length} of ${p.mutants.length} mutants run`));
    o.say(escaped.length === 0 && !interrupted
      ? o.c.green(`${caught} of ${p.mutants.length} mutants caught on every seed`)
      : o.c.red(`${caught} of ${p.mutants.length} mutants caught on every seed${escaped.length ? `; escaped: ${escaped.map((r) => r.name).join(', ')}` : ''}`));
    const harmless = results.filter((r) => r.shortest !== null && r.shortest.steps === null && 'complete' in r.shortest && r.shortest.complete);
    if (harmless.length) o.say(o.c.yellow(`the explorer found no violation at all in ${harmless.map((r) => r.name).join(', ')} (complete at its scope)`));
    if (o.json)
      process.stdout.write(JSON.stringify({
        ok: escaped.length === 0 && !interrupted, command: 'mutants', seed, seeds: p.seeds, strategy: p.strategy, timeLimitMs: p.timeLimitMs,
        total: p.mutants.length, caught, interrupted: interrupted ?? null, mutants: results,
      }) + '\n');
    return exitStatus(escaped.length > 0, interrupted, 0);
  } finally {
    watch.dispose();
  }
}

export const mutantsSpec: CommandSpec = {
  name: 'mutants',
  summary: 'runs the catalogue of deliberately broken variants and reports which are caught, how fast, and how short their stories are',
  usage: 'mutants [--protocol NAME|./module.js] [--only NAME...] [flags]',
  flags: {
    protocol: 'every built-in protocol', only: 'every mutant', strategy: 'all', seed: 'random, printed', seeds: '1',
    'time-limit': '30 per mutant and seed', runs: 'unbounded within the time limit', 'shortest-limit': '10', out: 'not saved', json: 'off', 'no-color': 'off',
  },
  run: mutantsCommand,
};
