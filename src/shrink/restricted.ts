/**
 * Breadth-first search among a story's own moves: the shortest-story stage's
 * fallback when the unrestricted search runs out of states before the
 * story's depth (the seed spec at 5 participants: 1.5M states reach depth 6
 * of a 17-event story).
 *
 * DEMi's split: a story's inputs (its spontaneous actions and timers as they
 * are, its crashes and recoveries by node) are external events, its
 * deliveries (and losses, duplicates) internal ones. A restricted search
 * offers a set of inputs and the story's deliveries matched at one of three
 * looseness levels: the exact message; any message of the same kind (its
 * key's first field) on the same link, whatever its numbers; anything on
 * the same link. Three passes, each searching only for stories shorter than
 * the best so far:
 *
 * 1. every input, messages exact, then by kind: what a minimiser that only
 *    drops events cannot reach (a Prepare delivered straight to the node a
 *    detour of four events informed: the seed spec's 17 events to 14);
 * 2. fewest kinds of input first, as DEMi minimises external events: every
 *    subset of one kind of input (an action, a timer, a crash, a recovery,
 *    by any node), then of two, ..., messages by link, until a size gives a
 *    story (paxos `promise-without-compare`: the story's retries left out,
 *    ballots 1 and 2 instead of 4 and 5, 17 events to 13;
 *    `ignore-promised-values`: a proposer's start timer instead of the
 *    crash and recovery that armed its retry, 16 to 13).
 *
 * Small subsets make small spaces, so the many searches of pass 2 are cheap
 * until the subsets get close to the story's own. Budgets are states (and a
 * number of searches), never time, so the outcome is the same on every
 * machine. What it finds is a shorter story, not a proof of the shortest.
 */
import { exploreTarget } from '../api/explore.js';
import type { Target } from '../api/target.js';
import { replaySchedule, type ReplayTarget } from '../corpus/replay.js';
import { kindOf, type PortableEvent } from '../kernel/portable.js';
import type { Move } from '../search/explore/index.js';
import type { Minimized } from './minimize.js';

/** How a restricted search matches the story's deliveries. */
type Matching = 'exact' | 'kind' | 'link';

/** Searches of pass 2 at most (each subset of inputs is one search). */
const SUBSET_SEARCHES = 256;
/** Fraction of the states budget one search of pass 2 may use. */
const SUBSET_SHARE = 1 / 16;

export interface RestrictedOutcome {
  /** The shortest story found, strictly replayed (undefined: nothing shorter). */
  readonly found?: Minimized;
  /** Distinct states of all its searches. */
  readonly states: number;
}

/** An input of a story (a spontaneous action, a timer, a crash or a recovery), of its node or of any node; undefined for a message event. */
function inputOf(m: Move | PortableEvent, anyNode: boolean): string | undefined {
  const node = anyNode ? '*' : m.k === 'local' || m.k === 'timer' || m.k === 'crash' || m.k === 'recover' ? m.node : '';
  switch (m.k) {
    case 'local':
      return `local|${node}|${m.action}`;
    case 'timer':
      return `timer|${node}|${m.timer}`;
    case 'crash':
    case 'recover':
      return `${m.k}|${node}`;
    case 'partition':
    case 'heal':
      return m.k;
    default:
      return undefined;
  }
}

/** A message event at a matching level. */
function messageOf(m: Move | PortableEvent, matching: Matching): string | undefined {
  if (!('msg' in m)) return undefined;
  return `${m.k}|${m.from}|${m.to}|${matching === 'exact' ? m.msg : matching === 'kind' ? kindOf(m.msg) : ''}`;
}

/** `schedule` replayed strictly, if it reaches the violation `m` is about at its last step. */
export function strictly(rt: ReplayTarget, schedule: readonly PortableEvent[], m: Minimized): Minimized | undefined {
  const check = replaySchedule(rt, schedule);
  const f = check.finding;
  const same = check.divergence === undefined && f !== undefined && f.kind === m.finding.kind && f.invariant === m.finding.invariant && f.step === schedule.length;
  return same ? { schedule: check.schedule, finding: f } : undefined;
}

/** Every k-subset of `items`, in lexicographic order of positions. */
function* subsets<T>(items: readonly T[], k: number): Generator<T[]> {
  const idx = Array.from({ length: k }, (_, i) => i);
  while (true) {
    yield idx.map((i) => items[i]!);
    let i = k - 1;
    while (i >= 0 && idx[i] === items.length - k + i) i--;
    if (i < 0) return;
    idx[i]!++;
    for (let j = i + 1; j < k; j++) idx[j] = idx[j - 1]! + 1;
  }
}

/**
 * Searches `t` (checking only the finding's invariant) among the moves of
 * `m`'s story for a shorter story of the same violation, within `maxStates`
 * states for pass 1 and as many for pass 2; `deadline` (ms, as
 * `performance.now()`) is the shortest-story stage's wall-clock safety net.
 */
export function restrictedSearch(t: Target, rt: ReplayTarget, m: Minimized, faults: 'on' | 'off', maxStates: number, deadline: number): RestrictedOutcome {
  const story = m.schedule;
  const inputs = (anyNode: boolean) => [...new Set(story.map((e) => inputOf(e, anyNode)).filter((s): s is string => s !== undefined))];
  let best: Minimized | undefined;
  let states = 0;
  const search = (allowedInputs: readonly string[], anyNode: boolean, matching: Matching, budget: number): boolean => {
    const depth = (best ?? m).schedule.length;
    const left = deadline - performance.now();
    if (budget < 1 || depth <= 1 || left <= 0) return false;
    const allowed = new Set<string>(allowedInputs);
    for (const e of story) {
      const s = messageOf(e, matching);
      if (s !== undefined) allowed.add(s);
    }
    const moves = (mv: Move) => allowed.has(inputOf(mv, anyNode) ?? messageOf(mv, matching)!);
    // maxDepth counts levels, the initial state being level 1: `depth` levels hold every schedule shorter than the best story.
    const r = exploreTarget(t, { faults, maxDepth: depth, maxStates: budget, timeLimitMs: left, exact: true, moves });
    states += r.distinctStates;
    if (r.schedule === null) return false;
    const s = strictly(rt, r.schedule, m);
    if (s === undefined || s.schedule.length >= depth) return false;
    best = s;
    return true;
  };
  // Pass 1: every input.
  const own = inputs(false);
  search(own, false, 'exact', maxStates);
  search(own, false, 'kind', maxStates - states);
  // Pass 2: fewest kinds of input first, by any node, until a size gives a shorter story.
  const kinds = inputs(true);
  const pass2 = states + maxStates;
  let searches = 0;
  for (let k = 1; k < kinds.length && searches < SUBSET_SEARCHES && states < pass2; k++) {
    let improved = false;
    for (const subset of subsets(kinds, k)) {
      if (searches++ >= SUBSET_SEARCHES || states >= pass2) break;
      if (search(subset, true, 'link', Math.min(Math.ceil(maxStates * SUBSET_SHARE), pass2 - states))) improved = true;
    }
    if (improved) break;
  }
  return { ...(best ? { found: best } : {}), states };
}
