/**
 * Many machines: `--shard I/N` (or `JOB_COMPLETION_INDEX` with
 * `PAXOS_SIM_SHARDS`) partitions the seed space, and `soak merge` makes one
 * report of the shards. Merging the N shards of a seed space reports the same
 * findings (signatures, recurrence counts, seeds) and the same work per case
 * as one soak of that seed space; and the Kubernetes Indexed Job's command
 * lines, run locally exactly as its pods would run them, merge into one
 * passing report.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { findProtocol } from '../../src/protocols/index.js';
import { soakCases } from '../../src/soak/plan.js';
import { essence, readJson, soak, soakAll, tmp } from './soak-helpers.js';

// A known-buggy and a correct variant of paxos at their sizes; K = the number of cases is one block of the seed space.
const SPACE = ['--seed', '3', '--protocol', 'paxos', '--variant', 'thesis-python-sim,classic', '--runs', '60'];
const K = soakCases([{ def: findProtocol('paxos')! }], ['thesis-python-sim', 'classic']).length;

describe('soak shards', () => {
  it('two shards run separately and merged report the same findings as the same seed space run at once', async () => {
    const [a, b, one] = [tmp('shard1'), tmp('shard2'), tmp('whole')];
    const [ra, rb, rone] = await soakAll([
      { args: ['soak', '--items', String(K), '--shard', '1/2', '--workers', '1', ...SPACE, '--out', a] },
      // The second shard as a Kubernetes Indexed Job's pod 1 would run it.
      { args: ['soak', '--items', String(K), '--workers', '1', ...SPACE, '--out', b], env: { JOB_COMPLETION_INDEX: '1', PAXOS_SIM_SHARDS: '2' } },
      { args: ['soak', '--items', String(2 * K), '--workers', '2', ...SPACE, '--out', one] },
    ]);
    expect(ra!.json['shard']).toEqual({ index: 1, count: 2 });
    expect(rb!.json['shard']).toEqual({ index: 2, count: 2 });
    expect(rone!.status).toBe(1);
    const merged = tmp('merged');
    const m = soak(['soak', 'merge', a, b, '--out', merged]);
    expect(m.status, m.stderr).toBe(1);
    expect(m.json).toMatchObject({ command: 'soak merge', shards: [{ dir: a, shard: { index: 1, count: 2 } }, { dir: b, shard: { index: 2, count: 2 } }] });
    expect(m.json['findings'].length).toBeGreaterThan(0);
    expect(essence(m.json)).toEqual(essence(rone!.json));
    expect(m.json['totals']).toMatchObject({ items: 2 * K, runs: rone!.json['totals'].runs, events: rone!.json['totals'].events });
    // The shards never repeat each other's seeds.
    const seeds = (r: Record<string, any>): number[] => r['findings'].flatMap((f: any) => f.seeds);
    expect(seeds(ra!.json).filter((s) => seeds(rb!.json).includes(s))).toEqual([]);
    // The merged report: every distinct finding once, copied with its page; the same reports as a shard's.
    for (const f of m.json['findings']) {
      expect(existsSync(join(merged, f.file))).toBe(true);
      expect(existsSync(join(merged, f.html))).toBe(true);
    }
    for (const f of ['soak-summary.json', 'soak-junit.xml', 'soak-summary.md', 'soak-index.html']) expect(existsSync(join(merged, f)), f).toBe(true);
    expect(readFileSync(join(merged, 'soak-summary.md'), 'utf8')).toMatch(/2 shard outputs merged/);
    expect(m.json['canary']).toHaveLength(2);
  });
});

describe('the Kubernetes Indexed Job, run locally', () => {
  it('N processes with the pods\' arguments and JOB_COMPLETION_INDEX set, merged into one report', async () => {
    const job = parse(readFileSync('deploy/k8s/soak-job.yaml', 'utf8'));
    const n: number = job.spec.completions;
    const c = job.spec.template.spec.containers[0];
    const mount: string = c.volumeMounts[0].mountPath;
    const root = tmp('k8s');
    // The manifest's environment, with a short duration and one worker per pod for the test.
    const env: Record<string, string> = Object.fromEntries(c.env.map((e: any) => [e.name, String(e.value)]));
    Object.assign(env, { SOAK_DURATION: '3', SOAK_WORKERS: '1' });
    expect(Number(env['PAXOS_SIM_SHARDS'])).toBe(n);
    const pods = Array.from({ length: n }, (_, i) => {
      const podEnv: Record<string, string> = { ...env, JOB_COMPLETION_INDEX: String(i) };
      // Kubernetes expands $(VAR) in args from the container's environment; the volume is a local directory.
      const args = (c.args as string[]).map((a) => a.replace(/\$\((\w+)\)/g, (_m, v: string) => podEnv[v]!).replace(mount, root));
      return { args, env: podEnv };
    });
    expect(pods[0]!.args).toContain(join(root, 'shard-0'));
    const runs = await soakAll(pods);
    runs.forEach((r, i) => {
      expect(r.status, r.stderr).toBe(0);
      expect(r.json['shard']).toEqual({ index: i + 1, count: n });
    });
    const merged = join(root, 'merged');
    const m = soak(['soak', 'merge', ...pods.map((_, i) => join(root, `shard-${i}`)), '--out', merged]);
    expect(m.status, m.stderr).toBe(0);
    expect(m.json).toMatchObject({ ok: true, findings: [], shard: { index: 1, count: n } });
    expect(m.json['shards']).toHaveLength(n);
    expect(m.json['canary'].every((k: any) => k.caught)).toBe(true);
    expect(readJson(join(merged, 'soak-summary.json')).totals.items).toBe(runs.reduce((a, r) => a + r.json['totals'].items, 0));
  });
});
