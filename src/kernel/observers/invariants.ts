/**
 * Invariant checks as an observer (TigerBeetle's state checker: observers
 * check, they never drive): the invariants are evaluated on the initial
 * world (not on a snapshot's, which the run that reached it checked) and
 * after every executed event; the first violation ends the run as a
 * `safety` finding at that step.
 */
import { checkInvariants } from '../check.js';
import type { InvariantDef } from '../definition.js';
import type { Execution, Observer } from '../execution.js';

export class InvariantChecker implements Observer {
  constructor(private readonly invariants: readonly InvariantDef[], private readonly atStart = true) {}

  start(ex: Execution): void {
    if (this.atStart) this.check(ex);
  }

  after(ex: Execution): void {
    this.check(ex);
  }

  private check(ex: Execution): void {
    const v = checkInvariants(ex.w, this.invariants);
    if (v) ex.finding = { kind: 'safety', invariant: v.invariant, message: v.message, step: ex.w.steps };
  }
}
