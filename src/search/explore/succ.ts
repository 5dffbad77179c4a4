/**
 * `Succ` builds one successor of a `Frame`: it is the integer store the rules
 * (`kernel/rules.ts`) write to, keeping the fingerprint up to date
 * incrementally (see zobrist.ts), then writes the successor as a record
 * (layout.ts) if it turns out to be new.
 *
 * It decides nothing about semantics: address resolution, the partition cut,
 * the set-semantics merge, timer re-arming, what a crash disarms and what
 * recovery applies are the rules', exactly as for the kernel's object world.
 * It only knows how to represent them: a successor is the frame plus the
 * messages added, at most one message copy removed, and its own copies of the
 * small fixed parts (node states, timers, flags, routes).
 */
import type { Semantics } from '../../kernel/network.js';
import type { Store } from '../../kernel/rules.js';
import { cut, type FixedKeys, type Frame, type IntHandles } from './frame.js';
import { ensureInt32 } from './grow.js';
import type { GhostStore } from './ghosts.js';
import { R_HI, R_INDEX, R_LO, type RecordLayout } from './layout.js';
import type { Effect, Model } from './model.js';
import type { Canon } from './symmetry.js';
import { Kind, type KeyTable } from './zobrist.js';

/** How the explorer treats ghost history (see `ExploreOptions.ghost`). */
export type GhostMode = 'fingerprint' | 'path' | 'off';

/**
 * Builds one successor of a `Frame`. Fingerprint lanes: index 0 is the state
 * itself; indices 1.. are its images under the symmetry permutations (the
 * canonical fingerprint is the smallest of them).
 */
export class Succ implements Store<IntHandles> {
  readonly lo: Int32Array;
  readonly hi: Int32Array;
  ghost = 0;
  /** Bit i set: node i is down. */
  up = 0;
  part = -1;
  budget = -1;
  readonly nodes: Int32Array;
  readonly persisted: Int32Array;
  readonly route: Int32Array;
  timers = new Int32Array(8);
  tcount = 0;
  /** Messages added by this step. */
  added = new Int32Array(16);
  acount = 0;
  /** A message copy removed by this step (multiset deliver or drop), -1 for none. */
  removed = -1;
  /** Ghost events of this step, applied only if the successor is new (mode `path`). */
  pending = new Int32Array(8);
  gcount = 0;

  readonly n: number;
  readonly setSemantics: boolean;
  readonly addressCount: number;
  /** Enabled events whose effect was computed (TLC's generated states minus the initial ones). */
  transitions = 0;

  private readonly perms: number;
  /** The frame being expanded, and its images' fingerprints (set by `expanding`). */
  private f: Frame | undefined;
  private permLo: Int32Array = new Int32Array(1);
  private permHi: Int32Array = new Int32Array(1);

  constructor(
    readonly layout: RecordLayout,
    private readonly model: Model,
    private readonly ghosts: GhostStore,
    private readonly keys: FixedKeys,
    semantics: Semantics,
    private readonly ghostMode: GhostMode,
    private readonly canon: Canon | undefined,
  ) {
    this.perms = canon ? canon.count : 0;
    this.lo = new Int32Array(this.perms + 1);
    this.hi = new Int32Array(this.perms + 1);
    this.nodes = new Int32Array(layout.n);
    this.persisted = new Int32Array(layout.n).fill(-1);
    this.route = new Int32Array(layout.addrCount);
    this.n = layout.n;
    this.setSemantics = semantics === 'set';
    this.addressCount = layout.addrCount;
  }

  /** Successors are built from `f` from now on (`permLo`/`permHi`: the frame's image fingerprints). */
  expanding(f: Frame, permLo: Int32Array, permHi: Int32Array): void {
    this.f = f;
    this.permLo = permLo;
    this.permHi = permHi;
  }

  /**
   * Rules: an enabled event of the frame takes effect. A step the rules know
   * changes nothing is skipped (the frame's state again); otherwise the
   * successor starts equal to the frame.
   */
  begin(unchanged: boolean): boolean {
    this.transitions++;
    if (unchanged) return false;
    const f = this.f!, permLo = this.permLo, permHi = this.permHi;
    this.lo[0] = f.lo;
    this.hi[0] = f.hi;
    for (let k = 1; k <= this.perms; k++) {
      this.lo[k] = permLo[k]!;
      this.hi[k] = permHi[k]!;
    }
    this.ghost = f.ghost;
    this.up = f.up;
    this.part = f.part;
    this.budget = f.budget;
    // Plain loops: these arrays hold a handful of ints, for which `TypedArray.set` costs more.
    const n = this.n;
    for (let i = 0; i < n; i++) this.nodes[i] = f.nodes[i]!;
    if (this.layout.withPersisted) for (let i = 0; i < n; i++) this.persisted[i] = f.persisted[i]!;
    for (let a = 0; a < this.addressCount; a++) this.route[a] = f.route[a]!;
    if (f.tcount > this.timers.length) this.timers = ensureInt32(this.timers, f.tcount);
    for (let i = 0; i < f.tcount; i++) this.timers[i] = f.timers[i]!;
    this.tcount = f.tcount;
    this.acount = 0;
    this.removed = -1;
    this.gcount = 0;
    return true;
  }

