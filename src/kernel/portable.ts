/**
 * Portable events: what a saved schedule holds. Kernel events name envelopes
 * by id, and ids shift as soon as an earlier event is removed (minimisation)
 * or a file is edited by hand; portable events name an envelope by its
 * content instead (from, to, message key) plus `nth`, the envelope's rank
 * among in-flight envelopes with equal content (0 = oldest). Equal contents
 * behave identically, so when fewer copies exist than `nth` says (a
 * minimised schedule), the newest one is taken: still deterministic, and
 * an exact replay of an unedited schedule picks the very same envelope.
 */
import type { Event } from './events.js';
import type { World } from './world.js';

export type PortableEvent =
  | Exclude<Event, { k: 'deliver' | 'drop' | 'dup' }>
  | { readonly k: 'deliver' | 'drop' | 'dup'; readonly from: number; readonly to: number; readonly msg: string; readonly nth?: number };

/** The portable form of `e` in world `w` (before `e` executes). */
export function toPortable(w: World, e: Event): PortableEvent {
  if (e.k !== 'deliver' && e.k !== 'drop' && e.k !== 'dup') return e;
  const env = w.net.get(e.id);
  if (env === undefined) throw new Error(`event ${e.k}#${e.id} names no envelope in flight`);
  const msg = w.proto.msgKey(env.msg);
  let nth = 0;
  for (const o of w.net.inflight.values()) {
    if (o.id === env.id) break;
    if (o.from === env.from && o.to === env.to && w.proto.msgKey(o.msg) === msg) nth++;
  }
  return nth === 0 ? { k: e.k, from: env.from, to: env.to, msg } : { k: e.k, from: env.from, to: env.to, msg, nth };
}

/** The kernel event `pe` stands for in `w`, or undefined if no envelope matches. */
export function resolve(w: World, pe: PortableEvent): Event | undefined {
  if (!('msg' in pe)) return pe;
  const want = pe.nth ?? 0;
  let seen = 0;
  let last: number | undefined;
  for (const env of w.net.inflight.values())
    if (env.from === pe.from && env.to === pe.to && w.proto.msgKey(env.msg) === pe.msg) {
      if (seen++ === want) return { k: pe.k, id: env.id };
      last = env.id;
    }
  return last === undefined ? undefined : { k: pe.k, id: last };
}

/**
 * The kind of a message key for lenient matching: its first field, up to the
 * first separator (`prepare_req` of `prepare_req<117,0>`, `Prepare` of
 * `Prepare:0:...`, `0` of the CSV `0,117,0,-1,0,0`); the whole key when it
 * starts with one.
 */
export function kindOf(key: string): string {
  const head = /^[^<(:,{[\s]*/.exec(key)![0];
  return head === '' ? key : head;
}

/**
 * A lenient stand-in for a delivery, drop or duplicate that `resolve` cannot
 * find: the newest message in flight on the same link whose key has the same
 * first field (the one sent last stands for the one the story sent). Once a
 * shrinking step drops an event, later messages may carry other numbers (a
 * proposer that retried one time fewer sends `prepare_req<116,0>`, not
 * `<117,0>`); matching by link and kind keeps the rest of the story
 * meaningful. The minimiser judges every candidate by its outcome and keeps
 * what actually executed, so this never makes a story wrong.
 */
export function resolveSimilar(w: World, pe: PortableEvent): Event | undefined {
  if (!('msg' in pe)) return undefined;
  const kind = kindOf(pe.msg);
  let newest: number | undefined;
  for (const env of w.net.inflight.values())
    if (env.from === pe.from && env.to === pe.to && kindOf(w.proto.msgKey(env.msg)) === kind) newest = env.id;
  return newest === undefined ? undefined : { k: pe.k, id: newest };
}
