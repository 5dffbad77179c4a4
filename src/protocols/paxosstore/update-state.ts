/**
 * `UpdateState(q, p, pp)` (PaxosStore.tla ll. 72-89): `q` merges the actual
 * state `pp` of `p` (taken from a message of `p`) into its view of `p` and into
 * its own record.
 *
 * The six clauses are applied in order with TLA+'s `EXCEPT` semantics (see
 * `except.ts`): `@` is the current value at the path, while the explicit
 * `state[q][p].maxVBal` (l. 83) and `state[q][q].maxBal` (ll. 86, 88) read the
 * OLD state. When `q = p` (a participant receiving its own message) the first
 * three clauses and the last three write the same record, so clauses 4-6 see
 * the results of clauses 1-3 through `@`:
 *
 *   maxBal'  = Max(Max(old.maxBal, pp.maxBal), pp.maxBal)
 *   maxVBal' = IF old.maxBal <= pp.maxVBal THEN pp.maxVBal ELSE Max(old.maxVBal, pp.maxVBal)
 *   maxVVal' = IF old.maxBal <= pp.maxVBal THEN pp.maxVVal
 *              ELSE (IF old.maxVBal < pp.maxVBal THEN pp.maxVVal ELSE old.maxVVal)
 */
import { except } from './except.js';
import { Max, type Rec, type Row } from './types.js';

/**
 * `state'[q]` after `UpdateState(q, p, pp)`, given `state[q]` as `row`.
 * Returns the identical `row` object when nothing changes.
 */
export function UpdateState(row: Row, q: number, p: number, pp: Rec): Row {
  const state_q = row; // `state[q]` on a right-hand side: always the OLD row
  return except(row)
    .set(p, 'maxBal', (at) => Max(at, pp.maxBal)) // l. 81
    .set(p, 'maxVBal', (at) => Max(at, pp.maxVBal)) // l. 82
    .set(p, 'maxVVal', (at) => (state_q[p]!.maxVBal < pp.maxVBal ? pp.maxVVal : at)) // ll. 83-84
    .set(q, 'maxBal', (at) => Max(at, pp.maxBal)) // l. 85
    .set(q, 'maxVBal', (at) => (state_q[q]!.maxBal <= pp.maxVBal ? pp.maxVBal : at)) // ll. 86-87 "make promise"
    .set(q, 'maxVVal', (at) => (state_q[q]!.maxBal <= pp.maxVBal ? pp.maxVVal : at)) // ll. 88-89 "TODO: write-once"
    .done();
}
