/**
 * Every bad input is exit 2 with exactly one line on stderr saying what was
 * wrong and what is accepted, and under --json exactly one JSON object
 * `{ "ok": false, "error": … }` on stdout. Usage without arguments goes to
 * stderr (exit 2); help asked for goes to stdout (exit 0).
 */
import { describe, expect, it } from 'vitest';
import { intFlag, parseCommand, secondsFlag } from '../../src/cli/args.js';
import { fuzzSpec } from '../../src/cli/fuzz.js';
import { cli, cliAsync, lines, ROOT, STACK_LINE } from './helpers.js';

/**
 * Runs `args` with --json (stdout: exactly the error object; stderr: the one
 * human line) and, when `plain`, also without it (stdout empty).
 */
async function bad(args: string[], pattern: RegExp, plain: boolean): Promise<void> {
  const [j, r] = await Promise.all([cliAsync([...args, '--json'], ROOT), plain ? cliAsync(args, ROOT) : undefined]);
  for (const x of r ? [j, r] : [j]) {
    expect(x.status, x.stderr).toBe(2);
    expect(lines(x.stderr), x.stderr).toHaveLength(1);
    expect(x.stderr).toMatch(/^paxos-sim: /);
    expect(x.stderr).toMatch(pattern);
    expect(x.stderr + x.stdout).not.toMatch(STACK_LINE);
  }
  if (r) expect(r.stdout).toBe('');
  expect(lines(j.stdout)).toHaveLength(1);
  const o = JSON.parse(j.stdout) as Record<string, unknown>;
  expect(Object.keys(o).sort()).toEqual(['error', 'ok']);
  expect(o['ok']).toBe(false);
  expect(`paxos-sim: ${o['error'] as string}\n`).toBe(j.stderr);
}

