/**
 * The mutation catalogue keeps its promise: every mutant (a correct variant
 * with one rule broken, `VariantDef.mutant`) of every registered protocol is
 * caught by the default strategy (`all`) within the budget it declares,
 * shrunk, and replayed; and the correct variants the mutants break raise no
 * alarm under budgets ten times longer, at the same sizes, invariants and
 * seed — so a catch is the broken rule's doing, not a false alarm.
 *
 * The catalogue itself must stay honest and hard: at least 24 built-in
 * mutants, at least two that break only liveness, at least four deep ones.
 */
import { describe, expect, test } from 'vitest';
import { catalogue, breaksOnlyLiveness, type Mutant } from '../src/api/mutants.js';
import { findInvariant, findVariant } from '../src/kernel/definition.js';
import { checkedInvariants, scheduleTarget } from '../src/kernel/target.js';
import { protocols as builtins } from '../src/protocols/index.js';
import { runStrategyCampaign } from '../src/search/campaign.js';
import { baseSeed, runs } from './harness.js';
import { searchFindsBug } from './known-bug.js';
import { suiteProtocols } from './registered.js';

const SEED = baseSeed(7);
const MUTANTS = catalogue(suiteProtocols);

describe('the catalogue', () => {
  const mine = catalogue(builtins);
  test('has at least 24 built-in mutants, two breaking only liveness, four deep', () => {
    expect(mine.length).toBeGreaterThanOrEqual(24);
    expect(mine.filter(breaksOnlyLiveness).length).toBeGreaterThanOrEqual(2);
    expect(mine.filter((m) => m.variant.mutant.deep !== undefined).length).toBeGreaterThanOrEqual(4);
    for (const def of builtins) expect(mine.filter((m) => m.def === def).length, `${def.name} has mutants`).toBeGreaterThan(0);
  });

  test.each(MUTANTS.map((m) => [`${m.def.name}/${m.variant.name}`, m] as const))('%s breaks a correct variant, says where, and is sought with the default strategy', (_name, m) => {
    const base = findVariant(m.def, m.variant.mutant.of);
    expect(base?.buggy).toBe(false);
    expect(m.variant.mutant.breaks.length).toBeGreaterThan(10);
    expect(m.bug.search.strategy).toBe('all');
    // A liveness-only mutant is checked with the liveness goal on, for a base that promises to decide.
    if (breaksOnlyLiveness(m)) {
      expect(m.bug.invariants).toBeUndefined();
      expect(m.variant.liveness).not.toBe('never');
    }
  });
});

describe('every mutant is caught by the default strategy, shrunk and replayed', () => {
  for (const m of MUTANTS) test(`${m.def.name}/${m.variant.name}: ${m.bug.story}`, () => searchFindsBug(m.bug, SEED));
});

/** The correct variant a mutant breaks, searched where the mutant is caught: one entry per distinct target, with the largest budget. */
function baseSearches(ms: readonly Mutant[]): { key: string; mutants: string[]; run: () => ReturnType<typeof runStrategyCampaign>; runs: number }[] {
  const out = new Map<string, { key: string; mutants: string[]; m: Mutant; runs: number }>();
  for (const m of ms) {
    const invariants = m.bug.invariants?.join(',') ?? '(kept) + liveness';
    const key = `${m.def.name}/${m.variant.mutant.of} ${JSON.stringify(m.bug.config)} ${invariants}`;
    const e = out.get(key) ?? { key, mutants: [], m, runs: 0 };
    e.mutants.push(m.variant.name);
    e.runs = Math.max(e.runs, 10 * runs(m.bug.search.runs));
    out.set(key, e);
  }
  return [...out.values()].map((e) => {
    const base = findVariant(e.m.def, e.m.variant.mutant.of)!;
    const invariants = e.m.bug.invariants ? e.m.bug.invariants.map((n) => findInvariant(e.m.def, n)!) : checkedInvariants(e.m.def, base);
    const target = scheduleTarget(e.m.def, base, e.m.bug.config, invariants, { liveness: e.m.bug.invariants === undefined });
    return { key: e.key, mutants: e.mutants, runs: e.runs, run: () => runStrategyCampaign({ target, strategy: 'all', seed: SEED, runs: e.runs }) };
  });
}

describe('the correct variants raise no alarm under ten times the mutants\' budgets', () => {
  for (const s of baseSearches(MUTANTS))
    test(`${s.key} (${s.runs} runs; the budget of ${s.mutants.join(', ')} x 10)`, () => {
      const r = s.run();
      const f = r.found;
      expect(f, f && `${f.strategy} run ${f.run} found ${f.finding.kind} ${f.finding.invariant}: ${f.finding.message}`).toBeUndefined();
      expect(r.runs).toBe(s.runs);
    });
});
