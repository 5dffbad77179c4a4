/**
 * The canonical policy: take the first enabled protocol event, no faults
 * (under set semantics: the first that changes something). It is how every
 * run ends when its own policy runs out — "running out falls back to a
 * canonical default" — so a schedule never has to spell out a whole run,
 * and the replay of a schedule completes the same way the run did.
 */
import type { Event } from './events.js';
import { effectiveEvents, type NoopCache } from './enabled.js';
import type { Policy } from './execution.js';
import { enabledEvents, NO_FAULTS, type World } from './world.js';

const NEVER = (): boolean => false;

/** The canonical next protocol event, or undefined when nothing can happen (the world is quiet). */
export function canonicalEvent(w: World, cache?: NoopCache): Event | undefined {
  if (w.net.semantics === 'multiset') return enabledEvents(w)[0];
  return effectiveEvents(w, NO_FAULTS, NEVER, cache)[0];
}

/** The canonical policy (uses the execution's no-op cache). */
export const canonicalPolicy: Policy = {
  next: (ex) => canonicalEvent(ex.w, ex.noops),
};
