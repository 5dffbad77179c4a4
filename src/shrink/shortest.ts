/**
 * The last shrink stage: breadth-first search for a shorter story.
 *
 * The event-level minimiser (minimize.ts, as in DSLabs and DEMi) only drops
 * events from the story it is given, so it stops at a local minimum: a story
 * none of whose events can go, while a different, shorter one exists (paxos
 * `phase1-minority`: 19-30 steps where 9 suffice). At the small scopes
 * findings come from the explorer can settle it: breadth-first search over
 * every schedule shorter than the story, checking only the invariant the
 * finding violates, meets a shortest violation first. So the outcome is a
 * shorter story (taken once a strict replay reproduces it), or a proof that
 * none exists, or, when the budget runs out first, the story unchanged.
 *
 * When the budget runs out before the search settles it, a search among
 * the story's own moves (restricted.ts) still reaches the story's depth: what
 * it finds is shorter, but proves nothing about the unrestricted space.
 *
 * Faults: every story is searched fault-free first; a story with faults
 * (implementation-level variants only) then with the explorer's faults
 * (`EXPLORE_FAULTS`: loss, duplication, one crash at a time, at most two
 * faults per path), each search with the whole states budget. A proof holds
 * for the schedules the last search offered (`faults`). The budget that binds is the
 * number of states, so the outcome is the same on every machine; the time
 * limit is a safety net for a machine far slower than expected.
 */
import { exploreTarget, type ExploreOutcome } from '../api/explore.js';
import type { Target } from '../api/target.js';
import type { ReplayTarget } from '../corpus/replay.js';
import type { Finding } from '../kernel/finding.js';
import { isFault } from '../kernel/observers/faults.js';
import type { PortableEvent } from '../kernel/portable.js';
import { restrictedSearch, strictly, type RestrictedOutcome } from './restricted.js';
import { minimize, shortcut, slip, type Minimized } from './minimize.js';

export interface ShortestOptions {
  /** Wall-clock safety net of the whole stage (default 60 s; the states budgets, about 15 s of searching at most on a 2-core laptop, bind first on any ordinary machine). */
  readonly timeLimitMs?: number;
  /** Distinct states of the search (default 1,500,000: a few seconds and 200-300 MB of search structures at paxos and paxosstore sizes). */
  readonly maxStates?: number;
}

export const SHORTEST_DEFAULTS = { timeLimitMs: 60_000, maxStates: 1_500_000 } as const;

/** What the stage concluded. */
export interface ShortestVerdict {
  /** Steps of the story before the stage, and after it (fewer when the search found a shorter story). */
  readonly before: number;
  readonly steps: number;
  /** No story shorter than `steps` violates the invariant, among the schedules the search offered (`faults`). */
  readonly proved: boolean;
  /** Every schedule of at most this many events was searched (null: no search ran). */
  readonly searchedDepth: number | null;
  /** Distinct states of all searches. */
  readonly states: number;
  /** Faults offered by the last search (null: no search ran). */
  readonly faults: 'on' | 'off' | null;
  /** The shorter story came from the search restricted to the story's own moves (so `proved` is false). */
  readonly restricted?: true;
  readonly elapsedMs: number;
  /** Why no search ran, or why a shorter story it found was not taken. */
  readonly note?: string;
}

export interface Shortened extends Minimized {
  readonly shortest: ShortestVerdict;
}

/**
 * Searches breadth-first for a story shorter than `m` of the same safety
 * violation, on `t` (whose replay target is `rt`). Never throws: when the
 * explorer cannot run, `m` comes back with the reason in `note`.
 */
