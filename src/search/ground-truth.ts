/**
 * Coverage against ground truth: for a configuration small enough to
 * enumerate, the set of its reachable states (breadth-first through the
 * kernel), and how many of them a strategy's runs visit after a given
 * number of events. Blind random walks plateau; this says by how much each
 * strategy does, where the answer is known exactly (`npm run
 * bench:coverage`, docs/coverage.md; test/search/ground-truth.test.ts).
 *
 * A state here is what a model checker would call one, without clocks or
 * history: every node's state (`stateKey`) and up flag, the armed timers,
 * and the messages in flight (a set under TLA+ `set` semantics, a multiset
 * under `multiset`); ghost history is left out on both sides. The runs are
 * fault-free (the enumeration is), so every state a run visits is
 * reachable; both sides identify a state by the same 53-bit hash.
 */
import type { Execution, Observer } from '../kernel/execution.js';
import { NO_FAULTS, cloneWorld, createWorld, enabledEvents, step, type World } from '../kernel/world.js';
import type { ScheduleTarget } from '../kernel/target.js';
import { runStrategyCampaign } from './campaign.js';
import { hashString, mix } from './coverage.js';
import type { StrategyChoice } from './strategy.js';

/** One 53-bit identity of a world's state (see the module comment). */
export function stateId(w: World): number {
  const p = w.proto;
  let nodes1 = 0;
  let nodes2 = 0;
  for (let i = 0; i < w.n; i++) {
    const h = w.up[i] ? hashString(p.stateKey(w.nodes[i])) : 0xdead;
    nodes1 ^= mix(h ^ Math.imul(i + 1, 0x27d4eb2f));
    nodes2 ^= mix(h + Math.imul(i + 7, 0x165667b1));
  }
  let msgs1 = 0;
  let msgs2 = 0;
  for (const env of w.net.inflight.values()) {
    const h = hashString(`${env.from}>${env.to}:${p.msgKey(env.msg)}`);
    msgs1 = (msgs1 + h) | 0;
    msgs2 = (msgs2 + mix(h ^ 0x9e3779b9)) | 0;
  }
  let timers = 0;
  for (const k of w.timers.keys()) timers ^= hashString(k);
  const lo = mix(nodes1 ^ msgs1 ^ timers);
  const hi = mix(nodes2 ^ msgs2 ^ mix(timers + 1)) >>> 11;
  return hi * 2 ** 32 + lo;
}

/** The reachable states of a fault-free configuration and the transitions the enumeration executed. */
export interface Reachable {
  readonly states: Set<number>;
  /** Events executed to enumerate them (every enabled event of every state, as an explorer pays): the cost to compare a strategy's events with. */
  readonly transitions: number;
}

/** Every reachable state of a fault-free configuration (kernel BFS); undefined past `max` states. */
export function reachable(proto: World['proto'], semantics: World['net']['semantics'], max: number): Reachable | undefined {
  const w0 = createWorld(proto, semantics);
  const seen = new Set<number>([stateId(w0)]);
  let transitions = 0;
  let frontier: World[] = [w0];
  while (frontier.length > 0) {
    const next: World[] = [];
    for (const w of frontier)
      for (const e of enabledEvents(w, NO_FAULTS)) {
        const c = cloneWorld(w);
        if (!step(c, e)) continue;
        transitions++;
        const id = stateId(c);
        if (seen.has(id)) continue;
        seen.add(id);
        if (seen.size > max) return undefined;
        next.push(c);
      }
    frontier = next;
  }
  return { states: seen, transitions };
}

/** What a strategy's fault-free runs visited (`visits`). */
export interface Visited {
  /** Reachable states visited after each mark's number of events, counted at that very event. */
  readonly visited: readonly number[];
  /** Visited states not in the enumeration (0 unless the identity hash is broken). */
  readonly outside: number;
}

/** Records the reachable states the runs visit, and the count at each mark. */
class Visits implements Observer {
  constructor(private readonly truth: ReadonlySet<number>, private readonly tally: { seen: Set<number>; events: number; outside: number; marks: readonly number[]; at: number[] }) {}
  start(_ex: Execution, w: World): void {
    this.add(stateId(w));
  }
  after(ex: Execution): void {
    const t = this.tally;
    if (t.at.length === t.marks.length) return;
    t.events++;
    this.add(stateId(ex.w));
    if (t.events === t.marks[t.at.length]) t.at.push(t.seen.size);
  }
  private add(id: number): void {
    if (this.truth.has(id)) this.tally.seen.add(id);
    else this.tally.outside++;
  }
}

/**
 * Runs `strategy` on the fault-free `target` from `seed` (then seed + 1, ...
 * should a campaign end first) until the last of `marks` events, and counts
 * the states of `truth` its runs visited after each mark. The counts are
 * taken at the mark's own event, so they are exact, whatever the slicing.
 */
export function visits(target: ScheduleTarget, strategy: StrategyChoice, seed: number, truth: ReadonlySet<number>, marks: readonly number[]): Visited {
  // A mark no event count equals would never be reached: the runs would go on forever.
  if (marks.length === 0 || marks.some((m, i) => !Number.isSafeInteger(m) || m < 1 || (i > 0 && m <= marks[i - 1]!)))
    throw new RangeError(`visits: marks must be increasing positive integers, got ${marks.join(',')}`);
  const tally = { seen: new Set<number>(), events: 0, outside: 0, marks, at: [] as number[] };
  const done = (): boolean => tally.at.length === marks.length;
  // fast-check's batches are one fc.check each (not sliced): run it in chunks of 1000 runs, seed after seed.
  for (let k = 0; !done(); k++)
    runStrategyCampaign({
      target, strategy, seed: seed + k, runs: strategy === 'fast-check' ? 1000 : Number.MAX_SAFE_INTEGER, desFaults: 'off',
      watch: () => new Visits(truth, tally), shouldStop: done, sliceMs: 50,
    });
  return { visited: tally.at, outside: tally.outside };
}
