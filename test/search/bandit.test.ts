/**
 * The default's bandit (src/search/bandit.ts): every arm gets a first turn,
 * then the arm with the most new coverage per unit of work leads, but never
 * takes more than its cap of the turns; turns are a pure function of the
 * rewards.
 */
import { expect, test } from 'vitest';
import { Bandit } from '../../src/search/bandit.js';

/** Plays `turns` turns where arm `leader` always finds 10 new slots per 1000 units of work and the others `rest`. */
function play(arms: number, leader: number, turns: number, rest = 0): number[] {
  const b = new Bandit(arms);
  const got: number[] = new Array(arms).fill(0);
  for (let t = 0; t < turns; t++) {
    const arm = b.next();
    got[arm]!++;
    b.reward(arm, arm === leader ? 10 : rest, 1000);
  }
  return got;
}

test('each arm first, in order', () => {
  const b = new Bandit(4);
  const order: number[] = [];
  for (let i = 0; i < 4; i++) {
    const arm = b.next();
    order.push(arm);
    b.reward(arm, 0, 1000);
  }
  expect(order).toEqual([0, 1, 2, 3]);
});

test('the arm that finds the most leads, up to its cap of 85% of the turns; the others share the rest', () => {
  const got = play(7, 6, 2000);
  const share = got[6]! / 2000;
  expect(share).toBeGreaterThan(0.8);
  expect(share).toBeLessThanOrEqual(0.85 + 1 / 2000);
  // Without the cap UCB's exploration alone would give the others a logarithmic trickle; with it they share 15%.
  expect(got.reduce((a, b) => a + b, 0) - got[6]!).toBeGreaterThanOrEqual(0.15 * 2000 - 1);
  for (let i = 0; i < 6; i++) expect(got[i]).toBeGreaterThan(0);
});

test('the same rewards give the same turns', () => {
  expect(play(5, 2, 500, 1)).toEqual(play(5, 2, 500, 1));
});
