/**
 * Zobrist-style keys for incremental state fingerprints.
 *
 * A state is a collection of components (node i's state, an in-flight message,
 * an armed timer, ...). Each interned component gets a pseudo-random 64-bit
 * key (two 32-bit lanes), and a state's fingerprint is the SUM of its
 * components' keys, lane-wise modulo 2^32. Why a sum:
 * - it is order-independent, so a message set (or multiset: a message present
 *   k times adds its key k times) needs no sorting, and two paths that send the
 *   same messages in different orders (hence with different envelope ids) get
 *   the same fingerprint;
 * - it is incremental: a successor's fingerprint is the parent's plus the keys
 *   of what was added minus the keys of what was removed, computed in O(change)
 *   before the successor is ever materialised. Most successors are already
 *   visited, so most are never built at all.
 * Why a sum rather than XOR: XOR cancels a message present twice (multiset).
 *
 * Keys are a pure function of (component kind, id), so runs are deterministic.
 */

/** Component kinds; each has its own key family. */
export const Kind = {
  Node: 1,
  Persisted: 2,
  Msg: 3,
  Timer: 4,
  Ghost: 5,
  Up: 6,
  Route: 7,
  Partition: 8,
  Budget: 9,
} as const;
/** A component kind (plain constants rather than a `const enum`: vitest transpiles files one by one). */
export type Kind = (typeof Kind)[keyof typeof Kind];

/** murmur3's 32-bit finaliser: a bijective avalanche mix. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/** Low lane of the key of component `id` of kind `kind`. */
export function keyLo(kind: Kind, id: number): number {
  return fmix32(fmix32(Math.imul(kind, 0x27d4eb2f) ^ id) + 0x165667b1);
}

/** High lane of the key of component `id` of kind `kind`. */
export function keyHi(kind: Kind, id: number): number {
  return fmix32(fmix32(Math.imul(kind, 0x9e3779b1) ^ Math.imul(id, 0x85ebca77)) ^ 0x3c6ef372);
}

/**
 * A growable table of keys for one component kind, indexed by id (ids are
 * dense, assigned by interning), so the hot loop reads two typed arrays.
 */
export class KeyTable {
  lo = new Int32Array(64);
  hi = new Int32Array(64);
  private filled = 0;

  constructor(readonly kind: Kind) {}

  /** Makes sure keys for ids `0..id` exist. */
  ensure(id: number): void {
    if (id < this.filled) return;
    if (id >= this.lo.length) {
      let cap = this.lo.length;
      while (cap <= id) cap *= 2;
      const lo = new Int32Array(cap), hi = new Int32Array(cap);
      lo.set(this.lo);
      hi.set(this.hi);
      this.lo = lo;
      this.hi = hi;
    }
    for (let i = this.filled; i <= id; i++) {
      this.lo[i] = keyLo(this.kind, i);
      this.hi[i] = keyHi(this.kind, i);
    }
    this.filled = id + 1;
  }
}