  /** Starts the initial state: every node without a state, everything else empty. */
  beginEmpty(initialRoute: readonly number[], budget: number): void {
    this.lo.fill(0);
    this.hi.fill(0);
    this.ghost = 0;
    this.up = 0;
    this.part = -1;
    this.budget = budget;
    if (budget >= 0) this.key(Kind.Budget, budget, 1);
    this.nodes.fill(-1);
    this.persisted.fill(-1);
    this.tcount = 0;
    this.acount = 0;
    this.removed = -1;
    this.gcount = 0;
    for (let a = 0; a < this.layout.addrCount; a++) {
      this.route[a] = initialRoute[a]!;
      this.key(Kind.Route, this.keys.routeId(a, initialRoute[a]!), 1);
    }
    if (this.ghostMode === 'fingerprint') this.key(Kind.Ghost, 0, 1);
  }

  /** Adds (sign 1) or removes (sign -1) the key of component `id` of `kind`, in every lane. */
  key(kind: Kind, id: number, sign: number): void {
    const t = this.table(kind);
    this.lo[0] = (this.lo[0]! + sign * t.lo[id]!) | 0;
    this.hi[0] = (this.hi[0]! + sign * t.hi[id]!) | 0;
    if (this.perms === 0) return;
    const canon = this.canon!;
    for (let k = 1; k <= this.perms; k++) {
      const j = canon.map(k, kind, id);
      t.ensure(j);
      this.lo[k] = (this.lo[k]! + sign * t.lo[j]!) | 0;
      this.hi[k] = (this.hi[k]! + sign * t.hi[j]!) | 0;
    }
  }

  private table(kind: Kind): KeyTable {
    switch (kind) {
      case Kind.Node: return this.model.zState;
      case Kind.Persisted: return this.model.zPersisted;
      case Kind.Msg: return this.model.zMsg;
      case Kind.Timer: return this.model.zTimer;
      case Kind.Ghost: return this.ghosts.z;
      case Kind.Up: return this.keys.up;
      case Kind.Route: return this.keys.route;
      case Kind.Budget: return this.keys.budget;
      default: return this.keys.part;
    }
  }

  /**
   * Sets every fingerprint lane from scratch for the frame's state: how the
   * images' fingerprints of an expanded state are obtained under symmetry,
   * and how tests check the incremental fingerprints.
   */
  full(f: Frame): void {
    this.lo.fill(0);
    this.hi.fill(0);
    const L = this.layout;
    for (let i = 0; i < L.n; i++) this.key(Kind.Node, f.nodes[i]!, 1);
    if (L.withPersisted) for (let i = 0; i < L.n; i++) if (f.persisted[i]! >= 0) this.key(Kind.Persisted, f.persisted[i]!, 1);
    for (let a = 0; a < L.addrCount; a++) this.key(Kind.Route, this.keys.routeId(a, f.route[a]!), 1);
    for (let i = 0; i < f.tcount; i++) this.key(Kind.Timer, f.timers[i]!, 1);
    for (let i = 0; i < f.mcount; i++) this.key(Kind.Msg, f.msgs[i]!, 1);
    if (this.ghostMode === 'fingerprint') this.key(Kind.Ghost, f.ghost, 1);
    for (let i = 0; i < L.n; i++) if ((f.up & (1 << i)) !== 0) this.key(Kind.Up, i, 1);
    if (f.part >= 0) this.key(Kind.Partition, f.part, 1);
    if (f.budget >= 0) this.key(Kind.Budget, f.budget, 1);
  }

