/**
 * The guided strategy: swarm scheduling (`swarm.ts`), steered by coverage
 * (`coverage.ts`). Random walks plateau — most runs revisit the states
 * earlier runs already saw — so, as Antithesis and moonpool do, a run that
 * reaches something new becomes a place to start from: the corpus keeps the
 * points where runs first reached a new (abstract) node state, a new step
 * in a state or a new global state, and most runs continue from one of them instead of
 * from the beginning, with a new random suffix (new scheduling choices,
 * sometimes new swarm knobs, a crash of the node that just acted, a lost or
 * duplicated message, or the acting node cut off).
 *
 * Over swarm scheduling (`guided`), the corpus is a frontier, as an
 * explorer's queue is: every new global state of a run joins it, and a
 * continuation first takes its parent's next untried enabled event (the
 * segment's `first`), so each entry's moves are tried one by one, in turn
 * with the others, and an entry whose moves were all tried leaves the
 * corpus. Over the DES (`guided-des`), a run adds at most four points
 * (two where it first reached a new node state or step, two new global
 * states spread over it), the corpus keeps the recent 128, and a chosen
 * entry is continued eight times in a row.
 * Both steer by their own map (a state another strategy reached first is
 * still unexpanded by this one) and count novelty for the bandit in the
 * campaign's.
 *
 * A continuation starts from a snapshot of the run at its point (an image
 * of the execution's world, over the DES the clock's schedule, and the
 * coverage hashes), so its prefix is not re-executed. The snapshot is made
 * when an entry is first continued from (`resumeAt`: the run re-executed
 * from where it began up to the point), since most points are never chosen;
 * snapshots are kept compact (`WorldImage`), and the command line turns off
 * V8's pretenuring, which they mislead (`pretenuring.ts`). A run is
 * described by a `Plan`, the seeds of its segments and the step at which
 * each takes over, and re-executing the plan from the start reaches the
 * very same state (the law of test/search/guided.test.ts): a finding made
 * from a snapshot is recorded by re-running its plan. Every choice — fresh
 * or continued, which entry, which mutation, which untried event — is made
 * by the run's seeded PRNG and the corpus, which evolves run by run in
 * order, and is written into the plan, so a campaign remains a pure
 * function of its seed. Preference goes to the least expanded entries, then
 * rare points (the feature hit least often so far, among a few drawn), then
 * recent ones.
 *
 * Measured (docs/coverage.md, fault-free, seed 1, counted at the mark's
 * event): `guided` visits 99.6% of tpaxos 2/2/1's 19,125 reachable states
 * after 10^6 events (3.2x the enumeration's transitions), where swarm visits
 * 33.7% and uniform 42.8%; the default (`all`), with `guided` one of its
 * arms, 99.6% too. On the deep bugs the DES, with its duel corner, finds
 * faster (docs/guided-search.md).
 */
import { Prng } from '../kernel/choice/prng.js';
import type { Event } from '../kernel/events.js';
import { Execution, snapshotOf, type ExecutionOptions, type Policy, type Snapshot } from '../kernel/execution.js';
import { awaitDecision, finish, livenessApplies } from '../kernel/liveness.js';
import { DesClock, type ClockState } from './des/clock.js';
import { runOptions, swarmOptions, type FaultMode, type SimOptions } from './des/options.js';
import type { ScheduleTarget } from '../kernel/target.js';
import { swarmPicker } from './swarm.js';
import { pickerPolicy } from './scheduler.js';
import { ChangeTracker } from '../kernel/observers/changes.js';
import { downCount, type FaultMask } from '../kernel/world.js';
import { CoverageMap, CoverageObserver, type CoverageState, type FeatureKind, type Novelty } from './coverage.js';
import { batchOfRuns, type BatchResult, type BatchSpec, type Strategy } from './strategy.js';

/** What a segment does first, at its start (a fork's mutation). */
export type Injection = { readonly k: 'crash'; readonly node: number } | { readonly k: 'drop' | 'dup'; readonly pick: number } | { readonly k: 'isolate'; readonly node: number };

/**
 * One segment of a run: from step `at` on, the swarm scheduler runs with the
 * knobs drawn from `knobSeed` (which nodes take the initiative, link speeds
 * and losses, fault rates) and its choices drawn from `seed`, after making
 * the injection, if any.
 */
