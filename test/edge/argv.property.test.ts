/**
 * Property-based tests of the command line's edge, with fast-check: arbitrary
 * argument vectors for every command — known flags with arbitrary strings and
 * numbers (separate or `--flag=value`), switches given values, unknown flags,
 * missing values, repeated flags, `--`, positional junk, junk commands.
 *
 * In process (most inputs): reading the command line (`readCommandLine`:
 * command, help, `parseCommand`) and the value checks every command makes
 * before any work (`resolveTarget`, `seedFlag`, `intFlag`, `secondsFlag`)
 * throw nothing but `InputError`, and leave the built-in prototypes alone.
 *
 * The real CLI (a sample, a few processes at a time, each in a fresh
 * working directory): exit 0, 1 or 2, never 3 nor a signal; no stack trace;
 * on exit 2 exactly one line on stderr; under --json exactly one JSON object
 * on stdout; no file created outside the output directory (nothing at all
 * on exit 2).
 */
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { intFlag, resolveTarget, secondsFlag, seedFlag } from '../../src/cli/args.js';
import { FLAGS, type FlagName } from '../../src/cli/flags.js';
import { COMMANDS, readCommandLine } from '../../src/cli/help.js';
import { paramFlag } from '../../src/kernel/definition.js';
import { InputError } from '../../src/kernel/input-error.js';
import { protocols } from '../../src/protocols/index.js';
import { cliAsync, CORPUS, edgeRuns, edgeSeed, FIXTURES, freshDir, lines, listing, polluted, pool, prototypeSnapshot, removeDir, STACK_LINE, Tally } from './helpers.js';
import { copyFileSync } from 'node:fs';

const SEED = edgeSeed(20240909);
const QUORUM = join(FIXTURES, 'quorum.mjs');
const MODULES = [QUORUM, join(FIXTURES, 'bad-definition.mjs'), join(FIXTURES, 'no-definition.mjs')];
const SIZE_FLAGS = [...new Set([...protocols.flatMap((p) => p.params.map(paramFlag)), 'acceptors', 'q2'])];
const NAMES = {
  variant: [...new Set(protocols.flatMap((p) => p.variants.map((v) => v.name))), 'any-quorum', 'majority'],
  invariant: [...new Set(protocols.flatMap((p) => p.invariants.map((i) => i.name))), 'liveness'],
  strategy: ['des', 'uniform', 'swarm', 'pct', 'fast-check', 'all'],
  faults: ['swarm', 'on', 'off'],
};

/** Arbitrary text, but never the name of an existing file here (so a junk `--protocol` value cannot import code) and never NUL (argv cannot carry it). */
const junk = fc
  .oneof(
    { arbitrary: fc.string({ maxLength: 12 }), weight: 4 },
    { arbitrary: fc.string({ unit: 'binary', maxLength: 12 }), weight: 2 },
    { arbitrary: fc.constantFrom('', ' ', '-', '--', '---', '-h', '--help', '--json', '=', '.', '..', '\n', '\u001b[K', '__proto__', 'constructor', 'toString'), weight: 2 },
  )
  .filter((s) => !s.includes('\0') && !(s.length > 0 && existsSync(s) && statSync(s).isFile()));

/** Numbers as the command line sees them: small, negative, huge, fractional, in other notations. */
const numberish = fc.oneof(
  fc.integer({ min: -3, max: 12 }).map(String),
  fc.integer().map(String),
  fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }).map(String),
  fc.double({ noNaN: false }).map(String),
  fc.constantFrom('0', '1', '-0', '+1', '1e3', '0x10', '1.5', ' 2 ', 'NaN', 'Infinity', '-Infinity', '9007199254740993', '4294967295', '4294967296', '00042', '0.5'),
);

