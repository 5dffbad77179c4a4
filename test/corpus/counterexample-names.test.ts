/**
 * Counterexample files never overwrite one another: the name carries the
 * campaign seed and run when known, and a taken name gets a numeric suffix
 * (the final name is created by a hard link, which never replaces a file).
 * Writes stay atomic and leave no temporary file behind.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { counterexampleBaseName, parseCounterexample, writeCounterexample, type CounterexampleFile } from '../../src/corpus/counterexample.js';
import { cli, corpusCounterexample, freshDir, removeDir } from '../edge/helpers.js';

const dirs: string[] = [];
const dir = (): string => {
  const d = freshDir('names');
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach(removeDir));

const base = (): CounterexampleFile => parseCounterexample(JSON.stringify(corpusCounterexample()), 'corpus');

describe('counterexample file names never collide', () => {
  it('the same fingerprint found from two seeds leaves two files', () => {
    const d = dir();
    const a = writeCounterexample(d, { ...base(), seed: 1, run: 12 });
    const b = writeCounterexample(d, { ...base(), seed: 2, run: 12 });
    expect(a).not.toBe(b);
    expect(readdirSync(d).sort()).toEqual([
      'seed1-run12-paxos-thesis-python-sim-liveness-fa9760a33ca217fb.json',
      'seed2-run12-paxos-thesis-python-sim-liveness-fa9760a33ca217fb.json',
    ]);
    expect(parseCounterexample(readFileSync(a, 'utf8'), a).seed).toBe(1);
    expect(parseCounterexample(readFileSync(b, 'utf8'), b).seed).toBe(2);
  });

  it('the same seed and run again (or no seed at all) gets a numeric suffix instead of replacing the first', () => {
    const d = dir();
    const paths = [1, 2, 3].map(() => writeCounterexample(d, { ...base(), seed: 5, run: 0 }));
    const none = [1, 2].map(() => writeCounterexample(d, { ...base(), seed: null, run: null }));
    expect([...paths, ...none].map((p) => p.slice(d.length + 1))).toEqual([
      'seed5-run0-paxos-thesis-python-sim-liveness-fa9760a33ca217fb.json',
      'seed5-run0-paxos-thesis-python-sim-liveness-fa9760a33ca217fb-2.json',
      'seed5-run0-paxos-thesis-python-sim-liveness-fa9760a33ca217fb-3.json',
      'paxos-thesis-python-sim-liveness-fa9760a33ca217fb.json',
      'paxos-thesis-python-sim-liveness-fa9760a33ca217fb-2.json',
    ]);
    expect(readdirSync(d).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('a file someone else put at the name is left alone', () => {
    const d = dir();
    const name = `${counterexampleBaseName({ ...base(), seed: 9, run: 1 })}.json`;
    writeFileSync(join(d, name), 'not mine');
    const p = writeCounterexample(d, { ...base(), seed: 9, run: 1 });
    expect(p.endsWith('-2.json')).toBe(true);
    expect(readFileSync(join(d, name), 'utf8')).toBe('not mine');
  });

  it('names are safe whatever a protocol, variant or invariant is called', () => {
    const cx = { ...base(), protocol: '../../etc/x y', variant: '.hidden', violation: { ...base().violation, invariant: 'a/b\\c\nd' }, seed: 3, run: null };
    expect(counterexampleBaseName(cx)).toBe('seed3-__.._etc_x_y-_hidden-a_b_c_d-fa9760a33ca217fb');
    const d = dir();
    const p = writeCounterexample(d, cx);
    expect(readdirSync(d)).toEqual([p.slice(d.length + 1)]);
  });

  it('the CLI: two runs with the same seed into one directory leave two files (and two report pages)', () => {
    const d = dir();
    const args = ['fuzz', '--protocol', 'paxos', '--variant', 'thesis-python-sim', '--seed', '1', '--out', d, '--json'];
    const r1 = cli(args);
    const r2 = cli(args);
    expect([r1.status, r2.status]).toEqual([1, 1]);
    const f1 = (JSON.parse(r1.stdout) as { violation: { file: string } }).violation.file;
    const f2 = (JSON.parse(r2.stdout) as { violation: { file: string } }).violation.file;
    expect(f1).not.toBe(f2);
    const names = [f1, f2].map((f) => f.slice(d.length + 1));
    expect(readdirSync(d).sort()).toEqual([...names, ...names.map((n) => n.replace(/\.json$/, '.html'))].sort());
    expect(cli(['replay', f2, '--json', '--quiet']).status).toBe(1);
  });
});
