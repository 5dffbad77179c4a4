/**
 * The mutants of `paxosstore` (`mutants.ts`): each breaks exactly one rule of
 * its base, and each broken rule differs from the spec's on a hand-built
 * case. (That the harness finds each mutant's bug is checked by
 * `properties/buggy-variants.test.ts`.)
 */
import { describe, expect, test } from 'vitest';
import { findVariant } from '../../src/kernel/definition.js';
import { paxosstoreDef } from '../../src/protocols/paxosstore/index.js';
import { quorumAt, valueAllowed } from '../../src/protocols/paxosstore/accept.js';
import { Bals, inBals, nextBal } from '../../src/protocols/paxosstore/config.js';
import { buildImpl, initialProcess, type Process } from '../../src/protocols/paxosstore/impl.js';
import { mutantRules, paxosstoreMutants } from '../../src/protocols/paxosstore/mutants.js';
import { prepareEnabled } from '../../src/protocols/paxosstore/prepare.js';
import { SPEC, TPAXOS_RULES, type PsRules } from '../../src/protocols/paxosstore/rules.js';
import { UpdateState } from '../../src/protocols/paxosstore/update-state.js';
import { local } from '../../src/protocols/paxosstore/variant-parts.js';
import { Prng } from '../../src/kernel/choice/prng.js';
import { rec, row } from './helpers.js';

const cfg3 = { np: 3, values: 2, maxBallot: 6 };
const rules = (r: Partial<PsRules>): PsRules => ({ ...TPAXOS_RULES, ...r });

