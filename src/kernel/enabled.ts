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
import { enabledEvents, type FaultMask, type World } from './world.js';

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
