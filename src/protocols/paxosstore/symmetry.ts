/**
 * Symmetry of PaxosStore for the explorer (`ProtocolDef.explore.symmetry`).
 *
 * - Values (spec level, V >= 2): sound. Values are opaque labels in the spec:
 *   `Init` holds no value; `Accept(p, b, v)` ranges over all of `Value` when
 *   `p` is free to pick, and otherwise compares values only for equality
 *   (`maxVVal = v`); `UpdateState` copies them; `Consistency` counts them. So
 *   renaming values maps behaviours to behaviours and keeps every verdict.
 *   `None` (0) is not a value and stays fixed.
 * - Participants: NOT sound. `Bals(p)` (l. 33) gives participant p the
 *   ballots congruent to `PIndex[p] - 1` modulo NP, and ballots are ordered,
 *   so swapping two participants changes who may prepare what.
 * - Implementation level: none; its node states are processes, not view rows.
 *
 * The value renaming is a permutation of `Value = 1..V` applied to every `maxVVal` in node
 * rows and in message rows, and to the `v` of ghost votes and proposals.
 * `None` (0) is fixed. Rows are re-frozen so renamed states look exactly like
 * the protocol's own.
 */
import type { GhostEvent } from './ghost.js';
import type { Msg } from './messages.js';
import type { Rec, Row } from './types.js';
import type { Config, Symmetry, SymmetryPerm } from '../../kernel/definition.js';
import { nonIdentityPermutations } from '../../kernel/permutations.js';

function renameRow(row: Row, pi: readonly number[]): Row {
  return Object.freeze(
    row.map((r: Rec): Rec => (r.maxVVal === 0 ? r : Object.freeze({ maxBal: r.maxBal, maxVBal: r.maxVBal, maxVVal: pi[r.maxVVal]! }))),
  );
}

/** The value-permutation group of a spec-level PaxosStore instance with `np` participants and `values` values. */
export function paxosstoreValueSymmetry(np: number, values: number): Symmetry<Row, Msg, GhostEvent> {
  const identityNodes = Array.from({ length: np }, (_, i) => i);
  const perms: SymmetryPerm<Row, Msg, GhostEvent>[] = nonIdentityPermutations(values).map((p) => {
    const pi = [0, ...p.map((x) => x + 1)]; // pi[v] for v = 0..V, None fixed
    return {
      nodes: identityNodes,
      state: (s) => renameRow(s, pi),
      msg: (m) => ({ type: m.type, from: m.from, state: renameRow(m.state, pi) }) satisfies Msg,
      ghostEvent: (g) => ({ ...g, v: pi[g.v]! }),
    };
  });
  return { name: `paxosstore values (${values}! permutations)`, perms };
}

/** `ProtocolDef.explore.symmetry` of paxosstore: value symmetry at the spec level with two or more values. */
export function paxosstoreSymmetry(semantics: 'set' | 'multiset', variant: string, cfg: Config): Symmetry<Row, Msg, GhostEvent> | string {
  if (semantics !== 'set') return `no symmetry for the implementation level (${variant}): its node states are processes, not view rows`;
  const values = cfg['values'] ?? 1;
  if (values < 2) return 'value symmetry needs at least two values; participant symmetry is unsound (Bals(p) depends on p)';
  return paxosstoreValueSymmetry(cfg['participants'] ?? 3, values);
}
