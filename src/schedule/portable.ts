/**
 * Portable events: what a saved schedule holds. Kernel events name envelopes
 * by id, and ids shift as soon as an earlier event is removed (minimisation)
 * or a file is edited by hand; portable events name an envelope by its
 * content instead (from, to, message key) and resolve to the lowest-id
 * in-flight envelope with that content. Equal contents are interchangeable,
 * so this choice is canonical and deterministic.
 */
import type { Event } from '../kernel/events.js';
import type { World } from '../kernel/world.js';

export type PortableEvent =
  | Exclude<Event, { k: 'deliver' | 'drop' | 'dup' }>
  | { readonly k: 'deliver' | 'drop' | 'dup'; readonly from: number; readonly to: number; readonly msg: string };

/** The portable form of `e` in world `w` (before `e` executes). */
export function toPortable(w: World, e: Event): PortableEvent {
  if (e.k !== 'deliver' && e.k !== 'drop' && e.k !== 'dup') return e;
  const env = w.net.get(e.id);
  if (env === undefined) throw new Error(`event ${e.k}#${e.id} names no envelope in flight`);
  return { k: e.k, from: env.from, to: env.to, msg: w.proto.msgKey(env.msg) };
}

/** The kernel event `pe` stands for in `w`, or undefined if no envelope matches. */
export function resolve(w: World, pe: PortableEvent): Event | undefined {
  if (!('msg' in pe)) return pe;
  for (const env of w.net.inflight.values())
    if (env.from === pe.from && env.to === pe.to && w.proto.msgKey(env.msg) === pe.msg) return { k: pe.k, id: env.id };
  return undefined;
}
