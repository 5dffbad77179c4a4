/**
 * The breadth-first search engine behind `explore` (bfs.ts).
 *
 * Level-synchronous BFS: the states of level L are stored as records in one
 * arena, their new successors are appended to the next level's arena, then
 * the arenas swap. Why levels rather than one FIFO of all states: a state is
 * needed in full only until it is expanded, so only two levels are ever held;
 * what remains of every visited state is its fingerprint (visited set) and
 * two ints (parent index, event code) for counterexample paths. Discovery
 * order is BFS order, so the first violating state found is at minimal depth:
 * its path is a shortest counterexample.
 *
 * Events are enumerated as the kernel's `enabledEvents` does (deliveries,
 * local actions, timers, then faults), except that a message content present
 * several times (multiset) is delivered, dropped or duplicated once: its
 * copies are interchangeable and would only produce the same successor again.
 * Whether an event is enabled and what it does are decided by the kernel's
 * rules (`kernel/rules.ts`), run with the frame as the state the event is
 * enabled in and the successor (`Succ`) as the store its effects go to.
 */
import type { InvariantDef } from '../../kernel/definition.js';
import * as rules from '../../kernel/rules.js';
import { NO_FAULTS, type FaultMask } from '../../kernel/rules.js';
import { collisionProbability, FingerprintSet } from './fpset.js';
import { FixedKeys, Frame } from './frame.js';
import { Succ, type GhostMode } from './succ.js';
import { GhostStore } from './ghosts.js';
import { IntList } from './grow.js';
import { RecordLayout } from './layout.js';
import { Model } from './model.js';
import {
  code, codesTo, EV_CRASH, EV_DELIVER, EV_DROP, EV_DUP, EV_HEAL, EV_LOCAL, EV_NONE, EV_PARTITION,
  EV_RECOVER, EV_TIMER, kernelVerdict, replayCodes,
} from './path.js';
import { Canon } from './symmetry.js';
import type { ExploreOptions, ExploreResult, ExploreViolation, Move } from './types.js';
import { A_GHOST, StateView } from './view.js';

type StopReason = ExploreResult['stoppedBy'];

export class Search {
  private readonly model: Model;
  private readonly ghosts: GhostStore;
  private readonly layout: RecordLayout;
  private readonly frame: Frame;
  private readonly succ: Succ;
  private readonly canon: Canon | undefined;
  private readonly view: StateView;
  private readonly visited = new FingerprintSet(16);
  private readonly parent = new IntList(1 << 16);
  private readonly evt = new IntList(1 << 16);
  private cur = new IntList(1 << 16);
  private next = new IntList(1 << 16);
  private readonly invariants: readonly InvariantDef[];
  /** Verdicts of evaluations that read only the ghost, per invariant and ghost id. */
  private readonly ghostVerdicts: (true | string | undefined)[][];
  private readonly faults: FaultMask;
  private readonly ghostMode: GhostMode;
  private readonly setSem: boolean;
  private readonly frameLo: Int32Array;
  private readonly frameHi: Int32Array;
  /** Per content id: the frame that last delivered it (multiset: deliver each content once). */
  private stamp = new Int32Array(256);
  private stampNo = 0;

  private constrained = 0;
  /** Levels whose states are all stored (the level being expanded). */
  private level = 1;
  /** Level of the deepest state found (TLC's depth). */
  private deepest = 1;
  /** States stored in the current level's arena, and how many of them were expanded. */
  private curCount = 0;
  private curDone = 0;
  private nextCount = 0;
  private peakArenaBytes = 0;
  private stop: StopReason = null;
  /** Expanding the last allowed level only to learn whether anything lies beyond it. */
  private probing = false;
  private found: { index: number; invariant: InvariantDef; message: string } | undefined;