/** Values for a flag: mostly of its kind, sometimes anything. */
function valueFor(flag: string): fc.Arbitrary<string> {
  const own: fc.Arbitrary<string>[] = [numberish];
  if (flag === 'protocol') own.push(fc.constantFrom('paxos', 'paxosstore', ...MODULES, 'nosuch', './missing.js', 'proto.ts'));
  if (flag in NAMES) own.push(fc.constantFrom(...NAMES[flag as keyof typeof NAMES]));
  if (flag === 'out') own.push(fc.constantFrom('out', 'a/b', 'out dir'));
  if (flag === 'path') own.push(fc.constantFrom('0', '1:2:3', '12:0:3', ':', 'a:b'));
  return fc.oneof({ arbitrary: fc.oneof(...own), weight: 3 }, { arbitrary: junk, weight: 1 });
}

const knownFlag = fc.constantFrom(...(Object.keys(FLAGS) as string[]), ...SIZE_FLAGS);

/** One argument or flag-with-value group. */
const token: fc.Arbitrary<string[]> = fc.oneof(
  { arbitrary: knownFlag.chain((f) => valueFor(f).map((v) => [`--${f}`, v])), weight: 6 },
  { arbitrary: knownFlag.chain((f) => valueFor(f).map((v) => [`--${f}=${v}`])), weight: 2 },
  { arbitrary: knownFlag.map((f) => [`--${f}`]), weight: 3 },
  { arbitrary: junk.map((s) => [`--${s}`]), weight: 1 },
  { arbitrary: fc.constantFrom('-x', '-5', '-hx', '-j').map((s): string[] => [s]), weight: 1 },
  { arbitrary: junk.map((s) => [s]), weight: 1 },
  { arbitrary: fc.constant(['--']).map((t): string[] => [...t]), weight: 1 },
);

const commandName = fc.oneof(
  { arbitrary: fc.constantFrom(...COMMANDS.map((c) => c.name)), weight: 10 },
  { arbitrary: fc.constantFrom('help', '--help', '-h'), weight: 1 },
  { arbitrary: junk, weight: 1 },
);

/** A whole argument vector (sometimes empty). */
const argv: fc.Arbitrary<string[]> = fc.oneof(
  { arbitrary: fc.tuple(commandName, fc.array(token, { maxLength: 6 })).map(([c, ts]) => [c, ...ts.flat()]), weight: 30 },
  { arbitrary: fc.constant([] as string[]), weight: 1 },
);

/** What every command checks before it starts work (the value checks of its run function). */
function valueChecks(flags: Record<string, unknown>, cmd: string, protocol: Parameters<typeof resolveTarget>[1]): void {
  const f = flags as Parameters<typeof resolveTarget>[0];
  if (cmd === 'fuzz' || cmd === 'explore' || cmd === 'induct' || (cmd === 'replay' && (f.seed !== undefined || f.path !== undefined))) resolveTarget(f, protocol);
  if (f.seed !== undefined) seedFlag(f.seed);
  intFlag('runs', f.runs, 1);
  secondsFlag('time-limit', f['time-limit']);
  intFlag('workers', f.workers, 1, 256);
  intFlag('max-states', f['max-states'], 1);
  intFlag('max-depth', f['max-depth'], 1);
}

const inProcess = new Tally('argv, in process');
const spawned = new Tally('argv, real CLI');
afterAll(() => {
  console.log(inProcess.report());
  console.log(spawned.report());
});

describe('argument vectors, in process', () => {
  it('reading and checking any argument vector throws only InputError (one line) and leaves the prototypes alone', async () => {
    const before = prototypeSnapshot();
    inProcess.begin();
    await fc.assert(
      fc.asyncProperty(argv, async (args) => {
        let outcome = 'accepted';
        try {
          const line = await readCommandLine(args);
          if ('help' in line) outcome = `help (${line.help.status})`;
          else valueChecks(line.args.flags as Record<string, unknown>, line.cmd.name, line.args.protocol);
        } catch (e) {
          if (!(e instanceof InputError)) throw e;
          outcome = 'InputError';
          expect(e.message.length).toBeGreaterThan(0);
        }
        inProcess.add(outcome);
        expect(prototypeSnapshot()).toBe(before);
        expect(polluted()).toBe(false);
      }),
      { seed: SEED, numRuns: edgeRuns(4000) },
    );
    inProcess.end();
  });
});

