/**
 * Replay files at the edge: every event is checked against the protocol as
 * built for the file's sizes before anything runs (a bad node id is exit 2
 * naming the event, not a phantom node and a divergence); the semantics
 * must be the variant's; reads are bounded and refuse devices; a file's
 * protocol field never names code to load.
 */
import { existsSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkSchedule, counterexampleTarget, MAX_FILE_BYTES, readBounded } from '../../src/api/replay.js';
import { parseCounterexample } from '../../src/corpus/counterexample.js';
import { InputError } from '../../src/kernel/input-error.js';
import { findProtocol } from '../../src/protocols/index.js';
import { cli, corpusCounterexample, freshDir, lines, removeDir, STACK_LINE } from './helpers.js';

const dir = freshDir('replay-edge');
afterAll(() => removeDir(dir));

/** Writes the corpus counterexample with `edit` applied; returns its path. */
function file(name: string, edit: (cx: Record<string, unknown> & { schedule: unknown[] }) => void): string {
  const cx = corpusCounterexample() as Record<string, unknown> & { schedule: unknown[] };
  edit(cx);
  const p = join(dir, name);
  writeFileSync(p, JSON.stringify(cx));
  return p;
}

/** Exit 2, exactly one line on stderr matching `pattern`, nothing on stdout (or one JSON error object under --json). */
function rejected(args: string[], pattern: RegExp): void {
  const r = cli(args);
  expect(r.status, r.stderr).toBe(2);
  expect(lines(r.stderr)).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr).not.toMatch(STACK_LINE);
  expect(r.stdout).toBe('');
  const j = cli([...args, '--json']);
  expect(j.status).toBe(2);
  expect(lines(j.stdout)).toHaveLength(1);
  const o = JSON.parse(j.stdout) as { ok: boolean; error: string };
  expect(o.ok).toBe(false);
  expect(o.error).toMatch(pattern);
  expect(lines(j.stderr)).toHaveLength(1);
}

describe('replay checks every event against the built protocol', () => {
  it('a phantom node (recover 99 in a 5-node file) is exit 2 naming the event, before anything runs', () => {
    const p = file('phantom.json', (cx) => cx.schedule.splice(7, 0, { k: 'recover', node: 99 }));
    rejected(['replay', p], /phantom\.json: schedule\[7\] \{"k":"recover","node":99\}: node 99 does not exist; nodes are 0\.\.4$/m);
    // Before the fix this ran, made a node A99 and reported a divergence (exit 1): no trace may be printed now.
    expect(cli(['replay', p]).stdout).not.toMatch(/A99/);
  });

  it.each([
    ['from', { k: 'deliver', from: 5, to: 1, msg: 'x' }, /schedule\[0\] \{"k":"deliver","from":5,"to":1,"msg":"x"\}: from node 5 does not exist; nodes are 0\.\.4/],
    ['to', { k: 'dup', from: 0, to: 12, msg: 'x' }, /to node 12 does not exist; nodes are 0\.\.4/],
    ['links', { k: 'partition', links: [[0, 1], [2, 7]] }, /schedule\[0\] .*: links\[1\]: node 7 does not exist; nodes are 0\.\.4/],
    ['timer node', { k: 'timer', node: 5, timer: 'start' }, /node 5 does not exist; nodes are 0\.\.4/],
    ['negative node', { k: 'crash', node: -1 }, /"node" must be a node id \(a non-negative integer\), got -1/],
    ['fractional node', { k: 'local', node: 1.5, action: 'add_proc' }, /"node" must be a node id \(a non-negative integer\), got 1\.5/],
    ['huge node', { k: 'local', node: 1e300, action: 'add_proc' }, /"node" must be a node id .*got 1e\+300/],
    ['timer key', { k: 'timer', node: 0, timer: 7 }, /"timer" must be a string/],
    ['action key', { k: 'local', node: 0, action: { a: 1 } }, /"action" must be a string/],
    ['message key', { k: 'deliver', from: 0, to: 1, msg: null }, /"msg" must be a string/],
    ['nth', { k: 'drop', from: 0, to: 1, msg: 'x', nth: -2 }, /"nth" must be a non-negative integer/],
    ['unknown kind', { k: 'teleport', node: 0 }, /unknown kind "teleport"; accepted: deliver, drop, dup, local, timer, crash, recover, partition, heal/],
    ['not an object', 42, /schedule\[0\] 42: an event must be an object/],
    ['pair', { k: 'partition', links: [[0, 1, 2]] }, /links\[0\] must be a \[from, to\] pair of node ids/],
  ])('%s', (name, event, pattern) => {
    // In process (the CLI path is the same function; the phantom case above runs the CLI).
    const p = file(`bad-${name.replace(/ /g, '-')}.json`, (cx) => cx.schedule.unshift(event));
    const paxos = findProtocol('paxos')!;
    let err: unknown;
    try {
      counterexampleTarget(parseCounterexample(readFileSync(p, 'utf8'), p), paxos, p);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(pattern);
    expect((err as Error).message).not.toMatch(/\n/);
  });

  it('the semantics must be the variant\'s: a multiset variant\'s file saying "set" is refused', () => {
    const p = file('set.json', (cx) => (cx.semantics = 'set'));
    rejected(['replay', p], /semantics "set" does not match variant thesis-python-sim, which runs under "multiset"/);
  });

  it('an unknown protocol lists the accepted ones; a protocol field that looks like a module path is never loaded', () => {
    rejected(['replay', file('raft.json', (cx) => (cx.protocol = 'raft'))], /names protocol "raft", which is not built in \(built-in: paxos, paxosstore\)/);
    const marker = join(dir, 'evil-ran');
    writeFileSync(join(dir, 'evil.js'), `import { writeFileSync } from 'node:fs'; writeFileSync(${JSON.stringify(marker)}, 'ran'); export default {};`);
    const p = file('evil-ref.json', (cx) => (cx.protocol = join(dir, 'evil.js')));
    rejected(['replay', p], /which is not built in/);
    expect(existsSync(marker)).toBe(false);
  });

  it('an untouched saved counterexample still reproduces (exit 1, reproduced)', () => {
    const p = file('ok.json', () => undefined);
    const r = cli(['replay', p, '--json', '--quiet']);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ reproduced: true, divergence: null });
  });
});

