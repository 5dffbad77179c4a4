/**
 * `explore` has a memory budget: at an absurd size it stops cleanly at the
 * budget (`--max-memory`, default three quarters of the heap limit) with
 * exit 0, `complete: false` and why, instead of dying in an allocation.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, test } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

test('explore at an absurd size stops at --max-memory with its statistics', () => {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'paxos-sim.js'), 'explore', '--protocol', 'paxos', '--proposers', '8', '--acceptors', '15', '--values', '8', '--max-memory', '300', '--json'],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });
  expect(r.status, r.stderr).toBe(0);
  const j = JSON.parse(r.stdout);
  expect(j).toMatchObject({ ok: true, complete: false, stoppedBy: 'maxMemory', violation: null });
  expect(j.distinctStates).toBeGreaterThan(1000);
  expect(r.stderr).toMatch(/INCOMPLETE: .* stopped by maxMemory/);
});

test('--max-memory is validated at the edge', () => {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'paxos-sim.js'), 'explore', '--protocol', 'paxos', '--max-memory', '10'], { cwd: ROOT, encoding: 'utf8' });
  expect(r.status).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(/--max-memory must be an integer from 64 to/);
});
