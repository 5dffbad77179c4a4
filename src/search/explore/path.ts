/**
 * Counterexample paths. The explorer stores, per state, its parent's index
 * and one int naming the event that led to it (`kind | arg << 4`, the
 * argument an interned id). A path is rebuilt by following parents to the
 * initial state, then replayed through the kernel (`createWorld` + `step`),
 * which turns each compact event into a kernel `Event` with the envelope ids
 * of that very run: envelope ids depend on the path, content ids do not.
 */
import type { Event } from '../../kernel/events.js';
import type { Semantics } from '../../kernel/network.js';
import type { InvariantDef } from '../../kernel/definition.js';
import { createWorld, deliverable, isolate, step, type World } from '../../kernel/world.js';
import type { IntList } from './grow.js';
import type { Model } from './model.js';

export const EV_NONE = 0;
export const EV_DELIVER = 1;
export const EV_DROP = 2;
export const EV_DUP = 3;
export const EV_LOCAL = 4;
export const EV_TIMER = 5;
export const EV_CRASH = 6;
export const EV_RECOVER = 7;
export const EV_PARTITION = 8;
export const EV_HEAL = 9;

/** Packs an event code. */
export function code(kind: number, arg: number): number {
  return kind | (arg << 4);
}

/** Event codes from the initial state to state `index`, in order. */
export function codesTo(index: number, parent: IntList, evt: IntList): number[] {
  const out: number[] = [];
  for (let i = index; parent.get(i) >= 0; i = parent.get(i)) out.push(evt.get(i));
  return out.reverse();
}

/** The in-flight envelope of `w` with content id `c`, lowest id first (equal contents are interchangeable). */
function findEnvelope(M: Model, w: World, c: number, needDeliverable: boolean): number | undefined {
  const from = M.contentFrom[c]!, to = M.contentTo[c]!;
  const key = M.payloadKey[M.contentPayload[c]!]!;
  for (const env of w.net.inflight.values()) {
    if (env.from !== from || env.to !== to) continue;
    if (needDeliverable && !deliverable(w, env)) continue;
    if (env.key !== undefined ? env.key !== M.contentKey(c) : M.proto.msgKey(env.msg) !== key) continue;
    if (M.identity === 'structural' && JSON.stringify(env.msg) !== M.payloadJson[M.contentPayload[c]!]) continue;
    return env.id;
  }
  return undefined;
}

/** The kernel event for compact event `code` in world `w` (undefined if it has no counterpart there). */
export function kernelEvent(M: Model, w: World, ev: number): Event | undefined {
  const kind = ev & 15, arg = ev >> 4;
  switch (kind) {
    case EV_DELIVER: {
      const id = findEnvelope(M, w, arg, true);
      return id === undefined ? undefined : { k: 'deliver', id };
    }
    case EV_DROP:
    case EV_DUP: {
      const id = findEnvelope(M, w, arg, false);
      return id === undefined ? undefined : { k: kind === EV_DROP ? 'drop' : 'dup', id };
    }
    case EV_LOCAL:
      return { k: 'local', node: M.actionNode[arg]!, action: M.actionKeyOf[arg]! };
    case EV_TIMER:
      return { k: 'timer', node: M.timerNode[arg]!, timer: M.timerName[arg]! };
    case EV_CRASH:
      return { k: 'crash', node: arg };
    case EV_RECOVER:
      return { k: 'recover', node: arg };
    case EV_PARTITION:
      return { k: 'partition', links: isolate(M.n, arg) };
    case EV_HEAL:
      return { k: 'heal' };
    default:
      return undefined;
  }
}

/** Result of replaying compact events through the kernel. */
export interface Replayed {
  readonly events: Event[];
  readonly world: World;
  /** False if some event had no kernel counterpart or `step` refused it. */
  readonly ok: boolean;
}

/** Replays compact event codes from the initial world, producing kernel events. */
export function replayCodes(M: Model, semantics: Semantics, codes: readonly number[]): Replayed {
  const w = createWorld(M.proto, semantics);
  const events: Event[] = [];
  for (const c of codes) {
    const e = kernelEvent(M, w, c);
    if (e === undefined || !step(w, e)) return { events, world: w, ok: false };
    events.push(e);
  }
  return { events, world: w, ok: true };
}

/** Does the kernel world violate `inv`? Returns the kernel's message if so. */
export function kernelVerdict(inv: InvariantDef, w: World): string | undefined {
  const r = inv.check(w);
  return r === true ? undefined : r;
}
