/**
 * The DES clock: the seeded discrete-event policy. Virtual time; every
 * envelope gets a latency when it is sent (so messages reorder), timers
 * fire at their deadline, spontaneous actions run after a short think time;
 * deliveries may turn into losses or duplicates, and before each event a
 * crash, recovery, partition or heal may be drawn (`faults.ts`). It is both
 * the run's `Policy` (it picks the next event from its timeline) and an
 * `Observer` (it schedules what every executed event caused — whoever
 * picked it, the liveness phase's heal and restarts included). The kernel
 * itself draws nothing: the clock turns its random decisions into plain
 * events, so the executed schedule replays exactly without the PRNG.
 *
 * Under TLA+-style `set` semantics (spec-level variants) the clock injects
 * no faults — the message set already subsumes loss, duplication and
 * reordering — and a delivered message stays in the set: it is scheduled
 * again, with a new latency, with probability 1/2 each time, so it can be
 * received repeatedly.
 */
import type { Prng } from '../../kernel/choice/prng.js';
import type { Event } from '../../kernel/events.js';
import type { Execution, Observer, Policy } from '../../kernel/execution.js';
import { deliverable, downCount, type World } from '../../kernel/world.js';
import { drawFault } from './faults.js';
import { duelists, type SimOptions } from './options.js';
import { Timeline, type TimelineImage } from './timeline.js';

/** What a clock has scheduled, to continue from (the guided strategy's snapshots). */
export interface ClockState {
  readonly tl: TimelineImage;
  readonly localVersion: readonly number[];
  readonly active: readonly boolean[] | undefined;
  readonly restarts: readonly Restart[];
}

/** A queued half of a restart right after a state change (`SimOptions.restartProbability`). */
type Restart = { readonly k: 'crash' | 'recover'; readonly node: number };

const NO_RESTARTS: readonly Restart[] = [];

export class DesClock implements Policy, Observer {
  private readonly w: World;
  private readonly tl: Timeline;
  private readonly localVersion: number[];
  private readonly setSemantics: boolean;
  /** Each node's state after its last event (`after`), to tell whether an event replaced it. */
  private readonly seen: unknown[];
  /** The nodes that may take spontaneous actions (undefined: all): a duel's two (`duelists`), until the liveness phase. */
  private active: boolean[] | undefined;
  /** Inject faults (off in the liveness phase). */
  private faults = true;

  /** A clock for `ex`'s world: scheduling its initial events, or continuing `from` a state of a clock over an identical world. */
  constructor(ex: Execution, private readonly rng: Prng, private o: SimOptions, private readonly crashable: (node: number) => boolean, from?: ClockState) {
    this.w = ex.w;
    this.seen = this.w.nodes.slice();
    this.setSemantics = this.w.net.semantics === 'set';
    if (from) {
      this.tl = Timeline.of(from.tl);
      this.localVersion = from.localVersion.slice();
      this.active = from.active?.slice();
      this.restarts.push(...from.restarts);
      return;
    }
    this.active = duelists(this.w, o);
    this.tl = new Timeline();
    this.localVersion = new Array(this.w.n).fill(0);
    this.afterStep(-1);
    for (let node = 0; node < this.w.n; node++) this.scheduleLocal(node);
  }

  /** What it has scheduled now (copied). */
  state(): ClockState {
    return { tl: this.tl.image(), localVersion: this.localVersion.slice(), active: this.active?.slice(), restarts: this.restarts.length === 0 ? NO_RESTARTS : this.restarts.slice() };
  }

  /** New knobs from here on (a guided run's fork may redraw its fault mix); what is already scheduled stays. */
  setOptions(o: SimOptions): void {
    this.o = o;
    if (!this.faults) return;
    const was = this.active;
    this.active = duelists(this.w, o);
    for (let node = 0; node < this.w.n; node++) if (was !== undefined && !was[node] && (this.active === undefined || this.active[node])) this.scheduleLocal(node);
  }

  /** Faults stop and every node takes part again (the liveness phase). */
  stopFaults(): void {
    this.faults = false;
    const active = this.active;
    if (active === undefined) return;
    this.active = undefined;
    for (let node = 0; node < this.w.n; node++) if (!active[node]) this.scheduleLocal(node);
  }

  /** A restart queued right after a node's state changed (`restartProbability`): crash, then recover. */
  private readonly restarts: Restart[] = [];

