/** Growable typed-array helpers for the explorer's flat storage. */

/** Returns `a` if it holds at least `need` elements, else a copy at least twice as large. */
export function ensureInt32(a: Int32Array<ArrayBuffer>, need: number): Int32Array<ArrayBuffer> {
  if (need <= a.length) return a;
  let cap = Math.max(16, a.length);
  while (cap < need) cap *= 2;
  const b = new Int32Array(cap);
  b.set(a);
  return b;
}

/**
 * An append-only list of int32 (parent pointers, event codes, record arenas).
 * Why not `number[]`: a typed array is 4 bytes per entry with no boxing, and
 * its size is what `bytesPerState` reports.
 */
export class IntList {
  data: Int32Array<ArrayBuffer>;
  length = 0;

  constructor(capacity = 1024) {
    this.data = new Int32Array(capacity);
  }

  push(x: number): void {
    if (this.length === this.data.length) this.data = ensureInt32(this.data, this.length + 1);
    this.data[this.length++] = x;
  }

  /** Makes room for `k` more entries and returns the offset where they go (length is advanced). */
  reserve(k: number): number {
    const at = this.length;
    if (at + k > this.data.length) this.data = ensureInt32(this.data, at + k);
    this.length = at + k;
    return at;
  }

  get(i: number): number {
    return this.data[i]!;
  }

  get bytes(): number {
    return this.data.byteLength;
  }
}
