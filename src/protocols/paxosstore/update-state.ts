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
import { SPEC, type PsRules } from './rules.js';
import { Max, type Rec, type Row } from './types.js';

/** The rules `UpdateState` reads: the three a mutant can break (ll. 81-84, l. 85, ll. 86-89). */
export type UpdateRules = Pick<PsRules, 'viewMerge' | 'promiseMerge' | 'voteAgainst'>;

/**
 * `state'[q]` after `UpdateState(q, p, pp)`, given `state[q]` as `row`.
 * Returns the identical `row` object when nothing changes.
 */
export function UpdateState(row: Row, q: number, p: number, pp: Rec, rules: UpdateRules = SPEC): Row {
  if (rules !== SPEC && (rules.viewMerge !== 'max' || rules.promiseMerge !== 'max' || rules.voteAgainst !== 'promise')) return mutantUpdateState(row, q, p, pp, rules);
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

/**
 * `UpdateState` with a broken rule, kept apart so the spec's version above
 * reads like the module:
 * - `viewMerge: 'overwrite'`: ll. 81-84 without `Max`, `state[q][p]` becomes
 *   `pp` (a stale message rolls the view back; when `q = p`, its own record);
 * - `promiseMerge: 'overwrite'`: l. 85 without `Max`, `q`'s own promise
 *   becomes `pp.maxBal`, so a message of a lower ballot lowers it;
 * - `voteAgainst: 'vote'`: ll. 86-89 compare `pp.maxVBal` with `q`'s own
 *   VOTE `state[q][q].maxVBal < pp.maxVBal` instead of its promise, so `q`
 *   votes below a ballot it promised.
 */
function mutantUpdateState(row: Row, q: number, p: number, pp: Rec, rules: UpdateRules): Row {
  const state_q = row;
  const overwrite = rules.viewMerge === 'overwrite';
  const adopt = rules.voteAgainst === 'promise' ? state_q[q]!.maxBal <= pp.maxVBal : state_q[q]!.maxVBal < pp.maxVBal;
  return except(row)
    .set(p, 'maxBal', (at) => (overwrite ? pp.maxBal : Max(at, pp.maxBal)))
    .set(p, 'maxVBal', (at) => (overwrite ? pp.maxVBal : Max(at, pp.maxVBal)))
    .set(p, 'maxVVal', (at) => (overwrite || state_q[p]!.maxVBal < pp.maxVBal ? pp.maxVVal : at))
    .set(q, 'maxBal', (at) => (rules.promiseMerge === 'overwrite' ? pp.maxBal : Max(at, pp.maxBal)))
    .set(q, 'maxVBal', (at) => (adopt ? pp.maxVBal : at))
    .set(q, 'maxVVal', (at) => (adopt ? pp.maxVVal : at))
    .done();
}
