/**
 * Laws of `induct`: `agreement` alone is not inductive for either protocol
 * (a CTI, whose state satisfies it and whose successor does not); the full
 * inductive invariants have no CTI in a small random budget, nor at the
 * tiniest exhaustive scopes, where the enumeration completes; generated
 * states within the exhaustive bounds all satisfy the invariant they are
 * built for; the same seed gives the same CTI; the full invariants hold on
 * reachable states, and TPaxos's published AccInv does not.
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../src/api/explore.js';
import { induct } from '../../src/api/induct.js';
import { protocolDefProblem } from '../../src/kernel/define-protocol.js';
import { enumerateChoices } from '../../src/induct/choices.js';
import { assembleWorld } from '../../src/kernel/assemble.js';
import { findInvariant, findVariant } from '../../src/kernel/definition.js';
import { paxosDef } from '../../src/protocols/paxos/index.js';
import { paxosstoreDef } from '../../src/protocols/paxosstore/index.js';

const quick = { reachability: false } as const;

describe('agreement is not inductive', () => {
  it.each([
    ['paxos', paxosDef, 'classic', undefined],
    ['paxosstore', paxosstoreDef, 'tpaxos', { participants: 3, values: 2, maxBallot: 4 }],
  ] as const)('%s: a CTI of agreement', async (_n, def, variant, config) => {
    const r = await induct(def, { invariant: 'agreement', variant, ...(config ? { config } : {}), seed: 1, runs: 3000, ...quick });
    expect(r.ok).toBe(false);
    expect(r.cti).not.toBeNull();
    expect(r.cti!.conjunct).toBe('agreement');
    expect(r.cti!.diff.some((l) => l.startsWith('+ '))).toBe(true);
    const again = await induct(def, { invariant: 'agreement', variant, ...(config ? { config } : {}), seed: 1, runs: 3000, ...quick });
    expect(again.cti!.state).toEqual(r.cti!.state);
  });

  it("the thesis's I1 /\\ I2 is not inductive for thesis", async () => {
    const r = await induct(paxosDef, { invariant: 'I1-I2', variant: 'thesis', seed: 1, runs: 3000, ...quick });
    expect(r.cti?.conjunct).toMatch(/^I[12]/);
  });
});

describe('the full inductive invariants', () => {
  it.each([
    ['paxos classic', paxosDef, 'classic', undefined],
    ['paxos thesis', paxosDef, 'thesis', undefined],
    ['paxosstore tpaxos', paxosstoreDef, 'tpaxos', { participants: 3, values: 2, maxBallot: 4 }],
  ] as const)('%s: no CTI in 1500 states', async (_n, def, variant, config) => {
    const r = await induct(def, { invariant: 'inductive', variant, ...(config ? { config } : {}), seed: 7, runs: 1500, ...quick });
    expect(r.cti).toBeNull();
    expect(r.candidates).toBeGreaterThan(1000);
  });

  it.each([
    ['paxos thesis 1x2', paxosDef, 'thesis', { proposers: 1, acceptors: 2, values: 1 }],
    ['paxosstore tpaxos 2 participants, ballots 0..1, 1 value', paxosstoreDef, 'tpaxos', { participants: 2, values: 1, maxBallot: 1 }],
  ] as const)('%s: exhaustive, complete, no CTI', async (_n, def, variant, config) => {
    const r = await induct(def, { invariant: 'inductive', variant, config, exhaustive: true, ...quick });
    expect(r).toMatchObject({ ok: true, complete: true, cti: null });
    expect(r.candidates).toBe(r.states);
  });

  it('every generated state at the exhaustive bounds satisfies the invariant it is built for', () => {
    const variant = findVariant(paxosDef, 'classic')!;
    const cfg = { proposers: 1, acceptors: 2, values: 1 };
    const proto = variant.build(cfg);
    const inv = findInvariant(paxosDef, 'inductive')!;
    let bad = 0;
    const r = enumerateChoices(
      (choose) => paxosDef.induct!.generate(variant, cfg, choose, 'exhaustive'),
      (parts) => (inv.check(assembleWorld(proto, variant.semantics, parts)) === true || bad++, true),
      5000,
    );
    expect(r.runs).toBe(5000);
    expect(bad).toBe(0);
  });
});

describe('the inductive invariants are invariants', () => {
  it('inductive holds on every reachable state of thesis 2 x 3 and of tpaxos 2 x 2 x 0..1 (explorer, complete)', () => {
    const a = explore(paxosDef, { variant: 'thesis', invariants: ['inductive'] });
    expect(a).toMatchObject({ complete: true, violation: null });
    const b = explore(paxosstoreDef, { variant: 'tpaxos', config: { participants: 2, values: 2, maxBallot: 1 }, invariants: ['inductive'] });
    expect(b).toMatchObject({ complete: true, distinctStates: 19125, violation: null });
  });

  it("TPaxos's AccInv as published fails on a reachable state of the seed spec (a vote adopted under a higher promise)", () => {
    const r = explore(paxosstoreDef, { variant: 'tpaxos', config: { participants: 2, values: 2, maxBallot: 2 }, invariants: ['published-acc-inv'] });
    expect(r.violation?.invariant).toBe('published-acc-inv');
    expect(r.violation?.message).toMatch(/VotedForIn\(P\d, 0, \d\) is false/);
  });

  it('defineProtocol checks the generator: its target must be an invariant', () => {
    expect(protocolDefProblem({ ...paxosDef, induct: { ...paxosDef.induct!, target: 'nope' } })).toMatch(/induct.target/);
    expect(protocolDefProblem(paxosDef)).toBeUndefined();
  });
});
