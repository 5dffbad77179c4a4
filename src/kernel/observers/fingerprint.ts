/**
 * The fingerprint as an observer: every executed kernel event (the one the
 * protocol threw on included) is hashed, in order, into a `Hasher` that a
 * whole campaign may share. Timings never enter it, so the same seed gives
 * the same fingerprint on every machine, and the replay of a recorded
 * schedule gives the fingerprint of the run that recorded it.
 */
import type { Event } from '../events.js';
import type { Observer } from '../execution.js';
import { hashEvent } from '../fingerprint.js';
import type { Hasher } from '../hash.js';

export class Fingerprinter implements Observer {
  constructor(readonly hasher: Hasher) {}

  after(_ex: unknown, e: Event): void {
    hashEvent(this.hasher, e);
  }

  threw(_ex: unknown, e: Event): void {
    hashEvent(this.hasher, e);
  }
}