  // Reads of the successor under construction (kernel/rules.ts).
  isUp(node: number): boolean {
    return (this.up & (1 << node)) === 0;
  }
  isCut(from: number, to: number): boolean {
    return cut(this.part, from, to);
  }
  isPartitioned(): boolean {
    return this.part >= 0;
  }
  /** Copies in the frame, minus the one removed, plus those added. */
  hasMessage(c: number): boolean {
    const count = this.f!.count;
    if (c < count.length && count[c]! - (this.removed === c ? 1 : 0) > 0) return true;
    for (let i = 0; i < this.acount; i++) if (this.added[i] === c) return true;
    return false;
  }
  msgFrom(c: number): number {
    return this.model.contentFrom[c]!;
  }
  msgTo(c: number): number {
    return this.model.contentTo[c]!;
  }
  isArmed(_node: number, t: number): boolean {
    for (let i = 0; i < this.tcount; i++) if (this.timers[i] === t) return true;
    return false;
  }
  durable(node: number): number {
    return this.persisted[node]!;
  }
  validPartition(isolated: number): boolean {
    return isolated >>> 0 === isolated && isolated < this.n;
  }

  // Writes.
  setUp(node: number, up: boolean): void {
    if (up) {
      this.up &= ~(1 << node);
      this.key(Kind.Up, node, -1);
    } else {
      this.up |= 1 << node;
      this.key(Kind.Up, node, 1);
    }
  }

  setState(node: number, next: number): void {
    const old = this.nodes[node]!;
    if (old === next) return;
    if (old >= 0) this.key(Kind.Node, old, -1);
    this.key(Kind.Node, next, 1);
    this.nodes[node] = next;
  }

  /** Persisted states are only kept when something can crash (otherwise unobservable). */
  persist(node: number, st: number): void {
    if (!this.layout.withPersisted) return;
    const p = this.persisted[node]!;
    if (p === st) return;
    if (p >= 0) this.key(Kind.Persisted, p, -1);
    this.key(Kind.Persisted, st, 1);
    this.persisted[node] = st;
  }

  // Decoding a compiled outcome (model.ts).
  nextState(e: Effect): number {
    return e.next;
  }
  outboxSize(e: Effect): number {
    return e.count;
  }
  cmdKind(e: Effect, i: number): number {
    return e.ops[i * 3]!;
  }
  cmdTo(e: Effect, i: number): number {
    return e.ops[i * 3 + 1]!;
  }
  cmdPayload(e: Effect, i: number): number {
    return e.ops[i * 3 + 2]!;
  }
  cmdTimer(e: Effect, i: number): number {
    return e.ops[i * 3 + 1]!;
  }
  /** Deadlines are not part of an explored state. */
  cmdDelay(): number {
    return 0;
  }
  cmdGhost(e: Effect, i: number): number {
    return e.ops[i * 3 + 1]!;
  }
  cmdAddress(e: Effect, i: number): number {
    return e.ops[i * 3 + 1]!;
  }
  cmdNode(e: Effect, i: number): number {
    return e.ops[i * 3 + 2]!;
  }

  resolve(address: number): number {
    return this.route[address]!;
  }
  bind(a: number, v: number): void {
    const old = this.route[a]!;
    if (old === v) return;
    this.key(Kind.Route, this.keys.routeId(a, old), -1);
    this.route[a] = v;
    this.key(Kind.Route, this.keys.routeId(a, v), 1);
  }

  /**
   * The content id of a send: compiled in already for protocols without
   * addresses (`p` is the content id), interned here from the payload id for
   * protocols whose addressee is resolved at send time.
   */
  message(from: number, to: number, p: number): number {
    return this.addressCount > 0 ? this.model.internContent(from, to, p) : p;
  }

  /** Adds one message copy (a send, or multiset duplication). */
  addMessage(c: number): void {
    if (this.acount === this.added.length) this.added = ensureInt32(this.added, this.acount + 1);
    this.added[this.acount++] = c;
    this.key(Kind.Msg, c, 1);
  }

  /** Removes one copy of a message present in the frame (multiset deliver or drop). */
  removeMessage(c: number): void {
    this.removed = c;
    this.key(Kind.Msg, c, -1);
  }

  /** Copies of a content are interchangeable: the copy is the content itself. */
  copyOf(c: number): number {
    return c;
  }

  arm(_node: number, t: number): void {
    if (this.tcount === this.timers.length) this.timers = ensureInt32(this.timers, this.tcount + 1);
    this.timers[this.tcount++] = t;
    this.key(Kind.Timer, t, 1);
  }

  /** Deadlines are not state: re-arming an armed timer changes nothing here. */
  rearm(): void {}

  disarm(_node: number, t: number): void {
    for (let i = 0; i < this.tcount; i++) {
      if (this.timers[i] === t) {
        this.timers[i] = this.timers[--this.tcount]!;
        this.key(Kind.Timer, t, -1);
        return;
      }
    }
  }

  disarmAll(node: number): void {
    const tn = this.model.timerNode;
    for (let i = 0; i < this.tcount; ) {
      const t = this.timers[i]!;
      if (tn[t] === node) {
        this.timers[i] = this.timers[--this.tcount]!;
        this.key(Kind.Timer, t, -1);
      } else i++;
    }
  }