export interface Segment {
  readonly at: number;
  readonly knobSeed: number;
  readonly seed: number;
  readonly inject?: Injection;
  /**
   * A frontier expansion (swarm base): the segment first takes the event at
   * this index among those enabled at its start under its knobs' fault mask
   * (modulo their number), then its scheduler takes over.
   */
  readonly first?: number;
  /**
   * The DES knobs `knobSeed` draws under the fault mode the plan is run
   * with, kept with the segment (drawn when absent): a continuation that
   * keeps its parent's knobs takes the very object, instead of drawing them
   * again or looking them up in a table whose growth the collector copies.
   */
  readonly knobs?: SimOptions;
}

/** A guided run: its segments (the first at step 0) and the length of its adversarial phase (0: the first knobs decide). */
export interface Plan {
  readonly segments: readonly Segment[];
  readonly stepsMax: number;
}

/** Chance that a run starts afresh rather than from the corpus. */
const FRESH = 0.2;
/** Entries drawn per pick; the rarest wins. */
const TOURNAMENT = 4;
/**
 * Corpus bound: past it, the older half is dropped. The swarm base's corpus
 * is a frontier, which must hold what is still unexpanded; the DES base's
 * keeps the points of the last hundred runs or so, few enough that they die
 * young: an entry, its run's plan and knobs and the snapshots it holds are
 * otherwise what every scavenge copies (on thesis 3x3, with 2,048 entries,
 * 450 KB a scavenge and 1.9 ms, against 14 KB and 0.5 ms for the plain DES;
 * with 128, 58 KB and 0.5 ms). Storing the entries and plans in typed arrays
 * instead, the corpus kept at 2,048, copied half as much but ran no faster
 * (docs/guided-search.md, "What steering costs").
 */
const FRONTIER_MAX = 8192;
const CORPUS_MAX = 128;
/**
 * Continuations a chosen entry gets in a row (DES base), each with its own
 * seeds and mutation: its snapshot, made by re-executing its run up to the
 * point, and the choosing then serve several runs, as a fuzzer gives a seed
 * input several mutations. With one each, `guided-des` ran at 0.28x the
 * plain DES's events per second on thesis 3x3 and 0.40x on classic 2x3,
 * much of it spent re-executing and choosing; four gave 0.41x and 0.52x;
 * eight, with two points a run, a corpus of 2,048 and cheaper setup,
 * 0.62x and 0.67x, and found the deep bugs as fast (0.71-0.76x and
 * 0.69-0.74x with the corpus of 128, `CORPUS_MAX`). Sixteen gave 0.70x and
 * 0.71x, but the seed spec's seed 12 then ended on a 48-event
 * `one-value-per-ballot` story that shrank to 18 steps, over the 16 the
 * shortest story is held to (docs/guided-search.md, "What steering costs").
 */
export const CONTINUATIONS_PER_PICK = 8;
/** Plans with this many segments are not continued further. */
const SEGMENTS_MAX = 12;
/**
 * Points of each kind a DES-based run may add to the corpus (its first new
 * node states or steps, and its new global states thinned): most entries
 * are never chosen (with four of each, nine in ten on thesis 3x3), and each
 * one kept costs the collector; a swarm-based run adds every new global
 * state.
 */
const POINTS_PER_RUN = 2;

/**
 * A corpus entry: a novelty point of a run (its fields copied, so the run's
 * `Novelty` objects die young: entries outlive many scavenges, and what
 * survives them is what the collector copies).
 */
interface Entry {
  readonly plan: Plan;
  /** The point: the step, the acting node, the feature and its slot (`Novelty`). */
  readonly step: number;
  readonly node: number;
  readonly kind: FeatureKind;
  readonly slot: number;
  /** Where the run that reached the point began (undefined: the initial world). */
  readonly start: Resume | undefined;
  /** The place to continue from, made the first time the entry is chosen (`resumeAt`). */
  resume: Resume | undefined;
  /** Frontier expansions started from this point so far (swarm base). */
  tried: number;
}

function entryOf(plan: Plan, p: Novelty, start: Resume | undefined): Entry {
  return { plan, step: p.step, node: p.node, kind: p.kind, slot: p.slot, start, resume: undefined, tried: 0 };
}

