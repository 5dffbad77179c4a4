/**
 * Coverage as feedback: a cheap, deterministic measure of what runs reach,
 * for the guided strategy (which forks runs from states that showed
 * something new) and for the bandit that shares a campaign between
 * strategies (which rewards new coverage per event of work).
 *
 * Three kinds of feature, each counted in a fixed-size map indexed by a
 * 32-bit hash (AFL's coverage map; collisions only make the measure
 * coarser, never wrong): saturating hit counters for the first two, a bit
 * set with coarse rarity counts for global states (`StateSet`):
 * - a node's abstract state: (node, `abstractState`, default `stateKey`);
 * - a step in a state: (the node's abstract state before, what it did: the
 *   delivered message's abstraction, default its content, or the
 *   spontaneous action's abstraction, default its key, or its timer);
 * - a global state: every node's state and up flag, and the in-flight
 *   messages as a multiset of (from, to, content) — timers and ghost history
 *   left out, as a model checker's view of the state would leave out clocks.
 *
 * The global hash is kept incrementally: nodes combine by XOR of a per-node
 * mix, messages by addition (a multiset hash), so one event costs the
 * acting node's state hash (none when its state object is unchanged), the
 * delivered message's hash (multiset semantics only) and the new envelopes'
 * hashes (a broadcast hashes its message once) — the protocol's numeric
 * `stateHash` and `msgHash` where it declares them, else a hash of the key
 * string, which costs an allocation per event. A guided continuation takes
 * over the hashes of its snapshot (`state`, `resume`) instead of hashing
 * the whole world again.
 */
import type { Event } from '../kernel/events.js';
import type { Execution, Observer } from '../kernel/execution.js';
import type { Envelope } from '../kernel/network.js';
import type { World } from '../kernel/world.js';
import { avalanche, foldChars, HASH_START } from '../kernel/hash.js';

/** FNV-1a over UTF-16 code units, then a final avalanche: a 32-bit string hash. */
export function hashString(s: string): number {
  return avalanche(foldChars(HASH_START, s));
}

/** murmur3's finaliser: spreads every input bit over the output. */
export const mix = avalanche;

const NODE_BITS = 16;
const PAIR_BITS = 18;

/**
 * The global states reached: one bit per slot of 2^22, indexed by the top
 * bits of the state's 32-bit hash, and a rarity count per slot of 2^16,
 * indexed by its low bits. At 2^20 slots tpaxos 2/2/1's 19,125 states
 * filled only 18,936 (1% could never count as new), hence 2^22; as bits
 * the set takes 512 KB, where a byte per slot took 4 MB and a cache miss
 * at nearly every event. Rarity only ranks corpus entries, so a coarser
 * count serves.
 */
export class StateSet {
  private readonly bits = new Int32Array(1 << (GLOBAL_BITS - 5));
  private readonly counts = new Uint8Array(1 << RARITY_BITS);

  /** Counts a hit of the state with hash `h`; true when its slot is new. */
  hit(h: number): boolean {
    const c = this.counts[h & RARITY_MASK]!;
    if (c < 255) this.counts[h & RARITY_MASK] = c + 1;
    const i = h >>> (32 - GLOBAL_BITS);
    const w = this.bits[i >>> 5]!;
    const b = 1 << (i & 31);
    if ((w & b) !== 0) return false;
    this.bits[i >>> 5] = w | b;
    return true;
  }

  /** Hits so far of the states sharing `h`'s rarity slot. */
  hits(h: number): number {
    return this.counts[h & RARITY_MASK]!;
  }
}

const GLOBAL_BITS = 22;
const RARITY_BITS = 16;
const RARITY_MASK = (1 << RARITY_BITS) - 1;

/**
 * The campaign-wide maps: hit counts per feature (a run's `novel` counts the
 * features it hit first). A recording run's hits may still be pending
 * (`pending` below): read counts through `hits`, which counts them first.
 */
export class CoverageMap {
  readonly nodeStates = new Uint8Array(1 << NODE_BITS);
  readonly pairs = new Uint8Array(1 << PAIR_BITS);
  readonly globals = new StateSet();

  /** Counts a hit; true when the slot is new. */
  static hit(map: Uint8Array, slot: number): boolean {
    const c = map[slot]!;
    if (c < 255) map[slot] = c + 1;
    return c === 0;
  }

  /** Hits so far of a feature (its rarity): `slot` is a global state's hash for `global`. */
  hits(kind: FeatureKind, slot: number): number {
    countPending();
    return kind === 'node' ? this.nodeStates[slot]! : kind === 'pair' ? this.pairs[slot]! : this.globals.hits(slot);
  }
}

