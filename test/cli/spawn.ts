/** Running `paxos-sim` as a child process for the CLI tests: wait for its output, signal it, time its exit. */
import { spawn, type ChildProcess } from 'node:child_process';

export interface Finished {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Milliseconds from the start to the exit. */
  readonly elapsedMs: number;
  /** Milliseconds from the signal sent (`signalAfter`) to the exit. */
  readonly afterSignalMs: number | undefined;
}

export interface Running {
  readonly child: ChildProcess;
  /** Resolves once stdout + stderr match `pattern`. */
  output(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Sends `signal` now; the exit is timed from here. */
  signal(signal: NodeJS.Signals): void;
  readonly done: Promise<Finished>;
}

const live = new Set<ChildProcess>();

/** Kills every child a test left running (afterEach). */
export function killLeftovers(): void {
  for (const c of live) c.kill('SIGKILL');
  live.clear();
}

/** Starts `node bin/paxos-sim.js ...args` (no colour). */
export function start(args: readonly string[]): Running {
  const t0 = Date.now();
  const child = spawn(process.execPath, ['bin/paxos-sim.js', ...args], { env: { ...process.env, NO_COLOR: '1' } });
  live.add(child);
  let stdout = '';
  let stderr = '';
  let sentAt: number | undefined;
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  const check = (): void => {
    for (const w of waiters.slice()) if (w.pattern.test(stdout + stderr)) (waiters.splice(waiters.indexOf(w), 1), w.resolve());
  };
  child.stdout!.on('data', (d: Buffer) => ((stdout += d.toString()), check()));
  child.stderr!.on('data', (d: Buffer) => ((stderr += d.toString()), check()));
  const done = new Promise<Finished>((resolve) =>
    child.on('close', (status, signal) => {
      live.delete(child);
      const now = Date.now();
      resolve({ status, signal, stdout, stderr, elapsedMs: now - t0, afterSignalMs: sentAt === undefined ? undefined : now - sentAt });
    }),
  );
  return {
    child,
    done,
    output(pattern, timeoutMs = 60_000) {
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no output matching ${pattern} within ${timeoutMs} ms; got:\n${stdout}\n${stderr}`)), timeoutMs);
        waiters.push({ pattern, resolve: () => (clearTimeout(timer), resolve()) });
        check();
        void done.then(() => {
          if (waiters.some((w) => w.pattern === pattern)) reject(new Error(`exited before output matching ${pattern}; got:\n${stdout}\n${stderr}`));
        });
      });
    },
    signal(s) {
      sentAt = Date.now();
      child.kill(s);
    },
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** True while a process with this id exists. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
