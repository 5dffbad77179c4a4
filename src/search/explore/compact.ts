/**
 * The explorer's integer store driven one kernel event at a time, outside
 * the breadth-first search: a `CompactWorld` holds one state record and
 * executes events on it through the same rules (`kernel/rules.ts`) and the
 * same `Frame` / `Succ` pair as the search. It exists for the law that the two
 * stores agree (`test/explore/stores.test.ts`): random walks drive the
 * kernel's object world and a `CompactWorld` through the same events and
 * compare their decoded states after every step.
 *
 * It tracks everything a kernel world has (persisted states, the partition,
 * routes, the ghost event set), whatever faults a walk uses.
 */
import type { Event } from '../../kernel/events.js';
import type { Semantics } from '../../kernel/network.js';
import type { AnyProtocol } from '../../kernel/protocol.js';
import * as rules from '../../kernel/rules.js';
import type { World } from '../../kernel/world.js';
import { FixedKeys, Frame } from './frame.js';
import { GhostStore } from './ghosts.js';
import { IntList } from './grow.js';
import { RecordLayout } from './layout.js';
import { Model, type Identity } from './model.js';
import { EV_CRASH, EV_DELIVER, EV_DROP, EV_DUP, EV_HEAL, EV_LOCAL, EV_PARTITION, EV_RECOVER, EV_TIMER } from './path.js';
import { Succ } from './succ.js';

/** An explorer event: kind (`EV_*` of path.ts) and its interned argument (-1: names nothing that exists). */
export interface CompactEvent {
  readonly kind: number;
  readonly arg: number;
}

/** A state decoded to the protocol's own keys, comparable with a kernel world's. */
export interface DecodedState {
  /** Each node's state as `stateKey|JSON`. */
  readonly nodes: readonly string[];
  readonly up: readonly boolean[];
  /** Each node's persisted state as `stateKey|JSON` (null: never persisted). */
  readonly persisted: readonly (string | null)[];
  /** Armed timers `node:name`, sorted. */
  readonly timers: readonly string[];
  /** Messages in flight `from>to:msgKey|JSON`, sorted, one entry per copy. */
  readonly messages: readonly string[];
  /** Address table (empty without logical addresses). */
  readonly route: readonly number[];
  /** Cut links `from>to`, sorted. */
  readonly cut: readonly string[];
  /** Ghost events recorded so far `node|JSON`, sorted, each once. */
  readonly ghost: readonly string[];
}

export class CompactWorld {
  readonly model: Model;
  private readonly ghosts: GhostStore;
  private readonly layout: RecordLayout;
  private readonly frame: Frame;
  private readonly succ: Succ;
  private cur = new IntList(256);
  private next = new IntList(256);
  private readonly lanes = new Int32Array(1);

  constructor(
    readonly proto: AnyProtocol,
    readonly semantics: Semantics,
    identity: Identity = 'structural',
  ) {
    const n = proto.nodeCount;
    if (n > 30) throw new Error('CompactWorld: at most 30 nodes');
    this.model = new Model(proto, semantics, identity);
    this.ghosts = new GhostStore(proto, this.model);
    this.layout = new RecordLayout(n, true, true, true, false, this.model.addrCount, semantics === 'set');
    const keys = new FixedKeys(n, this.model.addrCount, 0);
    this.succ = new Succ(this.layout, this.model, this.ghosts, keys, semantics, 'fingerprint', undefined);
    this.frame = new Frame(this.layout, this.model, semantics === 'set');
    this.succ.expanding(this.frame, this.lanes, this.lanes);
    this.succ.beginEmpty(proto.addresses?.initial ?? [], -1);
    this.frame.empty();
    rules.init(this.frame, this.succ);
    this.commit();
  }

  /** Writes the successor as the current record and loads it. */
  private commit(): void {
    const s = this.succ, f = this.frame;
    const off = this.next.reserve(s.recordLength(f));
    s.write(this.next.data, off, 0, f);
    f.clear();
    const t = this.cur;
    this.cur = this.next;
    this.next = t;
    this.next.length = 0;
    f.load(this.cur.data, 0, this.model.contentFrom.length);
  }

