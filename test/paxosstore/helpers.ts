/** Shared builders and drivers for the paxosstore tests. */
import { Prng } from '../../src/kernel/choice/prng.js';
import { checkInvariants, type Violation } from '../../src/kernel/check.js';
import { eventKey, type Event } from '../../src/kernel/events.js';
import type { AnyProtocol } from '../../src/kernel/protocol.js';
import type { InvariantDef } from '../../src/kernel/definition.js';
import { createWorld, enabledEvents, step, type World } from '../../src/kernel/world.js';
import type { Msg, MsgType } from '../../src/protocols/paxosstore/messages.js';
import type { Rec, Row } from '../../src/protocols/paxosstore/types.js';

/** A record `{maxBal, maxVBal, maxVVal}` (value 0 = None). */
export function rec(maxBal: number, maxVBal = -1, maxVVal = 0): Rec {
  return { maxBal, maxVBal, maxVVal };
}

/** A row from records. */
export function row(...recs: Rec[]): Row {
  return recs;
}

/** A message. */
export function msg(type: MsgType, from: number, state: Row): Msg {
  return { type, from, state };
}

/** Envelope ids whose message matches, in id order. */
export function findEnvelopes(w: World, from: number, to: number, type: MsgType): number[] {
  const ids: number[] = [];
  for (const env of w.net.inflight.values()) {
    const m = env.msg as Msg;
    if (env.from === from && env.to === to && m.type === type) ids.push(env.id);
  }
  return ids;
}

/** Delivers the latest envelope `from -> to` of `type`; throws if none or the kernel refuses. */
export function deliver(w: World, from: number, to: number, type: MsgType): void {
  const ids = findEnvelopes(w, from, to, type);
  if (ids.length === 0) throw new Error(`no ${type} envelope P${from + 1} -> P${to + 1}`);
  if (!step(w, { k: 'deliver', id: ids[ids.length - 1]! })) throw new Error('deliver refused');
}

/** Runs spontaneous action `action` (e.g. `Prepare(0)`) of `node`; throws if not enabled. */
export function act(w: World, node: number, action: string): void {
  if (!step(w, { k: 'local', node, action })) throw new Error(`P${node + 1} ${action} is not enabled`);
}

/** Action keys enabled for `node`. */
export function actionsOf(w: World, node: number): string[] {
  return enabledEvents(w)
    .filter((e): e is Extract<Event, { k: 'local' }> => e.k === 'local' && e.node === node)
    .map((e) => e.action);
}

/** Every invariant that fails in `w`, by name. */
export function failing(w: World, invariants: readonly InvariantDef[]): string[] {
  return invariants.filter((i) => i.check(w) !== true).map((i) => i.name);
}

/**
 * Seeded random walks over the enabled events of a world under `semantics`,
 * checking invariants after every step; `onState` sees every world reached.
 * Returns the first violation with its path.
 */
export function randomWalks(
  proto: AnyProtocol,
  opts: {
    walks: number;
    steps: number;
    seed: number;
    invariants?: readonly InvariantDef[];
    semantics?: 'set' | 'multiset';
    onState?: (w: World) => void;
  },
): (Violation & { path: string[] }) | undefined {
  const rng = new Prng(opts.seed);
  for (let i = 0; i < opts.walks; i++) {
    const w = createWorld(proto, opts.semantics ?? 'set');
    const path: string[] = [];
    for (let s = 0; s < opts.steps; s++) {
      const evs = enabledEvents(w);
      if (evs.length === 0) break;
      const e = evs[rng.choose(evs.length)]!;
      step(w, e);
      path.push(eventKey(e));
      opts.onState?.(w);
      const v = checkInvariants(w, opts.invariants ?? []);
      if (v) return { ...v, path };
    }
  }
  return undefined;
}
