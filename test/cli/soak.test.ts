/**
 * `soak` keeps to its `--time-limit`: the whole soak, not each shard, with at
 * most one worker per shard (issue 9: `--time-limit 3 --workers 8` ran 7 s,
 * `--workers 256` announced 256 s per shard).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shardShare } from '../../src/cli/soak.js';

describe('soak budget', () => {
  it('shares the time limit between waves of shards, less a reserve for starting each', () => {
    expect(shardShare(3, 4, 8)).toEqual({ share: 3, seconds: 2 });
    expect(shardShare(3, 4, 256)).toEqual({ share: 3, seconds: 2 });
    expect(shardShare(600, 4, 1)).toEqual({ share: 150, seconds: 149 });
    expect(shardShare(600, 4, 3)).toEqual({ share: 300, seconds: 299 });
    expect(shardShare(1, 4, 1).seconds).toBeGreaterThan(0);
    for (const [t, n, w] of [[3, 4, 8], [10, 4, 3], [1, 4, 1], [0.5, 4, 2]] as const) {
      const { share, seconds } = shardShare(t, n, w);
      expect(share * Math.ceil(n / Math.min(n, w))).toBeCloseTo(t);
      expect(seconds).toBeLessThanOrEqual(share);
    }
  });

  it.each([['8'], ['256']])('--time-limit 3 --workers %s: 4 workers, done within the limit plus start-up', (workers) => {
    const out = mkdtempSync(join(tmpdir(), 'paxos-sim-soak-'));
    const t0 = Date.now();
    const r = spawnSync(process.execPath, ['bin/paxos-sim.js', 'soak', '--time-limit', '3', '--workers', workers, '--seed', '5', '--out', out, '--json'], { encoding: 'utf8', timeout: 60_000 });
    const wall = Date.now() - t0;
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ ok: true, workers: 4, timeLimit: 3, interrupted: null });
    expect(j.secondsPerShard).toBeLessThanOrEqual(3);
    expect(j.shards).toHaveLength(4);
    expect(r.stderr).toMatch(new RegExp(`4 workers \\(${workers} asked; one per shard at most\\)`));
    // The soak itself: the limit plus a bounded overhead (a shard still running 0.25 s past its share is stopped; start-up on a loaded machine adds to it).
    expect(j.elapsedMs).toBeLessThan(3000 + 3000);
    expect(wall).toBeLessThan(3000 + 5000);
  });
});
