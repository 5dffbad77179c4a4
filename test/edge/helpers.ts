/**
 * Shared by the edge tests: running the real CLI (synchronously, or many at
 * once), fresh working directories, and what a run left behind.
 */
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
export const BIN = join(ROOT, 'bin', 'paxos-sim.js');
export const FIXTURES = join(ROOT, 'test', 'fixtures');
export const CORPUS = join(ROOT, 'scenarios', 'counterexamples');

export interface Run {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

const ENV = { ...process.env, NO_COLOR: '1' };

/** Runs `paxos-sim ARGS` in `cwd` and waits for it. */
export function cli(args: readonly string[], cwd = ROOT, timeout = 60_000): Run {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: ENV, timeout, maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - t0 };
}

/** Runs `paxos-sim ARGS` in `cwd` without blocking (so several can run at once); killed after `timeout` ms. */
export function cliAsync(args: readonly string[], cwd: string, timeout = 60_000): Promise<Run> {
  const t0 = Date.now();
  return new Promise((done, fail) => {
    const p = spawn(process.execPath, [BIN, ...args], { cwd, env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    p.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => p.kill('SIGKILL'), timeout);
    p.on('error', fail);
    p.on('close', (status, signal) => {
      clearTimeout(timer);
      done({ status, signal, stdout, stderr, ms: Date.now() - t0 });
    });
  });
}

/** Runs `f` over `items` with at most `n` at a time, results in order. */
export async function pool<T, R>(items: readonly T[], n: number, f: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await f(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
  return out;
}

/** Where temporary directories go: memory when the system offers it (many small files are written), else the temporary directory. */
const TMP = ((): string => {
  try {
    accessSync('/dev/shm', constants.W_OK);
    return statSync('/dev/shm').isDirectory() ? '/dev/shm' : tmpdir();
  } catch {
    return tmpdir();
  }
})();

export function freshDir(tag = 'edge'): string {
  return mkdtempSync(join(TMP, `paxos-sim-${tag}-`));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Every file and directory under `dir`, as paths relative to it (directories end in `/`), sorted. */
export function listing(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) {
        out.push(relative(dir, p) + '/');
        walk(p);
      } else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}

/** The lines of a stream's text (a trailing newline does not make an empty last line). */
export function lines(text: string): string[] {
  return text === '' ? [] : text.replace(/\n$/, '').split('\n');
}

/** A stack trace's frame line, as node prints it. */
export const STACK_LINE = /^ {4}at /m;

/** A saved counterexample of the corpus, as a parsed object (default: paxos/thesis-python-sim at 2/3/2, nodes 0..4, under multiset semantics). */
export function corpusCounterexample(name = 'paxos-thesis-python-sim-liveness-fa9760a33ca217fb.json'): Record<string, unknown> {
  return JSON.parse(readFileSync(join(CORPUS, name), 'utf8')) as Record<string, unknown>;
}

export function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** A property's fixed seed, or `PAXOS_SIM_SEED` when set (as the property suites do). */
export function edgeSeed(fixed: number): number {
  const raw = process.env['PAXOS_SIM_SEED'];
  if (raw === undefined || raw === '') return fixed;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`PAXOS_SIM_SEED must be a non-negative integer, got "${raw}"`);
  return n;
}

/** `n` scaled by `PAXOS_SIM_RUNS` (default 1). */
export function edgeRuns(n: number): number {
  const f = Number(process.env['PAXOS_SIM_RUNS'] ?? '1');
  return Math.max(1, Math.round(n * (Number.isFinite(f) && f > 0 ? f : 1)));
}

/** The own property names (and their descriptors' shapes) of the built-in prototypes, to see that nothing polluted them. */
export function prototypeSnapshot(): string {
  const protos: [string, object][] = [['Object', Object.prototype], ['Array', Array.prototype], ['Function', Function.prototype], ['String', String.prototype]];
  return protos
    .map(([n, p]) => `${n}:${Reflect.ownKeys(p).map((k) => String(k)).sort().join(',')}`)
    .join('\n');
}

/** True when a fresh object shows an inherited property that should not exist. */
export function polluted(): boolean {
  const o = {} as Record<string, unknown>;
  return o['polluted'] !== undefined || o['isAdmin'] !== undefined || Object.getPrototypeOf(o) !== Object.prototype || Object.getPrototypeOf(Object.prototype) !== null;
}

/** Counts of what a property's inputs did, printed when the file ends (the closing note quotes them). */
export class Tally {
  private readonly counts = new Map<string, number>();
  private t0 = Date.now();
  private ms: number | undefined;
  constructor(readonly name: string) {}
  /** Starts the clock (at the start of the property). */
  begin(): void {
    this.t0 = Date.now();
  }
  /** Stops the clock (when the property has run, shrinking included). */
  end(): void {
    this.ms = Date.now() - this.t0;
  }
  add(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }
  get total(): number {
    let n = 0;
    for (const v of this.counts.values()) n += v;
    return n;
  }
  report(): string {
    const parts = [...this.counts.entries()].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`);
    return `[edge] ${this.name}: ${this.total} generated inputs in ${(((this.ms ?? Date.now() - this.t0)) / 1000).toFixed(1)} s (${parts.join(', ')})`;
  }
}
