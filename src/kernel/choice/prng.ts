/**
 * The seeded PRNG behind every DES decision: seedrandom's Alea generator.
 * Alea is several times faster than seedrandom's default ARC4 and has 2^116
 * period with good statistical quality; its output is a pure function of the
 * seed, identical across machines (it uses only 32-bit integer and double
 * arithmetic defined by IEEE 754).
 */
import seedrandom from 'seedrandom';
import type { Chooser } from './chooser.js';

export class Prng implements Chooser {
  private next: () => number;
  constructor(readonly seed: number | string) {
    this.next = seedrandom.alea(String(seed));
  }
  /** Continues with the stream of another seed (a guided run's fork point: the same prefix, a new suffix). */
  reseed(seed: number | string): void {
    this.next = seedrandom.alea(String(seed));
  }
  /** Uniform double in [0, 1). */
  real(): number {
    return this.next();
  }
  /** Uniform integer in [0, n). */
  choose(n: number): number {
    return Math.floor(this.next() * n);
  }
  /** True with probability p (p = 0 never draws, so disabled faults consume no randomness). */
  chance(p: number): boolean {
    return p > 0 && this.next() < p;
  }
  /** Uniform integer in [lo, hi]. */
  between(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
}

/** Derives the seed of run `i` of a campaign seeded with `seed` (splitmix-style integer mix). */
export function runSeed(seed: number, i: number): number {
  let z = (seed ^ Math.imul(i + 1, 0x9e3779b9)) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}
