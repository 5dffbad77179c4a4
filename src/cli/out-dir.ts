/**
 * The output directory (`--out`), checked at the edge before any work: it
 * exists or can be created, is a directory, and is writable (probed by
 * creating and removing a file). A search that runs for an hour and then
 * cannot save what it found has lost the finding; this makes a bad `--out`
 * one line and exit status 2 instead, in milliseconds.
 *
 * The check leaves no trace: directories it had to create to probe are
 * removed again (the first write of a finding or report creates them).
 */
import { closeSync, mkdirSync, openSync, renameSync, rmdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError } from '../kernel/input-error.js';

/** Where counterexamples and reports go when `--out` is not given. */
export const DEFAULT_OUT = 'counterexamples';

/** The reason an fs error gives, e.g. `permission denied (EACCES)`. */
function why(e: unknown): string {
  const message = String((e as Error).message ?? e);
  const m = /^([A-Z]+): ([^,]+)/.exec(message);
  return m ? `${m[2]} (${m[1]})` : message.split('\n')[0]!;
}

/** The deepest existing ancestor of `abs` and the missing directories below it, outermost first. */
function missingChain(abs: string): { existing: string; missing: string[] } {
  const missing: string[] = [];
  let p = abs;
  for (;;) {
    try {
      statSync(p);
      return { existing: p, missing };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') return { existing: p, missing };
    }
    const up = dirname(p);
    if (up === p) return { existing: p, missing };
    missing.unshift(p);
    p = up;
  }
}

/**
 * Checks that `dir` can hold counterexamples and reports; throws `InputError`
 * (one line: what is wrong with which path) when it cannot. Creates no file
 * and leaves no directory behind.
 */
export function checkOutDir(dir: string, flag = '--out'): void {
  if (dir === '') throw new InputError(`${flag} must name a directory, got ""`);
  const abs = resolve(dir);
  const { existing, missing } = missingChain(abs);
  // The nearest existing path must be a directory (a file on the way cannot be created through).
  let st;
  try {
    st = statSync(existing);
  } catch (e) {
    throw new InputError(`${flag} ${dir} cannot be used: ${why(e)}`);
  }
  if (!st.isDirectory()) {
    if (missing.length === 0) throw new InputError(`${flag} ${dir} is a file, not a directory; give a directory (it is created if missing)`);
    throw new InputError(`${flag} ${dir} cannot be created: ${existing} is a file, not a directory`);
  }
  // Create what is missing one level at a time (a recursive mkdir loops forever on some
  // pseudo file systems), probe, and remove again what was created.
  const created: string[] = [];
  try {
    for (const d of missing) {
      try {
        mkdirSync(d);
      } catch (e) {
        throw new InputError(`${flag} ${dir} cannot be created: ${why(e)}`);
      }
      created.push(d);
    }
    const probe = resolve(abs, `.paxos-sim-probe-${process.pid}-${Date.now().toString(36)}`);
    try {
      closeSync(openSync(probe, 'wx'));
    } catch (e) {
      throw new InputError(`${flag} ${dir} is not writable: ${why(e)}`);
    }
    try {
      unlinkSync(probe);
    } catch (e) {
      throw new InputError(`${flag} ${dir}: cannot remove the probe file ${probe}: ${why(e)}`);
    }
  } finally {
    for (const d of created.reverse()) {
      try {
        rmdirSync(d);
      } catch {
        // Someone else put something there meanwhile: leave it.
      }
    }
  }
}

/** The value of `--out` (default `counterexamples`), checked (`checkOutDir`). */
export function outDirFlag(value: string | undefined): string {
  const dir = value ?? DEFAULT_OUT;
  checkOutDir(dir);
  return dir;
}

/** Writes `text` to `path` atomically (temporary file in the same directory, then rename); the temporary file never stays behind. */
export function writeFileAtomic(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // Never written.
    }
    throw e;
  }
}
