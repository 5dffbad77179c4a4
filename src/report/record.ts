/**
 * What a report needs from a replayed run, recorded as an observer of the
 * one execution loop (it never drives): every message with the step that
 * sent it and each step that delivered, dropped or duplicated it; every
 * step's acting node and event; each node's state whenever it changed (by
 * reference: handlers return the identical object for a no-op); the status
 * of every checked invariant after every step; and the ghost events (votes)
 * each step recorded, caught by wrapping the protocol's `ghost.record`.
 */
import type { InvariantDef } from '../kernel/definition.js';
import type { Event } from '../kernel/events.js';
import type { Execution, Observer } from '../kernel/execution.js';
import type { AnyProtocol } from '../kernel/protocol.js';
import type { World } from '../kernel/world.js';
import type { Envelope } from '../kernel/network.js';

export interface RecordedMessage {
  /** The envelope id (a duplicate's copy has its own). */
  readonly id: number;
  readonly from: number;
  readonly to: number;
  readonly msg: unknown;
  /** Step that sent it (0: a node's init). */
  readonly sentStep: number;
  /** Steps that delivered it (more than one: re-received, under set semantics). */
  readonly deliveries: number[];
  dropStep?: number;
  /** For a duplicate's copy: the envelope it copies and the step that duplicated it. */
  readonly dupOf?: number;
}

export interface RecordedStep {
  readonly step: number;
  readonly event: Event;
  /** The node it acts on (-1: partition, heal). */
  readonly node: number;
  /** The envelope it delivers, drops or duplicates. */
  readonly envelope?: number;
  /** Envelopes it created (sends, a duplicate's copy). */
  readonly sent: number[];
  /** The protocol threw while executing it (a `crash` finding). */
  readonly threw?: boolean;
}

export interface RecordedSnapshot {
  readonly step: number;
  readonly up: boolean;
  readonly state: unknown;
}

export interface RecordedGhost {
  readonly step: number;
  readonly node: number;
  readonly event: unknown;
}

/** The protocol with `ghost.record` wrapped so every ghost event lands in `log` (prototype chain kept). */
export function withGhostLog(proto: AnyProtocol, log: { node: number; event: unknown }[]): AnyProtocol {
  const ghost = proto.ghost;
  const wrapped = Object.create(proto) as AnyProtocol & { ghost: AnyProtocol['ghost'] };
  Object.defineProperty(wrapped, 'ghost', {
    value: { init: () => ghost.init(), clone: (h: unknown) => ghost.clone(h), record: (h: unknown, node: number, e: unknown) => (log.push({ node, event: e }), ghost.record(h, node, e)) },
  });
  return wrapped;
}

export class ReportRecorder implements Observer {
  readonly messages = new Map<number, RecordedMessage>();
  readonly steps: RecordedStep[] = [];
  /** Per node, its state and up flag at step 0 and at every step that changed either. */
  readonly snapshots: RecordedSnapshot[][] = [];
  /** Per invariant (in list order), the steps where it failed and its explanation there. */
  readonly violations: [number, string][][];
  readonly ghosts: RecordedGhost[] = [];
  private pendingEvent: Event | undefined;
  private pendingNode = -1;

  constructor(private readonly invariants: readonly InvariantDef[], private readonly ghostLog: { node: number; event: unknown }[]) {
    this.violations = invariants.map(() => []);
  }

  start(_ex: Execution, w: World): void {
    for (const env of w.net.inflight.values()) this.add(env, 0);
    for (let n = 0; n < w.n; n++) this.snapshots.push([{ step: 0, up: w.up[n]!, state: w.nodes[n] }]);
    this.flushGhosts(0);
    this.checkInvariants(w);
  }

  before(_ex: Execution, e: Event, node: number): void {
    this.pendingEvent = e;
    this.pendingNode = node;
  }

  after(ex: Execution, e: Event, node: number): void {
    const w = ex.w;
    const step = w.steps;
    const id = 'id' in e ? e.id : undefined;
    const sent: number[] = [];
    for (const env of w.sent) {
      this.add(env, step, e.k === 'dup' ? id : undefined);
      sent.push(env.id);
    }
    if (id !== undefined) {
      const m = this.messages.get(id);
      if (m !== undefined && e.k === 'deliver') m.deliveries.push(step);
      if (m !== undefined && e.k === 'drop') m.dropStep = step;
    }
    this.steps.push({ step, event: e, node, ...(id !== undefined ? { envelope: id } : {}), sent });
    for (let n = 0; n < w.n; n++) {
      const snaps = this.snapshots[n]!;
      const last = snaps[snaps.length - 1]!;
      if (last.state !== w.nodes[n] || last.up !== w.up[n]) snaps.push({ step, up: w.up[n]!, state: w.nodes[n] });
    }
    this.flushGhosts(step);
    this.checkInvariants(w);
  }

  threw(ex: Execution): void {
    const e = this.pendingEvent!;
    this.steps.push({ step: ex.w.steps + 1, event: e, node: this.pendingNode, ...('id' in e ? { envelope: e.id } : {}), sent: [], threw: true });
    this.ghostLog.length = 0;
  }

  private add(env: Envelope<unknown>, step: number, dupOf?: number): void {
    this.messages.set(env.id, { id: env.id, from: env.from, to: env.to, msg: env.msg, sentStep: step, deliveries: [], ...(dupOf !== undefined ? { dupOf } : {}) });
  }

  private flushGhosts(step: number): void {
    for (const g of this.ghostLog) this.ghosts.push({ step, node: g.node, event: g.event });
    this.ghostLog.length = 0;
  }

  private checkInvariants(w: World): void {
    this.invariants.forEach((inv, i) => {
      let r: true | string;
      try {
        r = inv.check(w);
      } catch (e) {
        r = `the check threw: ${(e as Error).message ?? String(e)}`;
      }
      if (r !== true) this.violations[i]!.push([w.steps, r]);
    });
  }
}
