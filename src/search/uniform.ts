/**
 * Uniform random choice among enabled events (every fault of the target's
 * widest mask included): the baseline every other strategy is measured
 * against. It finds deep bugs slowly — the point of the others.
 */
import { schedulingStrategy } from './scheduler.js';

export const uniformStrategy = schedulingStrategy('uniform', (t, rng) => ({
  mask: t.faults,
  pick: (_ex, enabled) => enabled[rng.choose(enabled.length)],
}));
