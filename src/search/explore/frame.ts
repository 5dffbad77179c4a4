/**
 * `Frame`: the decoded state the explorer is expanding (a record of
 * layout.ts unpacked into typed arrays, plus a multiplicity table of its
 * messages for O(1) set membership), and the keys of the small fixed
 * components.
 *
 * For the rules (`kernel/rules.ts`) the frame is the state an event is
 * enabled in: it answers their reads and gives handler outcomes (compiled and
 * memoised by the model). Successors are built from it by `Succ` (succ.ts),
 * the store the rules write to.
 */
import { isolationCuts, type Handlers, type Reads } from '../../kernel/rules.js';
import { ensureInt32 } from './grow.js';
import { R_HI, R_INDEX, R_LO, type RecordLayout } from './layout.js';
import { TrackingNet, type Effect, type Model, type ViewEnvelope } from './model.js';
import { Kind, KeyTable } from './zobrist.js';

/**
 * Handle types of the integer store: interned ids. A message is a content id
 * (from, to, payload); a send carries a content id, or a payload id for
 * protocols with logical addresses; a partition is the isolated node.
 */
export interface IntHandles {
  state: number;
  msg: number;
  payload: number;
  timer: number;
  action: number;
  ghostEvent: number;
  outcome: Effect;
  partition: number;
}

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
export class Frame implements Reads<IntHandles>, Handlers<IntHandles> {
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
  /** Bitset layout: where the loaded record's message words are, and how many (successors copy them). */
  words: Int32Array = new Int32Array(0);
  wordsOff = 0;
  wordCount = 0;

  readonly n: number;
  /** The messages as protocols' `NetView` shows them (spec-level action guards read it). */
  readonly net: TrackingNet;

  constructor(
    readonly layout: RecordLayout,
    private readonly model: Model,
    readonly setSemantics: boolean,
  ) {
    this.n = layout.n;
    this.nodes = new Int32Array(layout.n);
    this.persisted = new Int32Array(layout.n).fill(-1);
    this.route = new Int32Array(layout.addrCount);
    this.net = new TrackingNet(() => this.envelopes());
  }

  private envelopes(): ViewEnvelope[] {
    const env = this.model.contentEnv;
    const out = new Array<ViewEnvelope>(this.mcount);
    for (let i = 0; i < this.mcount; i++) out[i] = env[this.msgs[i]!]!;
    return out;
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
      this.words = d;
      this.wordsOff = p;
      this.wordCount = k;
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
    this.net.reset();
  }

  /** Makes the frame the empty state the initial one is built from (no messages). */
  empty(): void {
    this.mcount = 0;
    this.maxMsg = -1;
    this.wordCount = 0;
  }

  /** Resets the multiplicity table after expansion. */
  clear(): void {
    for (let i = 0; i < this.mcount; i++) this.count[this.msgs[i]!] = 0;
  }

  // Reads (kernel/rules.ts).
  isUp(node: number): boolean {
    return (this.up & (1 << node)) === 0;
  }
  isCut(from: number, to: number): boolean {
    return cut(this.part, from, to);
  }
  isPartitioned(): boolean {
    return this.part >= 0;
  }
  /** Valid between `load` and `clear`. */
  hasMessage(c: number): boolean {
    return c >= 0 && c < this.count.length && this.count[c]! > 0;
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
  /** Persisted state id, -1 if never persisted (or persisted states are not tracked: nothing crashes). */
  durable(node: number): number {
    return this.persisted[node]!;
  }
  validPartition(isolated: number): boolean {
    return isolated >>> 0 === isolated && isolated < this.n;
  }

  // Handler outcomes (memoised by the model).
  onInit(node: number): Effect {
    const M = this.model;
    return M.compile(node, M.proto.init(node), undefined, -1);
  }
  onMessage(c: number, to: number): Effect {
    return this.model.deliver(this.nodes[to]!, c);
  }
  onTimer(node: number, t: number): Effect {
    return this.model.timer(this.nodes[node]!, t);
  }
  /** Action id `a` must be one the model listed for the node's state (-1: not listed). */
  onAction(node: number, a: number): Effect | undefined {
    return a < 0 ? undefined : this.model.action(this.nodes[node]!, a, this.net);
  }
  onRecover(node: number, p: number): Effect {
    return this.model.recover(node, p);
  }
  isNoop(_node: number, e: Effect): boolean {
    return e.noop;
  }
}

/** `true` if the current partition (`isolate(part)`, -1 for none) cuts the link from -> to. */
export function cut(part: number, from: number, to: number): boolean {
  return part >= 0 && isolationCuts(part, from, to);
}

