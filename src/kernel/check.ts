/**
 * Observers check, they never drive: evaluates a list of invariants against a
 * world and reports the first violation.
 */
import type { InvariantDef } from './definition.js';
import type { World } from './world.js';

export interface Violation {
  readonly invariant: string;
  readonly message: string;
}

/** First invariant (in list order) that fails in `w`, if any. */
export function checkInvariants(w: World, invariants: readonly InvariantDef[]): Violation | undefined {
  for (let i = 0; i < invariants.length; i++) {
    const inv = invariants[i]!;
    const r = inv.check(w);
    if (r !== true) return { invariant: inv.name, message: r };
  }
  return undefined;
}
