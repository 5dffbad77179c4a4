/**
 * Counting the faults a run injected: whether the liveness phase applies to
 * a one-shot protocol depends on it (`liveness: 'fault-free'`).
 */
import type { Event } from '../events.js';
import type { Observer } from '../execution.js';

/** The kinds that are faults (everything but protocol steps). */
export function isFault(e: Pick<Event, 'k'>): boolean {
  return e.k !== 'deliver' && e.k !== 'local' && e.k !== 'timer';
}

export class FaultCounter implements Observer {
  /** Fault events executed (drop, dup, crash, recover, partition, heal; losses of messages to down nodes included). */
  count = 0;

  after(_ex: unknown, e: Event): void {
    if (isFault(e)) this.count++;
  }
}
