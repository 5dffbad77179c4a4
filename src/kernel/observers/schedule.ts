/**
 * Recording the executed schedule in portable form (what a counterexample
 * file holds): each event is named before it executes, while the envelope
 * it acts on is still in flight, and kept once it ran (or the protocol
 * threw on it). A driver that already holds the portable form — the replay
 * of a saved schedule — passes a `name` function, so the events are kept
 * exactly as the schedule wrote them.
 */
import type { Event } from '../events.js';
import type { Execution, Observer } from '../execution.js';
import { toPortable, type PortableEvent } from '../portable.js';
import type { World } from '../world.js';

export class ScheduleRecorder implements Observer {
  /** Executed events in order. */
  readonly schedule: PortableEvent[] = [];
  private pending: PortableEvent | undefined;

  constructor(private readonly name: (w: World, e: Event) => PortableEvent = toPortable) {}

  before(ex: Execution, e: Event): void {
    this.pending = this.name(ex.w, e);
  }

  after(): void {
    this.schedule.push(this.pending!);
  }

  threw(): void {
    this.schedule.push(this.pending!);
  }
}
