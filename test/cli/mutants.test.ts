/**
 * `paxos-sim mutants`: every mutant searched per seed, the table's figures in
 * the JSON (per seed and summarised; the shrunk story proved shortest where
 * the explorer measures the same configuration), exit 0 only when every mutant is caught
 * on every seed, a mutant that escapes reported with exit 1 (and the
 * explorer's verdict that it is harmless at its scope), and bad selections
 * answered with exit 2 and one line.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { catalogue } from '../../src/api/mutants.js';
import { protocols } from '../../src/protocols/index.js';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'paxos-sim.js');
const FIXTURE = './test/fixtures/quorum-mutants.mjs';

function cli(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('mutants', () => {
  test('a mutant that escapes fails the run (exit 1); the caught one has every per-seed figure; the explorer says the escaped one is harmless', () => {
    const r = cli(['mutants', '--protocol', FIXTURE, '--seed', '3', '--seeds', '2', '--time-limit', '1', '--json']);
    expect(r.code, r.stderr).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ ok: false, command: 'mutants', seed: 3, seeds: [3, 4], strategy: 'all', total: 2, caught: 1 });
    const [caught, harmless] = j.mutants;
    expect(caught).toMatchObject({ name: 'minority-write', protocol: 'quorum-mutants', of: 'majority', caught: true, caughtSeeds: 2, seeds: 2, invariant: 'agreement' });
    expect(caught.perSeed).toHaveLength(2);
    for (const s of caught.perSeed) {
      expect(s.caught).toBe(true);
      expect(s.runs).toBeGreaterThan(0);
      expect(s.steps).toBeLessThanOrEqual(s.minimizedSteps);
      expect(s.minimizedSteps).toBeLessThanOrEqual(s.originalSteps);
      expect(s.breadthFirst).toMatchObject({ before: s.minimizedSteps, steps: s.steps, faults: 'off' });
    }
    expect(caught.timeToDetectMs).toBeLessThanOrEqual(caught.timeToDetectWorstMs);
    expect(caught.runsToDetect).toBeLessThanOrEqual(caught.runsToDetectWorst);
    // The explorer's shortest counterexample is no longer than the fuzzer's shrunk one.
    expect(caught.shortest.steps).toBeGreaterThan(0);
    expect(caught.shortest.steps).toBeLessThanOrEqual(caught.steps);
    // At the bug's own sizes, breadth-first search after the minimiser proves the story shortest: the explorer's length.
    expect(caught.shortest.config).toEqual(caught.config);
    expect(caught.provedSeeds).toBe(2);
    expect(caught.steps).toBe(caught.shortest.steps);
    expect(harmless).toMatchObject({ name: 'harmless', caught: false, caughtSeeds: 0, invariant: null, timeToDetectMs: null });
    expect(harmless.shortest).toMatchObject({ steps: null, complete: true });
    expect(r.stderr).toMatch(/ESCAPED.*harmless/);
    expect(r.stderr).toMatch(/no violation at all in harmless/);
  });

  test('--only selects; every selected mutant caught on every seed exits 0', () => {
    const r = cli(['mutants', '--protocol', FIXTURE, '--only', 'minority-write', '--seed', '1', '--shortest-limit', '0', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ ok: true, total: 1, caught: 1 });
    expect(j.mutants[0].shortest).toBeNull();
  });

  test('a built-in mutant, with a pinned strategy', () => {
    const m = catalogue(protocols).find((x) => x.bug.search.runs <= 2000)!;
    const r = cli(['mutants', '--only', m.variant.name, '--strategy', 'des', '--seed', '7', '--time-limit', '20', '--shortest-limit', '0', '--json']);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ command: 'mutants', strategy: 'des', total: 1 });
    expect(j.mutants[0].perSeed[0]).toMatchObject({ caught: true, strategy: 'des' });
  });

  test.each([
    [['--only', 'nope'], /no mutant named "nope"; mutants: /],
    [['--seeds', '0'], /--seeds must be an integer from 1 to 1000/],
    [['--strategy', 'smart'], /--strategy/],
    [['--shortest-limit', 'soon'], /--shortest-limit must be a positive number of seconds/],
  ])('bad input %j: exit 2, one line', (args, message) => {
    const r = cli(['mutants', '--protocol', FIXTURE, ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  test('a protocol without mutants: exit 2, one line', () => {
    const r = cli(['mutants', '--protocol', './test/fixtures/quorum.mjs']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/declares no mutants/);
  });

  test('list shows the mutants with the rule each breaks', () => {
    const r = cli(['list', '--protocol', FIXTURE, '--json']);
    const v = JSON.parse(r.stdout).protocols[0].variants;
    expect(v.find((x: { name: string }) => x.name === 'minority-write').mutant).toEqual({ of: 'majority', breaks: 'quorum intersection: 2 * q2 > acceptors', deep: null });
    expect(v.find((x: { name: string }) => x.name === 'majority').mutant).toBeNull();
    const text = cli(['list', '--protocol', FIXTURE]).stdout;
    expect(text).toMatch(/mutants \(2; run with --variant NAME/);
    expect(text).toMatch(/minority-write \[mutant of majority\]/);
  });
});
