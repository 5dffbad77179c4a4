/**
 * The discrete-event simulator driver. Virtual time; every envelope gets a
 * latency when it is sent (so messages reorder), timers fire at their
 * deadline, spontaneous actions run after a short think time; loss,
 * duplication, crashes and partitions are fault events drawn from the seeded
 * PRNG. The kernel itself draws nothing: the DES turns its random decisions
 * into plain events, so the executed schedule replays exactly without the PRNG.
 *
 * A run has two phases (TigerBeetle's liveness mode): the faulty phase checks
 * safety after every event; then, where the variant expects liveness, the
 * liveness phase heals every partition, restarts every crashed node, stops all
 * faults and requires a decision within `livenessStepsMax` events.
 *
 * Under TLA+-style `set` semantics (spec-level variants) the DES injects no
 * faults — the message set already subsumes loss, duplication and reordering —
 * and a delivered message stays in the set: it is scheduled again, with a new
 * latency, with probability 1/2 each time, so it can be received repeatedly.
 */
import type { AnyWorldView } from '../../kernel/view.js';
import { Prng } from '../../kernel/choice/prng.js';
import { checkInvariants } from '../../kernel/check.js';
import type { Event, Link } from '../../kernel/events.js';
import type { Finding } from '../../kernel/finding.js';
import { hashEvent } from '../../kernel/fingerprint.js';
import type { Hasher } from '../../kernel/hash.js';
import type { AnyProtocol } from '../../kernel/protocol.js';
import type { Semantics } from '../../kernel/network.js';
import type { InvariantDef } from '../../kernel/definition.js';
import { createWorld, deliverable, step, type World } from '../../kernel/world.js';
import { toPortable, type PortableEvent } from '../../kernel/portable.js';
import { Timeline } from './timeline.js';
import type { SimOptions } from './options.js';

export interface RunSpec {
  readonly proto: AnyProtocol;
  readonly invariants: readonly InvariantDef[];
  readonly options: SimOptions;
  readonly seed: number;
  /** The liveness goal; the liveness phase runs only if this is given and `options.liveness` is on. */
  readonly decided?: (w: AnyWorldView) => boolean;
  /** Nodes the DES may crash (default: every node). */
  readonly crashable?: (node: number) => boolean;
  /** Network semantics of the variant (default `multiset`). */
  readonly semantics?: Semantics;
  /** Run the liveness phase only if the faulty phase injected no fault (one-shot protocols). */
  readonly livenessFaultFreeOnly?: boolean;
  /** Receives every executed event (fingerprinting across a campaign). */
  readonly hasher?: Hasher;
  /** Keep the executed schedule (needed to save or minimise a finding). */
  readonly record?: boolean;
}

export interface RunResult {
  readonly events: number;
  readonly finding: Finding | undefined;
  /** Executed events in order, in portable form (empty unless `record`). */
  readonly schedule: PortableEvent[];
  /** Events of the faulty phase (the liveness phase follows them). */
  readonly faultySteps: number;
  readonly decided: boolean;
  readonly world: World;
}

/** Runs one seeded simulation. */
export function runDes(spec: RunSpec): RunResult {
  return new DesRun(spec).run();
}

class DesRun {
  private readonly rng: Prng;
  private readonly setSemantics: boolean;
  private readonly w: World;
  private readonly tl = new Timeline();
  private readonly localVersion: number[];
  private readonly schedule: PortableEvent[] = [];
  private finding: Finding | undefined;
  private faultySteps = 0;
  private faults = true;
  /** Fault events injected so far (losses of messages to down or cut-off nodes included). */
  private faultEvents = 0;

  constructor(private readonly spec: RunSpec) {
    this.rng = new Prng(spec.seed);
    this.setSemantics = spec.semantics === 'set';
    this.w = createWorld(spec.proto, spec.semantics ?? 'multiset');
    this.localVersion = new Array(this.w.n).fill(0);
  }

  run(): RunResult {
    const { w, spec } = this;
    const o = spec.options;
    this.afterStep(-1);
    for (let node = 0; node < w.n; node++) this.scheduleLocal(node);
    this.finding = this.check();
    while (this.finding === undefined && w.steps < o.stepsMax) {
      if (!this.maybeFault()) {
        const e = this.nextEvent();
        if (e === undefined) break;
        this.exec(e);
      }
    }
    this.faultySteps = w.steps;
    let decided = spec.decided?.(w) ?? false;
    const livenessApplies = !spec.livenessFaultFreeOnly || this.faultEvents === 0;
    if (this.finding === undefined && o.liveness && spec.decided !== undefined && livenessApplies) {
      this.faults = false;
      decided = this.livenessPhase(spec.decided, o.livenessStepsMax);
    }
    return { events: w.steps, finding: this.finding, schedule: this.schedule, faultySteps: this.faultySteps, decided, world: w };
  }

