/**
 * The mutation catalogue (src/protocols/paxos/mutants.ts): each mutant is
 * `classic` with one rule broken, so on the message where the rule decides,
 * the mutant's step differs from classic's, and nowhere else. The harness's
 * generic suite (properties/buggy-variants.test.ts) checks that every declared
 * bug is found; this file checks the rule changes themselves, one family at a time.
 */
import { describe, expect, it } from 'vitest';
import { findVariant } from '../../src/kernel/definition.js';
import { protocolDefProblem } from '../../src/kernel/define-protocol.js';
import type { Protocol } from '../../src/kernel/protocol.js';
import { classicProtocol, type ClassicAcceptor, type ClassicProposer, type ClassicState } from '../../src/protocols/paxos/classic.js';
import { paxosDef } from '../../src/protocols/paxos/index.js';
import { ACCEPT_REQ, ACCEPTED_RESP, msg, NACK_RESP, PREPARE_REQ, PROMISE_RESP, type PaxosMsg } from '../../src/protocols/paxos/messages.js';
import { paxosMutants } from '../../src/protocols/paxos/mutants.js';
import { CLASSIC_RULES, disjointBallot } from '../../src/protocols/paxos/rules.js';

const cfg = { proposers: 2, acceptors: 3, values: 2 };
type Classic = Protocol<ClassicState, PaxosMsg, never, any, any>;
const classic = classicProtocol(cfg);
const mutant = (name: string, c = cfg): Classic => findVariant(paxosDef, name)!.build(c) as Classic;

/** Acceptor node 2 (A1) in a given state. */
const acceptor = (promised: number, accNo = -1, accVal = 0): ClassicAcceptor => ({ role: 'acceptor', promised, accNo, accVal });
/** What acceptor A1 does with `m` from proposer `from`. */
const acceptorStep = (p: Classic, a: ClassicAcceptor, from: number, m: PaxosMsg) => p.onMessage(a, 2, from, m);
/** Proposer P1 (node 0) in Phase 1 of round `ballot`, with the promises in `ps` (node, accNo, accVal) delivered in order. */
function phase1(p: Classic, ballot: number, ps: readonly (readonly [number, number, number])[]): ClassicProposer {
  let s = p.onTimer(p.init(0).state, 0, 'start').state as ClassicProposer;
  s = { ...s, ballot };
  for (const [from, accNo, accVal] of ps) s = p.onMessage(s, 0, from, msg(PROMISE_RESP, ballot, 0, from, accNo, accVal)).state as ClassicProposer;
  return s;
}