  constructor(private readonly opts: ExploreOptions) {
    const proto = opts.proto;
    this.faults = opts.faults ?? NO_FAULTS;
    this.setSem = opts.semantics === 'set';
    this.ghostMode = opts.ghost ?? (this.setSem ? 'path' : 'fingerprint');
    this.model = new Model(proto, opts.semantics, opts.identity);
    this.ghosts = new GhostStore(proto, this.model);
    this.layout = new RecordLayout(
      proto.nodeCount, this.ghostMode !== 'off', this.faults.crash, this.faults.partition, opts.maxFaults !== undefined,
      this.model.addrCount, this.setSem,
    );
    if (proto.nodeCount > 30) throw new Error('explore: at most 30 nodes (up flags are a bitmask)');
    const keys = new FixedKeys(proto.nodeCount, this.model.addrCount, opts.maxFaults ?? 0);
    const sym = opts.symmetry;
    this.canon = sym && sym.perms.length > 0 ? new Canon(sym, this.model, this.ghosts) : undefined;
    this.succ = new Succ(this.layout, this.model, this.ghosts, keys, opts.semantics, this.ghostMode, this.canon);
    this.frame = new Frame(this.layout, this.model, this.setSem);
    this.frameLo = new Int32Array((this.canon?.count ?? 0) + 1);
    this.frameHi = new Int32Array((this.canon?.count ?? 0) + 1);
    this.succ.expanding(this.frame, this.frameLo, this.frameHi);
    this.view = new StateView(this.model, this.ghosts, this.layout, this.ghostMode !== 'off');
    this.invariants = opts.invariants ?? [];
    this.ghostVerdicts = this.invariants.map(() => []);
  }

  run(): ExploreResult {
    const t0 = performance.now();
    const opts = this.opts;
    const interval = opts.progressIntervalMs ?? 1000;
    let lastProgress = t0;
    this.initial();
    let expanded = 0;
    while (this.stop === null && this.cur.length > 0) {
      if (opts.maxDepth !== undefined && this.level >= opts.maxDepth) this.probing = true;
      this.next.length = 0;
      this.nextCount = 0;
      this.curDone = 0;
      const d = this.cur.data, end = this.cur.length;
      for (let off = 0; off < end && this.stop === null; off += this.frame.length) {
        this.expand(d, off);
        this.curDone++;
        if ((++expanded & 255) === 0) {
          const now = performance.now();
          if (opts.timeLimitMs !== undefined && now - t0 >= opts.timeLimitMs) this.stop ??= 'timeLimit';
          if (opts.maxMemoryBytes !== undefined && (expanded & 4095) === 0 && process.memoryUsage.rss() > opts.maxMemoryBytes) this.stop ??= 'maxMemory';
          if (opts.shouldStop?.()) this.stop ??= 'signal';
          if (opts.onProgress && now - lastProgress >= interval) {
            lastProgress = now;
            opts.onProgress(this.progress(now - t0));
          }
        }
      }
      this.peakArenaBytes = Math.max(this.peakArenaBytes, this.cur.bytes + this.next.bytes);
      if (this.stop !== null || this.probing) break;
      if (this.next.length > 0) this.level++;
      const t = this.cur;
      this.cur = this.next;
      this.next = t;
      this.curCount = this.nextCount;
    }
    return this.result(performance.now() - t0);
  }

  private progress(elapsedMs: number) {
    const n = this.visited.size;
    return {
      distinctStates: n,
      transitions: this.succ.transitions,
      depth: this.deepest,
      queued: this.curCount - this.curDone + this.nextCount,
      elapsedMs: Math.round(elapsedMs),
      statesPerSec: Math.round((n * 1000) / Math.max(1, elapsedMs)),
    };
  }

  /** Builds the initial state: every node's `init` outcome applied in id order (kernel `createWorld`). */
  private initial(): void {
    const s = this.succ, f = this.frame;
    s.beginEmpty(this.model.proto.addresses?.initial ?? [], this.opts.maxFaults ?? -1);
    f.empty();
    rules.init(f, s);
    this.emit(f, EV_NONE, -1);
  }

  /** Expands the state record at `off` of `d`: every enabled event, through the rules. */
  private expand(d: Int32Array, off: number): void {
    const M = this.model, f = this.frame, s = this.succ;
    f.load(d, off, M.contentFrom.length);
    if (this.opts.checkFingerprints) {
      s.full(f);
      if (s.lo[0] !== f.lo || s.hi[0] !== f.hi) throw new Error(`explore: incremental fingerprint of state ${f.index} differs from its recomputation`);
    }
    if (this.canon) {
      s.full(f);
      this.frameLo.set(s.lo);
      this.frameHi.set(s.hi);
    }
    const multi = !this.setSem;
    if (multi) {
      this.stampNo++;
      if (this.stamp.length < M.contentFrom.length) this.stamp = new Int32Array(M.contentFrom.length * 2);
    }
    // Deliveries.
    for (let i = 0; i < f.mcount; i++) {
      const c = f.msgs[i]!;
      if (multi) {
        if (this.stamp[c] === this.stampNo) continue;
        this.stamp[c] = this.stampNo;
      }
      if (this.offered(EV_DELIVER, c) && rules.deliver(f, s, c) && this.emit(f, EV_DELIVER, c)) return this.done();
    }
    // Spontaneous actions.
    for (let node = 0; node < M.n; node++) {
      if (!f.isUp(node)) continue;
      const acts = M.actions(f.nodes[node]!, f.net);
      for (let i = 0; i < acts.length; i++) {
        if (this.offered(EV_LOCAL, acts[i]!) && rules.local(f, s, node, acts[i]!) && this.emit(f, EV_LOCAL, acts[i]!)) return this.done();
      }
    }
    // Timers.
    for (let i = 0; i < f.tcount; i++) {
      const t = f.timers[i]!;
      if (this.offered(EV_TIMER, t) && rules.fire(f, s, M.timerNode[t]!, t) && this.emit(f, EV_TIMER, t)) return this.done();
    }
    if (this.faultEvents(f)) return this.done();
    this.done();
  }