export type FeatureKind = 'node' | 'pair' | 'global';

/** A point of a run where something new was reached: the step, the acting node, the feature, and (when asked for) the state there. */
export interface Novelty {
  readonly step: number;
  readonly node: number;
  readonly kind: FeatureKind;
  readonly slot: number;
  /**
   * What `CoverageObserver.take` returned there, or `true` at a point of a
   * `resumable` run (a guided run's place to continue from; undefined once
   * the run has ended or entered its ending).
   */
  readonly snapshot?: unknown;
}

/**
 * What a `CoverageObserver`'s hashes were at a point of a run: the nodes'
 * XOR, the in-flight sum, then each node's hash and abstract hash. One flat
 * array of numbers (unboxed by V8), as a guided corpus keeps thousands.
 */
export type CoverageState = readonly number[];

/** The map of `CoverageObserver.stateOf`'s observers, which count nothing. */
let unwritten: CoverageMap | undefined;

const NO_HASHES = new Int32Array(0);

/** `hashed` of a node that is down, and of a node not hashed yet. */
const DOWN = Symbol('down');
const UNHASHED = Symbol('unhashed');

/** The feature kinds, numbered for the pending hits. */
const KINDS: readonly FeatureKind[] = ['node', 'pair', 'global'];
const NODE = 0;
const PAIR = 1;
const GLOBAL = 2;

/**
 * Hits not counted yet, four numbers each: the kind, the slot (a global
 * state's full hash, as a signed integer), the acting node, and the step
 * times two plus one if the run was still in its adversarial phase. A hit
 * is a random access into a map of up to 512 KB, nearly always a cache
 * miss: one per event, amid the protocol's own work, each stalls the
 * processor, where a batch of them in a short loop overlaps its misses. So
 * a run's hits wait here and are counted in order — when the buffer fills,
 * when anyone reads the run's results or a map's counts, or when another
 * run starts recording — which counts exactly what counting each at once
 * would. One buffer per thread, owned by one observer at a time.
 */
const pending = new Int32Array(4 * 1024);
let pendingLength = 0;
let pendingOwner: CoverageObserver | undefined;

/** Counts the pending hits (before a map's counts are read). */
function countPending(): void {
  pendingOwner?.countPending();
}

/**
 * Watches one run and records its coverage in a `CoverageMap`. `novel` counts
 * the new slots this run hit; `points` keeps steps where something new was
 * reached (at most `maxPoints`, spread over the run: the spacing doubles
 * each time the list fills), marked `resumable` or with a snapshot taken
 * there by `take` while the run is still in its adversarial phase: the
 * places a guided run may continue from. Events before step `from` (a
 * prefix re-executed to record a finding) keep the hashes up to date but
 * count nothing: the parent run already did.
 */
export class CoverageObserver implements Observer {
  private novelCount = 0;
  private readonly globalPoints: Novelty[] = [];
  private readonly featurePoints: Novelty[] = [];

  /** The slots this run hit first. */
  get novel(): number {
    this.countPending();
    return this.novelCount;
  }
  /** Points where the run reached a new global state, thinned to at most `maxPoints` spread over the run. */
  get points(): readonly Novelty[] {
    this.countPending();
    return this.globalPoints;
  }
  /** Points where it reached a new node state or a new step in a state: the first `maxPoints` of them, all kept. */
  get keyPoints(): readonly Novelty[] {
    this.countPending();
    return this.featurePoints;
  }
  /**
   * Each node's state hash, then each node's abstract-state hash (the same
   * without an abstraction): one array, allocated once a run (a typed array
   * costs more to make than a short run's events to hash).
   */
  private hashes: Int32Array = NO_HASHES;
  private n = 0;
  /** What each node's hashes were computed from: its state object, or `DOWN` (an unchanged state is not hashed again). */
  private hashed: unknown[] = [];
  private nodesXor = 0;
  private inflight = 0;
  /** The hashes to start from instead of hashing the initial world (`resume`). */
  private resumed: CoverageState | undefined;
  private lastMsg: unknown = undefined;
  private lastMsgHash = 0;
  private stepHash = 0;
  private stateBefore = 0;

  /** Takes a snapshot at each novelty point kept (its hits are then counted at once, while the execution is there). */
  take: ((ex: Execution) => unknown) | undefined;
  /** Marks the novelty points kept as places to continue from (`Novelty.snapshot` true): a guided run's, whose snapshots are made when needed. */
  resumable = false;

