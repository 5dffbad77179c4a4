/**
 * The one execution loop. Every way of running the kernel — the seeded DES,
 * the uniform, swarm and PCT schedulers, fast-check schedules, the replay of
 * a saved schedule, the canonical completion — is a `Policy` that picks the
 * next event; everything that watches a run — invariant checks, the fault
 * count, the portable schedule, the fingerprint, the trace, the DES's
 * timeline — is an `Observer` told about every executed event, whoever
 * picked it. `exec` is the one place an event is executed, `run` the one
 * loop (DSLabs `events()`/`stepEvent()`; TigerBeetle's state checker
 * observes, never drives).
 *
 * Why: when each driver had its own loop, each re-implemented recording,
 * hashing, checking and the liveness phase, and they drifted apart. Here a
 * DES run, a shrunk fast-check schedule and a replayed file are the same
 * kind of object, so "record a run, replay it, get the same fingerprint and
 * the same finding" holds by construction. The phases of a run (the
 * adversarial phase, then the liveness phase or the canonical ending) are
 * successive `run` calls with different policies (`liveness.ts`).
 */
import type { InvariantDef } from './definition.js';
import type { Event } from './events.js';
import type { Finding } from './finding.js';
import type { Hasher } from './hash.js';
import type { Semantics } from './network.js';
import type { AnyProtocol } from './protocol.js';
import { effectiveEvents, type NoopCache } from './enabled.js';
import { FaultCounter } from './observers/faults.js';
import { Fingerprinter } from './observers/fingerprint.js';
import { InvariantChecker } from './observers/invariants.js';
import { ScheduleRecorder } from './observers/schedule.js';
import { createWorld, imageOf, NO_FAULTS, restoreWorld, step, type FaultMask, type World, type WorldImage } from './world.js';
import type { PortableEvent } from './portable.js';

/** What an execution runs: one protocol instance, its network semantics, the invariants checked after every step. */
export interface RunSubject {
  readonly proto: AnyProtocol;
  readonly semantics: Semantics;
  readonly invariants: readonly InvariantDef[];
  /** Nodes a policy may crash (default: every node). */
  readonly crashable?: (node: number) => boolean;
  /** The widest fault mask policies pick from (`enabled()`'s default; none if absent). */
  readonly faults?: FaultMask;
}

/**
 * Watches the loop; never picks an event. `node` is the node the event acts
 * on, computed before it executes (`eventNode`).
 */
export interface Observer {
  /** The initial world exists (called by the constructor, in order). */
  start?(ex: Execution, w: World): void;
  /** `e` is about to execute (the world still shows the state it acts on); it may yet be refused. */
  before?(ex: Execution, e: Event, node: number): void;
  /** The kernel executed `e`. */
  after?(ex: Execution, e: Event, node: number): void;
  /** The protocol code threw while executing `e`; `ex.finding` is the crash. */
  threw?(ex: Execution, e: Event, node: number): void;
}

/** Picks the next event of a phase: the only thing in which drivers differ. */
export interface Policy {
  /** The next event to execute, or undefined to end the phase. */
  next(ex: Execution): Event | undefined;
  /** Told after each event it picked: `accepted` is false when the kernel refused it (nothing changed). */
  executed?(ex: Execution, e: Event, accepted: boolean): void;
}

/** Why `run` returned: a finding, the goal holds, the bound was reached, or the policy had nothing more. */
export type PhaseEnd = 'finding' | 'goal' | 'bound' | 'declined';

export interface ExecutionOptions {
  /** Keep the executed schedule in portable form (default on); or the recorder to use. */
  readonly record?: boolean | ScheduleRecorder;
  /** Receives every executed event (campaign fingerprints). */
  readonly hasher?: Hasher;
  /** More observers (trace, change tracking, a DES clock...), told after the built-in ones. */
  readonly observers?: readonly Observer[];
  /**
   * Continue from a snapshot instead of the initial world (the guided
   * strategy's continuations): its world restored, with its event and fault
   * counts. Observers start from that world.
   */
  readonly from?: Snapshot;
}

/** A point of an execution to continue from: its world's image and its counts. */
export interface Snapshot {
  readonly world: WorldImage;
  readonly ran: number;
  readonly faultEvents: number;
}