  /** `opts.moves`' verdict on an event, asked once per (kind, id): 1 offered, 2 not, 0 not asked yet. */
  private readonly moveVerdicts: Int8Array[] = [];

  private offered(kind: number, id: number): boolean {
    const moves = this.opts.moves;
    if (moves === undefined) return true;
    let v = this.moveVerdicts[kind];
    if (v === undefined || v.length <= id) {
      const grown = new Int8Array(Math.max(64, 2 * (id + 1)));
      if (v !== undefined) grown.set(v);
      v = this.moveVerdicts[kind] = grown;
    }
    if (v[id] === 0) v[id] = moves(this.move(kind, id)) ? 1 : 2;
    return v[id] === 1;
  }

  /** The content of event (kind, id) as `opts.moves` sees it. */
  private move(kind: number, id: number): Move {
    const M = this.model;
    switch (kind) {
      case EV_DELIVER:
      case EV_DROP:
      case EV_DUP:
        return { k: kind === EV_DELIVER ? 'deliver' : kind === EV_DROP ? 'drop' : 'dup', from: M.contentFrom[id]!, to: M.contentTo[id]!, msg: M.payloadKey[M.contentPayload[id]!]! };
      case EV_LOCAL:
        return { k: 'local', node: M.actionNode[id]!, action: M.actionKeyOf[id]! };
      case EV_TIMER:
        return { k: 'timer', node: M.timerNode[id]!, timer: M.timerName[id]! };
      case EV_HEAL:
        return { k: 'heal' };
      default:
        return { k: kind === EV_CRASH ? 'crash' : kind === EV_RECOVER ? 'recover' : 'partition', node: id };
    }
  }

  private done(): void {
    this.frame.clear();
  }

  /**
   * Loss, duplication, crash, recovery and partition events, as far as the
   * fault mask offers them (`rules.offers*`); true when the search must stop.
   * Two bounds of the search come on top: with `maxFaults`, loss,
   * duplication, crash and partition each spend one unit of the budget
   * (recovery and healing are free); `crashable` limits which nodes crash.
   */
  private faultEvents(f: Frame): boolean {
    const M = this.model, s = this.succ, F = this.faults;
    const canFault = f.budget !== 0;
    const drop = canFault && rules.offersDrop(f, F), dup = canFault && rules.offersDuplicate(f, F);
    if (drop || dup) {
      this.stampNo++;
      for (let i = 0; i < f.mcount; i++) {
        const c = f.msgs[i]!;
        if (this.stamp[c] === this.stampNo) continue;
        this.stamp[c] = this.stampNo;
        if (drop && this.offered(EV_DROP, c) && rules.drop(f, s, c)) {
          s.spend();
          if (this.emit(f, EV_DROP, c)) return true;
        }
        if (dup && this.offered(EV_DUP, c) && rules.duplicate(f, s, c)) {
          s.spend();
          if (this.emit(f, EV_DUP, c)) return true;
        }
      }
    }
    if (F.crash) {
      const down = rules.downCount(f);
      for (let node = 0; node < M.n; node++) {
        if (rules.offersCrash(f, F, node, down)) {
          if (!canFault || (this.opts.crashable && !this.opts.crashable(node)) || !this.offered(EV_CRASH, node)) continue;
          if (rules.crash(f, s, node)) {
            s.spend();
            if (this.emit(f, EV_CRASH, node)) return true;
          }
        } else if (rules.offersRecover(f, F, node)) {
          if (this.offered(EV_RECOVER, node) && rules.recover(f, s, node) && this.emit(f, EV_RECOVER, node)) return true;
        }
      }
    }
    if (canFault && rules.offersPartition(F)) {
      for (let node = 0; node < M.n; node++) {
        if (this.offered(EV_PARTITION, node) && rules.partition(f, s, node)) {
          s.spend();
          if (this.emit(f, EV_PARTITION, node)) return true;
        }
      }
    }
    if (rules.offersHeal(f, F) && this.offered(EV_HEAL, 0) && rules.heal(f, s) && this.emit(f, EV_HEAL, 0)) return true;
    return false;
  }

