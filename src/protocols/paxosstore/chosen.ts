/**
 * `ChosenP(p)` (PaxosStore.tla ll. 124-127): the values `p` sees as chosen,
 * i.e. some quorum of `p`'s views holds the same `(maxVBal, maxVVal) = (b, v)`
 * with `b \in Ballot` (so `b >= 0`, and `v` is then a value).
 *
 * Results are cached per row object: rows are immutable and unchanged rows
 * keep their identity, so re-evaluating after every step costs a lookup for
 * each participant whose row did not change.
 */
import { isQuorumSize } from './config.js';
import type { Row } from './types.js';

const cache = new WeakMap<Row, readonly number[]>();
const NONE: readonly number[] = Object.freeze([]);

/** `ChosenP(p)` evaluated on `p`'s row `state[p]`, in increasing value order. */
export function ChosenP(row: Row): readonly number[] {
  let r = cache.get(row);
  if (r === undefined) {
    r = compute(row);
    cache.set(row, r);
  }
  return r;
}

function compute(row: Row): readonly number[] {
  const np = row.length;
  const out: number[] = [];
  for (let i = 0; i < np; i++) {
    const a = row[i]!;
    if (a.maxVBal < 0 || out.includes(a.maxVVal)) continue;
    let k = 0;
    for (let j = 0; j < np; j++) if (row[j]!.maxVBal === a.maxVBal && row[j]!.maxVVal === a.maxVVal) k++;
    if (isQuorumSize(np, k)) out.push(a.maxVVal);
  }
  return out.length === 0 ? NONE : Object.freeze(out.sort((x, y) => x - y));
}