/** Flags that bound the work of a command that would otherwise run long; always given, so a valid vector finishes in about a second. */
const BUDGET: Record<string, string[]> = {
  fuzz: ['--runs', '3'],
  campaign: ['--runs', '1', '--protocol', 'paxos'],
  explore: ['--max-states', '100'],
  induct: ['--runs', '20', '--max-states', '50', '--reach', '0'],
  mutants: ['--only', 'accept-below-promise', '--time-limit', '1', '--shortest-limit', '0'],
  soak: ['--time-limit', '1', '--workers', '1'],
};

/** Tokens for the real CLI: mostly the command's own flags with values it accepts, so that runs reach exit 0 and 1 too. */
function spawnToken(cmd: string): fc.Arbitrary<string[]> {
  const spec = COMMANDS.find((c) => c.name === cmd);
  const own = spec ? (Object.keys(spec.flags) as FlagName[]).filter((f) => f !== 'out' && f !== 'protocol') : [];
  const switches = own.filter((f) => FLAGS[f].type === 'boolean');
  const valued = [...own.filter((f) => FLAGS[f].type === 'string'), ...(spec?.sizes ? ['acceptors', 'values'] : [])];
  const choices: fc.WeightedArbitrary<string[]>[] = [{ arbitrary: token, weight: 2 }];
  if (switches.length > 0) choices.push({ arbitrary: fc.constantFrom(...switches).map((f) => [`--${f}`]), weight: 4 });
  if (valued.length > 0) choices.push({ arbitrary: fc.constantFrom(...valued).chain((f) => plausible(f).map((v) => [`--${f}`, v])), weight: 4 });
  return fc.oneof(...choices);
}

/** A value a flag accepts (or nearly). */
function plausible(flag: string): fc.Arbitrary<string> {
  if (flag === 'protocol') return fc.constantFrom('paxos', 'paxosstore', QUORUM);
  if (flag in NAMES) return fc.constantFrom(...NAMES[flag as keyof typeof NAMES]);
  if (flag === 'time-limit') return fc.constantFrom('0.2', '0.5');
  if (flag === 'seed') return fc.constantFrom('1', '7', '42');
  if (flag === 'path') return fc.constantFrom('0', '1:2');
  if (flag === 'html' || flag === 'shiviz') return fc.constantFrom('r.html', 'sub/r.log', '.');
  if (flag === 'acceptors' || flag === 'values') return fc.constantFrom('2', '3');
  return fc.integer({ min: 0, max: 4 }).map(String);
}

/** Relative output directories only, so everything a run writes is inside its working directory. */
const safeOut = fc.constantFrom('out', 'a/b', 'out dir', 'o-1');

/** A vector for the real CLI: like `argv`, with the budget flags, a relative `--out`, and a counterexample file for replay. */
const spawnArgv: fc.Arbitrary<string[]> = fc
  .record({ cmd: commandName })
  .chain(({ cmd }) => fc.record({
    cmd: fc.constant(cmd),
    tokens: fc.array(spawnToken(cmd), { maxLength: 3 }),
    out: fc.option(safeOut, { nil: undefined }),
    protocol: fc.option(plausible('protocol'), { nil: undefined, freq: 5 }),
    file: fc.constantFrom('cx.json', 'cx.json', 'missing.json', 'out'),
    at: fc.nat(6),
  }))
  .map(({ cmd, tokens, out, protocol, file, at }) => {
    // Generated --out groups go (the run must write inside its working directory); the sample's own relative --out comes instead.
    const parts = tokens.filter((t) => !t[0]!.startsWith('--out') && !(protocol !== undefined && t[0]!.startsWith('--protocol')));
    const fixed = [...(Object.hasOwn(BUDGET, cmd) ? BUDGET[cmd]! : [])];
    if (out !== undefined && cmd !== 'replay' && cmd !== 'list') fixed.push('--out', out);
    if ((cmd === 'fuzz' || cmd === 'explore') && protocol !== undefined) fixed.push('--protocol', protocol);
    if (cmd === 'replay') fixed.unshift(file);
    // soak with valid flags runs for seconds: its vectors always carry one flag it refuses.
    if (cmd === 'soak') parts.splice(at % (parts.length + 1), 0, ['--bogus']);
    return [cmd, ...fixed, ...parts.flat()];
  });

