/**
 * A soak signalled with SIGINT (or SIGTERM) stops every worker, writes the
 * reports so far and exits within 5 s, with 130 (143) when nothing was
 * found, 1 when something was — and what was found is saved. No process is
 * left behind.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { killLeftovers, sleep, start } from './spawn.js';
import { processesWith, readJson, soak, tmp } from './soak-helpers.js';

afterEach(killLeftovers);

const REPORTS = ['soak-summary.json', 'soak-junit.xml', 'soak-summary.md', 'soak-index.html', 'soak-status.json'];

describe('soak stopped by a signal', () => {
  it('SIGINT after a few seconds: exit 130 within 5 s, the reports written, no process left', async () => {
    const out = tmp('soak-sigint');
    const p = start(['soak', '--duration', '600', '--workers', '2', '--seed', '21', '--out', out]);
    await p.output(/soak seed 21/);
    await sleep(4000);
    p.signal('SIGINT');
    const r = await p.done;
    expect(r.afterSignalMs).toBeLessThan(5000);
    expect(r.status).toBe(130);
    for (const f of REPORTS) expect(existsSync(join(out, f)), f).toBe(true);
    const s = readJson(join(out, 'soak-summary.json'));
    expect(s).toMatchObject({ interrupted: 'SIGINT', ok: false, findings: [] });
    expect(s.totals.runs).toBeGreaterThan(0);
    expect(readJson(join(out, 'soak-status.json')).state).toBe('done');
    expect(readFileSync(join(out, 'soak-summary.md'), 'utf8')).toMatch(/stopped by SIGINT/);
    expect(r.stdout).toMatch(/INTERRUPTED: \d+ items/);
    await sleep(200);
    expect(processesWith(out)).toEqual([]);
    // A merge holding a shard that did not run to its end does not pass.
    const m = soak(['soak', 'merge', out, '--out', tmp('soak-merged')]);
    expect(m.status).toBe(1);
    expect(m.json).toMatchObject({ ok: false, interrupted: 'SIGINT', findings: [] });
  });

  it('SIGTERM with findings made: exit 1 within 5 s, every finding saved', async () => {
    const out = tmp('soak-sigterm');
    const p = start(['soak', '--duration', '600', '--workers', '2', '--seed', '4', '--protocol', 'paxos', '--variant', 'thesis-python-sim,classic', '--out', out]);
    await p.output(/FINDING/);
    await sleep(500);
    p.signal('SIGTERM');
    const r = await p.done;
    expect(r.afterSignalMs).toBeLessThan(5000);
    expect(r.status).toBe(1);
    const s = readJson(join(out, 'soak-summary.json'));
    expect(s.interrupted).toBe('SIGTERM');
    expect(s.findings.length).toBeGreaterThan(0);
    for (const f of s.findings) expect(existsSync(join(out, f.file))).toBe(true);
    await sleep(200);
    expect(processesWith(out)).toEqual([]);
  });
});