  next(): Event | undefined {
    if (this.restarts.length > 0) {
      const e = this.restarts.shift()!;
      if (this.faults && (e.k === 'crash' ? this.w.up[e.node] : !this.w.up[e.node])) return e;
    }
    if (this.faults && !this.setSemantics) {
      const f = drawFault(this.w, this.rng, this.o, this.crashable);
      if (f !== undefined) return f;
    }
    return this.nextEvent();
  }

  executed(_ex: Execution, e: Event, accepted: boolean): void {
    if (!accepted) throw new Error(`DES generated an event the kernel did not accept: ${JSON.stringify(e)}`);
  }

  /** Schedules what `e` caused: a set-semantics redelivery, latencies of new envelopes, new timers, the acting node's next local action. */
  after(_ex: Execution, e: Event, node: number): void {
    if (this.setSemantics && e.k === 'deliver' && this.rng.chance(0.5)) this.tl.push(this.w.time + this.latency(), 0, e.id, undefined);
    if (node >= 0) {
      // Only its own events change a node's state, so the state after its last event is the state before this one.
      const changed = this.w.nodes[node] !== this.seen[node];
      this.seen[node] = this.w.nodes[node];
      const p = this.o.restartProbability;
      if (p && changed && this.faults && !this.setSemantics && e.k !== 'recover' && this.w.up[node] && this.crashable(node) && downCount(this.w) < this.o.crashedMax && this.rng.chance(p))
        this.restarts.push({ k: 'crash', node }, { k: 'recover', node });
    }
    this.afterStep(e.k === 'deliver' || e.k === 'local' || e.k === 'timer' || e.k === 'recover' ? node : -1);
  }

  /** Gives new envelopes their latency, queues new timers, re-queues the touched node's local actions. */
  private afterStep(node: number): void {
    const { w, tl } = this;
    for (let i = 0; i < w.sent.length; i++) tl.push(w.time + this.latency(), 0, w.sent[i]!.id, undefined);
    for (let i = 0; i < w.armed.length; i++) {
      const t = w.armed[i]!;
      tl.push(t.at, 1, t.node, t);
    }
    if (node >= 0) this.scheduleLocal(node);
  }

  /** Minimum delay plus an exponentially distributed extra. */
  private latency(): number {
    const o = this.o;
    return o.delayTicksMin + (o.delayTicksMean > 0 ? Math.floor(-Math.log(1 - this.rng.real()) * o.delayTicksMean) : 0);
  }

  private scheduleLocal(node: number): void {
    const w = this.w;
    const v = ++this.localVersion[node]!;
    if (!w.up[node] || (this.active !== undefined && !this.active[node])) return;
    if (w.proto.actions(w.nodes[node], node, w.net).length === 0) return;
    this.tl.push(w.time + this.rng.between(1, this.o.localTicksMax), 2, node, v);
  }

  /** The next protocol event in virtual-time order (deliveries may turn into losses and duplicates). */
  private nextEvent(): Event | undefined {
    const { w, tl, rng } = this;
    const o = this.o;
    for (;;) {
      const it = tl.pop();
      if (it === undefined) return undefined;
      if (it.kind === 0) {
        const env = w.net.get(it.id);
        if (env === undefined) continue;
        if (it.at > w.time) w.time = it.at;
        if (this.setSemantics) return { k: 'deliver', id: env.id };
        if (!deliverable(w, env)) return { k: 'drop', id: env.id }; // addressee down or link cut: lost
        if (this.faults && rng.chance(o.dropProbability)) return { k: 'drop', id: env.id };
        if (this.faults && rng.chance(o.duplicateProbability)) {
          tl.push(w.time, 0, env.id, undefined); // deliver the original right after the copy is made
          return { k: 'dup', id: env.id };
        }
        return { k: 'deliver', id: env.id };
      }
      if (it.kind === 1) {
        const t = it.ref as { node: number; timer: string };
        if (w.timers.get(`${t.node}:${t.timer}`) !== t) continue; // cancelled, re-armed or lost in a crash
        if (it.at > w.time) w.time = it.at;
        return { k: 'timer', node: t.node, timer: t.timer };
      }
      if (this.localVersion[it.id] !== it.ref || !w.up[it.id] || (this.active !== undefined && !this.active[it.id])) continue;
      const acts = w.proto.actions(w.nodes[it.id], it.id, w.net);
      if (acts.length === 0) continue;
      if (it.at > w.time) w.time = it.at;
      return { k: 'local', node: it.id, action: w.proto.actionKey(acts[rng.choose(acts.length)]) };
    }
  }
}