  recordGhost(_node: number, g: number): void {
    this.ghostEvent(g);
  }

  setPartition(isolated: number): void {
    if (this.part === isolated) return;
    if (this.part >= 0) this.key(Kind.Partition, this.part, -1);
    this.part = isolated;
    this.key(Kind.Partition, isolated, 1);
  }

  clearPartition(): void {
    if (this.part < 0) return;
    this.key(Kind.Partition, this.part, -1);
    this.part = -1;
  }

  /** Uses one unit of the fault budget (when there is one): not a rule of the world, a bound of the search. */
  spend(): void {
    if (this.budget < 0) return;
    this.key(Kind.Budget, this.budget, -1);
    this.budget--;
    this.key(Kind.Budget, this.budget, 1);
  }

  private ghostEvent(e: number): void {
    if (this.ghostMode === 'off') return;
    if (this.ghostMode === 'fingerprint') {
      const g = this.ghosts.step(this.ghost, e);
      if (g !== this.ghost) {
        this.key(Kind.Ghost, this.ghost, -1);
        this.key(Kind.Ghost, g, 1);
        this.ghost = g;
      }
      return;
    }
    if (this.gcount === this.pending.length) this.pending = ensureInt32(this.pending, this.gcount + 1);
    this.pending[this.gcount++] = e;
  }

  /** Applies deferred ghost events (mode `path`): called only for new successors. */
  settleGhost(): void {
    let g = this.ghost;
    for (let i = 0; i < this.gcount; i++) g = this.ghosts.step(g, this.pending[i]!);
    this.ghost = g;
    this.gcount = 0;
  }

  /** Index of the smallest fingerprint lane (the canonical representative's). */
  canonicalLane(): number {
    let best = 0;
    for (let k = 1; k <= this.perms; k++) {
      const h = this.hi[k]! >>> 0, bh = this.hi[best]! >>> 0;
      if (h < bh || (h === bh && this.lo[k]! >>> 0 < this.lo[best]! >>> 0)) best = k;
    }
    return best;
  }

  /** Number of int32 the successor's messages take (bitset: words up to the largest id). */
  private msgWords(f: Frame): number {
    if (!this.layout.bitset) return f.mcount - (this.removed >= 0 ? 1 : 0) + this.acount;
    let max = f.maxMsg;
    for (let i = 0; i < this.acount; i++) if (this.added[i]! > max) max = this.added[i]!;
    return (max + 32) >>> 5;
  }

  /** Number of int32 the successor's record takes. */
  recordLength(f: Frame): number {
    return this.layout.timers + 2 + this.tcount + this.msgWords(f);
  }

  /** Writes the successor's record at `off` of `d` (which has room for `recordLength`). */
  write(d: Int32Array, off: number, index: number, f: Frame): void {
    const L = this.layout;
    d[off + R_INDEX] = index;
    d[off + R_LO] = this.lo[0]!;
    d[off + R_HI] = this.hi[0]!;
    if (L.ghost >= 0) d[off + L.ghost] = this.ghost;
    if (L.up >= 0) d[off + L.up] = this.up;
    if (L.part >= 0) d[off + L.part] = this.part;
    if (L.budget >= 0) d[off + L.budget] = this.budget;
    for (let i = 0; i < L.n; i++) d[off + L.nodes + i] = this.nodes[i]!;
    if (L.withPersisted) for (let i = 0; i < L.n; i++) d[off + L.persisted + i] = this.persisted[i]!;
    for (let a = 0; a < L.addrCount; a++) d[off + L.route + a] = this.route[a]!;
    let p = off + L.timers;
    d[p++] = this.tcount;
    for (let i = 0; i < this.tcount; i++) d[p++] = this.timers[i]!;
    const k = this.msgWords(f);
    d[p++] = k;
    if (L.bitset) {
      // Set semantics removes nothing: the frame's words, then the messages added.
      const src = f.words, so = f.wordsOff, kf = f.wordCount;
      for (let w = 0; w < kf; w++) d[p + w] = src[so + w]!;
      for (let w = kf; w < k; w++) d[p + w] = 0;
      for (let i = 0; i < this.acount; i++) {
        const c = this.added[i]!;
        d[p + (c >>> 5)] |= 1 << (c & 31);
      }
      return;
    }
    let skip = this.removed;
    for (let i = 0; i < f.mcount; i++) {
      const c = f.msgs[i]!;
      if (c === skip) {
        skip = -1;
        continue;
      }
      d[p++] = c;
    }
    for (let i = 0; i < this.acount; i++) d[p++] = this.added[i]!;
  }
}
