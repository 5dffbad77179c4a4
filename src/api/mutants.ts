/**
 * The mutation catalogue as a measurement: every variant marked `mutant` is a
 * correct variant with one rule broken, and declares the one bug that breaking
 * it causes (its sizes, invariants, expected finding). `runMutant` searches
 * one mutant from one seed until it is caught or the budget is spent, shrinks
 * what it finds, and says how long detection took; `shortestOf` asks the
 * explorer for the shortest counterexample where it can finish. The
 * `mutants` command, its tests and the strategy-matrix bench all use these,
 * so the yardstick the strategies are judged on is measured one way.
 */
import { findInvariant, type AnyProtocolDef, type Config, type MutantDef, type VariantDef } from '../kernel/definition.js';
import { InputError } from '../kernel/input-error.js';
import { knownBugs, knownBugTarget, type KnownBug } from '../search/known-bugs.js';
import { runStrategyCampaign } from '../search/campaign.js';
import type { StrategyChoice, StrategyName } from '../search/strategy.js';
import { replaySchedule } from '../corpus/replay.js';
import { shrinkFinding, type ShortestOptions, type ShortestVerdict } from '../shrink/shortest.js';
import { exploreTarget } from './explore.js';
import { checkedInvariants } from '../kernel/target.js';
import type { Target } from './target.js';
import type { PortableEvent } from '../kernel/portable.js';
import type { Finding } from '../kernel/finding.js';

/** A mutant of the catalogue: its protocol, its variant and the one bug it declares. */
export interface Mutant {
  readonly def: AnyProtocolDef;
  readonly variant: VariantDef & { readonly mutant: MutantDef };
  readonly bug: KnownBug;
}

/** Every mutant declared by `defs`, in declaration order. */
export function catalogue(defs: readonly AnyProtocolDef[]): Mutant[] {
  const bugs = knownBugs(defs);
  const out: Mutant[] = [];
  for (const def of defs)
    for (const variant of def.variants) {
      if (variant.mutant === undefined) continue;
      const bug = bugs.find((b) => b.def === def && b.variant === variant);
      if (bug === undefined) throw new Error(`${def.name}/${variant.name} is a mutant without a bug`);
      out.push({ def, variant: variant as Mutant['variant'], bug });
    }
  return out;
}

/** The mutants named by `only` (all when empty); an unknown name is an `InputError` listing the accepted ones. */
export function selectMutants(all: readonly Mutant[], only: readonly string[]): Mutant[] {
  if (only.length === 0) return all.slice();
  const names = new Set(all.map((m) => m.variant.name));
  for (const n of only) if (!names.has(n)) throw new InputError(`no mutant named "${n}"; mutants: ${[...names].join(', ') || 'none'}`);
  return all.filter((m) => only.includes(m.variant.name));
}

/** What breaking the rule breaks: the liveness goal only, or safety. */
export function breaksOnlyLiveness(m: Mutant): boolean {
  return m.bug.expect.every((e) => e === 'liveness');
}

export interface MutantRunOptions {
  readonly seed: number;
  /** Default: `all`, the default strategy. */
  readonly strategy?: StrategyChoice;
  /** Wall-clock budget of the search (default 30 s). */
  readonly timeLimitMs?: number;
  /** Run budget (default: unbounded within the time limit). */
  readonly runs?: number;
  /** Shrink what is found (default true): the event-level minimiser, then breadth-first search for a shorter story. */
  readonly shrink?: boolean;
  /** Budget of the breadth-first stage (default `SHORTEST_DEFAULTS`). */
  readonly shortest?: ShortestOptions;
  readonly shouldStop?: () => boolean;
}

/** One mutant searched from one seed. */
export interface MutantSeedRun {
  readonly seed: number;
  /** A violation the bug expects was found. */
  readonly caught: boolean;
  /** What was found (null: nothing), and by which strategy. */
  readonly kind: Finding['kind'] | null;
  readonly invariant: string | null;
  readonly message: string | null;
  readonly strategy: StrategyName | null;
  /** Runs and kernel events until the finding (or the whole budget when none). */
  readonly runs: number;
  readonly events: number;
  /** Wall time of the search until the finding (or the whole budget). */
  readonly timeToDetectMs: number;
  /** Steps of the failing run as found, after the event-level minimiser, and after breadth-first search (the final story). */
  readonly originalSteps: number | null;
  readonly minimizedSteps: number | null;
  readonly steps: number | null;
  /** What breadth-first search for a shorter story concluded (null when nothing was found or shrunk). */
  readonly breadthFirst: ShortestVerdict | null;
  /** The shrunk schedule (null when nothing was found). */
  readonly schedule: readonly PortableEvent[] | null;
  readonly finding: Finding | null;
  readonly fingerprint: string;
  /** A stop request ended the search before it could show either way. */
  readonly stopped: boolean;
}

