/**
 * Re-executes a portable schedule through the kernel, checking invariants
 * after every step exactly as the DES did. Strict mode reports the first event
 * that cannot execute as a divergence; lenient mode (used by the minimiser)
 * skips it. Optionally records a trace for the terminal.
 */
import type { AnyWorldView } from '../kernel/view.js';
import { checkInvariants } from '../kernel/check.js';
import type { Finding } from '../kernel/finding.js';
import { hashEvent } from '../kernel/fingerprint.js';
import { Hasher } from '../kernel/hash.js';
import type { Semantics } from '../kernel/network.js';
import type { AnyProtocol } from '../kernel/protocol.js';
import type { InvariantDef } from '../kernel/definition.js';
import { createWorld, deliverable, enabledEvents, step, type World } from '../kernel/world.js';
import { resolve, toPortable, type PortableEvent } from '../kernel/portable.js';

export interface ReplayTarget {
  readonly proto: AnyProtocol;
  readonly invariants: readonly InvariantDef[];
  readonly semantics: Semantics;
  /** Liveness goal, when a liveness finding is to be reproduced. */
  readonly decided?: (w: AnyWorldView) => boolean;
}

export interface TraceStep {
  readonly step: number;
  readonly node: string;
  readonly event: string;
  readonly before: string;
  readonly after: string;
  readonly sent: string[];
  /** Step at which a delivered message was sent (0 = initial), for causal reading. */
  readonly causedBy: number | undefined;
}

export interface ReplayOutcome {
  /** Events executed (skipped ones excluded). */
  readonly executed: number;
  /** The events that executed, in order (lenient mode drops the skipped ones). */
  readonly schedule: PortableEvent[];
  readonly finding: Finding | undefined;
  readonly divergence: { readonly index: number; readonly event: PortableEvent; readonly reason: string } | undefined;
  readonly fingerprint: string;
  readonly world: World;
  readonly trace: TraceStep[];
}

export interface ReplayOptions {
  readonly lenient?: boolean;
  readonly trace?: boolean;
  /** Stop at the first safety finding (default true). */
  readonly stopAtFinding?: boolean;
  /** At the end, report `liveness` if the goal is unmet and nothing more can happen. */
  readonly checkLiveness?: boolean;
  /** After the schedule, run up to this many canonical fault-free events (first enabled) towards quiescence. */
  readonly complete?: number;
}

/** True when no protocol step can happen (no deliverable message, no action, no timer). */
export function quiescent(w: World): boolean {
  for (const env of w.net.inflight.values()) if (deliverable(w, env)) return false;
  if (w.timers.size > 0) return false;
  for (let n = 0; n < w.n; n++) if (w.up[n] && w.proto.actions(w.nodes[n], n, w.net).length > 0) return false;
  return true;
}

export function replaySchedule(t: ReplayTarget, schedule: readonly PortableEvent[], o: ReplayOptions = {}): ReplayOutcome {
  const w = createWorld(t.proto, t.semantics);
  const hasher = new Hasher();
  const executed: PortableEvent[] = [];
  const trace: TraceStep[] = [];
  const sentAt = new Map<number, number>();
  let finding: Finding | undefined;
  let divergence: ReplayOutcome['divergence'];
  const v0 = checkInvariants(w, t.invariants);
  if (v0) finding = { kind: 'safety', invariant: v0.invariant, message: v0.message, step: 0 };
  for (let i = 0; i < schedule.length && finding === undefined; i++) {
    const pe = schedule[i]!;
    const e = resolve(w, pe);
    const node = e === undefined ? -1 : e.k === 'deliver' ? (w.net.get(e.id)?.to ?? -1) : 'node' in e ? e.node : -1;
    const before = node >= 0 && o.trace ? (w.up[node] ? t.proto.showState(w.nodes[node]) : 'down') : '';
    const causedBy = e !== undefined && e.k === 'deliver' ? sentAt.get(e.id) : undefined;
    const env = e !== undefined && 'id' in e ? w.net.get(e.id) : undefined;
    const what = o.trace ? (env ? `${pe.k} ${t.proto.nodeName(env.from)} -> ${t.proto.nodeName(env.to)} ${t.proto.showMsg(env.msg)}` : describe(t.proto, pe)) : '';
    let ok = false;
    if (e !== undefined) {
      try {
        ok = step(w, e);
      } catch (err) {
        executed.push(pe);
        finding = { kind: 'crash', invariant: 'crash', step: w.steps + 1, message: `protocol code threw: ${(err as Error).message}` };
        break;
      }
    }
    if (!ok) {
      if (o.lenient) continue;
      divergence = { index: i, event: pe, reason: e === undefined ? 'no message with that content is in flight' : 'the event is not enabled in this state' };
      break;
    }
    hashEvent(hasher, e!);
    executed.push(pe);
    for (const env of w.sent) sentAt.set(env.id, w.steps);
    if (o.trace)
      trace.push({
        step: w.steps, node: node >= 0 ? t.proto.nodeName(node) : '-', event: what, before,
        after: node >= 0 ? (w.up[node] ? t.proto.showState(w.nodes[node]) : 'down') : '',
        sent: w.sent.map((env) => `${t.proto.nodeName(env.to)} <- ${t.proto.showMsg(env.msg)}`), causedBy,
      });
    const v = checkInvariants(w, t.invariants);
    if (v) finding = { kind: 'safety', invariant: v.invariant, message: v.message, step: w.steps };
    if (finding && o.stopAtFinding === false) finding = undefined;
  }
  if (finding === undefined && divergence === undefined && o.complete !== undefined) {
    // Canonical completion: keep taking the first enabled protocol event (no faults) until quiescent.
    for (let k = 0; k < o.complete && finding === undefined; k++) {
      const next = enabledEvents(w)[0];
      if (next === undefined) break;
      const pe = toPortable(w, next);
      if (!step(w, next)) break;
      hashEvent(hasher, next);
      executed.push(pe);
      const v = checkInvariants(w, t.invariants);
      if (v) finding = { kind: 'safety', invariant: v.invariant, message: v.message, step: w.steps };
    }
  }
  if (finding === undefined && divergence === undefined && o.checkLiveness && t.decided && !t.decided(w) && quiescent(w))
    finding = { kind: 'liveness', invariant: 'liveness', step: w.steps, message: 'no value chosen and nothing left to happen: every node is waiting for a message that will never come' };
  return { executed: executed.length, schedule: executed, finding, divergence, fingerprint: hasher.hex(), world: w, trace };
}

/** One-line description of a portable event. */
export function describe(proto: AnyProtocol, pe: PortableEvent): string {
  switch (pe.k) {
    case 'deliver':
    case 'drop':
    case 'dup':
      return `${pe.k} ${proto.nodeName(pe.from)} -> ${proto.nodeName(pe.to)} [${pe.msg}]`;
    case 'local':
      return `${proto.nodeName(pe.node)} does ${pe.action}`;
    case 'timer':
      return `${proto.nodeName(pe.node)} timer ${pe.timer} fires`;
    case 'crash':
    case 'recover':
      return `${pe.k} ${proto.nodeName(pe.node)}`;
    case 'partition':
      return `partition cuts ${pe.links.map(([a, b]) => `${proto.nodeName(a)}->${proto.nodeName(b)}`).join(' ')}`;
    case 'heal':
      return 'partition heals';
  }
}
