/**
 * Symmetry reduction (TLC's SYMMETRY): states that are images of each other
 * under a permutation of interchangeable participants or values are explored
 * once. The explorer keeps the state it actually reached (so paths replay
 * exactly) but stores in the visited set the smallest fingerprint among the
 * state's images (the canonical representative's).
 *
 * Which permutations are sound is protocol knowledge, so a protocol provides a
 * `Symmetry`: a list of permutations, each renaming node ids, node states,
 * messages and ghost events consistently. Soundness requires that the
 * permutation maps the initial state to itself and commutes with every
 * transition and with every invariant's verdict. See `symmetries.ts` for the
 * ones this codebase knows and why each is (or is not) sound.
 */
import type { NodeId } from '../../kernel/protocol.js';
import type { GhostStore } from './ghosts.js';
import type { Model } from './model.js';
import { Kind } from './zobrist.js';

export type { Symmetry, SymmetryPerm } from '../../kernel/definition.js';
import type { Symmetry, SymmetryPerm } from '../../kernel/definition.js';

/**
 * Memoised images of interned ids under each permutation (1-based: lane 0 is
 * the identity), interning the renamed objects on first use.
 */
export class Canon {
  readonly count: number;
  private readonly maps: Map<number, number>[][];

  constructor(
    private readonly sym: Symmetry,
    private readonly model: Model,
    private readonly ghosts: GhostStore,
  ) {
    this.count = sym.perms.length;
    // Indexed by `Kind` (1..9), so one slot more than the number of kinds.
    this.maps = sym.perms.map(() => Array.from({ length: Kind.Budget + 1 }, () => new Map<number, number>()));
    if (model.addrCount > 0) throw new Error('symmetry reduction does not support protocols with logical addresses');
  }

  /** Image of component `id` of `kind` under permutation `k` (1-based). */
  map(k: number, kind: Kind, id: number): number {
    const m = this.maps[k - 1]![kind]!;
    let r = m.get(id);
    if (r === undefined) {
      r = this.compute(this.sym.perms[k - 1]!, kind, id);
      m.set(id, r);
    }
    return r;
  }

  private compute(p: SymmetryPerm, kind: Kind, id: number): number {
    const M = this.model;
    switch (kind) {
      case Kind.Node:
      case Kind.Persisted: {
        const node = M.stateNode[id]!;
        return M.internState(p.nodes[node]!, p.state(M.stateObj[id], node));
      }
      case Kind.Msg: {
        const payload = M.internPayload(p.msg(M.payloadObj[M.contentPayload[id]!]));
        return M.internContent(p.nodes[M.contentFrom[id]!]!, p.nodes[M.contentTo[id]!]!, payload);
      }
      case Kind.Timer:
        return M.internTimer(p.nodes[M.timerNode[id]!]!, M.timerName[id]!);
      case Kind.Up:
      case Kind.Partition:
        return p.nodes[id]!;
      case Kind.Budget:
        return id;
      case Kind.Ghost: {
        const evs = this.ghosts.events(id);
        const mapped = Array.from(evs, (e) => {
          const node = M.ghostEventNode[e]!;
          const obj = M.ghostEventObj[e];
          return M.internGhostEvent(p.nodes[node]!, p.ghostEvent ? p.ghostEvent(obj) : obj);
        }).sort((a, b) => a - b);
        return this.ghosts.fromSet(Int32Array.from(mapped));
      }
      default:
        throw new Error(`symmetry: unsupported component kind ${kind}`);
    }
  }
}