  /**
   * Handles a built successor: visited check, storage, constraint and
   * invariants. Returns true when the search must stop.
   */
  private emit(f: Frame, kind: number, arg: number): boolean {
    const s = this.succ;
    const k = this.canon ? s.canonicalLane() : 0;
    const lo = s.lo[k]!, hi = s.hi[k]!;
    if (this.probing) {
      if (this.visited.has(lo, hi)) return false;
      this.stop = 'maxDepth';
      return true;
    }
    if (!this.visited.add(lo, hi)) return false;
    const index = this.parent.length;
    this.parent.push(kind === EV_NONE ? -1 : f.index);
    this.evt.push(kind === EV_NONE ? 0 : code(kind, arg));
    if (this.ghostMode === 'path') s.settleGhost();
    const next = kind === EV_NONE ? this.cur : this.next;
    const off = next.reserve(s.recordLength(f));
    s.write(next.data, off, index, f);
    const depth = kind === EV_NONE ? 1 : this.level + 1;
    if (depth > this.deepest) this.deepest = depth;
    if (kind === EV_NONE) this.curCount++;
    else this.nextCount++;
    this.view.bind(next.data, off, depth);
    if (this.checkInvariants(index)) return true;
    const constraint = this.opts.constraint;
    if (constraint && !constraint(this.view)) {
      next.length = off; // stored nowhere: never expanded
      if (kind === EV_NONE) this.curCount--;
      else this.nextCount--;
      this.constrained++;
    }
    if (this.opts.maxStates !== undefined && this.visited.size >= this.opts.maxStates) {
      this.stop = 'maxStates';
      return true;
    }
    return false;
  }

  /** Checks every invariant on the bound view; records the first violation. */
  private checkInvariants(index: number): boolean {
    const invs = this.invariants, view = this.view;
    const g = this.ghostMode === 'off' ? -1 : view.ghostId;
    for (let i = 0; i < invs.length; i++) {
      const cache = this.ghostVerdicts[i]!;
      let r = g >= 0 ? cache[g] : undefined;
      if (r === undefined) {
        view.accessed = 0;
        r = invs[i]!.check(view);
        if (g >= 0 && view.accessed === A_GHOST) cache[g] = r;
      }
      if (r !== true) {
        this.found = { index, invariant: invs[i]!, message: r };
        this.stop = 'violation';
        return true;
      }
    }
    return false;
  }

  private result(elapsedMs: number): ExploreResult {
    const n = this.visited.size;
    const structBytes = this.visited.bytes + this.parent.bytes + this.evt.bytes + this.peakArenaBytes;
    return {
      complete: this.stop === null,
      distinctStates: n,
      transitions: this.succ.transitions,
      depth: this.deepest,
      elapsedMs: Math.round(elapsedMs),
      statesPerSec: Math.round((n * 1000) / Math.max(1, elapsedMs)),
      bytesPerState: Math.round(structBytes / Math.max(1, n)),
      stoppedBy: this.stop,
      constrained: this.constrained,
      collisionProbability: collisionProbability(n),
      violation: this.found ? this.violation(this.found) : null,
      stats: {
        nodeStates: this.model.stateObj.length,
        messages: this.model.contentFrom.length,
        ghosts: this.ghosts.size,
        handlerCalls: this.model.handlerCalls,
        symmetry: this.opts.symmetry?.name ?? null,
        ghostMode: this.ghostMode,
        identity: this.model.identity,
      },
      warnings: [],
    };
  }

  /** Rebuilds and kernel-replays the path to the violating state. */
  private violation(v: { index: number; invariant: InvariantDef; message: string }): ExploreViolation {
    const codes = codesTo(v.index, this.parent, this.evt);
    const r = replayCodes(this.model, this.opts.semantics, codes);
    const kernelMessage = r.ok ? kernelVerdict(v.invariant, r.world) : undefined;
    return {
      invariant: v.invariant.name,
      message: kernelMessage ?? v.message,
      path: r.events,
      steps: codes.length,
      confirmed: kernelMessage !== undefined,
    };
  }
}
