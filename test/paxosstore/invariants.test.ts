/** The invariants, on hand-built histories and rows, and chosen-by-views vs chosen-by-votes. */
import { describe, expect, test } from 'vitest';
import { createWorld, type World } from '../../src/kernel/world.js';
import { buildSpec } from '../../src/protocols/paxosstore/spec.js';
import { TPAXOS_RULES } from '../../src/protocols/paxosstore/variants.js';
import { ChosenP } from '../../src/protocols/paxosstore/chosen.js';
import { makeGhost, type History } from '../../src/protocols/paxosstore/ghost.js';
import {
  agreement,
  consistency,
  oneValuePerBallot,
  paxosstoreInvariants,
  votesSafe,
  votesSafeIn,
} from '../../src/protocols/paxosstore/invariants.js';
import type { Row } from '../../src/protocols/paxosstore/types.js';
import { act, deliver, failing, randomWalks, rec, row } from './helpers.js';

function history(quorum: number, votes: [node: number, b: number, v: number][]): History {
  const g = makeGhost(quorum);
  let h = g.init();
  for (const [node, b, v] of votes) h = g.record(h, node, { kind: 'vote', b, v });
  return h;
}

function world(np: number, rows: Row[], h?: History): World {
  const w = createWorld(buildSpec({ np, values: 2, maxBallot: 9 }, TPAXOS_RULES), 'set');
  w.nodes = rows.slice();
  if (h) w.ghost = h;
  return w;
}

describe('ChosenP (ll. 124-127)', () => {
  test('a quorum of views with the same (maxVBal, maxVVal)', () => {
    expect(ChosenP(row(rec(1, 1, 2), rec(1, 1, 2), rec(-1)))).toEqual([2]);
    expect(ChosenP(row(rec(1, 1, 2), rec(-1), rec(-1)))).toEqual([]);
  });
  test('the same value at different ballots does not add up', () => {
    expect(ChosenP(row(rec(1, 0, 2), rec(1, 1, 2), rec(-1)))).toEqual([]);
  });
  test('no vote (maxVBal = -1) is never chosen', () => {
    expect(ChosenP(row(rec(1), rec(1), rec(1)))).toEqual([]);
  });
  test('cached per row object', () => {
    const r = row(rec(0, 0, 1), rec(0, 0, 1));
    expect(ChosenP(r)).toBe(ChosenP(r));
  });
});

describe('consistency', () => {
  test('two participants seeing different values chosen', () => {
    const w = world(3, [row(rec(1, 1, 1), rec(1, 1, 1), rec(-1)), row(rec(-1), rec(2, 2, 2), rec(2, 2, 2)), row(rec(-1), rec(-1), rec(-1))]);
    expect(consistency(w)).toBe('P1 sees value 1 chosen and P2 sees value 2 chosen');
  });
  test('the same value seen by several participants is fine', () => {
    const r = row(rec(1, 1, 1), rec(1, 1, 1), rec(-1));
    expect(consistency(world(3, [r, r, r]))).toBe(true);
  });
});