/** The PRNG streams of a guided run: its plan, its segments' choices, a swarm segment's knobs. */
const STREAM_PLAN = 1;
const STREAM_RUN = 2;
const STREAM_KNOBS = 3;
/** A DES segment's swarm knobs (`drawKnobs`). */
const STREAM_DES_KNOBS = 4;

/**
 * A DES segment's knobs: `runOptions`, but swarm knobs drawn from the seed
 * by an integer-seeded PRNG (a string-seeded one costs microseconds, which
 * two runs in five pay: fresh runs and continuations with new knobs).
 */
function drawKnobs(mode: FaultMode, seed: number, nodes: number): SimOptions {
  return mode === 'swarm' ? swarmOptions(Prng.ofInt(seed, STREAM_DES_KNOBS), nodes) : runOptions(mode, seed, nodes);
}

/** The event a segment injects at its start, if it is enabled now (else nothing is injected). */
function injected(ex: Execution, t: ScheduleTarget, inj: Injection): Event | undefined {
  const w = ex.w;
  switch (inj.k) {
    case 'crash': {
      if (!t.faults.crash || !w.up[inj.node] || !t.crashable(inj.node)) return undefined;
      return downCount(w) < Math.max(1, t.faults.maxCrashed) ? { k: 'crash', node: inj.node } : undefined;
    }
    case 'drop':
    case 'dup': {
      if (w.net.semantics === 'set' || w.net.size === 0 || (inj.k === 'drop' ? !t.faults.drop : !t.faults.duplicate)) return undefined;
      let i = inj.pick % w.net.size;
      for (const id of w.net.inflight.keys()) if (i-- === 0) return { k: inj.k, id };
      return undefined;
    }
    case 'isolate': {
      // A point reached by an event of no node (a partition, a heal) has no node to cut off.
      if (!t.faults.partition || w.n < 2 || inj.node < 0) return undefined;
      const links: [number, number][] = [];
      for (let j = 0; j < w.n; j++) if (j !== inj.node) links.push([inj.node, j], [j, inj.node]);
      return { k: 'partition', links };
    }
  }
}

/** Where a continuation starts: the execution's state, the DES clock's (DES base) and the coverage hashes. */
export interface Resume {
  readonly exec: Snapshot;
  readonly clock?: ClockState;
  readonly cov: CoverageState;
}

/** What the runs are made of: the swarm scheduler (broad, and slower: it lists the enabled events each step) or the DES (fast, virtual time). */
export type GuidedBase = 'swarm' | 'des';

/** How `runPlan` runs a plan (every field optional). */
export interface PlanRun {
  /** A snapshot taken at the start of the plan's last segment, to continue from. */
  readonly from?: Resume;
  /** Watches the run (its coverage); with `snapshots`, takes a snapshot at each novelty point. */
  readonly cov?: CoverageObserver;
  readonly snapshots?: boolean;
  /** The DES's fault mode. */
  readonly mode?: FaultMode;
  /** Told how many events the last frontier expansion chose among. */
  readonly expansion?: { width: number };
  /**
   * Stop after this many events, before any ending, and keep the snapshot
   * there in `stop.resume` (`resumeAt`); without `cov`, the coverage hashes
   * are computed once there, from the world.
   */
  readonly stop?: { readonly step: number; resume?: Resume };
}

/**
 * Executes a plan — from the start, or from a snapshot taken at the start of
 * its last segment (then only that segment runs: the same run, without
 * re-executing its prefix). At each segment's step the scheduler takes the
 * segment's seeds (the swarm scheduler is rebuilt, the DES clock reseeded
 * with the segment's knobs), so the two ways give the same run.
 */
