/**
 * A read-only `WorldView` over one stored state record: what invariants and
 * state constraints read, exactly as they read the kernel's object world.
 *
 * Why lazy: most invariants read one field (`ghost` for paxos, `nodes` for
 * PaxosStore's Consistency); materialising every field for every new state
 * would cost more than the search step itself. Each field is built on first
 * access and the accesses are recorded, so the explorer can memoise an
 * invariant's verdict per ghost history when that evaluation read nothing but
 * the ghost (a pure function of the history then).
 */
import type { NetView } from '../../kernel/protocol.js';
import type { AnyWorldView } from '../../kernel/view.js';
import type { GhostStore } from './ghosts.js';
import { forEachMsg, type RecordLayout } from './layout.js';
import type { Model, ViewEnvelope } from './model.js';

/** Access bits. */
export const A_GHOST = 1;
export const A_OTHER = 2;

/** The messages of a record, in stored order (with repeats under multiset semantics). */
class RecordNet implements NetView<unknown> {
  constructor(private readonly list: readonly ViewEnvelope[]) {}

  envelopes(): Iterable<ViewEnvelope> {
    return this.list;
  }
}

export class StateView implements AnyWorldView {
  /** Fields read since the last reset (A_GHOST | A_OTHER). */
  accessed = 0;
  private d: Int32Array = new Int32Array(0);
  private off = 0;
  private depth = 0;
  private cache: { nodes?: unknown[]; persisted?: unknown[]; net?: RecordNet } = {};

  private readonly upArrays = new Map<number, boolean[]>();

  constructor(
    private readonly model: Model,
    private readonly ghosts: GhostStore,
    private readonly layout: RecordLayout,
    private readonly ghostTracked: boolean,
  ) {}

  /** Points the view at the record at `off` of `d`, a state at BFS level `depth` (initial = 1). */
  bind(d: Int32Array, off: number, depth: number): void {
    this.d = d;
    this.off = off;
    this.depth = depth;
    this.cache = {};
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

  /** The messages in flight. */
  get net(): NetView<unknown> {
    this.accessed |= A_OTHER;
    if (this.cache.net) return this.cache.net;
    const env = this.model.contentEnv;
    const list: ViewEnvelope[] = [];
    forEachMsg(this.d, this.off, this.layout, (c) => list.push(env[c]!));
    return (this.cache.net = new RecordNet(list));
  }
}
