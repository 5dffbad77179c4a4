/**
 * Laws of the stoppable campaign runner behind `fuzz` and `campaign`:
 * cutting batches into slices (so a signal is seen between them) changes no
 * run, event, finding or fingerprint; `shouldStop` stops it between slices
 * with what was done so far; `--strategy all` gives every strategy a run even
 * on a small budget; and the fingerprints of large campaigns are those they
 * had before slicing existed.
 */
import { describe, expect, it } from 'vitest';
import { fuzz } from '../../src/api/fuzz.js';
import { findVariant } from '../../src/kernel/definition.js';
import { scheduleTarget } from '../../src/kernel/target.js';
import { paxosDef } from '../../src/protocols/paxos/index.js';
import { paxosstoreDef } from '../../src/protocols/paxosstore/index.js';
import { runStrategyCampaign } from '../../src/search/campaign.js';
import { ALL_NAMES, ROUND_ROBIN_NAMES, STRATEGY_CHOICES } from '../../src/search/strategy.js';

const classic = findVariant(paxosDef, 'classic')!;
const target = scheduleTarget(paxosDef, classic, { proposers: 2, acceptors: 3, values: 2 }, paxosDef.invariants.filter((i) => classic.keeps.includes(i.name)));
const buggy = findVariant(paxosDef, 'thesis-python-sim')!;
const buggyTarget = scheduleTarget(paxosDef, buggy, { proposers: 2, acceptors: 3, values: 2 }, paxosDef.invariants.filter((i) => buggy.keeps.includes(i.name)));

describe('slicing', () => {
  it.each(STRATEGY_CHOICES)('%s: 1 ms slices give the same runs, events, per-strategy runs and fingerprint as one batch', (strategy) => {
    const whole = runStrategyCampaign({ target, strategy, seed: 5, runs: 400 });
    let slices = 0;
    const sliced = runStrategyCampaign({ target, strategy, seed: 5, runs: 400, sliceMs: 1, shouldStop: () => false, onSlice: () => void slices++ });
    expect(sliced).toMatchObject({ runs: whole.runs, events: whole.events, fingerprint: whole.fingerprint, perStrategy: whole.perStrategy, stopped: false });
    expect(slices).toBeGreaterThan(0);
  });

  it('finds the same finding, at the same run, sliced or not', () => {
    const whole = runStrategyCampaign({ target: buggyTarget, strategy: 'des', seed: 2, runs: 5000 });
    const sliced = runStrategyCampaign({ target: buggyTarget, strategy: 'des', seed: 2, runs: 5000, sliceMs: 1, shouldStop: () => false });
    expect(whole.found).toBeDefined();
    expect(sliced.found).toEqual(whole.found);
    expect(sliced.fingerprint).toBe(whole.fingerprint);
  });

  it('shouldStop stops between slices with the work done so far', () => {
    let n = 0;
    const r = runStrategyCampaign({ target, strategy: 'des', seed: 5, runs: 1_000_000, sliceMs: 5, shouldStop: () => ++n > 3 });
    expect(r.stopped).toBe(true);
    expect(r.runs).toBeGreaterThan(0);
    expect(r.runs).toBeLessThan(1_000_000);
    // What was done is a prefix of the unstopped campaign: the same runs give the same fingerprint.
    expect(runStrategyCampaign({ target, strategy: 'des', seed: 5, runs: r.runs }).fingerprint).toBe(r.fingerprint);
  });
});

describe('--strategy round-robin on a small budget', () => {
  it.each([5, 10, 37, 100, 124])('%i runs: every strategy runs at least once, the budget is spent exactly', (runs) => {
    const r = runStrategyCampaign({ target, strategy: 'round-robin', seed: 1, runs });
    expect(r.runs).toBe(runs);
    for (const s of ROUND_ROBIN_NAMES) expect(r.perStrategy[s]).toBeGreaterThanOrEqual(1);
  });

  it('10 runs: two each', () => {
    expect(runStrategyCampaign({ target, strategy: 'round-robin', seed: 1, runs: 10 }).perStrategy).toEqual({ 'fast-check': 2, swarm: 2, pct: 2, des: 2, uniform: 2 });
  });
});

describe('--strategy all (the bandit) on a small budget', () => {
  it.each([7, 10, 37, 100, 175])('%i runs: every strategy runs at least once, the budget is spent exactly', (runs) => {
    const r = runStrategyCampaign({ target, strategy: 'all', seed: 1, runs });
    expect(r.runs).toBe(runs);
    for (const s of ALL_NAMES) expect(r.perStrategy[s]).toBeGreaterThanOrEqual(1);
  });
});

describe('fingerprints of large campaigns are unchanged', () => {
  it('paxos classic, 2000 runs, seed 1 (the CLI default strategy: the bandit over all)', () => {
    const r = fuzz(paxosDef, { seed: 1, runs: 2000, out: false });
    expect(r.fingerprint).toBe('cd5e57262f4aa4c8');
    expect(r.events).toBe(116612);
    expect(r.runsPerStrategy).toEqual({ 'fast-check': 25, guided: 25, swarm: 25, pct: 25, des: 616, uniform: 25, 'guided-des': 1259 });
  });

  it('paxos classic, 2000 runs, seed 1, round-robin', () => {
    const r = fuzz(paxosDef, { seed: 1, runs: 2000, out: false, strategy: 'round-robin' });
    expect(r.fingerprint).toBe('f81b49863f772735');
    expect(r.events).toBe(122627);
  });

  it('paxosstore tpaxos-impl, 300 runs, seed 3', () => {
    expect(fuzz(paxosstoreDef, { variant: 'tpaxos-impl', seed: 3, runs: 300, out: false }).fingerprint).toBe('04ccbf7b19af9367');
  });
});