describe('the catalogue', () => {
  test('every mutant breaks exactly one rule of its correct base and keeps the rest of its shape', () => {
    expect(paxosstoreMutants.length).toBeGreaterThanOrEqual(10);
    for (const m of paxosstoreMutants) {
      const base = findVariant(paxosstoreDef, m.mutant!.of)!;
      expect(base.buggy, m.name).toBe(false);
      expect([m.semantics, m.liveness, m.keeps], m.name).toEqual([base.semantics, base.liveness, base.keeps]);
      expect(m.buggy && m.bugs?.length === 1 && m.bugs[0]!.search.strategy === 'all', m.name).toBe(true);
      expect(m.mutant!.breaks, m.name).toMatch(/^PaxosStore\.tla ll?\. \d/);
      const broken = Object.entries(mutantRules.get(m.name)!);
      expect(broken.length, m.name).toBe(1);
      const [field, value] = broken[0]!;
      expect(value, `${m.name}: ${field}`).not.toBe((SPEC as Record<string, unknown>)[field]);
    }
  });

  test('mutants come after the four variants, names are unique', () => {
    const names = paxosstoreDef.variants.map((v) => v.name);
    expect(names.slice(0, 4)).toEqual(['tpaxos', 'seed-spec', 'tpaxos-impl', 'seed-spec-impl']);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('UpdateState under the broken rules (ll. 81-89)', () => {
  test('the spec rules take the spec path: same rows as the default on random inputs', () => {
    const rng = new Prng(3);
    const r = () => {
      const b = rng.between(-1, 3);
      const vb = Math.min(b, rng.between(-1, 3));
      return rec(b, vb, vb < 0 ? 0 : rng.between(1, 2));
    };
    for (let i = 0; i < 500; i++) {
      const old = row(r(), r(), r());
      const q = rng.between(0, 2);
      const p = rng.between(0, 2);
      const pp = r();
      expect(UpdateState(old, q, p, pp, TPAXOS_RULES)).toEqual(UpdateState(old, q, p, pp));
    }
  });

  test('voteAgainst vote (ll. 86-89): q votes at 1 after promising 4', () => {
    const old = row(rec(4), rec(1));
    expect(UpdateState(old, 0, 1, rec(1, 1, 2))[0]).toEqual(rec(4)); // the spec: no vote below its promise
    expect(UpdateState(old, 0, 1, rec(1, 1, 2), rules({ voteAgainst: 'vote' }))[0]).toEqual(rec(4, 1, 2));
  });

  test('viewMerge overwrite (ll. 81-84): its own stale message rolls back its own record', () => {
    const old = row(rec(3, 3, 1), rec(3));
    const stale = rec(0); // its Prepare(0), delivered late to itself
    expect(UpdateState(old, 0, 0, stale)[0]).toEqual(rec(3, 3, 1));
    expect(UpdateState(old, 0, 0, stale, rules({ viewMerge: 'overwrite' }))[0]).toEqual(rec(0, -1, 0));
  });

  test('promiseMerge overwrite (l. 85): a lower ballot lowers its promise', () => {
    const old = row(rec(4), rec(1));
    expect(UpdateState(old, 0, 1, rec(1))[0]).toEqual(rec(4));
    expect(UpdateState(old, 0, 1, rec(1), rules({ promiseMerge: 'overwrite' }))[0]).toEqual(rec(1));
  });
});

describe('Accept under the broken rules (ll. 110-114, l. 25)', () => {
  const alone = row(rec(0), rec(-1), rec(-1)); // P1 prepared 0, heard from nobody

  test('quorumGuard false and quorumBallot at-most (l. 110): P1 alone is a quorum', () => {
    expect(quorumAt(alone, 0)).toBe(false);
    expect(quorumAt(alone, 0, rules({ quorumGuard: false }))).toBe(true);
    expect(quorumAt(alone, 0, rules({ quorumBallot: 'at-most' }))).toBe(true);
    expect(quorumAt(row(rec(0), rec(2), rec(2)), 0, rules({ quorumBallot: 'at-most' }))).toBe(false); // promised above
  });

  test('quorumSize half (l. 25): 2 of 4 is a quorum', () => {
    const half = row(rec(0), rec(0), rec(-1), rec(-1));
    expect(quorumAt(half, 0)).toBe(false);
    expect(quorumAt(half, 0, rules({ quorumSize: 'half' }))).toBe(true);
  });

  test('valueRule lowest (ll. 112-114) and freeToPick always (l. 111)', () => {
    const votes = row(rec(3, 0, 1), rec(3, 1, 2), rec(-1));
    expect([1, 2].filter((v) => valueAllowed(cfg3, votes, v))).toEqual([2]);
    expect([1, 2].filter((v) => valueAllowed(cfg3, votes, v, rules({ valueRule: 'lowest' })))).toEqual([1]);
    expect([1, 2].filter((v) => valueAllowed(cfg3, votes, v, rules({ freeToPick: 'always' })))).toEqual([1, 2]);
    expect(valueAllowed(cfg3, votes, 3, rules({ freeToPick: 'always' }))).toBe(false); // still a value
  });
});

describe('Prepare and Bals under the broken rules (ll. 32-33, l. 68)', () => {
  test('bals shared: P3 owns P1\'s ballots', () => {
    expect(Bals(cfg3, 2)).toEqual([2, 5]);
    expect(Bals(cfg3, 2, 'shared')).toEqual([0, 3, 6]);
    expect(Bals(cfg3, 0, 'shared')).toEqual([0, 3, 6]);
    expect(inBals(cfg3, 2, 3, 'shared') && !inBals(cfg3, 2, 2, 'shared')).toBe(true);
    expect(nextBal(cfg3, 2, 0, 'shared')).toBe(3);
  });

  test('prepareAbove false: Prepare below its own promise', () => {
    const promised = row(rec(1), rec(1), rec(-1));
    expect(prepareEnabled(cfg3, promised, 0, 0)).toBe(false);
    expect(prepareEnabled(cfg3, promised, 0, 0, rules({ prepareAbove: false }))).toBe(true);
    expect(prepareEnabled(cfg3, promised, 0, 1, rules({ prepareAbove: false }))).toBe(false); // still its own ballots only
  });
});

describe('crash-recover under the broken rules (implementation level)', () => {
  const voted: Process = { ...initialProcess(3), view: row(rec(1, 1, 2), rec(1, 1, 2), rec(-1)), phase: 'learned' };

  test('durableRow false: the process restarts from nothing', () => {
    expect(buildImpl(cfg3, local(TPAXOS_RULES)).recover(voted, 0).state).toBe(voted);
    expect(buildImpl(cfg3, local(rules({ durableRow: false }))).recover(voted, 0).state).toEqual(initialProcess(3));
  });

  test('durableVote false: the promise survives, the vote does not', () => {
    const s = buildImpl(cfg3, local(rules({ durableVote: false }))).recover(voted, 0).state;
    expect(s.view).toEqual(row(rec(1), rec(1, 1, 2), rec(-1)));
    expect(s.phase).toBe('learned');
  });
});
