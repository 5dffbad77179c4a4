/**
 * The command line as users and scripts see it (spawns `node bin/paxos-sim.js`;
 * `npm test` builds first, and so does this file when dist/ is missing):
 * strategies, counterexample files, `replay FILE`, `replay --seed --path`,
 * divergence, and bad input rejected with exit 2 and one clear line.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'paxos-sim.js');

function cli(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function json(stdout: string): Record<string, any> {
  const lines = stdout.trim().split('\n');
  expect(lines.length, `--json must print exactly one line on stdout, got:\n${stdout}`).toBe(1);
  return JSON.parse(lines[0]!);
}

const PY = ['--protocol', 'paxos', '--variant', 'thesis-python-sim'];
let out: string;

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js')))
    spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
  out = mkdtempSync(join(tmpdir(), 'paxos-sim-cli-'));
});

describe('fuzz --strategy', () => {
  test('fast-check finds, shrinks and saves the python-sim liveness bug; both replays reproduce it', () => {
    const r = cli('fuzz', ...PY, '--strategy', 'fast-check', '--seed', '7', '--runs', '200', '--out', out, '--json');
    expect(r.code, r.stderr).toBe(1);
    const j = json(r.stdout);
    expect(j['strategy']).toBe('fast-check');
    const v = j['violation'];
    expect(v.kind).toBe('liveness');
    expect(v.foundBy).toBe('fast-check');
    expect(v.steps).toBeLessThanOrEqual(v.shrunkSteps);
    expect(v.shrunkSteps).toBeLessThanOrEqual(v.originalSteps);
    expect(v.fastCheck.replay).toContain('--seed 7 --path');
    const file = JSON.parse(readFileSync(v.file, 'utf8'));
    expect(file.format).toBe('paxos-sim/counterexample@1');
    expect(file.fastCheck.seed).toBe(7);

    const replay = cli('replay', v.file, '--json');
    expect(replay.code).toBe(1);
    expect(json(replay.stdout)).toMatchObject({ reproduced: true, invariant: 'liveness', steps: v.steps });

    const fc = cli('replay', ...PY, '--proposers', '2', '--acceptors', '3', '--values', '2', '--seed', '7', '--path', v.fastCheck.path, '--json');
    expect(fc.code).toBe(1);
    expect(json(fc.stdout)).toMatchObject({ source: 'fast-check', reproduced: true, invariant: 'liveness' });
    expect(fc.stderr).toMatch(/step {2}\S.* {2}event/);
  });

  test('--invariant with --no-liveness: fast-check finds agreement at 3 proposers, and its replay command carries both flags', () => {
    const r = cli('fuzz', ...PY, '--proposers', '3', '--invariant', 'agreement', '--no-liveness', '--strategy', 'fast-check', '--seed', '7', '--runs', '5000', '--out', out, '--json');
    expect(r.code, r.stderr).toBe(1);
    const v = json(r.stdout)['violation'];
    expect(v.invariant).toBe('agreement');
    expect(v.steps).toBeLessThanOrEqual(v.originalSteps);
    const replay = v.fastCheck.replay as string;
    expect(replay).toContain('--invariant agreement --no-liveness --seed 7 --path');
    const args = replay.split(' ').slice(3).map((a) => a.replace(/^'|'$/g, ''));
    const fc = cli('replay', ...args, '--json', '--quiet');
    expect(json(fc.stdout)).toMatchObject({ reproduced: true, invariant: 'agreement' });
    const file = cli('replay', v.file, '--seed', '7', '--path', v.fastCheck.path, '--json', '--quiet');
    expect(json(file.stdout)).toMatchObject({ reproduced: true, invariant: 'agreement' });
  });

  test.each(['des', 'uniform', 'swarm', 'pct', 'guided', 'guided-des', 'all', 'round-robin'])('--strategy %s on a correct variant finds nothing (exit 0)', (s) => {
    const r = cli('fuzz', '--protocol', 'paxos', '--variant', 'classic', '--strategy', s, '--seed', '3', '--runs', '40', '--out', out, '--json');
    expect(r.code, r.stderr).toBe(0);
    const j = json(r.stdout);
    expect(j).toMatchObject({ ok: true, strategy: s, runs: 40, violation: null });
    expect(typeof j['fingerprint']).toBe('string');
  });

  test('the default strategy is the bandit over all of them, and the same seed gives the same fingerprint in two processes', () => {
    const a = json(cli('fuzz', '--protocol', 'paxos', '--seed', '12', '--runs', '600', '--json').stdout);
    const b = json(cli('fuzz', '--protocol', 'paxos', '--seed', '12', '--runs', '600', '--json').stdout);
    expect(a['strategy']).toBe('all');
    expect(Object.keys(a['runsPerStrategy']).sort()).toEqual(['des', 'fast-check', 'guided', 'guided-des', 'pct', 'swarm', 'uniform']);
    expect(b['fingerprint']).toBe(a['fingerprint']);
    expect(b['events']).toBe(a['events']);
    expect(b['runsPerStrategy']).toEqual(a['runsPerStrategy']);
  });

  test('an unknown strategy is bad usage', () => {
    const r = cli('fuzz', '--protocol', 'paxos', '--strategy', 'bogus');
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('--strategy must be one of des, uniform, swarm, pct, fast-check, guided, guided-des, all, round-robin');
  });
});

describe('replay rejects bad files with exit 2 and one line', () => {
  test('malformed JSON', () => {
    const f = join(out, 'malformed.json');
    writeFileSync(f, '{ "format": "paxos-sim/counterexample@1", ');
    const r = cli('replay', f);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('is not valid JSON');
  });

  test('another format version', () => {
    const f = join(out, 'v2.json');
    writeFileSync(f, JSON.stringify({ format: 'paxos-sim/counterexample@2', protocol: 'paxos' }));
    const r = cli('replay', f);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('this paxos-sim reads only "paxos-sim/counterexample@1"');
  });

  test('a missing file, and --path without --seed', () => {
    const a = cli('replay', join(out, 'nope.json'));
    expect(a.code).toBe(2);
    expect(a.stderr).toContain('cannot read');
    const b = cli('replay', ...PY, '--path', '1:2');
    expect(b.code).toBe(2);
    expect(b.stderr.trim().split('\n')).toHaveLength(1);
    expect(b.stderr).toContain('--seed and --path go together');
  });
});

describe('replay detects divergence', () => {
  test('an edited schedule is reported as not reproduced, naming the divergence', () => {
    const r = cli('fuzz', ...PY, '--strategy', 'swarm', '--seed', '5', '--runs', '200', '--out', out, '--json');
    expect(r.code, r.stderr).toBe(1);
    const file = json(r.stdout)['violation'].file as string;
    const cx = JSON.parse(readFileSync(file, 'utf8'));
    cx.schedule.splice(0, 1); // the first step (a proposer registering) is gone: later steps no longer fit
    const edited = join(out, 'edited.json');
    writeFileSync(edited, JSON.stringify(cx));
    const rr = cli('replay', edited, '--json');
    expect(rr.code).toBe(1);
    const j = json(rr.stdout);
    expect(j['reproduced']).toBe(false);
    expect(j['divergence']).toMatch(/diverged at schedule\[\d+\]|instead of|without the/);
  });
});
