/**
 * `UpdateState(q, p, pp)` against hand-computed results, clause by clause
 * (PaxosStore.tla ll. 79-89), including the EXCEPT subtleties.
 */
import { describe, expect, test } from 'vitest';
import { except } from '../../src/protocols/paxosstore/except.js';
import { UpdateState } from '../../src/protocols/paxosstore/update-state.js';
import { rec, row } from './helpers.js';

describe('EXCEPT builder', () => {
  test('@ is the value built so far; untouched rows keep their identity', () => {
    const old = row(rec(1, 0, 1), rec(2, -1, 0));
    const seen: number[] = [];
    const r = except(old)
      .set(0, 'maxBal', (at) => (seen.push(at), at + 10))
      .set(0, 'maxBal', (at) => (seen.push(at), at + 1))
      .done();
    expect(seen).toEqual([1, 11]);
    expect(r[0]).toEqual(rec(12, 0, 1));
    expect(r[1]).toBe(old[1]);
    expect(old[0]).toEqual(rec(1, 0, 1)); // the old row is not mutated
  });
  test('no change returns the identical row', () => {
    const old = row(rec(1, 0, 1));
    expect(except(old).set(0, 'maxBal', (at) => at).done()).toBe(old);
  });
});

describe('UpdateState, q # p', () => {
  const q = 0;
  const p = 1;

  test('view of p: Max on maxBal and maxVBal, value taken when the OLD maxVBal is lower', () => {
    // Clause 3 reads `state[q][p].maxVBal`, the OLD -1, not clause 2's new 1:
    // with the new value the test `1 < 1` would be false and the value lost.
    const old = row(rec(2, 0, 1), rec(0, -1, 0));
    const r = UpdateState(old, q, p, rec(3, 1, 2));
    expect(r[p]).toEqual(rec(3, 1, 2));
    // Own record: maxBal = Max(2, 3); no vote since old maxBal 2 > pp.maxVBal 1.
    expect(r[q]).toEqual(rec(3, 0, 1));
  });

  test('make promise: votes when the OLD own maxBal <= pp.maxVBal', () => {
    // Clauses 5-6 read `state[q][q].maxBal`, the OLD -1, not clause 4's new 3
    // (with 3 the test `3 <= 1` would fail and the vote be lost).
    const old = row(rec(-1), rec(-1));
    const r = UpdateState(old, q, p, rec(3, 1, 2));
    expect(r[q]).toEqual(rec(3, 1, 2));
    expect(r[p]).toEqual(rec(3, 1, 2));
  });

  test('votes at a ballot equal to its own promise (<=)', () => {
    const r = UpdateState(row(rec(1), rec(1)), q, p, rec(1, 1, 2));
    expect(r[q]).toEqual(rec(1, 1, 2));
  });

  test('no vote below its own promise', () => {
    const r = UpdateState(row(rec(4), rec(1)), q, p, rec(1, 1, 2));
    expect(r[q]).toEqual(rec(4));
    expect(r[p]).toEqual(rec(1, 1, 2));
  });

  test('TODO write-once: a tie on the ballot overwrites the own value, the view keeps its own', () => {
    const r = UpdateState(row(rec(1, 1, 1), rec(1, 1, 1)), q, p, rec(1, 1, 2));
    expect(r[q]).toEqual(rec(1, 1, 2)); // own: old maxBal 1 <= 1, so (maxVBal, maxVVal) := pp's
    expect(r[p]).toEqual(rec(1, 1, 1)); // view of p: old maxVBal 1 < 1 is false, value kept
  });

  test('a lower pp changes nothing and returns the identical row', () => {
    const old = row(rec(5, 3, 1), rec(4, 2, 2));
    expect(UpdateState(old, q, p, rec(1, 0, 2))).toBe(old);
  });
});

describe('UpdateState, q = p (a participant receiving its own message)', () => {
  test('clauses 4-6 see clauses 1-3 through @ (sequential EXCEPT)', () => {
    // old = (5, 1, 1), pp = (3, 3, 2):
    //  1: maxBal  = Max(5, 3) = 5          4: maxBal  = Max(@ = 5, 3) = 5
    //  2: maxVBal = Max(1, 3) = 3          5: old.maxBal 5 <= 3? no -> @ = 3 (not the old 1)
    //  3: old.maxVBal 1 < 3 -> 2           6: no -> @ = 2 (not the old 1)
    const r = UpdateState(row(rec(5, 1, 1)), 0, 0, rec(3, 3, 2));
    expect(r[0]).toEqual(rec(5, 3, 2));
  });

  test('"make promise" branch overrides clauses 2-3', () => {
    // old = (2, 0, 1), pp = (2, 2, 2): 1-3 give (2, 2, 2); 5-6: 2 <= 2 -> pp's pair.
    expect(UpdateState(row(rec(2, 0, 1)), 0, 0, rec(2, 2, 2))[0]).toEqual(rec(2, 2, 2));
  });

  test('in another slot of a larger row', () => {
    const old = row(rec(0), rec(5, 1, 1), rec(3));
    const r = UpdateState(old, 1, 1, rec(3, 3, 2));
    expect(r).toEqual([rec(0), rec(5, 3, 2), rec(3)]);
    expect(r[0]).toBe(old[0]);
  });

  test('its own older message is a no-op (monotone own record)', () => {
    const old = row(rec(4, 3, 2), rec(4, 3, 2));
    expect(UpdateState(old, 0, 0, rec(3, 0, 1))).toBe(old);
    expect(UpdateState(old, 0, 0, rec(4, 3, 2))).toBe(old);
  });
});
