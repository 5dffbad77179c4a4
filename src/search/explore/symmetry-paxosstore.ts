/**
 * Value symmetry of PaxosStore's spec level (see symmetries.ts for why it is
 * sound): a permutation of `Value = 1..V` applied to every `maxVVal` in node
 * rows and in message rows, and to the `v` of ghost votes and proposals.
 * `None` (0) is fixed. Rows are re-frozen so renamed states look exactly like
 * the protocol's own.
 */
import type { GhostEvent } from '../../protocols/paxosstore/ghost.js';
import type { Msg } from '../../protocols/paxosstore/messages.js';
import type { Rec, Row } from '../../protocols/paxosstore/types.js';
import { nonIdentityPermutations, type Symmetry, type SymmetryPerm } from './symmetry.js';

function renameRow(row: Row, pi: readonly number[]): Row {
  return Object.freeze(
    row.map((r: Rec): Rec => (r.maxVVal === 0 ? r : Object.freeze({ maxBal: r.maxBal, maxVBal: r.maxVBal, maxVVal: pi[r.maxVVal]! }))),
  );
}

/** The value-permutation group of a spec-level PaxosStore instance with `np` participants and `values` values. */
export function paxosstoreValueSymmetry(np: number, values: number): Symmetry {
  const identityNodes = Array.from({ length: np }, (_, i) => i);
  const perms: SymmetryPerm[] = nonIdentityPermutations(values).map((p) => {
    const pi = [0, ...p.map((x) => x + 1)]; // pi[v] for v = 0..V, None fixed
    return {
      nodes: identityNodes,
      state: (s) => renameRow(s as Row, pi),
      msg: (m) => {
        const msg = m as Msg;
        return { type: msg.type, from: msg.from, state: renameRow(msg.state, pi) } satisfies Msg;
      },
      ghostEvent: (e) => {
        const g = e as GhostEvent;
        return { kind: g.kind, b: g.b, v: pi[g.v]! } as GhostEvent;
      },
    };
  });
  return { name: `paxosstore values (${values}! permutations)`, perms };
}
