/**
 * A small, fast 64-bit streaming hash (two 32-bit multiply-xorshift lanes) for
 * run fingerprints and state fingerprints. Pure integer arithmetic, so the same
 * inputs give the same digest on every machine.
 */
export class Hasher {
  private h1 = 0x9e3779b9 | 0;
  private h2 = 0x85ebca6b | 0;

  /** Mixes one 32-bit integer. */
  int(x: number): this {
    let k = x | 0;
    this.h1 = Math.imul(this.h1 ^ k, 0x85ebca77);
    this.h1 = (this.h1 << 13) | (this.h1 >>> 19);
    k = Math.imul(k ^ (k >>> 15), 0x2c1b3c6d);
    this.h2 = Math.imul(this.h2 ^ k, 0xc2b2ae3d);
    this.h2 = (this.h2 << 17) | (this.h2 >>> 15);
    this.h1 = (this.h1 + this.h2) | 0;
    return this;
  }

  /** Mixes a string, code unit by code unit, then its length. */
  str(s: string): this {
    for (let i = 0; i < s.length; i++) this.int(s.charCodeAt(i));
    return this.int(s.length);
  }

  /** 16 hex digits. */
  hex(): string {
    let a = this.h1 ^ (this.h2 >>> 7);
    let b = this.h2 ^ Math.imul(this.h1, 0x27d4eb2d);
    a = Math.imul(a ^ (a >>> 16), 0x85ebca6b);
    b = Math.imul(b ^ (b >>> 13), 0xc2b2ae35);
    return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
  }
}

/**
 * A 32-bit running hash of integers, for a protocol's `stateHash` and
 * `msgHash` (coverage feedback hashes a node state at every change of it
 * and every message sent; folding its numeric fields costs a few
 * multiplications where building and hashing its key string costs an
 * allocation and a pass over each character). Start from `HASH_START`, fold
 * each field with `foldInt`, finish with `avalanche`.
 */
export const HASH_START = 0x811c9dc5;

/** Folds an integer (both 32-bit halves of a safe integer, so -1 and 2^32-1 differ) into a running hash. */
export function foldInt(h: number, x: number): number {
  const lo = x | 0;
  h = Math.imul(h ^ lo, 0x01000193);
  // A 32-bit integer's high half is its sign (the division, for the rest, costs more than the rest of the fold).
  return Math.imul(h ^ (lo === x ? lo >> 31 : Math.floor(x / 0x100000000)), 0x01000193);
}

/** murmur3's finaliser: spreads every input bit over the output (an unsigned 32-bit integer). */
export function avalanche(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Folds a string's UTF-16 code units into a running hash (FNV-1a's step). */
export function foldChars(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

/** Folds a string (a short tag: a phase name, a message type) into a running hash: its code units, then its length. */
export function foldStr(h: number, s: string): number {
  return foldInt(foldChars(h, s), s.length);
}