describe('bad input: one line, exit 2, one JSON object under --json', () => {
  it.each([
    [['fuzz', '--protocol', 'paxos', '--runs', '-5'], /--runs must be an integer from 1 to 9007199254740991, got "-5"/],
    [['fuzz', '--protocol', 'paxos', '--seed', '9007199254740993'], /--seed must be an integer from 0 to 4294967295, got 9007199254740993$/m],
    [['fuzz', '--protocol', 'paxos', '--seed', '-1'], /--seed must be an integer from 0 to 4294967295, got "-1"/],
    [['fuzz', '--protocol', 'paxos', '--time-limit', '-0.5'], /--time-limit must be a positive number of seconds up to 2147483 \(e\.g\. 30 or 0\.5\), got "-0\.5"/],
    [['fuzz', '--protocol', 'paxos', '--acceptors', '-3'], /--acceptors must be an integer from 1 to \d+, got "-3"/],
    [['fuzz', '--protocol', 'paxos', '--runs'], /fuzz: --runs needs a value \(--runs N\)/],
    [['fuzz', '--protocol', 'paxos', '--out', '--quiet'], /--out needs a value \(--out DIR\), got the flag-like "--quiet"; to pass a value that starts with "-", write --out=--quiet/],
    [['fuzz', '--protocol', 'paxos', '--out', ''], /--out needs a value \(--out DIR\), got an empty string/],
    [['fuzz', '--protocol', 'paxos', '--quiet=yes'], /--quiet is a switch and takes no value/],
    [['fuzz', '--protocol', 'paxos', '--runs', '1', '--runs', '2'], /--runs is given twice \("1" and "2"\); give it once/],
    [['fuzz', '--protocol', 'paxos', '--protocol', 'paxosstore'], /--protocol is given twice/],
    [['fuzz', '--protocol', 'paxos', '-x'], /fuzz: unknown flag -x; accepted: --protocol .* --help/],
    [['fuzz', '--protocol', 'paxos', 'stray'], /fuzz: unexpected argument "stray"; fuzz takes only flags/],
    [['fuzz', '--protocol', '-5'], /unknown protocol "-5"; accepted: paxos, paxosstore, or a path to a module/],
    [['replay', 'a.json', 'b.json'], /replay: unexpected argument "b\.json"; usage: paxos-sim replay FILE/],
    [['replay', 'a\nb\u001b[K.json'], /cannot read a\\nb\\u001b\[K\.json: no such file \(ENOENT\)/],
    [['help', 'nosuch'], /unknown command "nosuch"; accepted: campaign, fuzz, replay, explore, mutants, induct, soak, list/],
    [['soak', '--workers', '0'], /--workers must be an integer from 1 to 256, got 0/],
  ])('%j', async (args, pattern) => bad(args as string[], pattern as RegExp, (args as string[]).includes('--runs') || (args as string[])[0] !== 'fuzz'));

  it('no escape sequence reaches the terminal from an argument', () => {
    const r = cli(['fuzz', '--protocol', 'paxos', '--variant', 'x\u001b[2Jy']);
    expect(r.status).toBe(2);
    expect(r.stderr).not.toMatch(/\u001b/);
    expect(r.stderr).toMatch(/unknown variant "x\\u001b\[2Jy" of paxos; accepted: classic/);
  });
});

describe('usage and help', () => {
  it('no arguments: the usage on stderr, nothing on stdout, exit 2', () => {
    const r = cli([]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^usage: paxos-sim COMMAND \[flags\]\n/);
    expect(r.stderr).toMatch(/ fuzz +seeded fuzzing/);
  });

  it.each([[['--help']], [['-h']], [['help']], [['help', 'fuzz']], [['fuzz', '-h']], [['fuzz', '--help', '--protocol', 'paxosstore']], [['replay', '--help']]])(
    '%j: help on stdout, exit 0',
    (args) => {
      const r = cli(args);
      expect(r.status).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout).toMatch(/^usage: paxos-sim /);
    },
  );

  it('help under --json is one JSON object', () => {
    const r = cli(['fuzz', '--help', '--json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, command: 'help', help: expect.stringMatching(/^usage: paxos-sim fuzz/) });
  });
});

describe('the value checks in process', () => {
  it('intFlag compares digits as text: no rounding beyond 2^53, leading zeros allowed', () => {
    expect(intFlag('seed', '0042', 0, 2 ** 32 - 1)).toBe(42);
    expect(intFlag('seed', '4294967295', 0, 2 ** 32 - 1)).toBe(4294967295);
    expect(() => intFlag('seed', '4294967296', 0, 2 ** 32 - 1)).toThrow('--seed must be an integer from 0 to 4294967295, got 4294967296');
    expect(() => intFlag('runs', '9007199254740993', 1)).toThrow('--runs must be an integer from 1 to 9007199254740991, got 9007199254740993');
    expect(intFlag('runs', '9007199254740991', 1)).toBe(Number.MAX_SAFE_INTEGER);
    for (const v of ['1e3', '0x10', '1.0', '', ' ', '+1', '-0']) expect(() => intFlag('runs', v, 1)).toThrow(/must be an integer/);
  });

  it('secondsFlag takes decimal seconds only', () => {
    expect(secondsFlag('time-limit', '0.5')).toBe(0.5);
    expect(secondsFlag('time-limit', '30')).toBe(30);
    for (const v of ['0', '0x10', '1e3', 'Infinity', '-1', '', '2147484']) expect(() => secondsFlag('time-limit', v)).toThrow(/positive number of seconds/);
  });

  it('parseCommand keeps values that start with "-" only when they are numbers (so the range check can name them)', async () => {
    const r = await parseCommand(fuzzSpec, ['--protocol', 'paxos', '--runs', '-5', '--acceptors', '-1']);
    expect(r.flags.runs).toBe('-5');
    expect(r.flags.sizes).toEqual({ acceptors: '-1' });
    const eq = await parseCommand(fuzzSpec, ['--protocol=paxos', '--out=--weird']);
    expect(eq.flags.out).toBe('--weird');
  });
});