  /** Heal, restart, stop faults, and wait for a decision within the bound. */
  private livenessPhase(decided: (w: AnyWorldView) => boolean, bound: number): boolean {
    const w = this.w;
    if (w.blockedCount > 0) this.exec({ k: 'heal' });
    for (let node = 0; node < w.n && this.finding === undefined; node++) if (!w.up[node]) this.exec({ k: 'recover', node });
    const end = w.steps + bound;
    while (this.finding === undefined && !decided(w)) {
      if (w.steps >= end) {
        this.finding = { kind: 'liveness', invariant: 'liveness', step: w.steps,
          message: `no value chosen within ${bound} events after faults stopped, partitions healed and every node restarted` };
        return false;
      }
      const e = this.nextEvent();
      if (e === undefined) {
        this.finding = { kind: 'liveness', invariant: 'liveness', step: w.steps,
          message: 'no value chosen and nothing left to happen (no message in flight, no timer armed) after faults stopped' };
        return false;
      }
      this.exec(e);
    }
    return this.finding === undefined;
  }

  /** Executes one event, records and fingerprints it, schedules what it caused, checks invariants. */
  private exec(e: Event): void {
    const { w, spec } = this;
    const node = e.k === 'deliver' ? (w.net.get(e.id)?.to ?? -1) : touched(e);
    if (spec.record) this.schedule.push(toPortable(w, e));
    let ok: boolean;
    try {
      ok = step(w, e);
    } catch (err) {
      this.record(e);
      this.finding = { kind: 'crash', invariant: 'crash', step: w.steps + 1, message: `protocol code threw: ${(err as Error).message ?? String(err)}` };
      return;
    }
    if (!ok) throw new Error(`DES generated an event the kernel did not accept: ${JSON.stringify(e)}`);
    if (e.k !== 'deliver' && e.k !== 'local' && e.k !== 'timer') this.faultEvents++;
    if (this.setSemantics && e.k === 'deliver' && this.rng.chance(0.5)) this.tl.push(w.time + this.latency(), 0, e.id, undefined);
    this.record(e);
    this.afterStep(node);
    this.finding = this.check();
  }

  private record(e: Event): void {
    if (this.spec.hasher) hashEvent(this.spec.hasher, e);
  }

  private check(): Finding | undefined {
    const v = checkInvariants(this.w, this.spec.invariants);
    return v && { kind: 'safety', invariant: v.invariant, message: v.message, step: this.w.steps };
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
    const o = this.spec.options;
    return o.delayTicksMin + (o.delayTicksMean > 0 ? Math.floor(-Math.log(1 - this.rng.real()) * o.delayTicksMean) : 0);
  }

  private scheduleLocal(node: number): void {
    const w = this.w;
    const v = ++this.localVersion[node]!;
    if (!w.up[node]) return;
    if (w.proto.actions(w.nodes[node], node, w.net).length === 0) return;
    this.tl.push(w.time + this.rng.between(1, this.spec.options.localTicksMax), 2, node, v);
  }

  /** The next protocol event in virtual-time order (deliveries may turn into losses). */
  private nextEvent(): Event | undefined {
    const { w, tl, rng } = this;
    const o = this.spec.options;
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
      if (this.localVersion[it.id] !== it.ref || !w.up[it.id]) continue;
      const acts = w.proto.actions(w.nodes[it.id], it.id, w.net);
      if (acts.length === 0) continue;
      if (it.at > w.time) w.time = it.at;
      return { k: 'local', node: it.id, action: w.proto.actionKey(acts[rng.choose(acts.length)]) };
    }
  }

  /** Draws at most one fault event and executes it; true if one happened. */
  private maybeFault(): boolean {
    const { w, rng } = this;
    if (this.setSemantics) return false;
    const o = this.spec.options;
    if (rng.chance(o.crashProbability)) {
      const down = w.up.filter((u) => !u).length;
      const candidates = [];
      for (let i = 0; i < w.n; i++) if (w.up[i] && (this.spec.crashable?.(i) ?? true)) candidates.push(i);
      if (down < o.crashedMax && candidates.length > 0) {
        this.exec({ k: 'crash', node: candidates[rng.choose(candidates.length)]! });
        return true;
      }
    }
    if (rng.chance(o.recoverProbability)) {
      const downs = [];
      for (let i = 0; i < w.n; i++) if (!w.up[i]) downs.push(i);
      if (downs.length > 0) {
        this.exec({ k: 'recover', node: downs[rng.choose(downs.length)]! });
        return true;
      }
    }
    if (rng.chance(o.partitionProbability)) {
      const links = randomPartition(rng, w.n, rng.real() < o.partitionOneWayProbability);
      if (links.length > 0) {
        this.exec({ k: 'partition', links });
        return true;
      }
    }
    if (w.blockedCount > 0 && rng.chance(o.healProbability)) {
      this.exec({ k: 'heal' });
      return true;
    }
    return false;
  }
}

/** The node whose state a non-delivery event changed (-1 if none). */
function touched(e: Event): number {
  return e.k === 'local' || e.k === 'timer' || e.k === 'recover' ? e.node : -1;
}

/**
 * A random split of the nodes into two non-empty sides; every link across is
 * cut, in both directions or (one-way) only from side A to side B.
 */
export function randomPartition(rng: Prng, n: number, oneWay: boolean): Link[] {
  const side: boolean[] = [];
  for (let i = 0; i < n; i++) side.push(rng.chance(0.5));
  if (side.every((s) => s) || side.every((s) => !s)) side[rng.choose(n)] = !side[0];
  const links: Link[] = [];
  for (let a = 0; a < n; a++)
    for (let b = 0; b < n; b++) {
      if (a === b || side[a] === side[b]) continue;
      if (!oneWay || side[a]) links.push([a, b]);
    }
  return links;
}
