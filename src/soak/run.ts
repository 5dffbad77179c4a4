/**
 * A soak: worker threads (pool.ts) pull items from the deterministic plan
 * (plan.ts) until the duration or the item budget is spent, or a signal
 * comes; a canary mutant takes one item in `CANARY_EVERY` until it is
 * caught; findings are deduplicated by signature (signature.ts) and each
 * distinct one is saved once (counterexample JSON and HTML report); a status
 * file is refreshed every few seconds; at the end the reports are written
 * (reports.ts). Nothing found is ever lost: a finding is handed over by its
 * worker before it is minimised, and one whose worker is stopped or dies is
 * saved as found.
 */
import { existsSync } from 'node:fs';
import { relative, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Chalk } from 'chalk';
import { searched } from '../api/fuzz-target.js';
import { catalogue, type Mutant } from '../api/mutants.js';
import { targetOf } from '../api/target.js';
import { saveFinding, type RawFinding } from '../cli/findings.js';
import { writeFileAtomic } from '../cli/out-dir.js';
import type { Out } from '../cli/output.js';
import type { AnyProtocolDef } from '../kernel/definition.js';
import { InputError } from '../kernel/input-error.js';
import type { Finding } from '../kernel/finding.js';
import type { PortableEvent } from '../kernel/portable.js';
import { protocols } from '../protocols/index.js';
import type { StrategyChoice } from '../search/strategy.js';
import type { ItemResult, ItemSpec } from './item.js';
import { canarySeed, soakCases, soakPlan, type RotationProtocol, type Shard, type WorkItem } from './plan.js';
import { Pool, type Dispatch, type Incident } from './pool.js';
import { FINDINGS_DIR, STATUS_FILE, writeReports } from './reports.js';
import { findingSignature } from './signature.js';
import { addSeed, MAX_INCIDENTS, SUMMARY_FORMAT, verdict, withRates, type CanaryReport, type CaseTotals, type FindingEntry, type MemorySample, type SoakSummary } from './summary.js';

/** One item in this many is the canary's, until it is caught. */
export const CANARY_EVERY = 10;
/** The canary's preferred mutant (a Phase 2b bug most strategies catch in milliseconds); else the catalogue's first. */
export const DEFAULT_CANARY = 'accept-below-promise';
/** Worker failures in a row (no item finishing between them) after which the soak stops: something is broken for every item. */
export const MAX_FAILURES_IN_A_ROW = 10;
/** Memory samples kept in the status and summary (older ones are thinned out). */
const MAX_SAMPLES = 720;

export interface SoakOptions {
  readonly seed: number;
  readonly shard: Shard;
  readonly workers: number;
  readonly runsPerItem: number;
  readonly strategy: StrategyChoice;
  /** Wall-clock budget in seconds (at least one of this and `items`). */
  readonly durationS?: number;
  /** Items of the plan to run (deterministic budget). */
  readonly items?: number;
  readonly protocols: readonly RotationProtocol[];
  /** Variant names to soak (default: the correct ones). */
  readonly variants?: readonly string[];
  /** The canary mutant's name (default `DEFAULT_CANARY`). */
  readonly canary?: string;
  readonly outDir: string;
  /** A worker silent this long is reported as hung and replaced (default 60 s). */
  readonly watchdogMs?: number;
  /** How long running items may take to stop before their workers are terminated (default 2.5 s). */
  readonly graceMs?: number;
  /** Safety cap on an item's wall time (default 120 s). */
  readonly itemTimeLimitMs?: number;
  /** Status refresh period (default 2 s). */
  readonly statusEveryMs?: number;
  /** The compiled worker script. */
  readonly workerScript: URL;
  /** Human lines (findings, incidents). */
  readonly say: (line: string) => void;
  /** Called with the status at every refresh. */
  readonly onStatus?: (s: SoakStatus) => void;
  /** Resolves with a reason to stop early (a signal's name). */
  readonly stopWhen?: Promise<string>;
}