describe('replay reads are bounded', () => {
  it('/dev/zero (not a regular file) is exit 2 at once', () => {
    const r = cli(['replay', '/dev/zero']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('paxos-sim: /dev/zero is not a regular file (a character device); give a counterexample file\n');
    expect(r.ms).toBeLessThan(5_000);
  });

  it('a directory is exit 2', () => rejected(['replay', dir], /is not a regular file \(a directory\)/));

  it(`a file over ${MAX_FILE_BYTES} bytes is exit 2 at once, without reading it`, () => {
    const big = join(dir, 'big.json');
    writeFileSync(big, '');
    truncateSync(big, MAX_FILE_BYTES + 1); // sparse: no disk used
    const r = cli(['replay', big]);
    expect(r.status).toBe(2);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(new RegExp(`is ${MAX_FILE_BYTES + 1} bytes; counterexample files are at most ${MAX_FILE_BYTES} bytes \\(64 MiB\\)`));
    expect(r.ms).toBeLessThan(5_000);
  });

  it('readBounded stops at its bound (and reads a file exactly at it)', () => {
    const p = join(dir, 'ten.txt');
    writeFileSync(p, '0123456789');
    expect(readBounded(p, 10)).toBe('0123456789');
    expect(() => readBounded(p, 9)).toThrow(/is 10 bytes; counterexample files are at most 9 bytes/);
    expect(() => readBounded(join(dir, 'missing.json'))).toThrow(/cannot read .*missing\.json: no such file \(ENOENT\)/);
  });
});

describe('the event check in process', () => {
  const paxos = findProtocol('paxos')!;

  it('checkSchedule names the first bad event', () => {
    expect(() => checkSchedule([{ k: 'heal' }, { k: 'recover', node: 99 }], 5, 'f.json')).toThrow(
      new InputError('f.json: schedule[1] {"k":"recover","node":99}: node 99 does not exist; nodes are 0..4'),
    );
    expect(() => checkSchedule([{ k: 'heal' }, { k: 'partition', links: [[4, 0]] }], 5, 'f.json')).not.toThrow();
  });

  it('parsing keeps only the fields of each kind (a __proto__ key stays behind) and leaves Object.prototype alone', () => {
    const cx = corpusCounterexample();
    const text = JSON.stringify(cx).replace('"schedule":[{', '"schedule":[{"__proto__":{"polluted":1},"extra":2,');
    const parsed = parseCounterexample(text, 'x.json');
    expect(Object.keys(parsed.schedule[0]!)).toEqual(Object.keys((cx['schedule'] as object[])[0]!));
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    const t = counterexampleTarget(parsed, paxos, 'x.json');
    expect(t.variant.name).toBe('thesis-python-sim');
  });

  it('a __proto__ size in config is refused by name', () => {
    const text = JSON.stringify(corpusCounterexample()).replace('"config":{', '"config":{"__proto__":3,');
    expect(() => counterexampleTarget(parseCounterexample(text, 'x.json'), paxos, 'x.json')).toThrow(/config\.__proto__ is not a size of paxos; its sizes are proposers, acceptors, values/);
  });

  it('values nested too deep to print are still one clear line', () => {
    const deep = '['.repeat(200_000) + ']'.repeat(200_000);
    const text = JSON.stringify(corpusCounterexample()).replace('"schedule":[', `"schedule":[{"k":"recover","node":${deep}},`);
    expect(() => parseCounterexample(text, 'x.json')).toThrow(/schedule\[0\] \{…\}: "node" must be a node id \(a non-negative integer\), got \[…\]/);
  });
});
