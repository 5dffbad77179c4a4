import { describe, expect, test } from 'vitest';
import { Bals, clientValue, inBals, isQuorumSize, nextBal, PIndex, quorumSize } from '../../src/protocols/paxosstore/config.js';
import { initRow, InitState, Max, None, rowKey } from '../../src/protocols/paxosstore/types.js';
import { rec, row } from './helpers.js';

const cfg = (np: number, maxBallot: number, values = 2) => ({ np, values, maxBallot });

describe('Bals(p) == {b \\in Ballot : b % NP = PIndex[p] - 1}', () => {
  test('PIndex is id + 1', () => {
    expect([0, 1, 2].map(PIndex)).toEqual([1, 2, 3]);
  });
  test('three participants, ballots 0..7', () => {
    expect(Bals(cfg(3, 7), 0)).toEqual([0, 3, 6]);
    expect(Bals(cfg(3, 7), 1)).toEqual([1, 4, 7]);
    expect(Bals(cfg(3, 7), 2)).toEqual([2, 5]);
  });
  test('one participant owns every ballot', () => {
    expect(Bals(cfg(1, 2), 0)).toEqual([0, 1, 2]);
  });
  test('a participant may own no ballot under a small bound', () => {
    expect(Bals(cfg(3, 1), 2)).toEqual([]);
  });
  test('inBals agrees with Bals and respects the bound', () => {
    const c = cfg(3, 7);
    for (let p = 0; p < 3; p++) for (let b = -2; b <= 9; b++) expect(inBals(c, p, b)).toBe(Bals(c, p).includes(b));
  });
  test('nextBal is the smallest own ballot above a given one', () => {
    const c = cfg(3, 7);
    expect(nextBal(c, 0, -1)).toBe(0);
    expect(nextBal(c, 0, 0)).toBe(3);
    expect(nextBal(c, 0, 4)).toBe(6);
    expect(nextBal(c, 1, -1)).toBe(1);
    expect(nextBal(c, 1, 5)).toBe(7);
    expect(nextBal(c, 2, 5)).toBeUndefined();
    for (let p = 0; p < 3; p++)
      for (let above = -1; above <= 8; above++) {
        const want = Bals(c, p).find((b) => b > above);
        expect(nextBal(c, p, above)).toBe(want);
      }
  });
});

describe('Quorum == {Q : Cardinality(Q) * 2 >= NP + 1}', () => {
  test('smallest quorum sizes', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(quorumSize)).toEqual([1, 2, 2, 3, 3, 4, 4]);
  });
  test('isQuorumSize is the cardinality rule', () => {
    for (let np = 1; np <= 7; np++) for (let k = 0; k <= np; k++) expect(isQuorumSize(np, k)).toBe(k * 2 >= np + 1);
  });
  test('any two quorums intersect (QuorumAssumption)', () => {
    for (let np = 1; np <= 7; np++) expect(2 * quorumSize(np)).toBeGreaterThan(np);
  });
});

describe('types', () => {
  test('None is 0 and InitState is [-1, -1, None]', () => {
    expect(None).toBe(0);
    expect(InitState).toEqual(rec(-1, -1, None));
    expect(initRow(2)).toEqual([InitState, InitState]);
  });
  test('Max', () => {
    expect(Max(-1, 2)).toBe(2);
    expect(Max(3, 2)).toBe(3);
  });
  test('rowKey is canonical and injective on fields', () => {
    expect(rowKey(row(rec(0, -1, 0), rec(1, 1, 2)))).toBe('0,-1,0|1,1,2');
    expect(rowKey(row(rec(0, 1, 2)))).not.toBe(rowKey(row(rec(0, 1, 1))));
  });
  test('client values are (p % V) + 1', () => {
    expect([0, 1, 2, 3].map((p) => clientValue(cfg(4, 3, 2), p))).toEqual([1, 2, 1, 2]);
  });
});
