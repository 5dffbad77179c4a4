/**
 * A user's protocol from a module (`--protocol ./module.js`): its size flags,
 * its per-variant validation, its findings saved with the module's path so
 * `replay FILE` works from anywhere, and every way a module can be wrong
 * answered with exit 2 and one line.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'paxos-sim.js');
const QUORUM = './test/fixtures/quorum.mjs';

function cli(args: string[], cwd = ROOT): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('--protocol ./module.js', () => {
  test("the module's size flags are flags: --q2 sets the size, the correct variant passes", () => {
    const r = cli(['fuzz', '--protocol', QUORUM, '--acceptors', '5', '--q2', '3', '--runs', '150', '--seed', '4', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ ok: true, protocol: 'quorum', variant: 'majority', config: { acceptors: 5, q2: 3 }, violation: null });
    expect(j.module).toBe(join(ROOT, 'test', 'fixtures', 'quorum.mjs'));
  });

  test('the buggy variant is caught (exit 1); the saved file records the module and replays from another directory without flags', () => {
    const out = mkdtempSync(join(tmpdir(), 'paxos-sim-module-'));
    const r = cli(['fuzz', '--protocol', QUORUM, '--variant', 'any-quorum', '--q2', '1', '--seed', '1', '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(1);
    const v = JSON.parse(r.stdout).violation;
    expect(v).toMatchObject({ kind: 'safety', invariant: 'agreement' });
    const saved = JSON.parse(readFileSync(v.file, 'utf8'));
    expect(saved.protocol).toBe('quorum');
    expect(saved.module).toMatch(/^(\.\.\/)+.*test\/fixtures\/quorum\.mjs$/);
    const rep = cli(['replay', v.file, '--json'], tmpdir());
    expect(rep.code, rep.stderr).toBe(1);
    expect(JSON.parse(rep.stdout)).toMatchObject({ reproduced: true, invariant: 'agreement', steps: v.steps });
  });

  test('explore takes the module too: the buggy variant has a shortest counterexample, the correct one is complete', () => {
    const bad = cli(['explore', '--protocol', QUORUM, '--variant', 'any-quorum', '--q2', '1', '--out', mkdtempSync(join(tmpdir(), 'paxos-sim-module-')), '--json']);
    expect(bad.code, bad.stderr).toBe(1);
    expect(JSON.parse(bad.stdout).violation).toMatchObject({ invariant: 'agreement', steps: 4 });
    const good = cli(['explore', '--protocol', QUORUM, '--json']);
    expect(good.code, good.stderr).toBe(0);
    expect(JSON.parse(good.stdout)).toMatchObject({ complete: true, violation: null });
  });

  test("campaign --protocol runs the module's variants: correct ones clean, the buggy one caught at its declared sizes", () => {
    const r = cli(['campaign', '--protocol', QUORUM, '--seed', '1', '--runs', '100', '--out', mkdtempSync(join(tmpdir(), 'paxos-sim-module-')), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const results = JSON.parse(r.stdout).results as { variant: string; config: Record<string, number>; violation: { invariant: string; schedule?: unknown } | null; asExpected: boolean }[];
    expect(results.map((x) => [x.variant, x.config, x.violation?.invariant ?? null, x.asExpected])).toEqual([
      ['majority', { acceptors: 3, q2: 2 }, null, true],
      ['any-quorum', { acceptors: 3, q2: 1 }, 'agreement', true],
      ['checked-in-build', { acceptors: 3, q2: 2 }, null, true],
    ]);
    expect(results[1]!.violation!.schedule).toBeUndefined();
  });

  test("--help lists the module's size flags with their ranges and defaults", () => {
    const r = cli(['fuzz', '--protocol', QUORUM, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/size flags of quorum:/);
    expect(r.stdout).toMatch(/--q2 N\s+write quorum size, 1\.\.7 \(default: 2\)/);
    expect(r.stdout).toMatch(/variants of quorum: majority \(default\), any-quorum, checked-in-build/);
  });

  test.each([
    [['fuzz', '--protocol', './does-not-exist.js'], /protocol module \.\/does-not-exist\.js not found/],
    [['fuzz', '--protocol', './test/fixtures/bad-definition.mjs'], /keeps "agreement", which is not one of the protocol's invariants/],
    [['fuzz', '--protocol', './test/fixtures/no-definition.mjs'], /exports no protocol definition/],
    [['fuzz', '--protocol', './src/index.ts'], /is TypeScript; build it to JavaScript first/],
    [['fuzz', '--protocol', QUORUM, '--q2', '1'], /majority: quorums must intersect \(2\*q2 > acceptors\)/],
    [['fuzz', '--protocol', QUORUM, '--q2', '5'], /q2 \(5\) cannot exceed the acceptors \(3\)/],
    [['fuzz', '--protocol', QUORUM, '--variant', 'checked-in-build', '--q2', '1'], /quorum\/checked-in-build rejects \{"acceptors":3,"q2":1\}: q2=1 is no majority of 3/],
    [['fuzz', '--protocol', QUORUM, '--participants', '3'], /--participants does not apply to protocol quorum; its sizes are --acceptors, --q2/],
    [['fuzz', '--protocol', 'paxos', '--q2', '3'], /unknown flag --q2/],
    [['fuzz', '--proposers', '3'], /--proposers is a size flag; give --protocol first/],
  ])('%j exits 2 with one line', (args, pattern) => {
    const r = cli(args as string[]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(pattern as RegExp);
  });

  test('under --json an error is one JSON object too', () => {
    const r = cli(['fuzz', '--protocol', './does-not-exist.js', '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, error: expect.stringMatching(/not found/) });
  });

  test('every command answers --help with its flags and defaults', () => {
    for (const c of ['campaign', 'fuzz', 'replay', 'explore', 'soak', 'list']) {
      const r = cli([c, '--help']);
      expect(r.code, c).toBe(0);
      expect(r.stdout, c).toMatch(new RegExp(`usage: paxos-sim ${c}`));
      expect(r.stdout, c).toMatch(/--json\s+.*\(default: off\)/);
    }
    expect(cli(['help', 'explore', '--protocol', 'paxosstore']).stdout).toMatch(/--max-ballot N\s+.*0\.\.99 \(default: 20\)/);
  });
});
