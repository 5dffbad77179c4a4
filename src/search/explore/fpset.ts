/**
 * The visited set of the explorer: 64-bit state fingerprints, stored as two
 * 32-bit lanes in an open-addressing hash table of `Uint32Array`s.
 *
 * Why not a JS `Set<string>`: a string key costs ~60-100 bytes and a hash of
 * the whole string per lookup; this table costs 8 bytes per slot (16-32 per
 * state at the load factors used) and one probe sequence of integer compares.
 *
 * Collisions: two different states with the same fingerprint make the
 * explorer treat the second as visited (TLC has the same failure mode). With
 * n distinct states and uniformly distributed 64-bit fingerprints the
 * probability of any collision is at most the birthday bound n^2 / 2^65
 * (`collisionProbability`): 3e-8 at 1e6 states, 3e-6 at 1e7, 3e-4 at 1e8.
 */

/** Birthday bound on the probability that `n` random 64-bit fingerprints are not all distinct. */
export function collisionProbability(n: number): number {
  return Math.min(1, (n * n) / 2 ** 65);
}

export class FingerprintSet {
  private lo: Uint32Array;
  private hi: Uint32Array;
  private mask: number;
  /** Number of fingerprints stored. */
  size = 0;

  /** `capacityLog2`: initial table size is 2^capacityLog2 slots. */
  constructor(capacityLog2 = 16) {
    const cap = 1 << capacityLog2;
    this.lo = new Uint32Array(cap);
    this.hi = new Uint32Array(cap);
    this.mask = cap - 1;
  }

  /** Bytes held by the table. */
  get bytes(): number {
    return this.lo.byteLength + this.hi.byteLength;
  }

  /**
   * Inserts the fingerprint (lo, hi); returns true if it was not there yet.
   * The pair (0, 0) marks an empty slot, so it is stored as (0, 1): that
   * merges two fingerprints out of 2^64, which the collision bound absorbs.
   */
  add(lo: number, hi: number): boolean {
    lo >>>= 0;
    hi >>>= 0;
    if (lo === 0 && hi === 0) hi = 1;
    // Multiplicative hashing of `hi` picks the start slot (the two lanes are independent).
    let i = (Math.imul(hi ^ lo, 0x9e3779b1) >>> 0) & this.mask;
    const L = this.lo, H = this.hi;
    for (;;) {
      const h = H[i]!;
      if (h === 0 && L[i] === 0) break;
      if (h === hi && L[i] === lo) return false;
      i = (i + 1) & this.mask;
    }
    L[i] = lo;
    H[i] = hi;
    // Resize at load factor 0.5: linear probing stays short.
    if (++this.size * 2 > this.mask + 1) this.grow();
    return true;
  }

  /** True if the fingerprint is present. */
  has(lo: number, hi: number): boolean {
    lo >>>= 0;
    hi >>>= 0;
    if (lo === 0 && hi === 0) hi = 1;
    let i = (Math.imul(hi ^ lo, 0x9e3779b1) >>> 0) & this.mask;
    for (;;) {
      const h = this.hi[i]!;
      if (h === 0 && this.lo[i] === 0) return false;
      if (h === hi && this.lo[i] === lo) return true;
      i = (i + 1) & this.mask;
    }
  }

  private grow(): void {
    const oldLo = this.lo, oldHi = this.hi;
    const cap = (this.mask + 1) * 2;
    this.lo = new Uint32Array(cap);
    this.hi = new Uint32Array(cap);
    this.mask = cap - 1;
    for (let j = 0; j < oldLo.length; j++) {
      const lo = oldLo[j]!, hi = oldHi[j]!;
      if (lo === 0 && hi === 0) continue;
      let i = (Math.imul(hi ^ lo, 0x9e3779b1) >>> 0) & this.mask;
      while (this.hi[i] !== 0 || this.lo[i] !== 0) i = (i + 1) & this.mask;
      this.lo[i] = lo;
      this.hi[i] = hi;
    }
  }
}
