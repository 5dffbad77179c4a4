/**
 * SIGINT and SIGTERM stop every long command promptly and lose nothing
 * (CLI.md, "Exit status"; DESIGN.md, "Never lose a finding"): each command is
 * started for far longer than the test, signalled once it has printed its
 * first line, and must exit within 5 s with 130 / 143 (1 with a finding),
 * its summary, its one JSON object saying `interrupted`, and what it found
 * saved and replayable. `soak` leaves its report and no running child.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { killLeftovers, sleep, start } from './spawn.js';

afterEach(killLeftovers);

const EXIT_WITHIN_MS = 5000;
const STATUS = { SIGINT: 130, SIGTERM: 143 } as const;
const tmp = (): string => mkdtempSync(join(tmpdir(), 'paxos-sim-signals-'));

/** The one JSON object on stdout. */
function json(stdout: string): Record<string, any> {
  const lines = stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0]!) as Record<string, any>;
}

/** Child process ids of `pid` (Linux /proc). */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(e));
    } catch {
      // Gone meanwhile.
    }
  }
  return out;
}

describe('a signal stops fuzz', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)('%s on a correct variant: summary, JSON with interrupted, exit 128+n within 5 s', async (sig) => {
    const p = start(['fuzz', '--protocol', 'paxos', '--time-limit', '120', '--seed', '7', '--out', tmp(), '--json']);
    await p.output(/fuzz paxos\/classic/);
    await sleep(1500);
    p.signal(sig);
    const r = await p.done;
    expect(r.afterSignalMs).toBeLessThan(EXIT_WITHIN_MS);
    expect(r.status).toBe(STATUS[sig]);
    const j = json(r.stdout);
    expect(j).toMatchObject({ ok: true, command: 'fuzz', interrupted: sig, violation: null, seed: 7 });
    expect(j['runs']).toBeGreaterThan(0);
    expect(j['fingerprint']).toMatch(/^[0-9a-f]{16}$/);
    expect(r.stderr).toMatch(new RegExp(`INTERRUPTED: \\d+ runs .*stopped by ${sig}`));
  });

  it('SIGINT while a finding is being minimised: saved as found, marked unshrunk, replayable; exit 1 within 5 s', async () => {
    // The fixture's invariant turns slow once it has failed: the search finds at once, the minimiser would take minutes.
    const out = tmp();
    const p = start(['fuzz', '--protocol', './test/cli/fixtures/slow-shrink.mjs', '--q2', '1', '--strategy', 'des', '--seed', '1', '--runs', '100', '--out', out, '--json']);
    await p.output(/minimising and saving it/);
    await sleep(300);
    p.signal('SIGINT');
    const r = await p.done;
    expect(r.afterSignalMs).toBeLessThan(EXIT_WITHIN_MS);
    expect(r.status).toBe(1);
    const j = json(r.stdout);
    expect(j).toMatchObject({ ok: false, interrupted: 'SIGINT', violation: { kind: 'safety', invariant: 'agreement', shrunk: false } });
    expect(j['violation'].steps).toBe(j['violation'].originalSteps);
    expect(r.stderr).toMatch(/NOT SHRUNK: SIGINT stopped the run first/);
    const file = j['violation'].file as string;
    expect(file.startsWith(out)).toBe(true);
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(saved).toMatchObject({ shrunk: false, interrupted: 'SIGINT', steps: j['violation'].steps });
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const rep = spawnSync(process.execPath, ['bin/paxos-sim.js', 'replay', file, '--json'], { encoding: 'utf8' });
    expect(rep.status).toBe(1);
    expect(JSON.parse(rep.stdout)).toMatchObject({ reproduced: true, steps: j['violation'].steps });
  });
});

