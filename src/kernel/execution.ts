/**
 * One run of a schedule-driven adversary (fast-check schedules, the uniform,
 * swarm and PCT schedulers): the kernel's `enabledEvents`/`step` plus what
 * every such driver needs around them — invariant checks after every step,
 * the executed schedule in portable form, fault counting, fingerprinting —
 * and the canonical ending shared by all of them (`finish`):
 *
 * 1. liveness phase, where the variant expects a decision (TigerBeetle's
 *    liveness mode, as the DES does it): heal the partition, restart every
 *    crashed node, stop faults;
 * 2. canonical completion: take the first enabled protocol event (the same
 *    choice `replaySchedule`'s completion makes) until nothing can happen or
 *    `completeMax` events have run (`stepsMax` when no liveness goal applies:
 *    then the ending only extends the run for the safety checks);
 * 3. a liveness finding if the goal is unmet at the end.
 *
 * So a schedule never has to spell out a whole run: "running out falls back
 * to a canonical default", and fast-check only needs to shrink the
 * interesting prefix. Every executed event, the completion's included, is
 * recorded, so the strict replay of `schedule` reproduces the finding.
 *
 * Under `set` semantics (TLA+ message sets, nothing is ever removed) a
 * delivery that changes nothing stays enabled forever; `enabled` leaves such
 * no-ops out, so random choices and the completion only take steps that do
 * something.
 */
import { checkInvariants } from './check.js';
import type { Event } from './events.js';
import type { Finding } from './finding.js';
import { hashEvent } from './fingerprint.js';
import type { Hasher } from './hash.js';
import type { Envelope } from './network.js';
import { createWorld, enabledEvents, step, type FaultMask, type World } from './world.js';
import { toPortable, type PortableEvent } from './portable.js';
import type { ScheduleTarget } from './target.js';

export interface ExecutionOptions {
  /** Keep the executed schedule (portable events); on by default. */
  readonly record?: boolean;
  /** Receives every executed event (campaign fingerprints). */
  readonly hasher?: Hasher;
}

/** The kinds that are faults (everything but protocol steps). */
export function isFault(e: Event): boolean {
  return e.k !== 'deliver' && e.k !== 'local' && e.k !== 'timer';
}

/** The node an event acts on (the addressee for envelope events; -1 for partitions). */
export function eventNode(w: World, e: Event): number {
  switch (e.k) {
    case 'deliver':
    case 'drop':
    case 'dup':
      return w.net.get(e.id)?.to ?? -1;
    case 'local':
    case 'timer':
    case 'crash':
    case 'recover':
      return e.node;
    default:
      return -1;
  }
}

/**
 * True when delivering `env` would change nothing (set semantics only): the
 * addressee's state key stays the same and every command is a send of a
 * message already in the set (or a persist). Pure: calls the protocol's
 * handler on the current state and throws the outcome away.
 */
export function isNoopDelivery(w: World, env: Envelope<unknown>): boolean {
  const proto = w.proto;
  const s = w.nodes[env.to];
  const o = proto.onMessage(s, env.to, env.from, env.msg);
  if (o.state !== s && proto.stateKey(o.state) !== proto.stateKey(s)) return false;
  for (const c of o.out) {
    if (c.kind === 'persist') continue;
    if (c.kind !== 'send') return false;
    const to = w.route === undefined ? c.to : (w.route[c.to] ?? -1);
    if (to < 0) continue;
    if (!w.net.byKey.has(`${env.to}>${to}:${proto.msgKey(c.msg)}`)) return false;
  }
  return true;
}

/**
 * Envelope ids known to be no-op deliveries, with the addressee state they
 * were judged in: the verdict holds while that state object is current (the
 * message set only grows, so a send that merged keeps merging). Only no-op
 * verdicts are kept: a useful delivery can become a no-op as the set grows.
 */
export type NoopCache = Map<number, unknown>;

function noopDelivery(w: World, id: number, cache: NoopCache | undefined): boolean {
  const env = w.net.get(id)!;
  const state = w.nodes[env.to];
  if (cache !== undefined && cache.has(id) && cache.get(id) === state) return true;
  const noop = isNoopDelivery(w, env);
  if (noop) cache?.set(id, state);
  return noop;
}

/**
 * The events a schedule may pick from: the kernel's enabled events under
 * `mask`, without crashes of non-crashable nodes and, under set semantics,
 * without deliveries that change nothing.
 */
export function effectiveEvents(w: World, mask: FaultMask, crashable: (node: number) => boolean, cache?: NoopCache): Event[] {
  const all = enabledEvents(w, mask);
  const set = w.net.semantics === 'set';
  if (!set && !mask.crash) return all;
  const out: Event[] = [];
  for (const e of all) {
    if (e.k === 'crash' && !crashable(e.node)) continue;
    if (set && e.k === 'deliver' && noopDelivery(w, e.id, cache)) continue;
    out.push(e);
  }
  return out;
}

const NONE: FaultMask = { drop: false, duplicate: false, crash: false, partition: false, maxCrashed: 0 };

/**
 * The canonical next protocol event (no faults): the first enabled one, as
 * `replaySchedule` completes (under set semantics: the first that changes something).
 */
export function canonicalEvent(w: World, cache?: NoopCache): Event | undefined {
  if (w.net.semantics === 'multiset') return enabledEvents(w)[0];
  return effectiveEvents(w, NONE, () => false, cache)[0];
}

