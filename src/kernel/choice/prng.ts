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
  /** Alea, for a generator seeded from a string or number (`new Prng`). */
  private readonly alea: (() => number) | undefined;
  /** sfc32's state, for one seeded from an integer (`ofInt`): fields rather than a closure's, so a draw inlines and its double is not boxed. */
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 1;

  /** Alea seeded from `seed` as a string; with `intStream`, sfc32 seeded from the integer `seed` (use `ofInt`). */
  constructor(seed: number | string);
  constructor(seed: number, intStream: number);
  constructor(readonly seed: number | string, intStream?: number) {
    if (intStream === undefined) this.alea = seedrandom.alea(String(seed));
    else {
      this.alea = undefined;
      this.seedSfc(seed as number, intStream);
    }
  }
  /**
   * A generator seeded from an integer without hashing a string (sfc32,
   * its state filled by splitmix32): seeding Alea from a string costs about
   * 2 µs, which a guided run, seeding several short segments, pays again
   * and again. `stream` keeps the seeds of different uses apart.
   */
  static ofInt(seed: number, stream: number): Prng {
    return new Prng(seed, stream);
  }
  /** Continues with the stream `ofInt(seed, stream)` would give (a guided run's fork point: the same prefix, a new suffix). */
  reseedInt(seed: number, stream: number): void {
    if (this.alea !== undefined) throw new Error('Prng: reseedInt needs a generator made by ofInt');
    this.seedSfc(seed, stream);
  }
  /** Uniform double in [0, 1). */
  real(): number {
    return this.alea !== undefined ? this.alea() : this.sfc();
  }
  /** Uniform integer in [0, n). */
  choose(n: number): number {
    return Math.floor(this.real() * n);
  }
  /** True with probability p (p = 0 never draws, so disabled faults consume no randomness). */
  chance(p: number): boolean {
    return p > 0 && this.real() < p;
  }
  /** Uniform integer in [lo, hi]. */
  between(lo: number, hi: number): number {
    return lo + Math.floor(this.real() * (hi - lo + 1));
  }

  /** Seeds sfc32 (Chris Doty-Humphrey's, PractRand-clean) by splitmix32 from `(seed, stream)`. */
  private seedSfc(seed: number, stream: number): void {
    let z = (seed ^ Math.imul(stream + 1, 0x85ebca6b)) | 0;
    const split = (): number => {
      z = (z + 0x9e3779b9) | 0;
      let h = z ^ (z >>> 16);
      h = Math.imul(h, 0x21f0aaad);
      h ^= h >>> 15;
      h = Math.imul(h, 0x735a2d97);
      return h ^ (h >>> 15);
    };
    this.a = split();
    this.b = split();
    this.c = split();
    this.d = 1;
    for (let i = 0; i < 12; i++) this.sfc(); // as its author advises, past the seeding's correlations
  }

  /** sfc32's next output: a double in [0, 1) with 32 random bits. */
  private sfc(): number {
    const { a, b, c, d } = this;
    const t = (((a + b) | 0) + d) | 0;
    this.d = (d + 1) | 0;
    this.a = b ^ (b >>> 9);
    this.b = (c + (c << 3)) | 0;
    this.c = (((c << 21) | (c >>> 11)) + t) | 0;
    return (t >>> 0) / 4294967296;
  }
}

/** Derives the seed of run `i` of a campaign seeded with `seed` (splitmix-style integer mix). */
export function runSeed(seed: number, i: number): number {
  let z = (seed ^ Math.imul(i + 1, 0x9e3779b9)) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}
