/**
 * One step of an induction check: a state that satisfies the invariant, every
 * event enabled in it, and the invariant on each successor. A successor that
 * breaks it makes the state a counterexample to induction (CTI): the
 * invariant holds here and fails one step later, so it is not inductive
 * (Lamport, "Using TLC to check inductive invariance"; Ivy's CTIs).
 */
import { assembleWorld, type WorldParts } from '../kernel/assemble.js';
import type { Event } from '../kernel/events.js';
import type { InvariantDef } from '../kernel/definition.js';
import type { AnyProtocol } from '../kernel/protocol.js';
import type { Semantics } from '../kernel/network.js';
import { cloneWorld, enabledEvents, step, type FaultMask, type World } from '../kernel/world.js';

/** What an induction check runs against. */
export interface InductTarget {
  readonly proto: AnyProtocol;
  readonly semantics: Semantics;
  readonly invariant: InvariantDef;
  /** Faults offered as events besides deliveries, actions and timers. */
  readonly faults: FaultMask;
}

/** A counterexample to induction, with both states. */
export interface Cti {
  readonly before: World;
  readonly event: Event;
  readonly after: World;
  /** The invariant's explanation of the violation in `after`. */
  readonly message: string;
}

/** The verdict on one generated state. */
export type StateVerdict =
  /** The state does not satisfy the invariant (not a candidate). */
  | { readonly kind: 'outside' }
  /** Every successor satisfies it; `checks` events were tried. */
  | { readonly kind: 'holds'; readonly checks: number }
  | { readonly kind: 'cti'; readonly checks: number; readonly cti: Cti };

/** Checks every successor of the state `parts`. */
export function checkState(t: InductTarget, parts: WorldParts): StateVerdict {
  const w = assembleWorld(t.proto, t.semantics, parts);
  if (t.invariant.check(w) !== true) return { kind: 'outside' };
  const events = enabledEvents(w, t.faults);
  for (let i = 0; i < events.length; i++) {
    const after = cloneWorld(w);
    if (!step(after, events[i]!)) continue;
    const r = t.invariant.check(after);
    if (r !== true) return { kind: 'cti', checks: i + 1, cti: { before: w, event: events[i]!, after, message: r } };
  }
  return { kind: 'holds', checks: events.length };
}