describe('a signal stops explore', () => {
  it('SIGTERM at a size far beyond the test: partial statistics, complete false, stoppedBy signal, exit 143 within 5 s', async () => {
    const p = start(['explore', '--protocol', 'paxos', '--proposers', '3', '--acceptors', '3', '--values', '2', '--out', tmp(), '--json']);
    await p.output(/explore paxos\/classic/);
    await sleep(3000);
    p.signal('SIGTERM');
    const r = await p.done;
    expect(r.afterSignalMs).toBeLessThan(EXIT_WITHIN_MS);
    expect(r.status).toBe(143);
    const j = json(r.stdout);
    expect(j).toMatchObject({ ok: true, command: 'explore', complete: false, stoppedBy: 'signal', interrupted: 'SIGTERM', violation: null });
    expect(j['distinctStates']).toBeGreaterThan(0);
    expect(j['depth']).toBeGreaterThan(1);
    expect(r.stderr).toMatch(/INTERRUPTED: \d+ distinct states/);
  });
});

describe('a signal stops campaign', () => {
  it('SIGINT: the table so far, JSON with interrupted, exit 130 within 5 s', async () => {
    const p = start(['campaign', '--protocol', 'paxos', '--runs', '1000000', '--seed', '3', '--out', tmp(), '--json']);
    await p.output(/default campaign/);
    await sleep(1500);
    p.signal('SIGINT');
    const r = await p.done;
    expect(r.afterSignalMs).toBeLessThan(EXIT_WITHIN_MS);
    expect(r.status).toBe(130);
    const j = json(r.stdout);
    expect(j).toMatchObject({ ok: false, command: 'campaign', interrupted: 'SIGINT' });
    expect(j['results'][0]).toMatchObject({ protocol: 'paxos', variant: 'classic', asExpected: null, interrupted: 'SIGINT', violation: null });
    expect(j['results'][0].runs).toBeGreaterThan(0);
    expect(r.stderr).toMatch(/stopped by SIGINT: 0 of 3 variants finished/);
  });
});

describe('a signal stops mutants', () => {
  it('SIGTERM: the mutant being searched is reported as interrupted, JSON with interrupted, exit 143 within 5 s', async () => {
    // The fixture's `harmless` mutant changes nothing, so its search would use the whole minute.
    const p = start(['mutants', '--protocol', './test/fixtures/quorum-mutants.mjs', '--only', 'harmless', '--time-limit', '60', '--seed', '2', '--json']);
    await p.output(/paxos-sim mutants: 1 mutants/);
    await sleep(1500);
    p.signal('SIGTERM');
    const r = await p.done;
    expect(r.afterSignalMs).toBeLessThan(EXIT_WITHIN_MS);
    expect(r.status).toBe(143);
    const j = json(r.stdout);
    expect(j).toMatchObject({ ok: false, command: 'mutants', interrupted: 'SIGTERM', total: 1, caught: 0 });
    expect(j['mutants'][0]).toMatchObject({ name: 'harmless', caught: false, interrupted: 'SIGTERM' });
    expect(r.stderr).toMatch(/stopped by SIGTERM: 1 of 1 mutants run/);
  });
});

describe('a signal stops soak', () => {
  it('SIGTERM: the worker threads stop, the reports so far are written, no process is left, exit 143 within 5 s', async () => {
    const out = tmp();
    const p = start(['soak', '--duration', '300', '--workers', '2', '--seed', '9', '--out', out, '--json']);
    await p.output(/soak seed 9, shard 1\/1, 2 worker threads/);
    // Let the workers get going (the canary is the first item; wait until it is caught).
    await p.output(/canary .* caught as expected/, 60_000);
    p.signal('SIGTERM');
    const r = await p.done;
    expect(r.afterSignalMs).toBeLessThan(EXIT_WITHIN_MS);
    expect(r.status).toBe(143);
    const j = json(r.stdout);
    expect(j).toMatchObject({ ok: false, command: 'soak', interrupted: 'SIGTERM', workers: 2, findings: [] });
    for (const f of ['soak-summary.json', 'soak-junit.xml', 'soak-summary.md', 'soak-index.html']) expect(existsSync(join(out, f)), f).toBe(true);
    expect(JSON.parse(readFileSync(join(out, 'soak-summary.json'), 'utf8'))).toMatchObject({ interrupted: 'SIGTERM' });
    expect(childrenOf(p.child.pid!)).toEqual([]);
  });
});
