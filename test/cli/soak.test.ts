/**
 * `paxos-sim soak` (issue 12): worker threads pull items of a deterministic
 * plan; the reports (summary JSON, JUnit XML, Markdown, HTML index, status)
 * land in --out; the canary is caught; a finding is saved once per
 * signature with its count and seeds; a crashed or hung worker is reported
 * with its seed and replaced; bad input is one line and exit 2.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJson, soak, tmp } from './soak-helpers.js';

describe('soak --duration --workers 2', () => {
  it('exits 0 and leaves the summary JSON, the JUnit XML and the Markdown summary, with the canary caught', () => {
    const out = tmp();
    const t0 = Date.now();
    const r = soak(['soak', '--duration', '5', '--workers', '2', '--seed', '12', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(Date.now() - t0).toBeLessThan(5000 + 10_000);
    expect(r.json).toMatchObject({ ok: true, command: 'soak', seed: 12, workers: 2, shard: { index: 1, count: 1 }, findings: [], incidentCount: 0, interrupted: null });
    expect(r.json['canary']).toEqual([expect.objectContaining({ mutant: 'accept-below-promise', caught: true })]);
    expect(r.json['totals'].items).toBeGreaterThan(2);
    const s = readJson(join(out, 'soak-summary.json'));
    expect(s).toMatchObject({ format: 'paxos-sim/soak@1', ok: true });
    // Every built-in protocol is in the rotation, and each case is a protocol x variant x size.
    expect(new Set(s.cases.map((c: any) => c.protocol))).toEqual(new Set(['paxos', 'paxosstore']));
    expect(s.cases.filter((c: any) => c.items > 0).length).toBeGreaterThanOrEqual(3);
    const xml = readFileSync(join(out, 'soak-junit.xml'), 'utf8');
    expect(xml).toMatch(/^<\?xml/);
    expect(xml).toMatch(/<testsuite name="paxos-sim soak seed 12 shard 1\/1"[^>]* failures="0"/);
    expect(xml).toMatch(/<testcase classname="paxos-sim.soak.canary" name="canary paxos\/accept-below-promise fails as expected"/);
    expect(xml.match(/<testcase /g)!.length).toBe(s.cases.length + 1);
    const md = readFileSync(join(out, 'soak-summary.md'), 'utf8');
    expect(md).toMatch(/^## paxos-sim soak — ✅ nothing found/);
    expect(md).toMatch(/✅ `paxos\/accept-below-promise` failed as expected/);
    expect(existsSync(join(out, 'soak-index.html'))).toBe(true);
    const st = readJson(join(out, 'soak-status.json'));
    expect(st).toMatchObject({ state: 'done', canary: 'caught' });
    expect(st.memory.rssMb).toBeGreaterThan(0);
  });
});

describe('findings', () => {
  it('are saved once per signature, with the count and seeds that hit them, a replay and a reproducing fuzz command; exit 1', () => {
    const out = tmp();
    const r = soak(['soak', '--items', '6', '--workers', '2', '--seed', '3', '--protocol', 'paxos', '--variant', 'thesis-python-sim', '--runs', '100', '--out', out]);
    expect(r.status, r.stderr).toBe(1);
    const f = r.json['findings'] as any[];
    expect(f.length).toBeGreaterThan(0);
    expect(f.reduce((a, x) => a + x.count, 0)).toBe(6);
    for (const x of f) {
      expect(x.seeds.length).toBeGreaterThan(0);
      expect(existsSync(join(out, x.file))).toBe(true);
      expect(existsSync(join(out, x.html))).toBe(true);
    }
    expect(r.json['canary'][0].caught).toBe(true);
    const xml = readFileSync(join(out, 'soak-junit.xml'), 'utf8');
    expect(xml).toMatch(/<failure message="liveness violation of liveness/);
    expect(xml).toMatch(/replay: npx paxos-sim replay /);
    // The item's own command reproduces the finding (same invariant) from its seed alone.
    const again = soak(x(f[0].reproduce).concat(['--out', tmp()]));
    expect(again.status).toBe(1);
    expect(again.json['violation']).toMatchObject({ invariant: f[0].invariant });
    const replay = soak(['replay', join(out, f[0].file)]);
    expect(replay.json).toMatchObject({ reproduced: true, invariant: f[0].invariant });
  });
});

describe('a protocol module', () => {
  it('is soaked through --protocol ./module.js (its variants, the canary from the built-in catalogue), findings reproducible from the module', () => {
    const out = tmp();
    const ok = soak(['soak', '--items', '4', '--workers', '2', '--seed', '2', '--protocol', './test/fixtures/quorum.mjs', '--runs', '40', '--out', out]);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.json['cases'].map((c: any) => c.protocol)).toEqual(['quorum', 'quorum']);
    const bad = soak(['soak', '--items', '2', '--workers', '1', '--seed', '2', '--protocol', './test/fixtures/quorum.mjs', '--variant', 'any-quorum', '--runs', '40', '--out', tmp()]);
    expect(bad.status).toBe(1);
    const f = bad.json['findings'][0];
    expect(f.reproduce).toMatch(/^npx paxos-sim fuzz --protocol \.\/test\/fixtures\/quorum\.mjs --variant any-quorum /);
    expect(soak(x(f.reproduce).concat(['--out', tmp()])).json['violation']).toMatchObject({ invariant: f.invariant });
  });
});

/** The arguments of an `npx paxos-sim ...` command line. */
const x = (command: string): string[] => command.replace(/^npx paxos-sim /, '').split(' ');