  /**
   * `map` counts what the run reaches (`novel`: the slots it hit first);
   * `steer`, if given, decides the run's points instead: a guided strategy
   * in a campaign continues from what is new to *it*, as a state another
   * strategy reached first is still unexpanded by the guided one.
   */
  constructor(private readonly map: CoverageMap, private readonly from = 0, private readonly maxPoints = 4, private readonly steer?: CoverageMap) {}

  /** The run continues from a snapshot whose hashes were `s` (what `state` returned there): they are taken over instead of hashing the whole world again. */
  resume(s: CoverageState): void {
    this.resumed = s;
  }

  /**
   * The hashes of `ex`'s world computed from scratch: what an observer that
   * watched every event holds (XORs and sums of per-node and per-message
   * hashes), for a snapshot made by re-executing without one.
   */
  static stateOf(ex: Execution): CoverageState {
    // From step Infinity nothing is counted, so the map is never written.
    const c = new CoverageObserver((unwritten ??= new CoverageMap()), Infinity);
    c.start(ex, ex.w);
    return c.state();
  }

  /** The hashes now (a snapshot's, for `resume`). */
  state(): CoverageState {
    const h = this.hashes;
    const s = new Array<number>(2 + h.length);
    s[0] = this.nodesXor;
    s[1] = this.inflight;
    for (let i = 0; i < h.length; i++) s[2 + i] = h[i]!;
    return s;
  }

  start(_ex: Execution, w: World): void {
    this.n = w.n;
    const h = (this.hashes = new Int32Array(2 * w.n));
    const r = this.resumed;
    if (r !== undefined) {
      // The world is the snapshot's: the hashes are of its node states.
      this.hashed = new Array(w.n);
      for (let i = 0; i < w.n; i++) this.hashed[i] = w.up[i] ? w.nodes[i] : DOWN;
      for (let i = 0; i < h.length; i++) h[i] = r[2 + i]!;
      this.nodesXor = r[0]!;
      this.inflight = r[1]!;
      return;
    }
    this.hashed = new Array(w.n).fill(UNHASHED);
    for (let i = 0; i < w.n; i++) this.setNode(w, i);
    for (const env of w.net.inflight.values()) this.inflight = (this.inflight + this.envHash(w, env)) | 0;
  }

  private msgHash(w: World, m: unknown): number {
    if (m !== this.lastMsg) {
      this.lastMsg = m;
      const p = w.proto;
      this.lastMsgHash = p.msgHash !== undefined ? p.msgHash(m) : hashString(p.msgKey(m));
    }
    return this.lastMsgHash;
  }

  private absMsgHash(w: World, m: unknown): number {
    const a = w.proto.abstractMsg;
    return a === undefined ? this.msgHash(w, m) : hashString(a(m));
  }

  private envHash(w: World, env: Envelope<unknown>): number {
    return mix(this.msgHash(w, env.msg) ^ Math.imul(env.from + 1, 0x9e3779b1) ^ Math.imul(env.to + 1, 0x85ebca77));
  }

  private setNode(w: World, i: number): void {
    const of = w.up[i] ? w.nodes[i] : DOWN;
    if (of === this.hashed[i]) return;
    this.hashed[i] = of;
    const p = w.proto;
    const h = !w.up[i] ? 0xdead : p.stateHash !== undefined ? p.stateHash(w.nodes[i]) : hashString(p.stateKey(w.nodes[i]));
    const a = w.proto.abstractState;
    const hs = this.hashes;
    hs[this.n + i] = a === undefined || !w.up[i] ? h : hashString(a(w.nodes[i], i));
    const old = hs[i]!;
    this.nodesXor ^= mix(old ^ Math.imul(i + 1, 0x27d4eb2f)) ^ mix(h ^ Math.imul(i + 1, 0x27d4eb2f));
    hs[i] = h;
  }

  before(ex: Execution, e: Event, node: number): void {
    const w = ex.w;
    this.stepHash = 0;
    if (e.k === 'deliver' || e.k === 'drop') {
      const env = w.net.get(e.id);
      if (env === undefined) return;
      if (e.k === 'deliver') {
        this.stepHash = this.absMsgHash(w, env.msg) || 1;
        this.stateBefore = node >= 0 ? this.hashes[this.n + node]! : 0;
      }
      if (w.net.semantics === 'multiset') this.inflight = (this.inflight - this.envHash(w, env)) | 0;
    } else if ((e.k === 'local' || e.k === 'timer') && node >= 0) {
      const a = w.proto.abstractAction;
      this.stepHash = mix(hashString(e.k === 'timer' ? `timer:${e.timer}` : a === undefined ? e.action : a(e.action)) ^ 0x51ed27) || 1;
      this.stateBefore = this.hashes[this.n + node]!;
    }
  }