export function runPlan(t: ScheduleTarget, base: GuidedBase, plan: Plan, o: ExecutionOptions = {}, r: PlanRun = {}): Execution {
  const { from, cov, snapshots = false, mode = 'swarm', expansion, stop } = r;
  const segs = plan.segments;
  // Restart-after-act faults of the swarm scheduler need to know who acted last; the DES clock tracks that itself.
  const changes = base === 'swarm' ? new ChangeTracker() : undefined;
  const observers = changes ? [...(o.observers ?? []), changes] : o.observers;
  const ex = new Execution(t, { record: o.record ?? false, hasher: o.hasher, observers, from: from?.exec });
  let next = 0;
  while (next < segs.length && segs[next]!.at < ex.ran) next++;
  const n = t.proto.nodeCount;
  let stepsMax = plan.stepsMax;
  let pending: Injection | undefined;
  let first: number | undefined;
  // The DES: one clock, reseeded at each segment.
  let clock: DesClock | undefined;
  let rng: Prng | undefined;
  let options: SimOptions | undefined;
  // The swarm scheduler: rebuilt at each segment.
  let picker: Policy | undefined;
  let mask: FaultMask | undefined;
  const enter = (s: Segment): void => {
    pending = s.inject;
    first = s.first;
    if (base === 'des') {
      options = s.knobs ?? drawKnobs(mode, s.knobSeed, n);
      if (clock === undefined) {
        rng = Prng.ofInt(s.seed, STREAM_RUN);
        clock = new DesClock(ex, rng, options, t.crashable, from?.clock);
        // From a snapshot, this segment's knobs take over as they do at its step when the plan runs from the start (a duel's initiative included).
        if (from?.clock) clock.setOptions(options);
        ex.observe(clock);
      } else {
        rng!.reseedInt(s.seed, STREAM_RUN);
        clock.setOptions(options);
      }
      if (stepsMax === 0) stepsMax = options.stepsMax;
    } else {
      const r = Prng.ofInt(s.knobSeed, STREAM_KNOBS);
      const p = swarmPicker(t, r);
      r.reseedInt(s.seed, STREAM_RUN);
      picker = pickerPolicy(p, changes!);
      mask = p.mask;
      if (stepsMax === 0) stepsMax = p.stepsMax ?? t.stepsMax;
    }
  };
  enter(segs[next++]!);
  // After the clock: a snapshot must see what the clock scheduled for the event.
  const take = (x: Execution): Resume => ({ exec: snapshotOf(x), clock: clock?.state(), cov: cov ? cov.state() : CoverageObserver.stateOf(x) });
  if (cov) {
    if (snapshots) cov.take = take;
    if (from) cov.resume(from.cov);
    ex.observe(cov);
  }
  /** Set when the policy gives way to the DES clock (`next` below). */
  let handedOver = false;
  const policy: Policy = {
    next(x) {
      if (stop !== undefined && x.ran >= stop.step) {
        // Where the event's observers left it: what a snapshot taken there holds.
        stop.resume = take(x);
        return undefined;
      }
      while (next < segs.length && x.ran >= segs[next]!.at) enter(segs[next++]!);
      if (x.ran >= stepsMax) return undefined;
      if (first !== undefined && mask !== undefined) {
        const enabled = x.enabled(mask);
        const k = first;
        first = undefined;
        if (expansion) expansion.width = enabled.length;
        if (enabled.length > 0) return enabled[k % enabled.length];
      }
      if (pending !== undefined) {
        const e = injected(x, t, pending);
        pending = undefined;
        if (e !== undefined) return e;
      }
      if (clock !== undefined && next >= segs.length) {
        handedOver = true;
        return undefined;
      }
      return clock ? clock.next() : picker!.next(x);
    },
    executed: (x, e, accepted) => {
      if (clock) {
        // An injected fault is checked before it is offered; the clock's own events must be accepted.
        if (!accepted) clock.executed(x, e, accepted);
      } else picker!.executed?.(x, e, accepted);
    },
  };
  ex.run(policy);
  if (handedOver) {
    // The last segment has begun and made its injection: the clock picks alone, as in a plain DES run, up to the bound.
    const end = stop !== undefined ? Math.min(stop.step, stepsMax) : stepsMax;
    ex.run(clock!, end - ex.ran);
    if (stop !== undefined && ex.ran >= stop.step) stop.resume = take(ex);
  }
  if (stop !== undefined) return ex;
  if (clock) {
    if (!ex.done && options!.liveness && livenessApplies(ex, t)) {
      clock.stopFaults();
      awaitDecision(ex, t.decided!, clock, options!.livenessStepsMax);
    }
  } else finish(ex, t);
  return ex;
}