describe('a worker that crashes or hangs', () => {
  // The watchdog is short only where a hang is the point: on a loaded machine a slow item must not look hung.
  it.each([['crash'], ['hang']])('%s: reported with its seed and replaced; the soak goes on and fails', (kind) => {
    const out = tmp();
    const r = soak(['soak', '--items', '6', '--workers', '2', '--seed', '5', '--protocol', 'paxos', '--runs', '50', '--out', out], { PAXOS_SIM_SOAK_FAULT: `${kind}@2`, PAXOS_SIM_SOAK_WATCHDOG_MS: kind === 'hang' ? '4000' : '60000' });
    expect(r.status, r.stderr).toBe(1);
    expect(r.json['incidentCount']).toBe(1);
    expect(r.json['incidents'][0]).toMatchObject({ kind, seed: expect.any(Number), command: expect.stringMatching(/^npx paxos-sim fuzz --protocol paxos .* --seed \d+ --runs 50/) });
    // The other items all ran (on the replacement worker too).
    expect(r.json['totals'].items).toBe(6);
    expect(r.json['canary'][0].caught).toBe(true);
    expect(r.stdout + r.stderr).toMatch(new RegExp(`worker \\d ${kind === 'hang' ? 'hung' : 'crashed'} on paxos/.* seed \\d+.*; replaced`));
    expect(readFileSync(join(out, 'soak-junit.xml'), 'utf8')).toMatch(new RegExp(`<error message="[^"]*" type="${kind}"`));
  });
});

describe('workers failing on every item', () => {
  it('stop the soak after 10 failures in a row, exit 1, reports written', () => {
    const out = tmp();
    const r = soak(['soak', '--duration', '120', '--workers', '2', '--seed', '5', '--out', out], { PAXOS_SIM_SOAK_FAULT: 'crash@all' });
    expect(r.status).toBe(1);
    expect(r.json['interrupted']).toMatch(/worker failures in a row/);
    expect(r.json['incidentCount']).toBeGreaterThanOrEqual(10);
    expect(r.json['elapsedMs']).toBeLessThan(60_000);
    expect(existsSync(join(out, 'soak-junit.xml'))).toBe(true);
  });
});

describe('bad input is one line and exit 2', () => {
  const cases: [string[], RegExp][] = [
    [['--shard', '3/2'], /--shard must be I\/N with 1 <= I <= N/],
    [['--shard', 'x'], /--shard must be I\/N/],
    [['--duration', '-1'], /--duration must be a positive number/],
    [['--duration', '5', '--time-limit', '5'], /not both/],
    [['--items', '0'], /--items must be an integer from 1/],
    [['--workers', '0'], /--workers must be an integer from 1 to 256/],
    [['--variant', 'nope'], /unknown variant "nope"/],
    [['--canary', 'nope'], /no mutant named "nope" for the canary/],
    [['--strategy', 'nope'], /--strategy must be one of/],
    [['stray'], /unexpected argument "stray"/],
  ];
  it.each(cases)('soak %j', (args, pattern) => {
    const r = soak(['soak', ...args, '--out', tmp()]);
    expect(r.status).toBe(2);
    expect(r.json).toMatchObject({ ok: false, error: expect.stringMatching(pattern) });
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
  it('JOB_COMPLETION_INDEX without PAXOS_SIM_SHARDS', () => {
    const r = soak(['soak', '--items', '1', '--out', tmp()], { JOB_COMPLETION_INDEX: '0' });
    expect(r.status).toBe(2);
    expect(r.json['error']).toMatch(/PAXOS_SIM_SHARDS/);
  });
  it('soak merge of a directory without a summary, and without --out', () => {
    const r = soak(['soak', 'merge', tmp(), '--out', tmp()]);
    expect(r.status).toBe(2);
    expect(r.json['error']).toMatch(/holds no soak-summary.json/);
    expect(soak(['soak', 'merge', tmp()]).json['error']).toMatch(/needs --out DIR/);
  });
});
