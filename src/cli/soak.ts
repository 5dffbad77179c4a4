/**
 * `paxos-sim soak`: long multi-core fuzzing for nightly jobs (src/soak/ does
 * the work). Worker threads (`--workers`, default every core) pull bounded
 * fuzz items from a deterministic plan of the seed space (`--seed`,
 * `--shard I/N`, or a Kubernetes Indexed Job's `JOB_COMPLETION_INDEX` with
 * `PAXOS_SIM_SHARDS`), rotating protocols (the built-ins, or `--protocol`),
 * variants (the correct ones, or `--variant a,b`), sizes and strategies,
 * until `--duration` (alias `--time-limit`) or `--items` is spent. A canary
 * mutant must be caught. Reports go to `--out`: `soak-summary.json`,
 * `soak-junit.xml`, `soak-summary.md`, `soak-index.html`, `soak-status.json`
 * (refreshed every 2 s) and `findings/` (one counterexample per distinct
 * finding).
 *
 * `paxos-sim soak merge DIR... --out DIR` merges shard outputs into one report;
 * it exits 1 unless every shard ran to its end, caught its canary and found
 * nothing.
 *
 * Exit status: 0 nothing found and the canary caught; 1 a finding, a lost
 * worker, or the canary not caught; 2 bad input; 130/143 stopped by
 * SIGINT/SIGTERM with nothing found (the reports are written first, within
 * 5 s).
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import cliProgress from 'cli-progress';
import { strategyOf } from '../api/fuzz.js';
import { InputError } from '../kernel/input-error.js';
import { protocols } from '../protocols/index.js';
import { mergeSoaks } from '../soak/merge.js';
import { shardOf, soakCases, type RotationProtocol } from '../soak/plan.js';
import { INDEX_FILE, JUNIT_FILE, MARKDOWN_FILE, replayCommand, STATUS_FILE, SUMMARY_FILE } from '../soak/reports.js';
import { pickCanary, runSoak, type SoakStatus } from '../soak/run.js';
import type { SoakSummary } from '../soak/summary.js';
import { intFlag, secondsFlag, seedFlag, type CommandSpec, type Flags, type ParsedArgs } from './args.js';
import { outDirFlag } from './out-dir.js';
import { makeOut, table, type Out } from './output.js';
import { exitStatus, watchSignals, type StopSignal } from './signals.js';

/** Default run budget of one item. */
export const DEFAULT_ITEM_RUNS = 200;
/** Default duration when neither --duration nor --items is given. */
export const DEFAULT_DURATION_S = 600;
/** Plain progress lines, when not on a terminal, this often. */
const LOG_EVERY_MS = 10_000;