export interface SoakStatus {
  readonly state: 'running' | 'stopping' | 'done';
  readonly seed: number;
  readonly shard: Shard;
  readonly workers: number;
  readonly workersStarted: number;
  readonly elapsedMs: number;
  readonly remainingMs: number | null;
  readonly itemsDone: number;
  readonly itemsBudget: number | null;
  readonly runs: number;
  readonly events: number;
  readonly runsPerSec: number;
  readonly eventsPerSec: number;
  /** Distinct cases that have run an item (coverage of the rotation). */
  readonly casesCovered: number;
  readonly cases: number;
  readonly findings: number;
  readonly canary: 'caught' | 'not caught yet';
  readonly incidents: number;
  /** The items running now, each with the command that re-runs it alone. */
  readonly running: readonly { readonly case: string; readonly seed: number; readonly runs: number; readonly command: string }[];
  readonly memory: { readonly rssMb: number; readonly heapUsedMb: number; readonly peakRssMb: number; readonly samples: readonly MemorySample[] };
  readonly updatedAt: string;
}

const mb = (n: number): number => Math.round((n / 1048576) * 10) / 10;

/** The canary mutant: by name, or the default, from the catalogue of the soaked and built-in protocols. */
export function pickCanary(protos: readonly RotationProtocol[], name?: string): Mutant {
  const defs: AnyProtocolDef[] = [...protos.map((p) => p.def)];
  for (const d of protocols) if (!defs.some((x) => x.name === d.name)) defs.push(d);
  const all = catalogue(defs);
  const m = all.find((x) => x.variant.name === (name ?? DEFAULT_CANARY)) ?? (name === undefined ? all[0] : undefined);
  if (m === undefined) throw new InputError(name === undefined ? 'no mutant to use as the canary' : `no mutant named "${name}" for the canary; mutants: ${all.map((x) => x.variant.name).join(', ')}`);
  return m;
}

/** A quiet `Out` for saving findings (their story goes to the report page, not the terminal). */
const quiet: Out = { c: new Chalk({ level: 0 }), json: true, say: () => undefined };