/** The output directory a vector names (the default when it names none). */
function outDirOf(args: readonly string[]): string {
  const end = args.indexOf('--');
  const head = end < 0 ? args : args.slice(0, end);
  const i = head.indexOf('--out');
  return i >= 0 && i + 1 < head.length ? head[i + 1]! : 'counterexamples';
}

/** The files a vector asks `replay` to write (`--html OUT`, `--shiviz OUT`). */
function reportFilesOf(args: readonly string[]): string[] {
  const end = args.indexOf('--');
  const head = end < 0 ? args : args.slice(0, end);
  return head.flatMap((a, i) => ((a === '--html' || a === '--shiviz') && i + 1 < head.length ? [head[i + 1]!] : []));
}

function checkRun(args: readonly string[], cwd: string, r: Awaited<ReturnType<typeof cliAsync>>, created: string[]): void {
  const ctx = `paxos-sim ${JSON.stringify(args)}\nstatus ${r.status} signal ${r.signal}\nstdout: ${r.stdout.slice(0, 2000)}\nstderr: ${r.stderr.slice(0, 2000)}\ncreated: ${created.join(', ')}`;
  expect([0, 1, 2], ctx).toContain(r.status);
  expect(r.stdout + r.stderr, ctx).not.toMatch(STACK_LINE);
  if (r.status === 2 && args.length > 0) expect(lines(r.stderr), ctx).toHaveLength(1);
  const end = args.indexOf('--');
  if ((end < 0 ? args : args.slice(0, end)).includes('--json')) {
    expect(lines(r.stdout), ctx).toHaveLength(1);
    const o = JSON.parse(r.stdout) as unknown;
    expect(typeof o === 'object' && o !== null && !Array.isArray(o), ctx).toBe(true);
    if (r.status === 2) expect(o, ctx).toMatchObject({ ok: false, error: expect.any(String) });
  }
  const out = resolve(cwd, outDirOf(args));
  // Files a vector names itself (`replay --html OUT`, `--shiviz OUT`) are outputs too, with the directories leading to them.
  const named = reportFilesOf(args).map((f) => resolve(cwd, f));
  const isNamed = (p: string): boolean => named.some((f) => f === resolve(cwd, p) || f.startsWith(resolve(cwd, p.replace(/\/$/, '')) + '/'));
  const outside = created.filter((p) => !(resolve(cwd, p) + '/').startsWith(out + '/') && resolve(cwd, p) !== out + '/' && !out.startsWith(resolve(cwd, p.replace(/\/$/, '')) + '/') && !isNamed(p));
  expect(outside, ctx).toEqual([]);
  if (r.status === 2) expect(created, ctx).toEqual([]);
}

describe('argument vectors, the real CLI', () => {
  it('exit 0, 1 or 2; no stack trace; one line on exit 2; one JSON object under --json; no file outside --out', async () => {
    spawned.begin();
    await fc.assert(
      fc.asyncProperty(fc.array(spawnArgv, { minLength: 4, maxLength: 4 }), async (batch) => {
        const results = await pool(batch, 2, async (args) => {
          const cwd = freshDir('argv');
          try {
            if (args[0] === 'replay') copyFileSync(join(CORPUS, 'paxos-thesis-python-sim-liveness-fa9760a33ca217fb.json'), join(cwd, 'cx.json'));
            const before = new Set(listing(cwd));
            const r = await cliAsync(args, cwd, 60_000);
            const created = listing(cwd).filter((p) => !before.has(p));
            return { args, cwd, r, created };
          } finally {
            removeDir(cwd);
          }
        });
        for (const { args, cwd, r, created } of results) {
          spawned.add(`exit ${r.status}`);
          if (process.env['EDGE_DEBUG']) console.log(r.ms, r.status, JSON.stringify(args));
          checkRun(args, cwd, r, created);
        }
      }),
      { seed: SEED, numRuns: edgeRuns(6) },
    );
    spawned.end();
  });
});