  after(ex: Execution, e: Event, node: number): void {
    const w = ex.w;
    for (let i = 0; i < w.sent.length; i++) this.inflight = (this.inflight + this.envHash(w, w.sent[i]!)) | 0;
    const acted = node >= 0 && (e.k === 'crash' || e.k === 'recover' || e.k === 'deliver' || e.k === 'local' || e.k === 'timer');
    if (acted) this.setNode(w, node);
    if (ex.ran <= this.from) return;
    const step = ex.ran;
    const live = !ex.done && !ex.ending;
    if (acted) {
      this.hit(NODE, mix(this.hashes[this.n + node]! ^ Math.imul(node + 1, 0x165667b1)) >>> (32 - NODE_BITS), node, step, live, ex);
      if (this.stepHash !== 0) this.hit(PAIR, mix(this.stateBefore ^ this.stepHash ^ Math.imul(node + 1, 0x61c88647)) >>> (32 - PAIR_BITS), node, step, live, ex);
    }
    // The state set takes the full hash, which is the feature's slot.
    this.hit(GLOBAL, mix(this.nodesXor ^ this.inflight), node, step, live, ex);
  }

  /** A hit of a feature: counted now if a snapshot is to be taken there, else pending. */
  private hit(kind: number, slot: number, node: number, step: number, live: boolean, ex: Execution): void {
    if (this.take !== undefined) {
      countPending();
      return this.count(kind, slot, node, step, live, ex);
    }
    if (pendingOwner !== this || pendingLength === pending.length) {
      countPending();
      pendingOwner = this;
    }
    const i = pendingLength;
    pending[i] = kind;
    pending[i + 1] = slot | 0;
    pending[i + 2] = node;
    pending[i + 3] = step * 2 + (live ? 1 : 0);
    pendingLength = i + 4;
  }

  /** Counts this run's pending hits, in order. */
  countPending(): void {
    if (pendingOwner !== this) return;
    const n = pendingLength;
    pendingLength = 0;
    pendingOwner = undefined;
    for (let i = 0; i < n; i += 4) {
      const f = pending[i + 3]!;
      this.count(pending[i]!, pending[i + 1]! >>> 0, pending[i + 2]!, f >>> 1, (f & 1) === 1, undefined);
    }
  }

  /** Counts a hit in the campaign's map (and the steering map), keeping the point if it is new to the steering map. */
  private count(kind: number, slot: number, node: number, step: number, live: boolean, ex: Execution | undefined): void {
    const map = this.map;
    const steer = this.steer;
    if (kind === GLOBAL) {
      const isNew = map.globals.hit(slot);
      if (isNew) this.novelCount++;
      if (steer === undefined ? isNew : steer.globals.hit(slot)) this.point(step, node, slot, live, ex);
      return;
    }
    const counted = kind === NODE ? map.nodeStates : map.pairs;
    const isNew = CoverageMap.hit(counted, slot);
    if (isNew) this.novelCount++;
    // A new node state or step in a state is rare and says what the run did: each is kept (a new global state is nearly every step of a big configuration).
    if ((steer === undefined ? isNew : CoverageMap.hit(kind === NODE ? steer.nodeStates : steer.pairs, slot)) && this.featurePoints.length < this.maxPoints)
      this.featurePoints.push(this.novelty(step, node, KINDS[kind]!, slot, live, ex));
  }

  private novelty(step: number, node: number, kind: FeatureKind, slot: number, live: boolean, ex: Execution | undefined): Novelty {
    return { step, node, kind, slot, snapshot: !live ? undefined : ex !== undefined && this.take !== undefined ? this.take(ex) : this.resumable ? true : undefined };
  }

  /** Steps between kept points: doubles each time the list fills, so the kept points stay spread over the whole run. */
  private stride = 1;

  private point(step: number, node: number, slot: number, live: boolean, ex: Execution | undefined): void {
    const p = this.globalPoints;
    const last = p.at(-1);
    if (last !== undefined && step - last.step < this.stride) return;
    if (p.length === this.maxPoints) {
      for (let i = 0; i < this.maxPoints / 2; i++) p[i] = p[2 * i]!;
      p.length = this.maxPoints / 2;
      this.stride *= 2;
      if (step - p.at(-1)!.step < this.stride) return;
    }
    p.push(this.novelty(step, node, 'global', slot, live, ex));
  }

}
