/** `Prepare`, `Accept` and `OnMessage` against hand-computed expectations. */
import { describe, expect, test } from 'vitest';
import {
  Accept,
  acceptEnabled,
  freeToPick,
  highestValues,
  noAcceptAt,
  quorumAt,
  valueAllowed,
} from '../../src/protocols/paxosstore/accept.js';
import type { PsCommand } from '../../src/protocols/paxosstore/messages.js';
import { OnMessage } from '../../src/protocols/paxosstore/on-message.js';
import { Prepare, prepareEnabled } from '../../src/protocols/paxosstore/prepare.js';
import { SEED_RULES, TPAXOS_RULES } from '../../src/protocols/paxosstore/variants.js';
import { msg, rec, row } from './helpers.js';

const cfg3 = { np: 3, values: 2, maxBallot: 7 };
type Send = Extract<PsCommand, { kind: 'send' }>;
const sends = (out: readonly PsCommand[]): Send[] => out.filter((c): c is Send => c.kind === 'send');
const ghosts = (out: readonly PsCommand[]) => out.filter((c) => c.kind === 'ghost');

describe('Prepare(p, b) (ll. 67-71)', () => {
  const r0 = row(rec(-1), rec(-1), rec(-1));
  test('guard: state[p][p].maxBal < b /\\ b \\in Bals(p)', () => {
    expect(prepareEnabled(cfg3, r0, 1, 1)).toBe(true);
    expect(prepareEnabled(cfg3, r0, 1, 4)).toBe(true);
    expect(prepareEnabled(cfg3, r0, 1, 2)).toBe(false); // not in Bals(P2)
    expect(prepareEnabled(cfg3, r0, 1, 10)).toBe(false); // above the bound
    const r1 = row(rec(-1), rec(4), rec(-1));
    expect(prepareEnabled(cfg3, r1, 1, 4)).toBe(false); // not above maxBal
    expect(prepareEnabled(cfg3, r1, 1, 7)).toBe(true);
  });
  test('effect: raises own maxBal, sends state\'[p] to every participant, self included', () => {
    const s = Prepare(cfg3, row(rec(-1), rec(0, -1, 0), rec(2, 1, 2)), 1, 4);
    expect(s.row).toEqual([rec(-1), rec(4), rec(2, 1, 2)]);
    const out = sends(s.out);
    expect(out.map((c) => c.to)).toEqual([0, 1, 2]);
    for (const c of out) expect(c.msg).toEqual(msg('Prepare', 1, s.row));
    expect(ghosts(s.out)).toEqual([]);
  });
});

describe('Accept(p, b, v) guards (ll. 107-114)', () => {
  // P1 (id 0) owns ballots 0, 3, 6.
  const promised = row(rec(3), rec(3), rec(-1));

  test('guard 3: a quorum of views has maxBal = b', () => {
    expect(quorumAt(promised, 3)).toBe(true);
    expect(quorumAt(row(rec(3), rec(2), rec(-1)), 3)).toBe(false);
    expect(quorumAt(row(rec(4), rec(3), rec(3)), 3)).toBe(true); // the own view need not be in Q
  });

  test('guard 4: free to pick when every maxVBal is -1, else a value of a highest vote', () => {
    expect(freeToPick(promised)).toBe(true);
    expect(valueAllowed(cfg3, promised, 1)).toBe(true);
    expect(valueAllowed(cfg3, promised, 2)).toBe(true);
    expect(valueAllowed(cfg3, promised, 3)).toBe(false); // not a value
    const voted = row(rec(3, 0, 1), rec(3, 1, 2), rec(-1));
    expect(highestValues(voted)).toEqual([2]);
    expect(valueAllowed(cfg3, voted, 1)).toBe(false);
    expect(valueAllowed(cfg3, voted, 2)).toBe(true);
  });

  test('guard 4: several views may tie on the highest maxVBal, each offering its value', () => {
    const tie = row(rec(3, 1, 1), rec(3, 1, 2), rec(-1));
    expect(highestValues(tie)).toEqual([1, 2]);
    expect(valueAllowed(cfg3, tie, 1) && valueAllowed(cfg3, tie, 2)).toBe(true);
  });

  test('guard 2: b \\in Bals(p)', () => {
    const r = row(rec(4), rec(4), rec(4));
    expect(acceptEnabled(cfg3, SEED_RULES, r, 0, 4, 1, [])).toBe(false);
    expect(acceptEnabled(cfg3, SEED_RULES, r, 1, 4, 1, [])).toBe(true);
  });

  test('guard 1 ranges over EVERY Accept message: m.state[p] may be another sender\'s view of p', () => {
    const other = msg('Accept', 2, row(rec(3), rec(5), rec(5, 5, 1))); // P3's view of P1 has maxBal 3
    expect(noAcceptAt([other], 0, 3)).toBe(false);
    expect(acceptEnabled(cfg3, SEED_RULES, promised, 0, 3, 1, [other])).toBe(false);
    expect(noAcceptAt([msg('Prepare', 2, other.state)], 0, 3)).toBe(true); // only Accept messages count
    expect(noAcceptAt([other], 0, 6)).toBe(true);
  });

  test('tpaxos adds state[p][p].maxBal = b and state[p][p].maxVBal < b', () => {
    // Own maxBal moved on to 4 while P2, P3 still show 3: seed-spec allows, tpaxos not.
    const preempted = row(rec(4), rec(3), rec(3));
    expect(acceptEnabled(cfg3, SEED_RULES, preempted, 0, 3, 1, [])).toBe(true);
    expect(acceptEnabled(cfg3, TPAXOS_RULES, preempted, 0, 3, 1, [])).toBe(false);
    // Own vote already at 3 (value 1): seed-spec may re-accept 3, tpaxos not.
    const voted = row(rec(3, 3, 1), rec(3), rec(-1));
    expect(acceptEnabled(cfg3, SEED_RULES, voted, 0, 3, 1, [])).toBe(true);
    expect(acceptEnabled(cfg3, TPAXOS_RULES, voted, 0, 3, 1, [])).toBe(false);
    expect(acceptEnabled(cfg3, TPAXOS_RULES, promised, 0, 3, 1, [])).toBe(true);
  });
});