const fmtS = (ms: number): string => {
  const s = Math.round(ms / 1000);
  return s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m` : s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
};

/** One line of progress. */
export function statusLine(s: SoakStatus): string {
  const left = s.remainingMs !== null ? `, ${fmtS(s.remainingMs)} left` : s.itemsBudget !== null ? `, ${s.itemsDone}/${s.itemsBudget} items` : '';
  return `soak ${fmtS(s.elapsedMs)}${left}: ${s.itemsDone} items, ${s.runs} runs, ${s.eventsPerSec} events/s, cases ${s.casesCovered}/${s.cases}, findings ${s.findings}, canary ${s.canary}, rss ${s.memory.rssMb} MB`;
}

/** The progress display: a bar on a terminal, plain lines every `LOG_EVERY_MS` otherwise. */
function progressDisplay(o: Out, tty: boolean, total: { durationS?: number; items?: number }): { show(s: SoakStatus): void; clear(): void; stop(): void } {
  if (!tty) {
    let last = Date.now();
    return {
      show(s) {
        if (s.state === 'running' && Date.now() - last >= LOG_EVERY_MS) ((last = Date.now()), o.say(statusLine(s)));
      },
      clear() {},
      stop() {},
    };
  }
  const bar = new cliProgress.SingleBar({
    stream: process.stderr, hideCursor: true, clearOnComplete: true, etaBuffer: 20,
    format: 'soak [{bar}] {percentage}% | {runs} runs | {eps} events/s | cases {covered}/{cases} | findings {findings} | canary {canary} | {elapsed} elapsed{left}',
  }, cliProgress.Presets.shades_classic);
  const of = (s: SoakStatus): number => (total.durationS !== undefined ? Math.min(s.elapsedMs / 1000, total.durationS) : s.itemsDone);
  const payload = (s: SoakStatus): Record<string, unknown> => ({
    runs: s.runs, eps: s.eventsPerSec, covered: s.casesCovered, cases: s.cases, findings: s.findings, canary: s.canary, elapsed: fmtS(s.elapsedMs),
    left: s.remainingMs !== null ? `, ${fmtS(s.remainingMs)} left` : '',
  });
  let started = false;
  return {
    show(s) {
      if (!started) ((started = true), bar.start(total.durationS ?? total.items ?? 1, of(s), payload(s)));
      else bar.update(of(s), payload(s));
    },
    /** Erases the bar's line so a message can be printed; the bar is drawn again at the next refresh. */
    clear() {
      if (started) process.stderr.write('\r\x1b[2K');
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}

function printSummary(o: Out, s: SoakSummary, outDir: string): void {
  o.say(table(['case', 'items', 'runs', 'events', 'findings'], s.cases.map((c) => [c.id, String(c.items), String(c.runs), String(c.events), String(c.findings.length)])));
  for (const f of s.findings) o.say(o.c.red(`FINDING ${f.signature}: ${f.kind} ${f.invariant} in ${f.protocol}/${f.variant}, ${f.count} item(s), seeds ${f.seeds.slice(0, 10).join(' ')}${f.file ? `\n  replay: ${replayCommand(outDir, f.file)}` : ''}\n  reproduce: ${f.reproduce}`));
  for (const k of s.canary) o.say(k.caught ? o.c.green(`canary ${k.protocol}/${k.mutant}: failed as expected (${k.invariant}, seed ${k.seed}, ${k.timeToDetectMs} ms)`) : o.c.red(`canary ${k.protocol}/${k.mutant}: NOT CAUGHT in ${k.items} item(s), ${k.runs} runs`));
  if (s.incidentCount > 0) o.say(o.c.red(`${s.incidentCount} worker incident(s): ${s.incidents.map((i) => `${i.kind} on ${i.case} seed ${i.seed}`).join('; ')}`));
  const t = s.totals;
  o.say(`${s.ok ? o.c.green('OK') : !failed(s) ? o.c.yellow('INTERRUPTED') : o.c.red('FAILED')}: ${t.items} items, ${t.runs} runs, ${t.events} events in ${fmtS(s.elapsedMs)} (${t.runsPerSec} runs/s, ${t.eventsPerSec} events/s), ${s.findings.length} distinct finding(s), peak rss ${s.memory.peakRssMb} MB${s.interrupted ? `; stopped by ${s.interrupted}` : ''}`);
  o.say(`reports: ${[SUMMARY_FILE, JUNIT_FILE, MARKDOWN_FILE, INDEX_FILE].map((f) => join(outDir, f)).join(' ')}`);
}

/** Whether the soak failed: a finding or a lost worker; or (not stopped by a signal) the canary not caught. */
function failed(s: SoakSummary): boolean {
  return s.findings.length > 0 || s.incidentCount > 0 || (s.interrupted === null && !s.ok);
}

async function mergeCommand(dirs: string[], flags: Flags): Promise<number> {
  for (const f of Object.keys(flags) as (keyof Flags)[]) if (!['out', 'json', 'no-color', 'sizes'].includes(f)) throw new InputError(`soak merge takes only DIR... --out DIR [--json] [--no-color], got --${f}`);
  if (flags.out === undefined) throw new InputError('soak merge needs --out DIR (where the merged report goes)');
  const outDir = outDirFlag(flags.out);
  const o = makeOut(flags.json ?? false, flags['no-color'] ?? false);
  const s = mergeSoaks(dirs, outDir);
  printSummary(o, s, outDir);
  if (o.json) process.stdout.write(JSON.stringify({ ...s, reports: reportPaths(outDir) }) + '\n');
  // A merged report passes only when every shard ran to its end, caught its canary and found nothing.
  return s.ok ? 0 : 1;
}

const reportPaths = (outDir: string): Record<string, string> => ({
  summary: join(outDir, SUMMARY_FILE), junit: join(outDir, JUNIT_FILE), markdown: join(outDir, MARKDOWN_FILE), index: join(outDir, INDEX_FILE), status: join(outDir, STATUS_FILE),
});

async function soakCommand({ flags, rest, protocol }: ParsedArgs): Promise<number> {
  if (rest[0] === 'merge') return mergeCommand(rest.slice(1), flags);
  if (rest.length > 0) throw new InputError(`soak: unexpected argument ${JSON.stringify(rest[0])}; usage: paxos-sim soak [flags] or paxos-sim soak merge DIR... --out DIR`);
  if (flags.duration !== undefined && flags['time-limit'] !== undefined) throw new InputError('soak: give --duration or --time-limit (the same thing), not both');
  const seed = seedFlag(flags.seed);
  const given = secondsFlag(flags.duration !== undefined ? 'duration' : 'time-limit', flags.duration ?? flags['time-limit']);
  const items = intFlag('items', flags.items, 1, 1e9);
  const durationS = given ?? (items === undefined ? DEFAULT_DURATION_S : undefined);
  const workers = intFlag('workers', flags.workers, 1, 256) ?? availableParallelism();
  const runsPerItem = intFlag('runs', flags.runs, 1, 1e7) ?? DEFAULT_ITEM_RUNS;
  const strategy = strategyOf(flags.strategy, '--strategy');
  const shard = shardOf(flags.shard);
  const variants = flags.variant?.split(',').map((v) => v.trim()).filter((v) => v !== '');
  const protos: RotationProtocol[] = protocol ? [{ def: protocol.def, ...(protocol.module ? { module: protocol.module } : {}) }] : protocols.map((def) => ({ def }));
  // Checked before anything is printed or started: the rotation and the canary.
  soakCases(protos, variants);
  pickCanary(protos, flags.canary);
  const outDir = outDirFlag(flags.out);
  const watchdog = intFlag('PAXOS_SIM_SOAK_WATCHDOG_MS', process.env['PAXOS_SIM_SOAK_WATCHDOG_MS'], 100, 3_600_000);
  const o = makeOut(flags.json ?? false, flags['no-color'] ?? false);
  o.say(`soak seed ${seed}, shard ${shard.index}/${shard.count}, ${workers} worker thread${workers === 1 ? '' : 's'}, ${durationS !== undefined ? `${durationS} s` : ''}${durationS !== undefined && items !== undefined ? ' or ' : ''}${items !== undefined ? `${items} items` : ''}, ${runsPerItem} runs per item, strategy ${strategy}, out ${outDir}`);
  const watch = watchSignals(o.json);
  const display = progressDisplay(o, !flags.quiet && !o.json && process.stderr.isTTY === true, { ...(durationS !== undefined ? { durationS } : {}), ...(items !== undefined ? { items } : {}) });
  try {
    const s = await runSoak({
      seed, shard, workers, runsPerItem, strategy, ...(durationS !== undefined ? { durationS } : {}), ...(items !== undefined ? { items } : {}),
      protocols: protos, ...(variants ? { variants } : {}), ...(flags.canary ? { canary: flags.canary } : {}), outDir,
      ...(watchdog !== undefined ? { watchdogMs: watchdog } : {}), graceMs: 2000,
      workerScript: new URL('../soak/worker.js', import.meta.url),
      say: (line) => (display.clear(), o.say(line)), onStatus: (st) => display.show(st),
      stopWhen: new Promise<string>((resolve) => watch.onStop(resolve)),
    });
    display.stop();
    printSummary(o, s, outDir);
    if (o.json) process.stdout.write(JSON.stringify({ ...s, reports: reportPaths(outDir) }) + '\n');
    return exitStatus(failed(s), (s.interrupted ?? undefined) as StopSignal | undefined, 0);
  } finally {
    display.stop();
    watch.dispose();
  }
}

export const soakSpec: CommandSpec = {
  name: 'soak',
  summary: 'long multi-core fuzzing for nightly jobs (worker threads, shards, canary, JSON/JUnit/Markdown reports); soak merge DIR... merges shard outputs',
  usage: 'soak [--duration SECONDS] [--items K] [--workers N] [--shard I/N] [--out DIR] [flags]  |  soak merge DIR... --out DIR',
  positionals: 10_000,
  flags: {
    protocol: 'every built-in protocol', variant: 'the correct variants (comma-separated names)', seed: 'random, printed', duration: `${DEFAULT_DURATION_S} unless --items is given`, 'time-limit': 'alias of --duration',
    items: 'none', runs: `${DEFAULT_ITEM_RUNS} (runs per item)`, workers: 'every core', shard: '1/1, or JOB_COMPLETION_INDEX + 1 of PAXOS_SIM_SHARDS', strategy: 'all', canary: 'accept-below-promise',
    out: 'counterexamples', json: 'off', 'no-color': 'off', quiet: 'off',
  },
  run: soakCommand,
};
