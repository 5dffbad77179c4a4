/**
 * The `induct` command line: exit 1 with one JSON object holding a shrunk CTI
 * for `agreement`; exit 0 for the full invariant within a budget, and with
 * `complete: true` in exhaustive mode; exit 2 with the accepted names for
 * an unknown or missing invariant.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { killLeftovers, start } from '../cli/spawn.js';

const out = mkdtempSync(join(tmpdir(), 'induct-cli-'));
afterEach(killLeftovers);
afterAll(() => rmSync(out, { recursive: true, force: true }));

async function run(args: string[]) {
  const r = await start(['induct', ...args, '--json', '--out', out, '--reach', '0']).done;
  const lines = r.stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  return { status: r.status, json: JSON.parse(lines[0]!), stderr: r.stderr };
}

describe('paxos-sim induct', () => {
  it.each(['paxos', 'paxosstore'])('%s --invariant agreement: exit 1, one JSON object with a CTI, saved', async (protocol) => {
    const r = await run(['--protocol', protocol, '--invariant', 'agreement', '--seed', '1', '--runs', '3000', ...(protocol === 'paxosstore' ? ['--max-ballot', '4'] : [])]);
    expect(r.status).toBe(1);
    expect(r.json).toMatchObject({ command: 'induct', ok: false, protocol, invariant: 'agreement', mode: 'random', seed: 1 });
    expect(r.json.cti).toMatchObject({ conjunct: 'agreement' });
    for (const k of ['state', 'after', 'diff']) expect(Array.isArray(r.json.cti[k])).toBe(true);
    expect(typeof r.json.cti.event).toBe('string');
    expect(JSON.parse(readFileSync(r.json.file, 'utf8'))).toMatchObject({ format: 'paxos-sim/cti@1', invariant: 'agreement' });
  });

  it('the full invariant: exit 0 within the budget, and complete in exhaustive mode', async () => {
    const r = await run(['--protocol', 'paxos', '--invariant', 'inductive', '--seed', '2', '--runs', '500']);
    expect(r.status).toBe(0);
    expect(r.json).toMatchObject({ ok: true, cti: null, states: 500 });
    expect(r.json.checksPerSec).toBeGreaterThan(0);
    const e = await run(['--protocol', 'paxos', '--variant', 'thesis', '--proposers', '1', '--acceptors', '2', '--values', '1', '--invariant', 'inductive', '--exhaustive']);
    expect(e.status).toBe(0);
    expect(e.json).toMatchObject({ ok: true, mode: 'exhaustive', complete: true, cti: null });
  });

  it('an unknown or missing invariant: exit 2 with the accepted names', async () => {
    for (const args of [['--invariant', 'nope'], []]) {
      const r = await run(['--protocol', 'paxos', ...args]);
      expect(r.status).toBe(2);
      expect(r.json.ok).toBe(false);
      expect(r.json.error).toMatch(/accepted: agreement, .*inductive/);
    }
  });
});
