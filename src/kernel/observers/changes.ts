/**
 * Which node's state each event replaced, and when: restart-after-act
 * faults (the swarm and PCT `Restarter`, fast-check's `restart` step) crash
 * a node right after it promised or voted, which is when an amnesia bug
 * shows, so they need to know who acted last.
 */
import type { Event } from '../events.js';
import type { Execution, Observer } from '../execution.js';
import { downCount, type FaultMask, type World } from '../world.js';

export class ChangeTracker implements Observer {
  /** changedAt[node]: the step that last replaced the node's state (-1: never). */
  changedAt = new Int32Array(0);
  /** The node whose state the last executed event replaced (-1: none). */
  lastChanged = -1;
  private prior: unknown;

  start(_ex: Execution, w: World): void {
    this.changedAt = new Int32Array(w.n).fill(-1);
  }

  before(ex: Execution, _e: Event, node: number): void {
    this.prior = node >= 0 ? ex.w.nodes[node] : undefined;
  }

  after(ex: Execution, _e: Event, node: number): void {
    const w = ex.w;
    this.lastChanged = node >= 0 && w.nodes[node] !== this.prior ? node : -1;
    if (this.lastChanged >= 0) this.changedAt[node] = w.steps;
  }

  /**
   * Nodes that could restart now (up, crashable, crashes allowed by `mask` and
   * below its bound), most recently changed first.
   */
  restartable(ex: Execution, mask: FaultMask): number[] {
    const w = ex.w;
    if (!mask.crash) return [];
    if (downCount(w) >= mask.maxCrashed) return [];
    const crashable = ex.t.crashable;
    const out: number[] = [];
    for (let i = 0; i < w.n; i++) if (w.up[i] && (crashable === undefined || crashable(i))) out.push(i);
    return out.sort((a, b) => this.changedAt[b]! - this.changedAt[a]! || a - b);
  }
}
