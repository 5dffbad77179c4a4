/**
 * What a policy may pick: the kernel's enabled events, minus crashes of
 * nodes that may not crash and, under `set` semantics (TLA+ message sets,
 * nothing is ever removed), minus deliveries that change nothing — such a
 * delivery stays enabled forever, so random choices and the canonical
 * completion would otherwise spend their steps on it. Pure functions of the
 * world; the no-op verdicts are cached per execution.
 */
import type { Event } from './events.js';
import type { Envelope } from './network.js';
import { deliverable, enabledEvents, firstEnabledEvent, type FaultMask, type World } from './world.js';

/**
 * What delivering an envelope to a node in a given state would do, as far
 * as being a no-op goes: `undefined` when it would change the state or do
 * anything but send (never a no-op while the state is current), else the
 * content keys of its sends (a no-op exactly while all are in the set).
 */
type Effect = readonly string[] | undefined;

/** The effect of delivering `env` now (`Effect`). Pure: calls the protocol's handler on the current state and throws the outcome away. */
function effectOf(w: World, env: Envelope<unknown>): Effect {
  const proto = w.proto;
  const s = w.nodes[env.to];
  const o = proto.onMessage(s, env.to, env.from, env.msg);
  if (o.state !== s) {
    // Equal keys hash equally, so different hashes settle it without building the keys.
    if (proto.stateHash !== undefined && proto.stateHash(o.state) !== proto.stateHash(s)) return undefined;
    if (proto.stateKey(o.state) !== proto.stateKey(s)) return undefined;
  }
  const keys: string[] = [];
  for (const c of o.out) {
    if (c.kind === 'persist') continue;
    if (c.kind !== 'send') return undefined;
    const to = w.route === undefined ? c.to : (w.route[c.to] ?? -1);
    if (to < 0) continue;
    keys.push(`${env.to}>${to}:${proto.msgKey(c.msg)}`);
  }
  return keys;
}

/** True while every send of an effect is already in the set. */
function sendsMerge(w: World, effect: Effect): boolean {
  if (effect === undefined) return false;
  for (const k of effect) if (!w.net.byKey.has(k)) return false;
  return true;
}

/**
 * True when delivering `env` would change nothing (set semantics only): the
 * addressee's state key stays the same and every command is a send of a
 * message already in the set (or a persist).
 */
function isNoopDelivery(w: World, env: Envelope<unknown>): boolean {
  return sendsMerge(w, effectOf(w, env));
}

/**
 * Each envelope's effect (`Effect`), with the addressee state it was worked
 * out in: it holds while that state object is current, and the verdict is
 * then read off the set as it is now (the set only grows, so a delivery
 * whose sends all merge keeps merging, and one that would send something
 * new becomes a no-op once that is sent).
 */
export type NoopCache = Map<number, { readonly state: unknown; readonly effect: Effect }>;

function noopDelivery(w: World, id: number, cache: NoopCache | undefined): boolean {
  const env = w.net.get(id)!;
  const state = w.nodes[env.to];
  // Where addresses are rebound, the addressees of the sends may change under an unchanged state: not cached.
  if (cache === undefined || w.route !== undefined) return isNoopDelivery(w, env);
  const known = cache.get(id);
  if (known !== undefined && known.state === state) return sendsMerge(w, known.effect);
  const effect = effectOf(w, env);
  cache.set(id, { state, effect });
  return sendsMerge(w, effect);
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

/** The first of `effectiveEvents(w, NO_FAULTS, ...)`, found without listing the rest (the canonical policy's pick). */
export function firstEffectiveEvent(w: World, cache?: NoopCache): Event | undefined {
  if (w.net.semantics === 'multiset') return firstEnabledEvent(w);
  for (const env of w.net.inflight.values()) if (deliverable(w, env) && !noopDelivery(w, env.id, cache)) return { k: 'deliver', id: env.id };
  return firstEnabledEvent(w, false);
}
