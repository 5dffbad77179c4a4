/**
 * The soak summary (`soak-summary.json`, format `paxos-sim/soak@1`): what a
 * soak ran, per case, what it found, deduplicated by signature, its canary
 * and its incidents. `soak merge` reads these from every shard and writes
 * one of the same shape, so the reports (reports.ts) are written one way.
 * Everything in it is bounded: per-case totals, one entry per distinct
 * finding (with at most `MAX_SEEDS` seeds listed), at most `MAX_INCIDENTS`
 * incidents — memory stays flat however long the soak runs.
 */
import type { Config } from '../kernel/definition.js';
import type { Shard } from './plan.js';

export const SUMMARY_FORMAT = 'paxos-sim/soak@1';
/** Seeds listed per finding (the count goes on). */
export const MAX_SEEDS = 100;
/** Incidents listed (the count goes on). */
export const MAX_INCIDENTS = 100;

export interface CaseTotals {
  readonly id: string;
  readonly protocol: string;
  readonly variant: string;
  readonly config: Config;
  items: number;
  /** Items stopped before their runs were done (signal, end of the duration, time cap). */
  partialItems: number;
  runs: number;
  events: number;
  elapsedMs: number;
  /** Signatures of the findings made in this case. */
  findings: string[];
}

export interface FindingEntry {
  readonly signature: string;
  readonly protocol: string;
  readonly variant: string;
  /** Sizes of the first item that found it. */
  readonly config: Config;
  readonly kind: string;
  readonly invariant: string;
  /** The invariant's explanation, with its witnesses. */
  readonly message: string;
  /** Readable shape of the minimised trace (what the signature hashes). */
  readonly shape: string;
  readonly steps: number;
  /** The saved counterexample and its HTML report, relative to the soak's output directory. */
  file: string | null;
  html: string | null;
  /** False when it was saved as found (a signal came before minimisation). */
  readonly shrunk: boolean;
  /** Items that hit it. */
  count: number;
  /** Item seeds that hit it (the first `MAX_SEEDS`), ascending. */
  seeds: number[];
  /** Cases that hit it. */
  cases: string[];
  /** The `paxos-sim fuzz` command of the first item that hit it. */
  readonly reproduce: string;
}

export interface CanaryReport {
  readonly mutant: string;
  readonly protocol: string;
  /** What counts as catching it (invariants or `liveness`). */
  readonly expect: readonly string[];
  caught: boolean;
  items: number;
  runs: number;
  events: number;
  /** Search time of the item that caught it. */
  timeToDetectMs: number | null;
  invariant: string | null;
  seed: number | null;
  /** Reproduces the catching (or last) canary item. */
  command: string | null;
}

export interface IncidentReport {
  readonly kind: 'crash' | 'hang';
  readonly worker: number;
  readonly case: string;
  readonly seed: number;
  readonly command: string;
  readonly message: string;
  readonly atMs: number;
}

export interface MemorySample {
  readonly tS: number;
  readonly rssMb: number;
  readonly heapUsedMb: number;
}

export interface SoakSummary {
  readonly format: typeof SUMMARY_FORMAT;
  ok: boolean;
  readonly command: 'soak' | 'soak merge';
  readonly seed: number;
  /** This shard (merged: 1/N with `shards` listing the parts). */
  readonly shard: Shard;
  readonly workers: number;
  readonly strategy: string;
  readonly runsPerItem: number;
  readonly durationS: number | null;
  readonly itemsBudget: number | null;
  readonly startedAt: string;
  elapsedMs: number;
  interrupted: string | null;
  totals: { items: number; partialItems: number; runs: number; events: number; runsPerSec: number; eventsPerSec: number };
  cases: CaseTotals[];
  findings: FindingEntry[];
  canary: CanaryReport[];
  incidents: IncidentReport[];
  incidentCount: number;
  memory: { peakRssMb: number; samples: MemorySample[] };
  /** Merged reports: the shard outputs merged. */
  shards?: { dir: string; shard: Shard; seed: number; ok: boolean }[];
}

/** Whether a summary passes: nothing found, every canary caught, no worker lost. */
export function verdict(s: Pick<SoakSummary, 'findings' | 'canary' | 'incidentCount'>): boolean {
  return s.findings.length === 0 && s.canary.length > 0 && s.canary.every((c) => c.caught) && s.incidentCount === 0;
}

/** Adds `seed` to a finding's ascending seed list, keeping the first `MAX_SEEDS`. */
export function addSeed(seeds: number[], seed: number): void {
  if (seeds.includes(seed)) return;
  seeds.push(seed);
  seeds.sort((a, b) => a - b);
  if (seeds.length > MAX_SEEDS) seeds.length = MAX_SEEDS;
}

/** Rates of the totals. */
export function withRates(t: { items: number; partialItems: number; runs: number; events: number }, elapsedMs: number): SoakSummary['totals'] {
  const s = Math.max(elapsedMs, 1) / 1000;
  return { ...t, runsPerSec: Math.round(t.runs / s), eventsPerSec: Math.round(t.events / s) };
}
