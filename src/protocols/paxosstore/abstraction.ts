/**
 * What the guided search counts as a new PaxosStore state (`Protocol.abstractState`).
 *
 * A participant's row holds every participant's ballots, so with five of
 * them nearly every row is new and novelty says nothing. What `Prepare`,
 * `Accept` and `UpdateState` decide on is how the views compare with the
 * participant's own record: whether a quorum promised its ballot, whether a
 * view carries a vote above its own, whether its vote is below its promise
 * (the seed spec's bug lives exactly there). So a row is abstracted to its
 * own record's shape (voted or not, vote below or at its promise) and the
 * multiset of the other views' comparisons with it (promise below, equal or
 * above; vote absent, below, equal or above; same value or not), in sorted
 * order: participants are interchangeable here.
 */
import type { Row } from './types.js';

const cmp = (a: number, b: number): string => (a < b ? '<' : a === b ? '=' : '>');

/** The abstraction of participant `p`'s row. */
export function abstractRow(row: Row, p: number): string {
  const own = row[p]!;
  const head = own.maxVBal < 0 ? 'n' : cmp(own.maxVBal, own.maxBal);
  const rest: string[] = [];
  for (let q = 0; q < row.length; q++) {
    if (q === p) continue;
    const r = row[q]!;
    const vote = r.maxVBal < 0 ? 'n' : cmp(r.maxVBal, own.maxVBal) + (own.maxVBal >= 0 && r.maxVVal !== own.maxVVal ? '~' : '');
    rest.push(cmp(r.maxBal, own.maxBal) + vote);
  }
  rest.sort();
  return `${head}|${rest.join(',')}`;
}