describe('ghost invariants', () => {
  test('one-value-per-ballot', () => {
    expect(oneValuePerBallot(world(3, [], history(2, [[0, 1, 1], [1, 1, 1]])))).toBe(true);
    expect(oneValuePerBallot(world(3, [], history(2, [[0, 1, 1], [1, 1, 2]])))).toBe(
      'ballot 1 has votes for two values: P1 voted 1, P2 voted 2',
    );
  });
  test('agreement: chosen by votes needs a quorum at one ballot', () => {
    expect(agreement(world(3, [], history(2, [[0, 0, 1], [1, 1, 1], [2, 2, 2]])))).toBe(true);
    const h = history(2, [[0, 0, 1], [1, 0, 1], [1, 1, 2], [2, 1, 2]]);
    expect([...h.chosen]).toEqual([
      [1, { b: 0, voters: [0, 1] }],
      [2, { b: 1, voters: [1, 2] }],
    ]);
    expect(agreement(world(3, [], h))).toBe('two values chosen by votes: value 1 at ballot 0 by {P1,P2}; value 2 at ballot 1 by {P2,P3}');
  });
  test('votes-safe: SafeAt(b, v) for every vote (Voting.tla)', () => {
    // 1 chosen at 0 by P1, P2; P3 votes 2 at 1: at ballot 0 only P3 can no longer vote.
    const h = history(2, [[0, 0, 1], [1, 0, 1], [2, 1, 2]]);
    expect(votesSafeIn(h, [0, 0, 1])).toBe(
      "P3's vote for 2 at ballot 1 is not safe: at ballot 0 only 1 participant(s) voted 2 or can no longer vote (quorum 2)",
    );
    // Without the votes at 0, promises above 0 make 0 dead: safe.
    expect(votesSafeIn(history(2, [[2, 1, 2]]), [1, 1, 1])).toBe(true);
    // ... but not while two participants could still vote at 0.
    expect(votesSafeIn(history(2, [[2, 1, 2]]), [0, -1, 1])).not.toBe(true);
    // Voting v itself at the lower ballot counts.
    expect(votesSafeIn(history(2, [[0, 0, 2], [1, 0, 2], [2, 1, 2]]), [0, 0, 1])).toBe(true);
  });
  test('votes-safe is re-evaluated when a vote is added', () => {
    const g = makeGhost(2);
    const h = history(2, [[2, 1, 2]]);
    const w = world(3, [row(rec(1), rec(-1), rec(-1)), row(rec(-1), rec(1), rec(-1)), row(rec(-1), rec(-1), rec(1, 1, 2))], h);
    expect(votesSafe(w)).toBe(true);
    expect(votesSafe(w)).toBe(true); // cached
    g.record(h, 0, { kind: 'vote', b: 0, v: 1 });
    g.record(h, 1, { kind: 'vote', b: 0, v: 1 });
    expect(votesSafe(w)).not.toBe(true);
  });
});

describe('chosen by views vs chosen by votes', () => {
  test('chosen by votes before anyone sees it (5 participants)', () => {
    const w = createWorld(buildSpec({ np: 5, values: 2, maxBallot: 4 }, TPAXOS_RULES), 'set');
    act(w, 0, 'Prepare(0)');
    for (const q of [1, 2]) deliver(w, 0, q, 'Prepare');
    for (const q of [1, 2]) deliver(w, q, 0, 'ACK');
    act(w, 0, 'Accept(0,1)');
    for (const q of [1, 2]) deliver(w, 0, q, 'Accept');
    expect([...(w.ghost as History).chosen.keys()]).toEqual([1]); // P1, P2, P3 voted (0, 1)
    for (let p = 0; p < 5; p++) expect(ChosenP(w.nodes[p] as Row)).toEqual([]); // each sees 2 of 3
    deliver(w, 1, 0, 'ACK');
    deliver(w, 2, 0, 'ACK');
    expect(ChosenP(w.nodes[0] as Row)).toEqual([1]);
    expect(failing(w, paxosstoreInvariants)).toEqual([]);
  });

  test('every value chosen by views is chosen by votes (random walks, 3 participants)', () => {
    let seen = 0;
    const v = randomWalks(buildSpec({ np: 3, values: 2, maxBallot: 5 }, TPAXOS_RULES), {
      walks: 80,
      steps: 100,
      seed: 5,
      invariants: paxosstoreInvariants,
      onState: (w) => {
        const h = w.ghost as History;
        for (let p = 0; p < w.n; p++)
          for (const x of ChosenP(w.nodes[p] as Row)) {
            expect(h.chosen.has(x)).toBe(true);
            seen++;
          }
      },
    });
    expect(v).toBeUndefined();
    expect(seen).toBeGreaterThan(0);
  });
});