describe('the catalogue is well-formed', () => {
  it('the protocol definition passes validation, with every mutant after the three variants', () => {
    expect(protocolDefProblem(paxosDef)).toBeUndefined();
    expect(paxosDef.variants.slice(0, 3).map((v) => v.name)).toEqual(['classic', 'thesis', 'thesis-python-sim']);
    expect(paxosDef.variants.slice(3)).toEqual(paxosMutants);
    expect(paxosMutants.length).toBeGreaterThanOrEqual(15);
    expect(paxosMutants.filter((v) => v.bugs![0]!.expect.includes('liveness')).length).toBeGreaterThanOrEqual(2);
  });

  it('each mutant is buggy, of classic, with one bug searched by strategy all, and keeps classic\'s contract', () => {
    const base = findVariant(paxosDef, 'classic')!;
    for (const v of paxosMutants) {
      expect(v.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(v).toMatchObject({ buggy: true, keeps: base.keeps, liveness: base.liveness, semantics: base.semantics, mutant: { of: 'classic' } });
      expect(v.bugs).toHaveLength(1);
      expect(v.bugs![0]!.search.strategy).toBe('all');
      if (v.bugs![0]!.expect.includes('liveness')) expect(v.bugs![0]!.invariants).toBeUndefined();
    }
  });

  it('the default rules are the paper\'s: classic built without rules is classic built with CLASSIC_RULES', () => {
    const a = classicProtocol(cfg, CLASSIC_RULES);
    const m = msg(PREPARE_REQ, 3, 0, 0);
    expect(a.onMessage(acceptor(1, 1, 1), 2, 0, m)).toEqual(classic.onMessage(acceptor(1, 1, 1), 2, 0, m));
  });
});

describe('acceptor comparisons (PMS 2.2.1 Phase 1b / 2b)', () => {
  it('accept-below-promise accepts <1,1> after promising 2; classic nacks it', () => {
    const m = msg(ACCEPT_REQ, 1, 1, 0);
    expect(acceptorStep(classic, acceptor(2), 0, m).out).toEqual([{ kind: 'send', to: 0, msg: msg(NACK_RESP, 1, 0, 2, 2) }]);
    expect(acceptorStep(mutant('accept-below-promise'), acceptor(2), 0, m).state).toMatchObject({ accNo: 1, accVal: 1, promised: 1 });
  });

  it('promise-without-compare promises 1 after promising 2, lowering its promise; classic nacks', () => {
    const m = msg(PREPARE_REQ, 1, 0, 0);
    expect(acceptorStep(classic, acceptor(2), 0, m).out[0]).toMatchObject({ msg: { tag: NACK_RESP } });
    expect(acceptorStep(mutant('promise-without-compare'), acceptor(2), 0, m).state).toMatchObject({ promised: 1 });
  });



  it('report-promised-number reports <1,1> as <3,1> once it has promised 3; classic reports <1,1>', () => {
    const m = msg(PREPARE_REQ, 5, 0, 0);
    expect(acceptorStep(classic, acceptor(3, 1, 1), 0, m).out[1]).toEqual({ kind: 'send', to: 0, msg: msg(PROMISE_RESP, 5, 0, 2, 1, 1) });
    expect(acceptorStep(mutant('report-promised-number'), acceptor(3, 1, 1), 0, m).out[1]).toEqual({ kind: 'send', to: 0, msg: msg(PROMISE_RESP, 5, 0, 2, 3, 1) });
    expect(acceptorStep(mutant('report-promised-number'), acceptor(3), 0, m).out[1]).toEqual({ kind: 'send', to: 0, msg: msg(PROMISE_RESP, 5, 0, 2, -1, 0) });
  });
});

describe('the value a proposer adopts (PMS 2.2.1 Phase 2a)', () => {
  // P1 in round 5 hears A1 report <1,1>, then A2 report <3,2>: the highest-numbered is <3,2>.
  const lowFirst = [[2, 1, 1], [3, 3, 2]] as const;
  // ... or A1 report <3,2>, then A2 report <1,1>.
  const highFirst = [[2, 3, 2], [3, 1, 1]] as const;
  const proposing = (p: Classic, ps: readonly (readonly [number, number, number])[]): number => phase1(p, 5, ps).proposing;

  it('classic proposes the value of the highest-numbered report, in either order', () => {
    expect(proposing(classic, lowFirst)).toBe(2);
    expect(proposing(classic, highFirst)).toBe(2);
  });
  it('adopt-lowest proposes the lowest-numbered report\'s value', () => {
    expect(proposing(mutant('adopt-lowest'), lowFirst)).toBe(1);
    expect(proposing(mutant('adopt-lowest'), highFirst)).toBe(1);
  });
  it('adopt-first-valued proposes the first report\'s value, adopt-last-valued the last one\'s', () => {
    expect(proposing(mutant('adopt-first-valued'), lowFirst)).toBe(1);
    expect(proposing(mutant('adopt-first-valued'), highFirst)).toBe(2);
    expect(proposing(mutant('adopt-last-valued'), lowFirst)).toBe(2);
    expect(proposing(mutant('adopt-last-valued'), highFirst)).toBe(1);
  });
  it('ignore-promised-values proposes its client value whatever is reported', () => {
    expect(proposing(mutant('ignore-promised-values'), lowFirst)).toBe(1);
    expect(proposing(mutant('ignore-promised-values'), [[2, 3, 2], [3, 3, 2]])).toBe(1);
  });
});

describe('quorums and what counts toward them (PMS 2.2.1, 2.2.2)', () => {
  it('phase1-minority sends accept_req after one promise of three; classic waits for two', () => {
    expect(phase1(classic, 1, [[2, -1, 0]]).phase).toBe(1);
    const s = phase1(mutant('phase1-minority'), 1, [[2, -1, 0]]);
    expect(s).toMatchObject({ phase: 2, proposing: 1 });
  });

  it('stale-promises-count counts a promise to round 1 toward round 3; classic ignores it', () => {
    const round3 = (p: Classic): ClassicProposer => {
      let s = phase1(p, 3, [[2, -1, 0]]);
      s = p.onMessage(s, 0, 3, msg(PROMISE_RESP, 1, 0, 3)).state as ClassicProposer;
      return s;
    };
    expect(round3(classic).phase).toBe(1);
    expect(round3(mutant('stale-promises-count'))).toMatchObject({ phase: 2, ballot: 3 });
  });

  const learnerAfter = (p: Classic, reports: readonly (readonly [number, number, number])[]): ClassicProposer => {
    let s = p.init(0).state as ClassicProposer;
    for (const [from, no, val] of reports) s = p.onMessage(s, 0, from, msg(ACCEPTED_RESP, no, val, from)).state as ClassicProposer;
    return s;
  };
  it('learn-from-minority learns from one accepted_resp of three; classic needs two for one proposal', () => {
    expect(learnerAfter(classic, [[2, 1, 1]]).learned).toBe(0);
    expect(learnerAfter(mutant('learn-from-minority'), [[2, 1, 1]]).learned).toBe(1);
  });
  it('learn-across-ballots learns 1 from <1,1> and <3,1>; classic needs both at one number', () => {
    const reports = [[2, 1, 1], [3, 3, 1]] as const;
    expect(learnerAfter(classic, reports).learned).toBe(0);
    expect(learnerAfter(mutant('learn-across-ballots'), reports).learned).toBe(1);
    expect(learnerAfter(classic, [[2, 3, 1], [3, 3, 1]]).learned).toBe(1);
  });
});

describe('durability and retries (PMS 2.2.1, 2.2.3)', () => {
  const persisted = acceptor(4, 1, 1);
  it('classic restarts an acceptor with its promise and its accepted proposal', () => {
    expect(classic.recover(persisted, 2).state).toEqual(persisted);
  });
  it('volatile-promise restarts with its accepted proposal only: the promise falls back to the accepted number', () => {
    expect(mutant('volatile-promise').recover(persisted, 2).state).toEqual(acceptor(1, 1, 1));
  });
  it('volatile-accepted restarts with its promise only', () => {
    expect(mutant('volatile-accepted').recover(persisted, 2).state).toEqual(acceptor(4));
  });

  it('never-retry arms no retry timer when it starts a round; classic does', () => {
    const timers = (p: Classic) => p.onTimer(p.init(0).state, 0, 'start').out.filter((c) => c.kind === 'setTimer');
    expect(timers(classic)).toHaveLength(1);
    expect(timers(mutant('never-retry'))).toHaveLength(0);
  });

  it('no-retry-in-phase2 cancels its retry timer when it sends accept_req; classic keeps it armed', () => {
    const toPhase2 = (p: Classic) => {
      const s = phase1(p, 1, [[2, -1, 0]]);
      return p.onMessage(s, 0, 3, msg(PROMISE_RESP, 1, 0, 3));
    };
    expect(toPhase2(classic).out.some((c) => c.kind === 'cancelTimer')).toBe(false);
    expect(toPhase2(mutant('no-retry-in-phase2')).out).toContainEqual({ kind: 'cancelTimer', timer: 'retry' });
  });

  it('the ballot rule: proposer i owns the numbers congruent to i + 1 mod P, the smallest above the floor', () => {
    expect([0, 1, 2].map((id) => disjointBallot(0, id, 3))).toEqual([1, 2, 3]);
    expect([0, 1, 2].map((id) => disjointBallot(3, id, 3))).toEqual([4, 5, 6]);
  });
});
