/**
 * SIGINT and SIGTERM for the long commands (fuzz, explore, campaign, soak).
 * A signal asks the command to stop: it stops its work, saves what it found,
 * prints its summary (its one JSON object under `--json`) and exits with 130
 * (SIGINT) or 143 (SIGTERM), or 1 when something was found (CLI.md, "Exit
 * status").
 *
 * The handlers are installed first thing (`armSignals`, main.ts), so a signal
 * that comes while the command line is still being read is kept, and the
 * long command stops as soon as it starts; every other command gets the
 * default behaviour back (`disarmSignals`, which re-raises a signal that
 * came meanwhile). The search itself runs in a worker thread (background.ts),
 * so the main thread is always free to take the signal. A second signal
 * changes nothing (`soak` forwards the one it got to its shards, which may
 * also get the terminal's); a watchdog makes sure the process is gone
 * `EXIT_WITHIN_MS` after the first signal even if something hangs.
 */

export type StopSignal = 'SIGINT' | 'SIGTERM';

/** Exit status of a command stopped by a signal with nothing found (128 + signal number). */
export const SIGNAL_STATUS: Readonly<Record<StopSignal, number>> = { SIGINT: 130, SIGTERM: 143 };

/** The process is gone this long after the first signal, whatever happens (the contract says 5 s). */
export const EXIT_WITHIN_MS = 4500;

/** The commands that take SIGINT and SIGTERM themselves. */
export const STOPPABLE_COMMANDS: ReadonlySet<string> = new Set(['fuzz', 'explore', 'campaign', 'mutants', 'soak', 'induct']);

export interface StopWatch {
  /** The first signal received, if any (also one received before the watch began). */
  readonly signal: StopSignal | undefined;
  /** Runs `cb` on the first signal (at once if it came already). */
  onStop(cb: (s: StopSignal) => void): void;
  /** Forgets the callbacks and stops the watchdog (the command is done; it exits next). */
  dispose(): void;
}

let armed = false;
let json = false;
let first: StopSignal | undefined;
let callbacks: ((s: StopSignal) => void)[] = [];
let watchdog: NodeJS.Timeout | undefined;

function onSignal(s: NodeJS.Signals): void {
  if (first !== undefined) return;
  const signal = (first = s as StopSignal);
  watchdog = setTimeout(() => {
    const message = `stopped by ${signal}, but stopping took longer than ${EXIT_WITHIN_MS} ms; exiting without a summary`;
    if (json) process.stdout.write(JSON.stringify({ ok: false, error: message, interrupted: signal }) + '\n');
    process.stderr.write(`paxos-sim: ${message}\n`);
    process.exit(SIGNAL_STATUS[signal]);
  }, EXIT_WITHIN_MS);
  watchdog.unref();
  for (const cb of callbacks) cb(signal);
}

/** Takes SIGINT and SIGTERM from now on, keeping the first (`jsonMode`: the watchdog prints its JSON error object). */
export function armSignals(jsonMode: boolean): void {
  json = jsonMode;
  if (armed) return;
  armed = true;
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

/** Gives SIGINT and SIGTERM their default behaviour back; a signal that came meanwhile is raised again now. */
export function disarmSignals(): void {
  if (!armed) return;
  armed = false;
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  if (watchdog !== undefined) clearTimeout(watchdog);
  if (first !== undefined) process.kill(process.pid, first);
}

/** Watches for SIGINT and SIGTERM while a long command runs (arming them if main.ts has not). */
export function watchSignals(jsonMode: boolean): StopWatch {
  armSignals(jsonMode);
  const mine: ((s: StopSignal) => void)[] = [];
  return {
    get signal() {
      return first;
    },
    onStop(cb) {
      if (first !== undefined) cb(first);
      else (mine.push(cb), callbacks.push(cb));
    },
    dispose() {
      callbacks = callbacks.filter((cb) => !mine.includes(cb));
      if (watchdog !== undefined) clearTimeout(watchdog);
    },
  };
}

/** The exit status: 1 when something was found, else the signal's status when stopped by one, else `otherwise`. */
export function exitStatus(found: boolean, interrupted: StopSignal | undefined, otherwise: number): number {
  if (found) return 1;
  return interrupted !== undefined ? SIGNAL_STATUS[interrupted] : otherwise;
}
