/**
 * The canonical policy: take the first enabled protocol event, no faults
 * (under set semantics: the first that changes something). It is how every
 * run ends when its own policy runs out — "running out falls back to a
 * canonical default" — so a schedule never has to spell out a whole run,
 * and the replay of a schedule completes the same way the run did.
 */
import type { Event } from './events.js';
import { firstEffectiveEvent, type NoopCache } from './enabled.js';
import type { Policy } from './execution.js';
import type { World } from './world.js';

/** The canonical next protocol event, or undefined when nothing can happen (the world is quiet). */
export function canonicalEvent(w: World, cache?: NoopCache): Event | undefined {
  return firstEffectiveEvent(w, cache);
}

/** The canonical policy (uses the execution's no-op cache). */
export const canonicalPolicy: Policy = {
  next: (ex) => canonicalEvent(ex.w, ex.noops),
};
