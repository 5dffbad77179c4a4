/**
 * `Frame`: the decoded state the explorer is expanding (a record of
 * layout.ts unpacked into typed arrays, plus a multiplicity table of its
 * messages for O(1) set membership), and the keys of the small fixed
 * components. Successors are built from it by `Succ` (succ.ts).
 */
import { ensureInt32 } from './grow.js';
import { R_HI, R_INDEX, R_LO, type RecordLayout } from './layout.js';
import { Kind, KeyTable } from './zobrist.js';

/** Keys for the small fixed components: node down, route entries, partitions. */
export class FixedKeys {
  readonly up = new KeyTable(Kind.Up);
  readonly route = new KeyTable(Kind.Route);
  readonly part = new KeyTable(Kind.Partition);
  readonly budget = new KeyTable(Kind.Budget);

  constructor(readonly n: number, addrCount: number, maxFaults: number) {
    this.budget.ensure(Math.max(0, maxFaults));
    this.up.ensure(n);
    this.route.ensure(Math.max(0, addrCount * (n + 1)));
    this.part.ensure(n);
  }

  /** Key id of "address a is bound to node v" (v = -1: unbound). */
  routeId(a: number, v: number): number {
    return a * (this.n + 1) + v + 1;
  }
}

/** The decoded state being expanded. */
export class Frame {
  index = 0;
  lo = 0;
  hi = 0;
  ghost = 0;
  up = 0;
  part = -1;
  /** Fault events still allowed (`maxFaults`; -1 when unbounded). */
  budget = -1;
  readonly nodes: Int32Array;
  readonly persisted: Int32Array;
  readonly route: Int32Array;
  timers = new Int32Array(8);
  tcount = 0;
  msgs = new Int32Array(64);
  mcount = 0;
  /** Multiplicity of each content id in this state (zero outside `load`..`clear`). */
  count = new Int32Array(256);
  /** Largest content id present (bitset layout only; -1 when none). */
  maxMsg = -1;
  /** Length of the record just loaded. */
  length = 0;

  constructor(readonly layout: RecordLayout) {
    this.nodes = new Int32Array(layout.n);
    this.persisted = new Int32Array(layout.n).fill(-1);
    this.route = new Int32Array(layout.addrCount);
  }

  /** Decodes the record at `off`. */
  load(d: Int32Array, off: number, contentCount: number): void {
    const L = this.layout;
    this.index = d[off + R_INDEX]!;
    this.lo = d[off + R_LO]!;
    this.hi = d[off + R_HI]!;
    this.ghost = L.ghost >= 0 ? d[off + L.ghost]! : 0;
    this.up = L.up >= 0 ? d[off + L.up]! : 0;
    this.part = L.part >= 0 ? d[off + L.part]! : -1;
    this.budget = L.budget >= 0 ? d[off + L.budget]! : -1;
    for (let i = 0; i < L.n; i++) this.nodes[i] = d[off + L.nodes + i]!;
    if (L.withPersisted) for (let i = 0; i < L.n; i++) this.persisted[i] = d[off + L.persisted + i]!;
    for (let a = 0; a < L.addrCount; a++) this.route[a] = d[off + L.route + a]!;
    let p = off + L.timers;
    const tc = d[p++]!;
    if (tc > this.timers.length) this.timers = ensureInt32(this.timers, tc);
    for (let i = 0; i < tc; i++) this.timers[i] = d[p++]!;
    this.tcount = tc;
    if (contentCount > this.count.length) this.count = ensureInt32(this.count, contentCount);
    const k = d[p++]!;
    if (L.bitset) {
      if (k * 32 > this.msgs.length) this.msgs = ensureInt32(this.msgs, k * 32);
      const msgs = this.msgs, count = this.count;
      let m = 0;
      for (let w = 0; w < k; w++) {
        let bits = d[p++]!;
        while (bits !== 0) {
          const c = w * 32 + 31 - Math.clz32(bits & -bits);
          msgs[m++] = c;
          count[c] = 1;
          bits &= bits - 1;
        }
      }
      this.mcount = m;
      this.maxMsg = m > 0 ? msgs[m - 1]! : -1;
    } else {
      if (k > this.msgs.length) this.msgs = ensureInt32(this.msgs, k);
      const msgs = this.msgs, count = this.count;
      for (let i = 0; i < k; i++) {
        const c = d[p++]!;
        msgs[i] = c;
        count[c]!++;
      }
      this.mcount = k;
    }
    this.length = p - off;
  }

  /** Resets the multiplicity table after expansion. */
  clear(): void {
    for (let i = 0; i < this.mcount; i++) this.count[this.msgs[i]!] = 0;
  }

  isUp(node: number): boolean {
    return (this.up & (1 << node)) === 0;
  }
}

/** `true` if the current partition (`isolate(part)`) cuts the link from -> to. */
export function cut(part: number, from: number, to: number): boolean {
  return part >= 0 && from !== to && (from === part || to === part);
}

