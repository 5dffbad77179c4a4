/**
 * The spec's data: `State` records, view rows, values and ballots
 * (PaxosStore.tla ll. 18-38).
 *
 * Encoding:
 * - `Value` is the integers `1..V`; `None` (l. 22, `CHOOSE b : b \notin Value`)
 *   is `0`, which is not a value.
 * - `Ballot` is `0..maxBallot` (the TLC bound on `Nat`, l. 30); "no ballot" is
 *   `-1`, exactly as in the spec's `State` type (`Ballot \cup {-1}`).
 * - A participant's node state is its whole view row `state[p][*]`
 *   (l. 50: `state[p][q]` is the state of `q` from the view of `p`), an array
 *   indexed by participant id `0..NP-1`.
 */

import { avalanche, foldInt, HASH_START } from '../../kernel/hash.js';

/** One `State` record (l. 35): what a participant knows about one participant. */
export interface Rec {
  /** Highest ballot promised (`-1`: none). */
  readonly maxBal: number;
  /** Ballot of the latest vote (`-1`: never voted). */
  readonly maxVBal: number;
  /** Value of the latest vote (`None` when `maxVBal = -1`). */
  readonly maxVVal: number;
}

/** A view row `state[p][*]`: entry `q` is `p`'s view of participant `q`. */
export type Row = readonly Rec[];

/** `None == CHOOSE b : b \notin Value` (l. 22): values are `1..V`, so `0`. */
export const None = 0;

/** `InitState == [maxBal |-> -1, maxVBal |-> -1, maxVVal |-> None]` (l. 38). */
export const InitState: Rec = Object.freeze({ maxBal: -1, maxVBal: -1, maxVVal: None });

/** `Max(m, n) == IF m > n THEN m ELSE n` (l. 15). */
export function Max(m: number, n: number): number {
  return m > n ? m : n;
}

/** The initial row `[q \in Participant |-> InitState]` (l. 62). */
export function initRow(np: number): Row {
  return Object.freeze(new Array<Rec>(np).fill(InitState));
}

/** Canonical key of a record: `maxBal,maxVBal,maxVVal`. */
export function recKey(r: Rec): string {
  return `${r.maxBal},${r.maxVBal},${r.maxVVal}`;
}

/** Canonical key of a view row: its records' keys joined by `|` in participant order. */
export function rowKey(row: Row): string {
  let s = recKey(row[0]!);
  for (let i = 1; i < row.length; i++) s += '|' + recKey(row[i]!);
  return s;
}

/** `rowKey`'s fields folded into a number (`Protocol.stateHash`). */
export function rowHash(row: Row): number {
  let h = foldInt(HASH_START, row.length);
  for (const r of row) h = foldInt(foldInt(foldInt(h, r.maxBal), r.maxVBal), r.maxVVal);
  return avalanche(h);
}

/** Structural equality of two records. */
export function recEq(a: Rec, b: Rec): boolean {
  return a.maxBal === b.maxBal && a.maxVBal === b.maxVBal && a.maxVVal === b.maxVVal;
}

/** Short rendering of a record for traces: `bal/vbal:val` with `-` for none. */
export function showRec(r: Rec): string {
  const n = (x: number) => (x < 0 ? '-' : String(x));
  return `${n(r.maxBal)}/${n(r.maxVBal)}:${r.maxVVal === None ? '-' : r.maxVVal}`;
}

/** Short rendering of a row: `[P1 0/-:- P2 ...]`. */
export function showRow(row: Row): string {
  return '[' + row.map((r, q) => `P${q + 1} ${showRec(r)}`).join(' ') + ']';
}
