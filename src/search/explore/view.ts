/**
 * A read-only `World` over one stored state record, for invariants and state
 * constraints (which are written against the kernel's `World`).
 *
 * Why lazy: most invariants read one field (`ghost` for paxos, `nodes` for
 * PaxosStore's Consistency); materialising a `Network` with its maps for every
 * new state would cost more than the search step itself. Each field is built
 * on first access and the accesses are recorded, so the explorer can memoise
 * an invariant's verdict per ghost history when that evaluation read nothing
 * but the ghost (a pure function of the history then).
 */
import { Network, type Envelope, type Semantics } from '../../kernel/network.js';
import { isolate, type TimerEntry, type World } from '../../kernel/world.js';
import type { GhostStore } from './ghosts.js';
import { forEachMsg, type RecordLayout } from './layout.js';
import type { Model } from './model.js';

/** Access bits. */
export const A_GHOST = 1;
export const A_OTHER = 2;

export class StateView {
  /** Fields read since the last reset (A_GHOST | A_OTHER). */
  accessed = 0;
  private d: Int32Array = new Int32Array(0);
  private off = 0;
  private depth = 0;
  private cache: {
    nodes?: unknown[];
    persisted?: unknown[];
    net?: Network<unknown>;
    timers?: Map<string, TimerEntry>;
    blocked?: Uint8Array;
    route?: Int32Array;
  } = {};

  private readonly upArrays = new Map<number, boolean[]>();

  readonly time = 0;
  readonly sent: Envelope<unknown>[] = [];
  readonly armed: TimerEntry[] = [];

  constructor(
    private readonly model: Model,
    private readonly ghosts: GhostStore,
    private readonly layout: RecordLayout,
    private readonly semantics: Semantics,
    private readonly ghostTracked: boolean,
  ) {}

  /** Points the view at the record at `off` of `d`, a state at BFS level `depth` (initial = 1). */
  bind(d: Int32Array, off: number, depth: number): void {
    this.d = d;
    this.off = off;
    this.depth = depth;
    this.cache = {};
  }

  /** The view as the kernel type invariants take. */
  asWorld(): World {
    return this as unknown as World;
  }

  get proto() {
    return this.model.proto;
  }
  get n(): number {
    return this.model.n;
  }
  get steps(): number {
    return this.depth - 1;
  }

  get ghostId(): number {
    return this.layout.ghost >= 0 ? this.d[this.off + this.layout.ghost]! : 0;
  }

  get ghost(): unknown {
    this.accessed |= A_GHOST;
    if (!this.ghostTracked) throw new Error("explore: an invariant read the ghost history, which is not tracked with ghost: 'off'");
    return this.ghosts.objs[this.ghostId];
  }

  get nodes(): unknown[] {
    this.accessed |= A_OTHER;
    if (this.cache.nodes) return this.cache.nodes;
    const out = new Array<unknown>(this.model.n);
    for (let i = 0; i < out.length; i++) out[i] = this.model.stateObj[this.d[this.off + this.layout.nodes + i]!];
    return (this.cache.nodes = out);
  }

  get persisted(): unknown[] {
    this.accessed |= A_OTHER;
    if (this.cache.persisted) return this.cache.persisted;
    const out = new Array<unknown>(this.model.n).fill(undefined);
    if (this.layout.withPersisted)
      for (let i = 0; i < out.length; i++) {
        const p = this.d[this.off + this.layout.persisted + i]!;
        out[i] = p < 0 ? undefined : this.model.stateObj[p];
      }
    return (this.cache.persisted = out);
  }

  get up(): boolean[] {
    this.accessed |= A_OTHER;
    const mask = this.layout.up >= 0 ? this.d[this.off + this.layout.up]! : 0;
    // One shared array per down-mask: invariants only read it, and this getter is hot.
    let up = this.upArrays.get(mask);
    if (up === undefined) {
      up = Array.from({ length: this.model.n }, (_, i) => (mask & (1 << i)) === 0);
      this.upArrays.set(mask, up);
    }
    return up;
  }

  /** The messages as a kernel `Network` (envelope ids are assigned in stored order). */
  get net(): Network<unknown> {
    this.accessed |= A_OTHER;
    if (this.cache.net) return this.cache.net;
    const M = this.model;
    const net = new Network<unknown>(this.semantics);
    forEachMsg(this.d, this.off, this.layout, (c) => {
      net.send(M.contentFrom[c]!, M.contentTo[c]!, M.payloadObj[M.contentPayload[c]!], M.proto.msgKey);
    });
    return (this.cache.net = net);
  }

  get timers(): Map<string, TimerEntry> {
    this.accessed |= A_OTHER;
    if (this.cache.timers) return this.cache.timers;
    const M = this.model;
    const out = new Map<string, TimerEntry>();
    const p = this.off + this.layout.timers;
    const tc = this.d[p]!;
    for (let i = 0; i < tc; i++) {
      const t = this.d[p + 1 + i]!;
      out.set(`${M.timerNode[t]}:${M.timerName[t]}`, { node: M.timerNode[t]!, timer: M.timerName[t]!, at: 0 });
    }
    return (this.cache.timers = out);
  }

  get blocked(): Uint8Array {
    this.accessed |= A_OTHER;
    if (this.cache.blocked) return this.cache.blocked;
    const n = this.model.n;
    const b = new Uint8Array(n * n);
    const part = this.layout.part >= 0 ? this.d[this.off + this.layout.part]! : -1;
    if (part >= 0) for (const [x, y] of isolate(n, part)) b[x * n + y] = 1;
    return (this.cache.blocked = b);
  }

  get blockedCount(): number {
    this.accessed |= A_OTHER;
    const part = this.layout.part >= 0 ? this.d[this.off + this.layout.part]! : -1;
    return part >= 0 ? 2 * (this.model.n - 1) : 0;
  }

  get route(): Int32Array | undefined {
    this.accessed |= A_OTHER;
    if (this.layout.addrCount === 0) return undefined;
    if (this.cache.route) return this.cache.route;
    return (this.cache.route = this.d.slice(this.off + this.layout.route, this.off + this.layout.route + this.layout.addrCount));
  }
}