export async function runSoak(o: SoakOptions): Promise<SoakSummary> {
  if (o.durationS === undefined && o.items === undefined) throw new InputError('give --duration SECONDS or --items K (or both)');
  if (!existsSync(fileURLToPath(o.workerScript))) throw new Error(`the soak worker ${fileURLToPath(o.workerScript)} is missing: build paxos-sim first (npm run build)`);
  const defs = new Map(o.protocols.map((p) => [p.def.name, p.def]));
  const cases = soakCases(o.protocols, o.variants);
  const plan = soakPlan({ seed: o.seed, shard: o.shard, cases, runs: o.runsPerItem, strategy: o.strategy, defs });
  const mutant = pickCanary(o.protocols, o.canary);
  const canaryModules = o.protocols.flatMap((p) => (p.module ? [p.module] : []));
  const canaryRuns = Math.max(o.runsPerItem, 1000);
  const itemTimeLimitMs = o.itemTimeLimitMs ?? 120_000;
  const startedAt = new Date();
  const start = Date.now();
  const deadline = o.durationS === undefined ? undefined : start + o.durationS * 1000;

  const totals = new Map<string, CaseTotals>(cases.map((c) => [c.id, { id: c.id, protocol: c.protocol, variant: c.variant, config: c.config, items: 0, partialItems: 0, runs: 0, events: 0, elapsedMs: 0, findings: [] }]));
  const findings = new Map<string, FindingEntry>();
  const canary: CanaryReport = { mutant: mutant.variant.name, protocol: mutant.def.name, expect: mutant.bug.expect, caught: false, items: 0, runs: 0, events: 0, timeToDetectMs: null, invariant: null, seed: null, command: null };
  const incidents: SoakSummary['incidents'] = [];
  let incidentCount = 0;
  /** Worker failures since an item last finished: past `MAX_FAILURES_IN_A_ROW` the soak gives up. */
  let failuresInARow = 0;
  const inFlight = new Map<number, { d: Dispatch; work?: WorkItem; runs: number; events: number; raw?: RawFinding }>();
  let nextLocal = 0;
  let nextId = 0;
  let canaryN = 0;
  let sinceCanary = CANARY_EVERY;
  let finalCanary = false;
  let itemsDone = 0;
  let doneRuns = 0;
  let doneEvents = 0;
  let stopReason: string | undefined;
  let state: SoakStatus['state'] = 'running';
  let peakRss = 0;
  const samples: MemorySample[] = [];
  let sampleEvery = 10_000;
  let lastSample = -Infinity;

  const canaryCommand = (seed: number): string => `npx paxos-sim mutants --only ${mutant.variant.name} --seed ${seed}`;
  const canaryInFlight = (): boolean => [...inFlight.values()].some((x) => x.d.item.kind === 'canary');
  const budgetSpent = (): boolean => (o.items !== undefined && nextLocal >= o.items) || (deadline !== undefined && Date.now() >= deadline);

  const next = (): Dispatch | undefined => {
    if (stopReason !== undefined) return undefined;
    const spent = budgetSpent();
    const wantCanary = !canary.caught && !canaryInFlight() && (spent ? !finalCanary && inFlight.size === 0 : sinceCanary >= CANARY_EVERY);
    if (wantCanary) {
      if (spent) finalCanary = true;
      sinceCanary = 0;
      const seed = canarySeed(o.seed, o.shard, canaryN++);
      // The last chance (the budget is spent and it was not caught yet) gets ten times the runs.
      const item: ItemSpec = { kind: 'canary', id: nextId++, mutant: mutant.variant.name, modules: canaryModules, seed, runs: spent ? canaryRuns * 10 : canaryRuns, timeLimitMs: spent ? 30_000 : 10_000 };
      const d = { item, local: -1 };
      inFlight.set(item.id, { d, runs: 0, events: 0 });
      return d;
    }
    if (spent) return undefined;
    const w = plan.item(nextLocal++);
    sinceCanary++;
    const item: ItemSpec = { kind: 'case', id: nextId++, protocol: w.case.protocol, ...(w.case.module ? { module: w.case.module } : {}), variant: w.case.variant, config: w.case.config, seed: w.seed, runs: w.runs, strategy: w.strategy, timeLimitMs: itemTimeLimitMs };
    const d = { item, local: w.local };
    inFlight.set(item.id, { d, work: w, runs: 0, events: 0 });
    return d;
  };

  /** Records a finding of `w` (saving it when its signature is new). */
  const record = (w: WorkItem, schedule: PortableEvent[], finding: Finding, raw: RawFinding, interrupted?: string): void => {
    const { signature, shape } = findingSignature(w.case.protocol, w.case.variant, finding.invariant, schedule);
    const c = totals.get(w.case.id)!;
    if (!c.findings.includes(signature)) c.findings.push(signature);
    const known = findings.get(signature);
    if (known !== undefined) {
      known.count++;
      addSeed(known.seeds, w.seed);
      if (!known.cases.includes(w.case.id)) known.cases.push(w.case.id);
      return;
    }
    const def = defs.get(w.case.protocol)!;
    const t0 = targetOf(def, { variant: w.case.variant, config: w.case.config, ...(w.case.module ? { module: w.case.module } : {}) });
    let file: string | null = null;
    let html: string | null = null;
    try {
      const saved = saveFinding(quiet, searched(t0, true).t, schedule, finding, raw.from, join(o.outDir, FINDINGS_DIR), false, interrupted);
      file = saved.file === null ? null : relative(o.outDir, saved.file);
      html = saved.html ? relative(o.outDir, saved.html) : null;
    } catch (e) {
      o.say(`could not save the finding ${signature}: ${String((e as Error).message ?? e).split('\n')[0]}`);
    }
    findings.set(signature, {
      signature, protocol: w.case.protocol, variant: w.case.variant, config: w.case.config, kind: finding.kind, invariant: finding.invariant, message: finding.message,
      shape: shape.length > 2000 ? `${shape.slice(0, 2000)}…` : shape, steps: schedule.length, file, html, shrunk: interrupted === undefined, count: 1, seeds: [w.seed], cases: [w.case.id], reproduce: w.command,
    });
    o.say(`FINDING ${finding.kind} ${finding.invariant} in ${w.case.id}, seed ${w.seed}${interrupted ? ' (saved as found, not minimised)' : ''}: ${file ? join(o.outDir, file) : 'not saved'}\n  reproduce: ${w.command}`);
  };

  const addTotals = (w: WorkItem, runs: number, events: number, elapsedMs: number, partial: boolean): void => {
    const c = totals.get(w.case.id)!;
    c.items++;
    if (partial) c.partialItems++;
    c.runs += runs;
    c.events += events;
    c.elapsedMs += elapsedMs;
    itemsDone++;
    doneRuns += runs;
    doneEvents += events;
  };

  const onDone = (d: Dispatch, r: ItemResult): void => {
    failuresInARow = 0;
    const f = inFlight.get(d.item.id);
    inFlight.delete(d.item.id);
    if (f === undefined) return;
    if (d.item.kind === 'canary') {
      canary.items++;
      canary.runs += r.runs;
      canary.events += r.events;
      canary.seed = d.item.seed;
      canary.command = canaryCommand(d.item.seed);
      if (r.caught && !canary.caught) {
        canary.caught = true;
        canary.timeToDetectMs = r.elapsedMs;
        canary.invariant = r.invariant ?? null;
        o.say(`canary ${mutant.def.name}/${mutant.variant.name} caught as expected (${r.invariant}, seed ${d.item.seed}, ${r.elapsedMs} ms)`);
      }
      return;
    }
    addTotals(f.work!, r.runs, r.events, r.elapsedMs, r.partial);
    if (r.finding) record(f.work!, r.finding.schedule, r.finding.finding, r.finding.raw);
  };

  /** An item that did not finish (its worker died, hung, or was stopped): its progress counts, its finding is saved as found. */
  const cutShort = (d: Dispatch, why: string): void => {
    const f = inFlight.get(d.item.id);
    inFlight.delete(d.item.id);
    if (f === undefined || f.work === undefined) return;
    addTotals(f.work, f.runs, f.events, 0, true);
    if (f.raw) record(f.work, f.raw.schedule, f.raw.finding, f.raw, why);
  };

  const onIncident = (d: Dispatch, i: Incident): void => {
    const f = inFlight.get(d.item.id);
    const w = f?.work;
    const c = d.item.kind === 'case' ? w!.case.id : `canary ${mutant.variant.name}`;
    const command = w?.command ?? canaryCommand(d.item.seed);
    incidentCount++;
    failuresInARow++;
    if (incidents.length < MAX_INCIDENTS) incidents.push({ kind: i.kind, worker: i.worker, case: c, seed: d.item.seed, command, message: i.message, atMs: i.atMs });
    if (stopReason === undefined) o.say(`worker ${i.worker} ${i.kind === 'hang' ? 'hung' : 'crashed'} on ${c} seed ${d.item.seed}: ${i.message}; replaced\n  reproduce: ${command}`);
    cutShort(d, i.kind);
  };

  const pool = new Pool({ workers: o.workers, watchdogMs: o.watchdogMs ?? 60_000, graceMs: o.graceMs ?? 2500, script: o.workerScript }, {
    next,
    onProgress: (d, runs, events) => {
      const f = inFlight.get(d.item.id);
      if (f) (f.runs = runs), (f.events = events);
    },
    onFound: (d, raw) => {
      const f = inFlight.get(d.item.id);
      if (f) f.raw = raw;
    },
    onDone,
    onIncident,
  });

  const status = (): SoakStatus => {
    const m = process.memoryUsage();
    const elapsedMs = Date.now() - start;
    peakRss = Math.max(peakRss, m.rss);
    if (elapsedMs - lastSample >= sampleEvery) {
      lastSample = elapsedMs;
      samples.push({ tS: Math.round(elapsedMs / 1000), rssMb: mb(m.rss), heapUsedMb: mb(m.heapUsed) });
      if (samples.length > MAX_SAMPLES) {
        // Thin out: keep every other sample and halve the rate.
        for (let i = 1; i < samples.length; i++) samples.splice(i, 1);
        sampleEvery *= 2;
      }
    }
    let runs = doneRuns;
    let events = doneEvents;
    for (const f of inFlight.values()) if (f.work) (runs += f.runs), (events += f.events);
    const s = Math.max(elapsedMs, 1) / 1000;
    return {
      state, seed: o.seed, shard: o.shard, workers: o.workers, workersStarted: pool.started, elapsedMs, remainingMs: deadline === undefined ? null : Math.max(0, deadline - Date.now()),
      itemsDone, itemsBudget: o.items ?? null, runs, events, runsPerSec: Math.round(runs / s), eventsPerSec: Math.round(events / s),
      casesCovered: [...totals.values()].filter((c) => c.items > 0).length, cases: cases.length, findings: findings.size, canary: canary.caught ? 'caught' : 'not caught yet',
      incidents: incidentCount,
      running: [...inFlight.values()].map((f) => (f.work ? { case: f.work.case.id, seed: f.work.seed, runs: f.runs, command: f.work.command } : { case: `canary ${mutant.variant.name}`, seed: f.d.item.seed, runs: f.runs, command: canaryCommand(f.d.item.seed) })),
      memory: { rssMb: mb(m.rss), heapUsedMb: mb(m.heapUsed), peakRssMb: mb(peakRss), samples }, updatedAt: new Date().toISOString(),
    };
  };
  const refresh = (): void => {
    const s = status();
    try {
      writeFileAtomic(join(o.outDir, STATUS_FILE), JSON.stringify(s, null, 1) + '\n');
    } catch (e) {
      o.say(`could not write the status file: ${String((e as Error).message ?? e).split('\n')[0]}`);
    }
    o.onStatus?.(s);
  };
  refresh();
  const ticker = setInterval(refresh, o.statusEveryMs ?? 2000);

  // The end: the duration over, the item budget spent (the final canary included) with every worker idle, or a stop reason (a signal).
  const finished = new Promise<string>((resolve) => {
    const check = setInterval(() => {
      if (deadline !== undefined && Date.now() >= deadline) return (clearInterval(check), resolve('duration'));
      if (failuresInARow >= MAX_FAILURES_IN_A_ROW) return (clearInterval(check), resolve(`${failuresInARow} worker failures in a row`));
      if (budgetSpent() && !pool.busy) {
        pool.wake();
        if (!pool.busy) (clearInterval(check), resolve('budget'));
      }
    }, 50);
    void o.stopWhen?.then((r) => (clearInterval(check), resolve(r)));
  });
  const why = await finished;
  state = 'stopping';
  if (why !== 'budget') {
    stopReason = why;
    const cut = await pool.stop();
    for (const d of cut) cutShort(d, why === 'duration' ? 'the end of the duration' : why);
  } else await pool.close();
  // Items stopped by the flag report partial results (onDone); anything still listed is lost work only.
  for (const f of [...inFlight.values()]) cutShort(f.d, why);
  clearInterval(ticker);
  state = 'done';
  refresh();
  const elapsedMs = Date.now() - start;
  const summary: SoakSummary = {
    format: SUMMARY_FORMAT, ok: false, command: 'soak', seed: o.seed, shard: o.shard, workers: o.workers, strategy: o.strategy, runsPerItem: o.runsPerItem,
    durationS: o.durationS ?? null, itemsBudget: o.items ?? null, startedAt: startedAt.toISOString(), elapsedMs,
    interrupted: why === 'duration' || why === 'budget' ? null : why,
    totals: withRates({ items: itemsDone, partialItems: [...totals.values()].reduce((a, c) => a + c.partialItems, 0), runs: doneRuns, events: doneEvents }, elapsedMs),
    cases: [...totals.values()], findings: [...findings.values()], canary: [canary], incidents, incidentCount,
    memory: { peakRssMb: mb(peakRss), samples },
  };
  summary.ok = verdict(summary) && summary.interrupted === null;
  writeReports(summary, o.outDir);
  return summary;
}

