/**
 * Long work off the main thread. The searches are synchronous (a BFS level,
 * an `fc.check`, the event-level minimiser), and a Node signal handler runs
 * only when the main thread is idle; so `fuzz`, `explore` and `campaign` run
 * their work in a worker thread (worker.ts) and the main thread supervises:
 * it prints what the work says, keeps its latest progress and the findings it
 * handed over, and on a signal
 *
 * - sets a shared stop flag, which the work reads between slices of its
 *   search (a campaign slice is about 100 ms): it stops, saves what it found
 *   without minimising it, and returns its partial result;
 * - if a finding is being minimised (the minimiser does not look at the
 *   flag), or the work has not returned within `graceMs`, terminates the
 *   worker at once: the command then saves the handed-over findings itself,
 *   unshrunk, and reports the latest progress.
 *
 * The work is the same code with or without a worker; the results and
 * fingerprints do not depend on where it runs. When the worker script is not
 * there (the sources run directly, e.g. under a test runner), the work runs
 * on the main thread and cannot be interrupted.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { InputError } from '../kernel/input-error.js';
import type { Flags } from './flags.js';
import type { StopSignal, StopWatch } from './signals.js';

/** A protocol as the worker loads it again: a built-in name, or the module's absolute path. */
export interface ProtocolRef {
  readonly name: string;
  readonly module?: string;
}

/** What a worker is asked to do: a command with its parsed flags (plain data). */
export interface Job {
  readonly command: 'fuzz' | 'explore' | 'campaign' | 'mutants';
  readonly flags: Flags;
  readonly protocol?: ProtocolRef;
  /** The seed the main thread chose and printed. */
  readonly seed?: number;
  /** Whether the main thread's human output is in colour (a worker has no terminal to ask). */
  readonly colour?: boolean;
}

/** What the work tells its supervisor while it runs. */
export interface JobContext {
  /** The signal that asked the work to stop, if one did (read between slices). */
  stopReason(): StopSignal | undefined;
  /** A line of human text. */
  say(line?: string): void;
  /** The latest progress (kept; shown on a terminal; the partial result if the worker is terminated). */
  progress(p: unknown): void;
  /** A finding handed over before it is minimised and saved; `key` names it for `saved`. */
  found(key: number, raw: unknown): void;
  /** The finding `key` is saved. */
  saved(key: number): void;
  /** One finished part of the work (campaign: a variant). */
  item(x: unknown): void;
}

export type JobWork<R> = (job: Job, ctx: JobContext) => Promise<R>;

export interface JobOutcome<R> {
  /** What the work returned; undefined when the worker was terminated first. */
  readonly result: R | undefined;
  /** The latest progress the work reported. */
  readonly progress: unknown;
  /** Findings handed over but not saved when the worker was terminated. */
  readonly unsaved: unknown[];
  /** Every item, in order. */
  readonly items: unknown[];
  /** The worker ran out of memory (its partial progress is all there is). */
  readonly outOfMemory: boolean;
}

export interface SuperviseOptions {
  readonly say: (line?: string) => void;
  readonly onProgress?: (p: unknown) => void;
  /** A finding was handed over (before it is minimised). */
  readonly onFound?: (raw: unknown) => void;
  readonly watch: StopWatch;
  /** How long the work may take to stop after the signal before it is terminated. */
  readonly graceMs: number;
}

const SIGNAL_CODE: Readonly<Record<StopSignal, number>> = { SIGINT: 2, SIGTERM: 15 };
const CODE_SIGNAL: Readonly<Record<number, StopSignal>> = { 2: 'SIGINT', 15: 'SIGTERM' };

/** The stop flag shared with a worker: 0, or the number of the signal that asked to stop. */
export function stopReasonOf(flag: Int32Array): () => StopSignal | undefined {
  return () => CODE_SIGNAL[Atomics.load(flag, 0)];
}

