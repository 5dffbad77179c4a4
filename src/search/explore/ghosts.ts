/**
 * Ghost histories in the explorer, interned by the SET of ghost events
 * recorded so far.
 *
 * Why a set: the kernel's `Ghost` is an opaque, mutable object with no
 * canonical key, so the explorer identifies a history by the distinct
 * (node, event) pairs that built it. Each distinct set gets one id and one
 * history object (built by `clone` + `record` the first time the set is
 * reached); a transition (history id, event id) -> history id is memoised, so
 * a history is cloned once per distinct set, not once per explored state.
 *
 * This identification is exact when a history's invariant verdicts depend
 * only on the set of events recorded so far and recording an event twice
 * changes no verdict. Both ghosts of this codebase qualify: paxos's
 * `PaxosHistory` (chosen = a quorum of accepts at one number; I1, I2,
 * I2-literal, agreement and validity are conditions on the accept set;
 * learner-safety compares a learn with the chosen set at that moment, which is
 * again a function of the set reached when it is recorded) and PaxosStore's
 * `History` (votes and proposals deduplicated by key; conflicts and chosen
 * values are conditions on the vote set). For any other ghost, a reported
 * violation is still confirmed by replaying its path through the kernel (see
 * `path.ts`), so a wrong identification can only hide a violation, never
 * invent one.
 */
import type { AnyProtocol } from '../../kernel/protocol.js';
import type { Model } from './model.js';
import { Kind, KeyTable } from './zobrist.js';

export class GhostStore {
  /** History object of each ghost id. */
  readonly objs: unknown[] = [];
  /** Sorted event ids of each ghost id. */
  private readonly sets: Int32Array[] = [];
  private readonly ids = new Map<string, number>();
  private readonly trans: (number | undefined)[][] = [];
  readonly z = new KeyTable(Kind.Ghost);

  /** Id 0 is the empty history `proto.ghost.init()`. */
  constructor(
    private readonly proto: AnyProtocol,
    private readonly model: Model,
  ) {
    this.add(new Int32Array(0), proto.ghost.init());
  }

  private add(set: Int32Array, obj: unknown): number {
    const id = this.objs.length;
    this.objs.push(obj);
    this.sets.push(set);
    this.ids.set(set.join(','), id);
    this.z.ensure(id);
    return id;
  }

  /** Number of distinct histories. */
  get size(): number {
    return this.objs.length;
  }

  /** The events of history `g`, sorted by id. */
  events(g: number): Int32Array {
    return this.sets[g]!;
  }

  /** The history after `g` records event `e`. */
  step(g: number, e: number): number {
    let row = this.trans[g];
    if (row === undefined) this.trans[g] = row = [];
    const hit = row[e];
    if (hit !== undefined) return hit;
    const next = this.compute(g, e);
    row[e] = next;
    return next;
  }

  private compute(g: number, e: number): number {
    const set = this.sets[g]!;
    let lo = 0, hi = set.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (set[mid]! < e) lo = mid + 1;
      else hi = mid;
    }
    if (lo < set.length && set[lo] === e) return g; // recorded before: assumed to change no verdict
    const next = new Int32Array(set.length + 1);
    next.set(set.subarray(0, lo));
    next[lo] = e;
    next.set(set.subarray(lo), lo + 1);
    const known = this.ids.get(next.join(','));
    if (known !== undefined) return known;
    const ghost = this.proto.ghost;
    const obj = ghost.record(ghost.clone(this.objs[g]), this.model.ghostEventNode[e]!, this.model.ghostEventObj[e]);
    return this.add(next, obj);
  }

  /** The history with exactly the events `set` (sorted ids), recorded in id order from the empty one. */
  fromSet(set: Int32Array): number {
    let g = 0;
    for (let i = 0; i < set.length; i++) g = this.step(g, set[i]!);
    return g;
  }
}