describe('Accept(p, b, v) effect (ll. 115-117)', () => {
  test('sets own (maxVBal, maxVVal), keeps maxBal, sends state\'[p] to all, records proposal and vote', () => {
    const s = Accept(cfg3, row(rec(3), rec(3, 1, 2), rec(-1)), 0, 3, 2);
    expect(s.row).toEqual([rec(3, 3, 2), rec(3, 1, 2), rec(-1)]);
    expect(s.msg).toEqual(msg('Accept', 0, s.row));
    expect(sends(s.out).map((c) => c.to)).toEqual([0, 1, 2]);
    expect(ghosts(s.out)).toEqual([
      { kind: 'ghost', event: { kind: 'propose', b: 3, v: 2 } },
      { kind: 'ghost', event: { kind: 'vote', b: 3, v: 2 } },
    ]);
  });
});

describe('OnMessage(q) (ll. 93-101)', () => {
  test('a Prepare raises the promise and is ACKed to its sender with state\'[q]', () => {
    const m = msg('Prepare', 0, row(rec(0), rec(-1)));
    const s = OnMessage(row(rec(-1), rec(-1)), 1, m);
    expect(s.row).toEqual([rec(0), rec(0)]);
    // The ACK rule compares m.state[q] = (-1, -1) with the NEW state'[q][q] = (0, -1): with
    // the old state[q][q] = (-1, -1) there would be no ACK.
    expect(s.out).toEqual([{ kind: 'send', to: 0, msg: msg('ACK', 1, s.row) }]);
  });

  test('no ACK when the sender already knows q\'s record; nothing changes', () => {
    const before = row(rec(0), rec(0));
    const s = OnMessage(before, 1, msg('Prepare', 0, row(rec(0), rec(0))));
    expect(s.row).toBe(before);
    expect(s.out).toEqual([]);
  });

  test('ACK even without a change when the sender\'s view of q is stale', () => {
    const before = row(rec(0), rec(3));
    const s = OnMessage(before, 1, msg('Prepare', 0, row(rec(0), rec(-1))));
    expect(s.row).toBe(before);
    expect(s.out).toEqual([{ kind: 'send', to: 0, msg: msg('ACK', 1, before) }]);
  });

  test('ACK also when only maxVBal is behind', () => {
    const before = row(rec(1, 1, 2), rec(1, 1, 2));
    const s = OnMessage(before, 1, msg('ACK', 0, row(rec(1, 1, 2), rec(1))));
    expect(s.out).toEqual([{ kind: 'send', to: 0, msg: msg('ACK', 1, before) }]);
  });

  test('an Accept is a vote: ghost vote, then ACK with the vote', () => {
    const m = msg('Accept', 0, row(rec(1, 1, 2), rec(1)));
    const s = OnMessage(row(rec(1), rec(1)), 1, m);
    expect(s.row).toEqual([rec(1, 1, 2), rec(1, 1, 2)]);
    expect(s.out).toEqual([
      { kind: 'ghost', event: { kind: 'vote', b: 1, v: 2 } },
      { kind: 'send', to: 0, msg: msg('ACK', 1, s.row) },
    ]);
  });

  test('merges only the sender\'s own record, not its views of others', () => {
    const m = msg('ACK', 0, row(rec(0), rec(-1), rec(7, 7, 1)));
    const s = OnMessage(row(rec(-1), rec(-1), rec(-1)), 1, m);
    expect(s.row).toEqual([rec(0), rec(0), rec(-1)]);
  });

  test('a participant receiving its own message changes nothing', () => {
    const before = row(rec(3, 3, 1), rec(3));
    const s = OnMessage(before, 0, msg('Accept', 0, before));
    expect(s.row).toBe(before);
    expect(s.out).toEqual([]);
  });
});
