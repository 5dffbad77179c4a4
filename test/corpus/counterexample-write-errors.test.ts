/**
 * A write that fails (a full disk, an I/O error) removes its temporary file
 * and leaves no partial counterexample; a filesystem without hard links
 * still gets an atomic rename that never replaces an existing file.
 */
import * as fs from 'node:fs';
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { parseCounterexample, writeCounterexample } from '../../src/corpus/counterexample.js';
import { corpusCounterexample, freshDir, removeDir } from '../edge/helpers.js';

const fail = vi.hoisted(() => ({ write: undefined as string | undefined, link: undefined as string | undefined }));

vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof fs>();
  const errno = (code: string): Error => Object.assign(new Error(`${code}: simulated`), { code });
  return {
    ...real,
    writeSync: ((...a: Parameters<typeof real.writeSync>) => {
      if (fail.write !== undefined) throw errno(fail.write);
      return (real.writeSync as (...x: unknown[]) => number)(...a);
    }) as typeof real.writeSync,
    linkSync: ((...a: Parameters<typeof real.linkSync>) => {
      if (fail.link !== undefined) throw errno(fail.link);
      return real.linkSync(...a);
    }) as typeof real.linkSync,
  };
});

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));
afterEach(() => {
  fail.write = undefined;
  fail.link = undefined;
});
const dir = (): string => {
  const d = freshDir('write-errors');
  dirs.push(d);
  return d;
};
const cx = () => ({ ...parseCounterexample(JSON.stringify(corpusCounterexample()), 'corpus'), seed: 4, run: 2 });

describe('writeCounterexample on failing filesystems', () => {
  it('a full disk (ENOSPC while writing) throws and leaves no file at all, no 0-byte *.tmp', () => {
    const d = dir();
    fail.write = 'ENOSPC';
    expect(() => writeCounterexample(d, cx())).toThrow(/ENOSPC/);
    expect(readdirSync(d)).toEqual([]);
  });

  it('an I/O error while linking the final name throws and leaves no file', () => {
    const d = dir();
    fail.link = 'EIO';
    expect(() => writeCounterexample(d, cx())).toThrow(/EIO/);
    expect(readdirSync(d)).toEqual([]);
  });

  it('without hard links (EPERM) it renames, still never over an existing file, and leaves no *.tmp', () => {
    const d = dir();
    fail.link = 'EPERM';
    const a = writeCounterexample(d, cx());
    const b = writeCounterexample(d, cx());
    expect(b).toBe(a.replace(/\.json$/, '-2.json'));
    expect(readdirSync(d).sort()).toEqual([a, b].map((p) => p.slice(d.length + 1)).sort());
    expect(parseCounterexample(readFileSync(a, 'utf8'), a).fingerprint).toBe(cx().fingerprint);
  });
});