export function shortestStory(t: Target, rt: ReplayTarget, m: Minimized, o: ShortestOptions = {}): Shortened {
  const start = performance.now();
  const before = m.schedule.length;
  const timeLimitMs = o.timeLimitMs ?? SHORTEST_DEFAULTS.timeLimitMs;
  const maxStates = o.maxStates ?? SHORTEST_DEFAULTS.maxStates;
  let verdict: Omit<ShortestVerdict, 'elapsedMs' | 'note'> = { before, steps: before, proved: false, searchedDepth: null, states: 0, faults: null };
  const done = (note?: string, found?: Minimized): Shortened => ({
    ...(found ?? m), shortest: { ...verdict, elapsedMs: Math.round(performance.now() - start), ...(note !== undefined ? { note } : {}) },
  });
  if (m.finding.kind !== 'safety') return done(`a ${m.finding.kind} finding: the explorer checks safety only`);
  if (before === 0) return done('nothing is shorter than an empty story');
  const inv = t.invariants.find((i) => i.name === m.finding.invariant);
  if (inv === undefined) return done(`${m.finding.invariant} is not among the target's invariants`);
  const one: Target = { ...t, invariants: [inv] };
  // Fault-free first (a smaller space: paxosstore lowest-vote-value's 10-event story is fault-free even when the
  // one found had a crash), then, for a story with faults, with faults, each with the whole states budget.
  const tries: ('off' | 'on')[] = t.variant.semantics !== 'set' && m.schedule.some(isFault) ? ['off', 'on'] : ['off'];
  for (const faults of tries) {
    const left = timeLimitMs - (performance.now() - start);
    if (left <= 0) return done(verdict.faults === null ? 'no time budget' : undefined);
    let r: ExploreOutcome;
    try {
      // maxDepth counts BFS levels, the initial state being level 1: `before` levels hold every schedule of at most `before - 1` events.
      r = exploreTarget(one, { faults, maxDepth: before, timeLimitMs: left, maxStates, exact: true });
    } catch (e) {
      return done(`the explorer cannot run this variant: ${String((e as Error).message ?? e).split('\n')[0]}`);
    }
    const covered = r.violation === null && (r.complete || r.stoppedBy === 'maxDepth');
    const states = verdict.states + r.distinctStates;
    if (r.violation !== null && r.schedule !== null) {
      // Breadth-first: nothing of fewer events violates the invariant, so this story is a shortest one, if it replays as one.
      const n = r.schedule.length;
      const same = strictly(rt, r.schedule, m);
      verdict = { ...verdict, states, faults, searchedDepth: n - 1, proved: same !== undefined, steps: same ? n : before };
      if (same === undefined) return done(`the ${n}-step story found does not replay to the same violation`);
      return done(undefined, same);
    }
    // Cut short mid-level, the deepest level found may be partial: the one above it is complete.
    verdict = { ...verdict, states, faults, proved: covered, searchedDepth: covered ? before - 1 : Math.max(0, r.depth - 2) };
    // Not settled fault-free: the search with faults (when the story has faults) may still find a shorter story.
  }
  // Not settled: search again among the story's own moves (restricted.ts), which reaches the story's depth.
  if (verdict.proved || performance.now() - start >= timeLimitMs) return done();
  let r: RestrictedOutcome;
  try {
    r = restrictedSearch(one, rt, m, tries.at(-1)!, maxStates, start + timeLimitMs);
  } catch (e) {
    return done(`the search among the story's moves failed: ${String((e as Error).message ?? e).split('\n')[0]}`);
  }
  verdict = { ...verdict, states: verdict.states + r.states };
  if (r.found === undefined) return done();
  verdict = { ...verdict, steps: r.found.schedule.length, restricted: true };
  return done(undefined, r.found);
}

/**
 * A finding shrunk the way every finding is (`saveFinding`, `runMutant`, soak
 * items): the event-level minimiser to a fixpoint, slippage to a shorter
 * violation of another checked invariant (`slip`), shortcuts (a copy of a
 * delivered message to another node in place of a detour: `shortcut`),
 * then this stage. The
 * verdict's `before` is the length after slippage; the finding returned
 * names the invariant the story finally breaks.
 */
export function shrinkFinding(t: Target, rt: ReplayTarget, schedule: PortableEvent[], finding: Finding, o?: ShortestOptions): Shortened {
  const m = minimize(rt, schedule, finding);
  return shortestStory(t, rt, shortcut(rt, slip(rt, m !== undefined && m.schedule.length <= schedule.length ? m : { schedule, finding })), o);
}