  /**
   * The explorer's name for kernel event `e`, about to run in kernel world
   * `w` (whose envelope ids name the message contents).
   */
  translate(w: World, e: Event): CompactEvent {
    const M = this.model;
    switch (e.k) {
      case 'deliver':
      case 'drop':
      case 'dup': {
        const env = w.net.get(e.id);
        const c = env === undefined ? -1 : M.internContent(env.from, env.to, M.internPayload(env.msg));
        return { kind: e.k === 'deliver' ? EV_DELIVER : e.k === 'drop' ? EV_DROP : EV_DUP, arg: c };
      }
      case 'local':
        return { kind: EV_LOCAL, arg: this.listedAction(e.node, e.action) };
      case 'timer':
        return { kind: EV_TIMER, arg: this.validNode(e.node) ? M.internTimer(e.node, e.timer) : -1 };
      case 'crash':
        return { kind: EV_CRASH, arg: e.node };
      case 'recover':
        return { kind: EV_RECOVER, arg: e.node };
      case 'partition': {
        if (!rules.validLinks(M.n, e.links)) return { kind: EV_PARTITION, arg: -1 };
        const got = new Set(e.links.map(([a, b]) => `${a}>${b}`));
        for (let k = 0; k < M.n; k++) {
          const want = rules.isolate(M.n, k);
          if (want.length === got.size && want.every(([a, b]) => got.has(`${a}>${b}`))) return { kind: EV_PARTITION, arg: k };
        }
        throw new Error('CompactWorld: the explorer only represents partitions that isolate one node');
      }
      case 'heal':
        return { kind: EV_HEAL, arg: 0 };
    }
  }

  private validNode(node: number): boolean {
    return node >>> 0 === node && node < this.model.n;
  }

  /** The action id the protocol lists under `key` for the node's current state, -1 if none. */
  private listedAction(node: number, key: string): number {
    if (!this.validNode(node)) return -1;
    const M = this.model, f = this.frame;
    const ids = M.actions(f.nodes[node]!, f.net);
    for (let i = 0; i < ids.length; i++) if (M.actionKeyOf[ids[i]!] === key) return ids[i]!;
    return -1;
  }

  /**
   * Executes an event through the rules. Returns whether it was enabled
   * (an enabled step that changes nothing, which the search prunes, counts).
   */
  step(e: CompactEvent): boolean {
    const f = this.frame, s = this.succ;
    const before = s.transitions;
    let done: boolean;
    switch (e.kind) {
      case EV_DELIVER: done = rules.deliver(f, s, e.arg); break;
      case EV_DROP: done = rules.drop(f, s, e.arg); break;
      case EV_DUP: done = rules.duplicate(f, s, e.arg); break;
      case EV_LOCAL: done = rules.local(f, s, this.model.actionNode[e.arg] ?? -1, e.arg); break;
      case EV_TIMER: done = rules.fire(f, s, this.model.timerNode[e.arg] ?? -1, e.arg); break;
      case EV_CRASH: done = rules.crash(f, s, e.arg); break;
      case EV_RECOVER: done = rules.recover(f, s, e.arg); break;
      case EV_PARTITION: done = rules.partition(f, s, e.arg); break;
      case EV_HEAL: done = rules.heal(f, s); break;
      default: done = false;
    }
    if (done) {
      s.settleGhost();
      this.commit();
    }
    return done || s.transitions > before;
  }

  /** The incremental fingerprint of the current state (lo, hi). */
  fingerprint(): [number, number] {
    return [this.frame.lo, this.frame.hi];
  }

  /** The fingerprint of the current state recomputed from scratch. */
  recomputedFingerprint(): [number, number] {
    this.succ.full(this.frame);
    return [this.succ.lo[0]!, this.succ.hi[0]!];
  }

  /** The current state in the protocol's keys. */
  decode(): DecodedState {
    const M = this.model, f = this.frame, p = this.proto, n = M.n;
    const key = (id: number) => `${p.stateKey(M.stateObj[id])}|${JSON.stringify(M.stateObj[id])}`;
    const messages: string[] = [];
    for (let i = 0; i < f.mcount; i++) {
      const c = f.msgs[i]!;
      messages.push(`${M.contentKey(c)}|${M.payloadJson[M.contentPayload[c]!]}`);
    }
    const timers: string[] = [];
    for (let i = 0; i < f.tcount; i++) timers.push(`${M.timerNode[f.timers[i]!]}:${M.timerName[f.timers[i]!]}`);
    const cut = f.part >= 0 ? rules.isolate(n, f.part).map(([a, b]) => `${a}>${b}`) : [];
    const ghost = Array.from(this.ghosts.events(f.ghost), (e) => `${M.ghostEventNode[e]}|${JSON.stringify(M.ghostEventObj[e])}`);
    return {
      nodes: Array.from(f.nodes, key),
      up: Array.from({ length: n }, (_, i) => f.isUp(i)),
      persisted: Array.from(f.persisted, (id) => (id < 0 ? null : key(id))),
      timers: timers.sort(),
      messages: messages.sort(),
      route: Array.from(f.route),
      cut: cut.sort(),
      ghost: [...new Set(ghost)].sort(),
    };
  }
}