/** The target a mutant's bug is searched on (its sizes, its invariants, liveness when the bug checks it). */
export function mutantTarget(m: Mutant): Target {
  const invariants = m.bug.invariants ? m.bug.invariants.map((n) => findInvariant(m.def, n)!) : checkedInvariants(m.def, m.variant);
  return { def: m.def, variant: m.variant, cfg: m.bug.config, invariants };
}

/** Searches one mutant from one seed, and shrinks what it finds. */
export function runMutant(m: Mutant, o: MutantRunOptions): MutantSeedRun {
  const target = knownBugTarget(m.bug);
  const timeLimitMs = o.timeLimitMs ?? 30_000;
  const r = runStrategyCampaign({
    target, strategy: o.strategy ?? 'all', seed: o.seed, runs: o.runs ?? Number.MAX_SAFE_INTEGER, timeLimitMs,
    ...(o.shouldStop ? { shouldStop: o.shouldStop } : {}),
  });
  const f = r.found;
  if (f === undefined)
    return {
      seed: o.seed, caught: false, kind: null, invariant: null, message: null, strategy: null, runs: r.runs, events: r.events, timeToDetectMs: r.elapsedMs,
      originalSteps: null, minimizedSteps: null, steps: null, breadthFirst: null, schedule: null, finding: null, fingerprint: r.fingerprint, stopped: r.stopped,
    };
  let final = { schedule: f.schedule, finding: f.finding };
  let breadthFirst: ShortestVerdict | null = null;
  if (o.shrink ?? true) {
    const rt = { proto: target.proto, invariants: target.invariants, semantics: target.semantics, decided: target.decided };
    const s = shrinkFinding(mutantTarget(m), rt, f.schedule, f.finding, o.shortest);
    final = { schedule: s.schedule, finding: s.finding };
    breadthFirst = s.shortest;
  }
  return {
    seed: o.seed, caught: m.bug.expect.includes(final.finding.invariant), kind: final.finding.kind, invariant: final.finding.invariant, message: final.finding.message,
    strategy: f.strategy, runs: r.runs, events: r.events, timeToDetectMs: r.elapsedMs, originalSteps: f.originalSteps, minimizedSteps: breadthFirst?.before ?? null, steps: final.schedule.length, breadthFirst,
    schedule: final.schedule, finding: final.finding, fingerprint: r.fingerprint, stopped: false,
  };
}

/** The explorer's shortest counterexample of a mutant, or why there is none. */
export type Shortest =
  | { readonly steps: number; readonly invariant: string; readonly states: number; readonly config: Config; readonly faults: 'on' | 'off' }
  /** The explorer finished (or stopped) without a violation: `complete` true means the mutant is harmless at that scope. */
  | { readonly steps: null; readonly complete: boolean; readonly states: number; readonly config: Config; readonly faults: 'on' | 'off'; readonly stoppedBy: string | null }
  | { readonly steps: null; readonly unavailable: string };

/**
 * Breadth-first search at the sizes the mutant declares for it (`mutant.shortest`):
 * the first violation found is a shortest one (in events).
 */
export function shortestOf(m: Mutant, timeLimitMs: number): Shortest {
  const s = m.variant.mutant.shortest;
  if (s === undefined) return { steps: null, unavailable: 'not declared' };
  if (typeof s === 'string') return { steps: null, unavailable: s };
  const cfg = { ...m.bug.config, ...s.config };
  const faults = s.faults ?? 'off';
  const t = { ...mutantTarget(m), cfg };
  const r = exploreTarget(t, { faults, timeLimitMs });
  if (r.violation && r.schedule) {
    // The shortest path must reproduce under strict replay, like any finding.
    const check = replaySchedule({ proto: m.variant.build(cfg), invariants: t.invariants, semantics: m.variant.semantics }, r.schedule);
    if (check.finding === undefined) throw new Error(`${m.def.name}/${m.variant.name}: the explorer's counterexample does not replay`);
    return { steps: r.schedule.length, invariant: check.finding.invariant, states: r.distinctStates, config: cfg, faults };
  }
  return { steps: null, complete: r.complete, states: r.distinctStates, config: cfg, faults, stoppedBy: r.complete ? null : (r.stoppedBy ?? null) };
}

/** Median and worst of a list of numbers (null for an empty one). */
export function medianWorst(xs: readonly number[]): { median: number; worst: number } | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return { median: s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2, worst: s[s.length - 1]! };
}