export class Execution {
  readonly w: World;
  /** Executed events in order, portable form (empty unless recording). */
  readonly schedule: PortableEvent[] = [];
  finding: Finding | undefined;
  /** Fault events executed (drop, dup, crash, recover, partition, heal). */
  faultEvents = 0;
  /** Events the schedule chose: executed before `finish` started (all of them if the run failed earlier). */
  adversarialSteps = 0;
  /** changedAt[node]: the step that last replaced the node's state (-1: never). */
  readonly changedAt: Int32Array;
  /** The node whose state the last executed event replaced (-1: none). */
  lastChanged = -1;
  private readonly record: boolean;
  private readonly noops: NoopCache | undefined;
  private finishing = false;

  constructor(readonly t: ScheduleTarget, private readonly o: ExecutionOptions = {}) {
    this.w = createWorld(t.proto, t.semantics);
    this.record = o.record ?? true;
    this.changedAt = new Int32Array(this.w.n).fill(-1);
    this.noops = t.semantics === 'set' ? new Map() : undefined;
    const v = checkInvariants(this.w, t.invariants);
    if (v) this.finding = { kind: 'safety', invariant: v.invariant, message: v.message, step: 0 };
  }

  get done(): boolean {
    return this.finding !== undefined;
  }

  get steps(): number {
    return this.w.steps;
  }

  /**
   * Events a schedule may pick now (default: the target's widest mask). With
   * `active`, spontaneous actions and timers of inactive nodes are left out
   * (they still receive messages): swarm-style runs where only some nodes
   * take the initiative.
   */
  enabled(mask: FaultMask = this.t.faults, active?: readonly boolean[]): Event[] {
    const all = effectiveEvents(this.w, mask, this.t.crashable, this.noops);
    if (active === undefined) return all;
    return all.filter((e) => (e.k !== 'local' && e.k !== 'timer') || active[e.node] !== false);
  }

  /** Executes one enabled event: records, fingerprints, checks invariants. False if the kernel refused it. */
  exec(e: Event): boolean {
    const w = this.w;
    const pe = this.record ? toPortable(w, e) : undefined;
    const node = eventNode(w, e);
    const before = node >= 0 ? w.nodes[node] : undefined;
    let ok: boolean;
    try {
      ok = step(w, e);
    } catch (err) {
      if (!this.finishing) this.adversarialSteps++;
      if (pe) this.schedule.push(pe);
      if (this.o.hasher) hashEvent(this.o.hasher, e);
      this.finding = { kind: 'crash', invariant: 'crash', step: w.steps + 1, message: `protocol code threw: ${(err as Error).message ?? String(err)}` };
      return true;
    }
    if (!ok) return false;
    if (!this.finishing) this.adversarialSteps++;
    if (pe) this.schedule.push(pe);
    if (this.o.hasher) hashEvent(this.o.hasher, e);
    if (isFault(e)) this.faultEvents++;
    this.lastChanged = node >= 0 && w.nodes[node] !== before ? node : -1;
    if (this.lastChanged >= 0) this.changedAt[node] = w.steps;
    const v = checkInvariants(w, this.t.invariants);
    if (v) this.finding = { kind: 'safety', invariant: v.invariant, message: v.message, step: w.steps };
    return true;
  }

  /**
   * Nodes that could restart now (up, crashable, crashes allowed by `mask` and
   * below its bound), most recently changed first: a restart right after a
   * node promised or voted is when an amnesia bug shows.
   */
  restartable(mask: FaultMask): number[] {
    const w = this.w;
    if (!mask.crash) return [];
    let down = 0;
    for (let i = 0; i < w.n; i++) if (!w.up[i]) down++;
    if (down >= mask.maxCrashed) return [];
    const out: number[] = [];
    for (let i = 0; i < w.n; i++) if (w.up[i] && this.t.crashable(i)) out.push(i);
    return out.sort((a, b) => this.changedAt[b]! - this.changedAt[a]! || a - b);
  }

  /** Crash `node` and recover it at once (two kernel events). */
  restart(node: number): boolean {
    if (!this.exec({ k: 'crash', node })) return false;
    if (!this.done) this.exec({ k: 'recover', node });
    return true;
  }

  /** True when the liveness phase applies to this run (decided by the faults injected so far). */
  livenessApplies(): boolean {
    const t = this.t;
    return t.decided !== undefined && (t.liveness === 'always' || (t.liveness === 'fault-free' && this.faultEvents === 0));
  }

  /** Liveness phase (where it applies), canonical completion, liveness verdict. Idempotent. */
  finish(): Finding | undefined {
    if (this.finding !== undefined) return this.finding;
    const { w, t } = this;
    this.finishing = true;
    const live = this.livenessApplies();
    if (live) {
      if (w.blockedCount > 0) this.exec({ k: 'heal' });
      for (let node = 0; node < w.n && !this.done; node++) if (!w.up[node]) this.exec({ k: 'recover', node });
    }
    let quiet = false;
    // Without a liveness goal the ending only extends the run for safety checks: a run that
    // cannot settle (e.g. retries against crashed nodes) is cut at stepsMax canonical events.
    const bound = live ? t.completeMax : Math.min(t.completeMax, t.stepsMax);
    for (let k = 0; k < bound && !this.done; k++) {
      const e = canonicalEvent(w, this.noops);
      if (e === undefined) {
        quiet = true;
        break;
      }
      this.exec(e);
    }
    if (!this.done && !quiet) quiet = canonicalEvent(w, this.noops) === undefined;
    if (!this.done && live && !t.decided!(w))
      this.finding = {
        kind: 'liveness', invariant: 'liveness', step: w.steps,
        message: quiet
          ? 'no value chosen and nothing left to happen: every node is waiting for a message that will never come'
          : `no value chosen within ${t.completeMax} canonical events after faults stopped, partitions healed and every node restarted`,
      };
    return this.finding;
  }
}