/**
 * The place to continue a plan's run from after its `step`th event: the run
 * re-executed from `start` (where it began) up to there, its invariants
 * unchecked (the run checked them). By the law of `runPlan` this is the
 * state a snapshot taken during the run holds; the corpus makes it only for
 * the entries it continues from, not for every novelty point (most are never
 * chosen), which spares the runs most of their snapshots and the collector
 * most of its copying.
 */
export function resumeAt(t: ScheduleTarget, base: GuidedBase, plan: Plan, step: number, start: Resume | undefined, mode: FaultMode): Resume {
  const stop: { step: number; resume?: Resume } = { step };
  runPlan(unchecked(t), base, plan, NOT_RECORDED, start ? { from: start, mode, stop } : { mode, stop });
  return stop.resume!;
}

const NOT_RECORDED: ExecutionOptions = { record: false };

/** Each target without its invariants, made once (a re-execution checks none). */
const uncheckedOf = new WeakMap<ScheduleTarget, ScheduleTarget>();

function unchecked(t: ScheduleTarget): ScheduleTarget {
  if (t.invariants.length === 0) return t;
  let u = uncheckedOf.get(t);
  if (u === undefined) uncheckedOf.set(t, (u = { ...t, invariants: [] }));
  return u;
}

/**
 * The guided strategy over `base` runs (the DES with fault mode `mode`);
 * `coverage` is shared when a campaign passes one. `tap`, if given, is told
 * each continuation's plan and snapshot before it runs (the bench re-runs
 * them to measure what the runs cost without the choosing and re-executing).
 */