/** A snapshot of `ex` as it is now. */
export function snapshotOf(ex: Execution): Snapshot {
  return { world: imageOf(ex.w), ran: ex.ran, faultEvents: ex.faultEvents };
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

const EVERY_NODE = (): boolean => true;

export class Execution<S extends RunSubject = RunSubject> {
  readonly w: World;
  finding: Finding | undefined;
  /** Events executed so far (accepted by the kernel, or thrown on by the protocol): the length of the schedule. */
  ran = 0;
  /** Candidate events policies were offered (`enabled()`): with `ran`, a deterministic measure of the work a run cost. */
  scanned = 0;
  /** Envelope ids known to be no-op deliveries (set semantics; see `enabled.ts`). */
  readonly noops: NoopCache | undefined;
  private readonly recorder: ScheduleRecorder | undefined;
  private readonly faults = new FaultCounter();
  private readonly befores: Observer[] = [];
  private readonly afters: Observer[] = [];
  private readonly throws: Observer[] = [];
  private endingAt: number | undefined;

  constructor(readonly t: S, o: ExecutionOptions = {}) {
    this.w = o.from ? restoreWorld(o.from.world) : createWorld(t.proto, t.semantics);
    this.ran = o.from?.ran ?? 0;
    this.faults.count = o.from?.faultEvents ?? 0;
    this.noops = t.semantics === 'set' ? new Map() : undefined;
    this.recorder = o.record === false ? undefined : o.record === undefined || o.record === true ? new ScheduleRecorder() : o.record;
    const observers: Observer[] = [];
    // A snapshot's world was checked by the run that reached it (a violation there ended that run): only the initial world is checked at the start.
    if (t.invariants.length > 0) observers.push(new InvariantChecker(t.invariants, !o.from));
    observers.push(this.faults);
    if (this.recorder) observers.push(this.recorder);
    if (o.hasher) observers.push(new Fingerprinter(o.hasher));
    if (o.observers) observers.push(...o.observers);
    for (const ob of observers) this.observe(ob);
  }

  /** Adds an observer (before any event executes); calls its `start`. */
  observe(ob: Observer): void {
    if (ob.before) this.befores.push(ob);
    if (ob.after) this.afters.push(ob);
    if (ob.threw) this.throws.push(ob);
    ob.start?.(this, this.w);
  }

  get done(): boolean {
    return this.finding !== undefined;
  }

  /** Events the kernel accepted (the world's step count). */
  get steps(): number {
    return this.w.steps;
  }

  /** Executed events in order, portable form (empty unless recording). */
  get schedule(): PortableEvent[] {
    return this.recorder?.schedule ?? [];
  }

  /** Fault events executed (drop, dup, crash, recover, partition, heal). */
  get faultEvents(): number {
    return this.faults.count;
  }

  /** Events the adversary chose: executed before the ending began (all of them if there was no ending). */
  get adversarialSteps(): number {
    return this.endingAt ?? this.ran;
  }

  /** True once the ending (liveness phase or canonical ending) began. */
  get ending(): boolean {
    return this.endingAt !== undefined;
  }

  /** Marks the end of the adversarial phase: the liveness phase or the canonical ending follows. */
  beginEnding(): void {
    this.endingAt ??= this.ran;
  }

  /**
   * Events a policy may pick now (default: the subject's widest mask): the
   * kernel's enabled events without crashes of non-crashable nodes and, under
   * set semantics, without deliveries that change nothing. With `active`,
   * spontaneous actions and timers of inactive nodes are left out (they
   * still receive messages): swarm-style runs where only some nodes take the
   * initiative.
   */
  enabled(mask: FaultMask = this.t.faults ?? NO_FAULTS, active?: readonly boolean[]): Event[] {
    const all = effectiveEvents(this.w, mask, this.t.crashable ?? EVERY_NODE, this.noops);
    this.scanned += all.length;
    if (active === undefined) return all;
    return all.filter((e) => (e.k !== 'local' && e.k !== 'timer') || active[e.node] !== false);
  }

  /**
   * Executes one event and tells every observer. False (nothing changed, no
   * observer told but `before`) if the kernel refused it; true if it ran or
   * the protocol threw (then `finding` is a crash).
   */
  exec(e: Event): boolean {
    const w = this.w;
    const node = eventNode(w, e);
    const befores = this.befores;
    for (let i = 0; i < befores.length; i++) befores[i]!.before!(this, e, node);
    let ok: boolean;
    try {
      ok = step(w, e);
    } catch (err) {
      this.ran++;
      this.finding = { kind: 'crash', invariant: 'crash', step: w.steps + 1, message: `protocol code threw: ${(err as Error).message ?? String(err)}` };
      const throws = this.throws;
      for (let i = 0; i < throws.length; i++) throws[i]!.threw!(this, e, node);
      return true;
    }
    if (!ok) return false;
    this.ran++;
    const afters = this.afters;
    for (let i = 0; i < afters.length; i++) afters[i]!.after!(this, e, node);
    return true;
  }

  /**
   * The loop: executes what `p` picks until a finding, until `goal` holds
   * (checked before each pick), until `p` has picked `bound` events, or
   * until `p` declines.
   */
  run(p: Policy, bound = Number.POSITIVE_INFINITY, goal?: (w: World) => boolean): PhaseEnd {
    for (let k = 0; ; k++) {
      if (this.finding !== undefined) return 'finding';
      if (goal !== undefined && goal(this.w)) return 'goal';
      if (k >= bound) return 'bound';
      const e = p.next(this);
      if (e === undefined) return 'declined';
      const accepted = this.exec(e);
      p.executed?.(this, e, accepted);
    }
  }
}
