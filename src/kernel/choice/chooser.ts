/**
 * One choice interface (TigerBeetle's PRNG, Stateright's `Chooser`): every
 * nondeterministic decision in a simulation path goes through `choose(n)`.
 * The seeded PRNG (`prng.ts`) implements it for the DES and the strategies;
 * fast-check schedules carry their picks as data, and the explorer
 * enumerates every enabled event, so neither needs another implementation.
 */
export interface Chooser {
  /** An integer in [0, n). `n` must be >= 1. */
  choose(n: number): number;
}
