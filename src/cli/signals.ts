/**
 * SIGINT and SIGTERM for the long commands (fuzz, explore, campaign, soak).
 * A signal asks the command to stop: it stops its work, saves what it found,
 * prints its summary (its one JSON object under `--json`) and exits with 130
 * (SIGINT) or 143 (SIGTERM), or 1 when something was found (CLI.md, "Exit
 * status").
 *
 * The search itself runs in a worker thread (background.ts), so the main
 * thread is always free to take the signal. A second signal changes nothing
 * (`soak` forwards the one it got to its shards, which may also get the
 * terminal's); a watchdog makes sure the process is gone `EXIT_WITHIN_MS`
 * after the first signal even if something hangs.
 */

export type StopSignal = 'SIGINT' | 'SIGTERM';

/** Exit status of a command stopped by a signal with nothing found (128 + signal number). */
export const SIGNAL_STATUS: Readonly<Record<StopSignal, number>> = { SIGINT: 130, SIGTERM: 143 };

/** The process is gone this long after the first signal, whatever happens (the contract says 5 s). */
export const EXIT_WITHIN_MS = 4500;

export interface StopWatch {
  /** The first signal received, if any. */
  readonly signal: StopSignal | undefined;
  /** Runs `cb` on the first signal (at once if it came already). */
  onStop(cb: (s: StopSignal) => void): void;
  /** Removes the handlers and the watchdog. */
  dispose(): void;
}

/**
 * Takes SIGINT and SIGTERM until `dispose`. The watchdog, after
 * `EXIT_WITHIN_MS`, prints one line (and the JSON error object under
 * `--json`) and exits with the signal's status: a last resort that the
 * commands are built never to need.
 */
export function watchSignals(json: boolean): StopWatch {
  let signal: StopSignal | undefined;
  const callbacks: ((s: StopSignal) => void)[] = [];
  let watchdog: NodeJS.Timeout | undefined;
  const handler = (s: NodeJS.Signals): void => {
    if (signal !== undefined) return;
    signal = s as StopSignal;
    watchdog = setTimeout(() => {
      const message = `stopped by ${signal}, but stopping took longer than ${EXIT_WITHIN_MS} ms; exiting without a summary`;
      if (json) process.stdout.write(JSON.stringify({ ok: false, error: message, interrupted: signal }) + '\n');
      process.stderr.write(`paxos-sim: ${message}\n`);
      process.exit(SIGNAL_STATUS[signal!]);
    }, EXIT_WITHIN_MS);
    watchdog.unref();
    for (const cb of callbacks) cb(signal);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    get signal() {
      return signal;
    },
    onStop(cb) {
      if (signal !== undefined) cb(signal);
      else callbacks.push(cb);
    },
    dispose() {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
      if (watchdog !== undefined) clearTimeout(watchdog);
    },
  };
}

/** The exit status: 1 when something was found, else the signal's status when stopped by one, else `otherwise`. */
export function exitStatus(found: boolean, interrupted: StopSignal | undefined, otherwise: number): number {
  if (found) return 1;
  return interrupted !== undefined ? SIGNAL_STATUS[interrupted] : otherwise;
}
