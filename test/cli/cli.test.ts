/** The command-line contract: JSON shape, exit statuses, one clear line for bad input. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const cli = (...args: string[]) => spawnSync('node', ['bin/paxos-sim.js', ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

describe('paxos-sim CLI', () => {
  it('fuzz --json prints exactly one JSON object with the contract fields and exits 0', () => {
    const r = cli('fuzz', '--protocol', 'paxos', '--runs', '200', '--seed', '1', '--json');
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ ok: true, command: 'fuzz', protocol: 'paxos', variant: 'classic', config: { proposers: 2, acceptors: 3, values: 2 }, seed: 1, runs: 200, violation: null });
    for (const k of ['events', 'elapsedMs', 'eventsPerSec']) expect(typeof j[k]).toBe('number');
    expect(j.fingerprint).toMatch(/^[0-9a-f]{16}$/);
  });

  it.each([
    [['fuzz', '--protocol', 'nosuch'], /unknown protocol "nosuch"; accepted: paxos/],
    [['fuzz', '--protocol', 'paxos', '--variant', 'nope'], /unknown variant "nope" of paxos; accepted: classic, thesis, thesis-python-sim/],
    [['fuzz', '--protocol', 'paxos', '--acceptors', '0'], /--acceptors must be an integer from 1 to/],
    [['fuzz', '--protocol', 'paxos', '--seed', 'abc'], /--seed must be an integer/],
    [['fuzz', '--protocol', 'paxos', '--frobnicate'], /unknown flag --frobnicate; accepted: /],
    [['fuzz'], /--protocol is required/],
    [['fuzz', '--protocol', 'paxos', '--invariant', 'nonsense'], /unknown invariant "nonsense"/],
    [['nosuchcommand'], /unknown command "nosuchcommand"/],
    [['replay', '/nonexistent/file.json'], /cannot read/],
  ])('bad input %j exits 2 with one clear line', (args, pattern) => {
    const r = cli(...(args as string[]));
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(pattern as RegExp);
    expect(r.stdout).toBe('');
  });

  it('thesis-python-sim is caught: exit 1, counterexample saved and replayable with the same step count', () => {
    const dir = `/tmp/paxos-sim-test-${process.pid}`;
    const r = cli('fuzz', '--protocol', 'paxos', '--variant', 'thesis-python-sim', '--seed', '1', '--out', dir, '--json');
    expect(r.status).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.violation.steps).toBeLessThanOrEqual(j.violation.originalSteps);
    const rep = cli('replay', j.violation.file, '--json');
    expect(rep.status).toBe(1);
    expect(JSON.parse(rep.stdout)).toMatchObject({ reproduced: true, steps: j.violation.steps });
  });
});
