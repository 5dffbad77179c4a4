/**
 * How one explored state is stored: a flat int32 record in a level arena.
 *
 *   [index, fpLo, fpHi,
 *    ghost id                      (unless ghost mode is off),
 *    down-node bitmask             (only when crashes are explored),
 *    isolated node or -1           (only when partitions are explored),
 *    fault budget left             (only with `maxFaults`),
 *    node state id x n,
 *    persisted state id x n        (only when crashes are explored),
 *    route x addresses             (only for protocols with logical addresses),
 *    timerCount, timer id...,
 *    messages]
 *
 * Messages are, under `set` semantics, a bitset over content ids
 * (`wordCount, word...`): a spec-level model has a few hundred distinct
 * message contents and a state holds dozens of them, so the bitset is several
 * times smaller than a list, and the arenas (two BFS levels) dominate memory.
 * Under `multiset` semantics they are a list (`count, id...`) with repeats.
 *
 * Why these components and no others: they are exactly what can influence
 * the future of a kernel world under the explorer's events. Envelope ids are
 * left out (deliveries are by content, so two paths that sent the same
 * messages in different orders reach the same state, as in TLA+); timer
 * deadlines and virtual time are left out (timers fire as events at any
 * moment: an over-approximation of every timing, sound for safety); persisted
 * states are left out when nothing can crash (then they are unobservable).
 */
export const R_INDEX = 0;
export const R_LO = 1;
export const R_HI = 2;

/** Offsets of the parts of a record for one configuration (-1: part absent). */
export class RecordLayout {
  readonly ghost: number;
  readonly up: number;
  readonly part: number;
  readonly budget: number;
  readonly nodes: number;
  readonly persisted: number;
  readonly route: number;
  /** Offset of `timerCount`; everything before it has a fixed size. */
  readonly timers: number;

  constructor(
    readonly n: number,
    withGhost: boolean,
    readonly withPersisted: boolean,
    withPartition: boolean,
    withBudget: boolean,
    readonly addrCount: number,
    /** Messages as a bitset (set semantics) rather than a list. */
    readonly bitset: boolean,
  ) {
    let o = 3;
    this.ghost = withGhost ? o++ : -1;
    this.up = withPersisted ? o++ : -1;
    this.part = withPartition ? o++ : -1;
    this.budget = withBudget ? o++ : -1;
    this.nodes = o;
    o += n;
    this.persisted = withPersisted ? o : -1;
    if (withPersisted) o += n;
    this.route = o;
    o += addrCount;
    this.timers = o;
  }
}

/** Calls `fn` for every message content id of the record at `off` (with repeats under multiset). */
export function forEachMsg(d: Int32Array, off: number, L: RecordLayout, fn: (c: number) => void): void {
  let p = off + L.timers;
  p += 1 + d[p]!;
  const k = d[p++]!;
  if (!L.bitset) {
    for (let i = 0; i < k; i++) fn(d[p + i]!);
    return;
  }
  for (let w = 0; w < k; w++) {
    let bits = d[p + w]!;
    while (bits !== 0) {
      const b = 31 - Math.clz32(bits & -bits);
      fn(w * 32 + b);
      bits &= bits - 1;
    }
  }
}