type Message =
  | { t: 'say'; line: string }
  | { t: 'progress'; p: unknown }
  | { t: 'found'; key: number; raw: unknown }
  | { t: 'saved'; key: number }
  | { t: 'item'; x: unknown }
  | { t: 'done'; result: unknown }
  | { t: 'error'; input: boolean; message: string; stack?: string };

/** The message a worker posts for a context call (worker.ts). */
export function contextPosting(post: (m: Message) => void, flag: Int32Array): JobContext {
  return {
    stopReason: stopReasonOf(flag),
    say: (line = '') => post({ t: 'say', line }),
    progress: (p) => post({ t: 'progress', p }),
    found: (key, raw) => post({ t: 'found', key, raw }),
    saved: (key) => post({ t: 'saved', key }),
    item: (x) => post({ t: 'item', x }),
  };
}

/** The message for an error thrown by the work. */
export function errorMessage(e: unknown): Message {
  const err = e as Error;
  return { t: 'error', input: e instanceof InputError, message: String(err?.message ?? e), stack: err?.stack };
}

const WORKER = new URL('./worker.js', import.meta.url);

/** Runs `job` in a worker thread (or, without the worker script, `work` in this thread) and supervises it. */
export function runJob<R>(job: Job, work: JobWork<R>, o: SuperviseOptions): Promise<JobOutcome<R>> {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const pending = new Map<number, unknown>();
  const items: unknown[] = [];
  let progress: unknown;
  return new Promise<JobOutcome<R>>((resolve, reject) => {
    let settled = false;
    let grace: NodeJS.Timeout | undefined;
    let terminating = false;
    /** Stops the worker now (no-op when the work runs on this thread). */
    let terminate = (): void => undefined;
    const finish = (result: R | undefined, outOfMemory = false): void => {
      if (settled) return;
      settled = true;
      if (grace !== undefined) clearTimeout(grace);
      resolve({ result, progress, unsaved: [...pending.values()], items, outOfMemory });
    };
    const fail = (e: Error): void => {
      if (settled) return;
      settled = true;
      if (grace !== undefined) clearTimeout(grace);
      reject(e);
    };
    const onMessage = (m: Message): void => {
      switch (m.t) {
        case 'say':
          return o.say(m.line);
        case 'progress':
          progress = m.p;
          return o.onProgress?.(m.p);
        case 'found':
          pending.set(m.key, m.raw);
          o.onFound?.(m.raw);
          // Asked to stop already: the command saves it as found; no need to wait for the worker.
          if (Atomics.load(flag, 0) !== 0) terminate();
          return;
        case 'saved':
          pending.delete(m.key);
          return;
        case 'item':
          items.push(m.x);
          return;
        case 'done':
          return finish(m.result as R);
        case 'error':
          return fail(m.input ? new InputError(m.message) : Object.assign(new Error(m.message), { stack: m.stack }));
      }
    };

    if (!existsSync(fileURLToPath(WORKER))) {
      // No compiled worker (sources run directly): same work, on this thread.
      work(job, contextPosting(onMessage, flag)).then((r) => finish(r), (e: unknown) => onMessage(errorMessage(e)));
      return;
    }
    const worker = new Worker(WORKER, { workerData: { job, stop: flag.buffer } });
    terminate = (): void => {
      if (terminating || settled) return;
      terminating = true;
      void worker.terminate().then(() => finish(undefined));
    };
    worker.on('message', onMessage);
    worker.on('error', (e: Error & { code?: string }) => {
      if (terminating) return;
      if (e.code === 'ERR_WORKER_OUT_OF_MEMORY') return finish(undefined, true);
      fail(e);
    });
    worker.on('exit', (code) => {
      if (!settled && !terminating) fail(new Error(`the worker thread exited (status ${code}) without a result`));
      finish(undefined);
    });
    o.watch.onStop((s) => {
      Atomics.store(flag, 0, SIGNAL_CODE[s]);
      // The minimiser does not look at the flag: save what it was given, unshrunk, now.
      if (pending.size > 0) return terminate();
      grace = setTimeout(terminate, o.graceMs);
    });
  });
}