export function guidedStrategy(base: GuidedBase = 'swarm', mode: FaultMode = 'swarm', tap?: (plan: Plan, from: Resume) => void): Strategy {
  const corpus: Entry[] = [];
  let own: CoverageMap | undefined;
  let nextRun = 0;
  /** The entry being continued (DES base) and how many more times. */
  let picked: { readonly entry: Entry; left: number } | undefined;
  let target: ScheduleTarget | undefined;

  /** Where a continuation of `e` starts, made once. */
  function resumeOf(t: ScheduleTarget, e: Entry): Resume {
    return (e.resume ??= resumeAt(t, base, e.plan, e.step, e.start, mode));
  }

  /**
   * The entry a continuation starts from: over the DES, the one chosen last
   * while it has continuations left (`CONTINUATIONS_PER_PICK`); else a few
   * entries drawn, half the time from the newer half, and the least
   * expanded, then the rarest point, then the newest wins.
   */
  function chosen(rng: Prng, map: CoverageMap): Entry {
    if (picked !== undefined && picked.left > 0) {
      picked.left--;
      return picked.entry;
    }
    let best: Entry | undefined;
    let bestIndex = -1;
    let bestScore = Infinity;
    for (let i = 0; i < TOURNAMENT; i++) {
      const lo = rng.chance(0.5) ? corpus.length >> 1 : 0;
      const j = lo + rng.choose(corpus.length - lo);
      const e = corpus[j]!;
      const h = e.tried * 256 + map.hits(e.kind, e.slot);
      if (h < bestScore || (h === bestScore && j > bestIndex)) {
        best = e;
        bestIndex = j;
        bestScore = h;
      }
    }
    if (base === 'des') picked = { entry: best!, left: CONTINUATIONS_PER_PICK - 1 };
    return best!;
  }

  /** The plan of run `run`: fresh, or a continuation of a corpus entry (`parent`). */
  function planOf(t: ScheduleTarget, map: CoverageMap, rs: number): { plan: Plan; from?: Resume; parent?: Entry } {
    const rng = Prng.ofInt(rs, STREAM_PLAN);
    if (corpus.length === 0 || rng.chance(FRESH)) {
      const knobs = base === 'des' ? drawKnobs(mode, rs, t.proto.nodeCount) : undefined;
      return { plan: { segments: [{ at: 0, knobSeed: rs, seed: rs, knobs }], stepsMax: 0 } };
    }
    const parent = chosen(rng, map);
    const at = parent.step;
    // The parent's segments that began before the fork point replay its prefix exactly; ours takes over at it.
    const prefix = parent.plan.segments.filter((s) => s.at < at);
    const faults = t.semantics !== 'set';
    const roll = rng.real();
    const knobSeed = roll < 0.25 ? rs : prefix.at(-1)!.knobSeed;
    let inject: Injection | undefined;
    if (base === 'swarm') {
      // The swarm base expands the frontier: the parent's next untried event first (its knobs' mask decides which are enabled).
      const segments = [...prefix, { at, knobSeed, seed: rs, first: parent.tried++ }];
      return { parent, plan: { segments, stepsMax: at + rng.between(10, Math.max(20, t.stepsMax)) }, from: resumeOf(t, parent) };
    }
    if (faults && roll >= 0.25 && roll < 0.45) inject = { k: 'crash', node: parent.node }; // right after its action
    else if (faults && roll >= 0.45 && roll < 0.55) inject = { k: rng.chance(0.5) ? 'drop' : 'dup', pick: rng.choose(1 << 16) };
    else if (faults && roll >= 0.55 && roll < 0.6) inject = { k: 'isolate', node: parent.node };
    const kept = prefix.at(-1)!;
    const knobs = (knobSeed === kept.knobSeed ? kept.knobs : undefined) ?? drawKnobs(mode, knobSeed, t.proto.nodeCount);
    const segments = [...prefix, { at, knobSeed, seed: rs, inject, knobs }];
    return { parent, plan: { segments, stepsMax: at + rng.between(10, Math.max(20, knobs.stepsMax)) }, from: resumeOf(t, parent) };
  }

  return {
    name: base === 'des' ? 'guided-des' : 'guided',
    resumable: true,
    batch(t: ScheduleTarget, spec: BatchSpec): BatchResult {
      if (target !== t || spec.from !== nextRun) {
        if (spec.from !== 0) throw new Error(`guided: batches must continue run by run (expected run ${nextRun}, got ${spec.from})`);
        corpus.length = 0;
        own = undefined;
        picked = undefined;
        target = t;
      }
      const name = base === 'des' ? 'guided-des' : 'guided';
      const frontier = base === 'swarm';
      // Steered by what this strategy reached itself (a state another strategy reached first is still unexpanded by
      // this one); novelty for the bandit is counted in the campaign's map.
      const steer = (own ??= new CoverageMap());
      const counted = spec.coverage ?? steer;
      return batchOfRuns(name, spec, (run, rs) => {
        const { plan, from, parent } = planOf(t, steer, rs);
        if (tap !== undefined && from !== undefined) tap(plan, from);
        const cov = new CoverageObserver(counted, plan.segments.at(-1)!.at, frontier ? Infinity : POINTS_PER_RUN, counted === steer ? undefined : steer);
        const extendable = plan.segments.length < SEGMENTS_MAX;
        const expansion = { width: -1 };
        // Its novelty points are places to continue from; the snapshot itself is made when needed (`resumeAt`).
        cov.resumable = extendable;
        const ex = runPlan(t, base, plan, { record: false, hasher: spec.hasher, observers: spec.watch ? [spec.watch()] : undefined }, { from, cov, mode, expansion });
        nextRun = run + 1;
        // An entry whose every enabled event was expanded leaves the corpus.
        if (parent !== undefined && frontier && expansion.width >= 0 && parent.tried >= expansion.width) {
          const i = corpus.indexOf(parent);
          if (i >= 0) corpus.splice(i, 1);
        }
        if (ex.finding === undefined && extendable) {
          for (const p of cov.keyPoints) if (p.snapshot !== undefined) corpus.push(entryOf(plan, p, from));
          const pts = cov.points.filter((p) => p.snapshot !== undefined);
          const stride = Math.max(1, Math.ceil(pts.length / POINTS_PER_RUN));
          for (let k = pts.length - 1; k >= 0; k -= frontier ? 1 : stride) corpus.push(entryOf(plan, pts[k]!, from));
          if (corpus.length > (frontier ? FRONTIER_MAX : CORPUS_MAX)) corpus.splice(0, corpus.length >> 1);
        }
        const fresh = ex.steps - (from?.exec.world.steps ?? 0);
        return { ex, events: fresh, work: fresh + ex.scanned, novel: cov.novel, recorded: () => runPlan(t, base, plan, { record: true }, { mode }) };
      });
    },
  };
}
