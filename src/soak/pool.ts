/**
 * The soak's worker threads and their supervision. Each worker runs one item
 * at a time (worker.ts); the pool hands it the next item from `next()` when
 * it is free. A worker that dies (an uncaught error, an abnormal exit) or
 * goes silent for `watchdogMs` (no progress message) is reported with its
 * item and seed (`onIncident`), terminated, and replaced by a fresh one; the
 * soak goes on. `stop()` raises the shared stop flag (items stop at their
 * next slice and report what they did), then terminates whatever has not
 * finished within `graceMs`.
 */
import { Worker } from 'node:worker_threads';
import type { RawFinding } from '../cli/findings.js';
import type { ItemResult, ItemSpec } from './item.js';

/** An item handed to a worker, with its local index (for fault injection and reports). */
export interface Dispatch {
  readonly item: ItemSpec;
  readonly local: number;
}

export interface Incident {
  readonly kind: 'crash' | 'hang';
  readonly worker: number;
  readonly item: ItemSpec;
  readonly message: string;
  readonly atMs: number;
}

export interface PoolHooks {
  /** The next item, or undefined when there is none now (`wake()` asks again). */
  next(): Dispatch | undefined;
  onProgress(d: Dispatch, runs: number, events: number): void;
  onFound(d: Dispatch, raw: RawFinding): void;
  onDone(d: Dispatch, r: ItemResult): void;
  onIncident(d: Dispatch, i: Incident): void;
}

export interface PoolOptions {
  readonly workers: number;
  readonly watchdogMs: number;
  readonly graceMs: number;
  /** The worker script (compiled `worker.js`). */
  readonly script: URL;
}

interface Slot {
  readonly n: number;
  worker: Worker;
  busy: Dispatch | undefined;
  lastHeard: number;
  gone: boolean;
}

export class Pool {
  private readonly flag = new Int32Array(new SharedArrayBuffer(4));
  private readonly slots: Slot[] = [];
  private readonly start = Date.now();
  private readonly timer: NodeJS.Timeout;
  private stopping = false;
  private idleWaiters: (() => void)[] = [];
  private spawned = 0;

  constructor(private readonly o: PoolOptions, private readonly hooks: PoolHooks) {
    for (let i = 0; i < o.workers; i++) this.slots.push(this.spawn(i));
    this.timer = setInterval(() => this.watch(), Math.min(1000, Math.max(50, o.watchdogMs / 4)));
    this.wake();
  }

  /** Workers started so far (replacements included). */
  get started(): number {
    return this.spawned;
  }

  private spawn(n: number): Slot {
    this.spawned++;
    const worker = new Worker(this.o.script, { workerData: { stop: this.flag.buffer } });
    const slot: Slot = { n, worker, busy: undefined, lastHeard: Date.now(), gone: false };
    worker.on('message', (m: { t: string; id: number; runs?: number; events?: number; raw?: RawFinding; result?: ItemResult; message?: string; stack?: string }) => {
      const d = slot.busy;
      if (d === undefined || d.item.id !== m.id || slot.gone) return;
      slot.lastHeard = Date.now();
      if (m.t === 'progress') this.hooks.onProgress(d, m.runs!, m.events!);
      else if (m.t === 'found') this.hooks.onFound(d, m.raw!);
      else if (m.t === 'done') {
        slot.busy = undefined;
        this.hooks.onDone(d, m.result!);
        this.wake();
      } else if (m.t === 'error') this.fail(slot, 'crash', `the item threw: ${m.message}`);
    });
    worker.on('error', (e) => this.fail(slot, 'crash', `the worker crashed: ${String(e?.message ?? e).split('\n')[0]}`));
    worker.on('exit', (code) => this.fail(slot, 'crash', `the worker exited (status ${code})`));
    return slot;
  }

  /** Reports the slot's item (if any), drops the worker and, unless stopping, starts a replacement. */
  private fail(slot: Slot, kind: Incident['kind'], message: string): void {
    if (slot.gone) return;
    slot.gone = true;
    const d = slot.busy;
    slot.busy = undefined;
    void slot.worker.terminate();
    if (d !== undefined && !this.stopping) this.hooks.onIncident(d, { kind, worker: slot.n, item: d.item, message, atMs: Date.now() - this.start });
    else if (d !== undefined) this.hooks.onIncident(d, { kind, worker: slot.n, item: d.item, message: `${message} (while stopping)`, atMs: Date.now() - this.start });
    if (!this.stopping) {
      this.slots[this.slots.indexOf(slot)] = this.spawn(slot.n);
      this.wake();
    } else this.checkIdle();
  }

  private watch(): void {
    const now = Date.now();
    for (const s of this.slots) if (!s.gone && s.busy !== undefined && now - s.lastHeard > this.o.watchdogMs) this.fail(s, 'hang', `no progress for ${this.o.watchdogMs} ms; terminated`);
  }

  /** Gives every idle worker an item, if there is one. */
  wake(): void {
    if (!this.stopping)
      for (const s of this.slots) {
        if (s.gone || s.busy !== undefined) continue;
        const d = this.hooks.next();
        if (d === undefined) break;
        s.busy = d;
        s.lastHeard = Date.now();
        s.worker.postMessage(d);
      }
    this.checkIdle();
  }

  /** Whether any worker is running an item. */
  get busy(): boolean {
    return this.slots.some((s) => !s.gone && s.busy !== undefined);
  }

  private checkIdle(): void {
    if (this.busy) return;
    const w = this.idleWaiters;
    this.idleWaiters = [];
    for (const f of w) f();
  }

  /** Resolves when no worker is running an item. */
  idle(): Promise<void> {
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      this.checkIdle();
    });
  }

  /** Asks the running items to stop; terminates those still running after `graceMs`. Resolves when all are done. */
  async stop(): Promise<Dispatch[]> {
    this.stopping = true;
    Atomics.store(this.flag, 0, 1);
    const grace = new Promise<'late'>((r) => setTimeout(() => r('late'), this.o.graceMs).unref());
    await Promise.race([this.idle(), grace]);
    const cut: Dispatch[] = [];
    for (const s of this.slots) if (!s.gone && s.busy !== undefined) (cut.push(s.busy), (s.busy = undefined), (s.gone = true));
    await this.close();
    return cut;
  }

  /** Terminates every worker (they are idle or abandoned). */
  async close(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await Promise.all(this.slots.map((s) => ((s.gone = true), s.worker.terminate())));
  }
}
