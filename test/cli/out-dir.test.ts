/**
 * A bad `--out` is exit 2 with one line before any work (DESIGN.md, "Never
 * lose a finding"): it exists or can be created, is a directory, and is
 * writable, or the command says so at once instead of searching for an hour
 * and then failing to save what it found.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkOutDir } from '../../src/cli/out-dir.js';
import { InputError } from '../../src/kernel/input-error.js';

const base = mkdtempSync(join(tmpdir(), 'paxos-sim-out-'));
const file = join(base, 'a-file');
writeFileSync(file, 'not a directory\n');

/** An existing directory this process cannot write to (root writes through permissions, so use /sys then). */
function unwritableDir(): string | undefined {
  if (process.getuid?.() === 0) return existsSync('/sys') && statSync('/sys').isDirectory() ? '/sys' : undefined;
  const d = join(base, 'read-only');
  mkdirSync(d, { recursive: true });
  chmodSync(d, 0o555);
  return d;
}
const readOnly = unwritableDir();

describe('checkOutDir', () => {
  it('accepts an existing directory, and a missing one it can create, leaving nothing behind', () => {
    expect(() => checkOutDir(base)).not.toThrow();
    const deep = join(base, 'new', 'deeper', 'still');
    expect(() => checkOutDir(deep)).not.toThrow();
    expect(existsSync(join(base, 'new'))).toBe(false);
    expect(readdirSync(base).filter((f) => f.startsWith('.paxos-sim-probe'))).toEqual([]);
  });

  it.each([
    ['a file', file, /is a file, not a directory/],
    ['a path through a file', join(file, 'sub'), /cannot be created: .* is a file, not a directory/],
    ['an empty path', '', /must name a directory/],
    ['a directory that cannot be created (procfs)', '/proc/no-such-dir/x', /cannot be created/],
  ])('refuses %s with one line', (_what, dir, pattern) => {
    let err: unknown;
    try {
      checkOutDir(dir);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(pattern);
    expect((err as Error).message).not.toContain('\n');
  });

  it.skipIf(readOnly === undefined)('refuses a directory it cannot write to', () => {
    expect(() => checkOutDir(readOnly!)).toThrow(/is not writable/);
  });
});

/** The commands that write, each with a budget far beyond what a test may take. */
const LONG: Record<string, string[]> = {
  fuzz: ['fuzz', '--protocol', 'paxos', '--time-limit', '120'],
  'fuzz (issue 9)': ['fuzz', '--protocol', 'paxos', '--variant', 'thesis-python-sim', '--runs', '20', '--seed', '11'],
  explore: ['explore', '--protocol', 'paxos', '--proposers', '3', '--acceptors', '3'],
  campaign: ['campaign', '--runs', '1000000'],
  soak: ['soak', '--time-limit', '120'],
};

const bad: [string, string | undefined, RegExp][] = [
  ['a file', file, /is a file, not a directory/],
  ['a path through a file', join(file, 'sub'), /cannot be created/],
  ['an unwritable directory', readOnly, /is not writable/],
];

describe('a bad --out is exit 2, one line, before any work', () => {
  for (const [name, args] of Object.entries(LONG))
    for (const [what, dir, pattern] of bad)
      it.skipIf(dir === undefined)(`${name} --out <${what}>`, () => {
        const t0 = Date.now();
        const r = spawnSync(process.execPath, ['bin/paxos-sim.js', ...args, '--out', dir!, '--json'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
        const elapsed = Date.now() - t0;
        expect(r.status).toBe(2);
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
        expect(r.stderr).toMatch(pattern);
        expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
        const j = JSON.parse(r.stdout);
        expect(j.ok).toBe(false);
        expect(j.error).toMatch(pattern);
        // Before any work: the budget is minutes; a start-up is well under 5 s even on a loaded machine.
        expect(elapsed).toBeLessThan(5000);
      });
});
