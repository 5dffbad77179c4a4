/**
 * The rules of the world, written once: what each event (deliver, drop,
 * duplicate, local action, timer, crash, recover, partition, heal) requires to
 * be enabled and what it does, and what each handler command (send, setTimer,
 * cancelTimer, persist, ghost, bind) does.
 *
 * The rules never touch a representation. They run over a store: a handful
 * of primitive reads and writes on opaque handles (a message, a timer, an
 * action, a handler outcome...). Two stores implement them:
 *
 * - the kernel's object world (`world.ts`): node states and messages are the
 *   protocol's own objects, a message handle is an `Envelope`;
 * - the explorer's integer successor (`search/explore/succ.ts`, reading the
 *   state being expanded through `frame.ts`): everything is an interned int,
 *   handler outcomes are compiled and memoised, fingerprints incremental.
 *
 * Every decision (address resolution at send time, the partition cut, the
 * set-semantics merge, timer re-arming, a crash disarming the node's timers,
 * recovery from the persisted state, which events are enabled, which faults a
 * `FaultMask` offers) is made here, so the two stores cannot disagree on
 * semantics; `test/explore/stores.test.ts` drives both through the same random
 * walks and compares them after every step.
 *
 * Each event rule takes two stores: `r`, the state the event is enabled in
 * (reads and handler outcomes), and `s`, the store its effects go to. The
 * object world passes itself twice. The explorer passes the frame it is
 * expanding and the successor it builds from it, so refused or pruned events
 * cost no copy. An event rule returns true when the event was executed, false
 * when it is not enabled (nothing changed), or when `s.begin` declined a step
 * that changes nothing (only the explorer does that).
 *
 * The store methods are small, so the compiler inlines them into the rules
 * (a call site sees at most two store classes, one per store); the rules
 * allocate nothing, and in the explorer's inner loop every handle is an int.
 */
import type { Link } from './events.js';
import type { NodeId } from './protocol.js';

// ---------------------------------------------------------------------------
// Stores
// ---------------------------------------------------------------------------

/** Command codes of a handler's outbox, as a store decodes them. */
export const CMD_SEND = 1;
export const CMD_SET_TIMER = 2;
export const CMD_CANCEL_TIMER = 3;
export const CMD_PERSIST = 4;
export const CMD_GHOST = 5;
export const CMD_BIND = 6;

/** The handle types of one store. */
export interface Handles {
  /** A node state (the protocol's object; an interned state id). */
  state: unknown;
  /** A message in flight (an envelope; a message content id). */
  msg: unknown;
  /** What a send command carries (the message object; a payload or content id). */
  payload: unknown;
  /** A timer of a node (its name; an interned timer id). */
  timer: unknown;
  /** A spontaneous action of a node (its key; an interned action id). */
  action: unknown;
  /** A ghost event (the protocol's object; an interned event id). */
  ghostEvent: unknown;
  /** A handler outcome (an `Outcome`; a compiled `Effect`). */
  outcome: unknown;
  /** A partition (a list of cut links; the isolated node). */
  partition: unknown;
}

/** What the rules read of a world. */
export interface Reads<H extends Handles> {
  /** Number of nodes. */
  readonly n: number;
  /** TLA+-style message set (never removed, equal messages merge) rather than a multiset. */
  readonly setSemantics: boolean;
  isUp(node: NodeId): boolean;
  /** True if the current partition cuts the directed link `from -> to`. */
  isCut(from: NodeId, to: NodeId): boolean;
  /** True if some link is cut. */
  isPartitioned(): boolean;
  /** `m` is in flight (under set semantics: a message with `m`'s content is). */
  hasMessage(m: H['msg']): boolean;
  msgFrom(m: H['msg']): NodeId;
  msgTo(m: H['msg']): NodeId;
  isArmed(node: NodeId, t: H['timer']): boolean;
  /** The node's last persisted state (the store's "never persisted" value if none). */
  durable(node: NodeId): H['state'];
  /** `p` names only existing nodes and no self-link. */
  validPartition(p: H['partition']): boolean;
}

/**
 * Handler outcomes in the state `Reads` describes: the protocol's pure
 * handlers, called (or looked up in a memo) on the node's current state.
 */
export interface Handlers<H extends Handles> {
  onInit(node: NodeId): H['outcome'];
  /** `onMessage` of `m`'s addressee `to` (= `msgTo(m)`). */
  onMessage(m: H['msg'], to: NodeId): H['outcome'];
  onTimer(node: NodeId, t: H['timer']): H['outcome'];
  /** `onAction`, or undefined if the protocol does not list `a` among the node's actions. */
  onAction(node: NodeId, a: H['action']): H['outcome'] | undefined;
  /** `recover` from the persisted state `durable`. */
  onRecover(node: NodeId, durable: H['state']): H['outcome'];
  /** The handler returned the node's current state object and an empty outbox. */
  isNoop(node: NodeId, o: H['outcome']): boolean;
}

/** Where the effects of an event go: primitive writes, plus reads of its own current state. */
export interface Store<H extends Handles> extends Reads<H> {
  /**
   * An enabled event is about to take effect; `unchanged` says the rules know
   * it leaves the world as it is (a no-op handler outcome). Returns false if
   * the store skips it (the explorer: the same state again); must return true
   * when `unchanged` is false.
   */
  begin(unchanged: boolean): boolean;
  setUp(node: NodeId, up: boolean): void;
  setState(node: NodeId, s: H['state']): void;
  /** Makes `s` the node's durable state. */
  persist(node: NodeId, s: H['state']): void;

  // Decoding a handler outcome.
  nextState(o: H['outcome']): H['state'];
  outboxSize(o: H['outcome']): number;
  /** Command `i` of the outbox: one of the `CMD_` codes. */
  cmdKind(o: H['outcome'], i: number): number;
  /** `send`: the node or logical address it goes to. */
  cmdTo(o: H['outcome'], i: number): number;
  /** `send`: what it carries. */
  cmdPayload(o: H['outcome'], i: number): H['payload'];
  /** `setTimer` / `cancelTimer`: which timer. */
  cmdTimer(o: H['outcome'], i: number): H['timer'];
  /** `setTimer`: virtual ticks from now. */
  cmdDelay(o: H['outcome'], i: number): number;
  cmdGhost(o: H['outcome'], i: number): H['ghostEvent'];
  /** `bind`: the address and the node it is bound to. */
  cmdAddress(o: H['outcome'], i: number): number;
  cmdNode(o: H['outcome'], i: number): number;

  /** Number of logical addresses (0: sends name nodes directly). */
  readonly addressCount: number;
  /** The node bound to an address (0 <= address < addressCount), -1 for nobody. */
  resolve(address: number): NodeId;
  bind(address: number, node: NodeId): void;

  /** The message `from -> to` carrying `p`, not yet in flight. */
  message(from: NodeId, to: NodeId, p: H['payload']): H['msg'];
  addMessage(m: H['msg']): void;
  /** Removes one copy of `m` (multiset semantics). */
  removeMessage(m: H['msg']): void;
  /** A second copy of `m`, not yet in flight. */
  copyOf(m: H['msg']): H['msg'];

  /** Arms a timer that is not armed. */
  arm(node: NodeId, t: H['timer'], delay: number): void;
  /** Arms again a timer that is armed (a new deadline; deadlines are not state for the explorer). */
  rearm(node: NodeId, t: H['timer'], delay: number): void;
  /** Disarms an armed timer. */
  disarm(node: NodeId, t: H['timer']): void;
  /** Disarms every timer of the node. */
  disarmAll(node: NodeId): void;

  recordGhost(node: NodeId, g: H['ghostEvent']): void;
  /** Replaces the partition by `p` (valid). */
  setPartition(p: H['partition']): void;
  clearPartition(): void;
}

// ---------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------

/**
 * Applies a handler outcome of `node`: its new state, then the outbox in
 * order (a `bind` affects the sends after it; `persist` saves the new state).
 */
export function applyOutcome<H extends Handles>(s: Store<H>, node: NodeId, o: H['outcome']): void {
  const next = s.nextState(o);
  s.setState(node, next);
  const k = s.outboxSize(o);
  for (let i = 0; i < k; i++) {
    switch (s.cmdKind(o, i)) {
      case CMD_SEND:
        send(s, node, s.cmdTo(o, i), s.cmdPayload(o, i));
        break;
      case CMD_SET_TIMER:
        setTimer(s, node, s.cmdTimer(o, i), s.cmdDelay(o, i));
        break;
      case CMD_CANCEL_TIMER:
        cancelTimer(s, node, s.cmdTimer(o, i));
        break;
      case CMD_PERSIST:
        s.persist(node, next);
        break;
      case CMD_GHOST:
        s.recordGhost(node, s.cmdGhost(o, i));
        break;
      case CMD_BIND:
        bind(s, s.cmdAddress(o, i), s.cmdNode(o, i));
        break;
    }
  }
}

/**
 * `send`: `target` is resolved through the address table at send time (when
 * the protocol declares addresses); a send to nobody or to a node that does
 * not exist is lost, as is one on a link the current partition cuts; under
 * set semantics a message equal to one in flight merges with it.
 */
export function send<H extends Handles>(s: Store<H>, from: NodeId, target: number, p: H['payload']): void {
  const to = s.addressCount > 0 ? resolve(s, target) : target;
  if (to < 0 || to >= s.n) return;
  if (s.isCut(from, to)) return;
  const m = s.message(from, to, p);
  if (s.setSemantics && s.hasMessage(m)) return;
  s.addMessage(m);
}

/** The node an address names now (-1: unbound, or not an address). */
export function resolve<H extends Handles>(s: Store<H>, address: number): NodeId {
  return address >= 0 && address < s.addressCount ? s.resolve(address) : -1;
}

/** `setTimer`: arms the timer, or re-arms it if it is armed. */
export function setTimer<H extends Handles>(s: Store<H>, node: NodeId, t: H['timer'], delay: number): void {
  if (s.isArmed(node, t)) s.rearm(node, t, delay);
  else s.arm(node, t, delay);
}

/** `cancelTimer`: disarms the timer if it is armed. */
export function cancelTimer<H extends Handles>(s: Store<H>, node: NodeId, t: H['timer']): void {
  if (s.isArmed(node, t)) s.disarm(node, t);
}

/** `bind`: an unknown address is ignored; binding to a node that does not exist unbinds. */
export function bind<H extends Handles>(s: Store<H>, address: number, node: NodeId): void {
  if (address < 0 || address >= s.addressCount) return;
  s.bind(address, node >= 0 && node < s.n ? node : -1);
}

// ---------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------

/** `node` is a node of this world. */
export function isNode<H extends Handles>(r: Reads<H>, node: NodeId): boolean {
  return node >>> 0 === node && node < r.n;
}

/** A message on `from -> to` can be received now: addressee up, link not cut. */
export function deliverable<H extends Handles>(r: Reads<H>, from: NodeId, to: NodeId): boolean {
  return r.isUp(to) && !r.isCut(from, to);
}

/** Builds the initial world on an empty store: every node's `init` outcome, in id order. */
export function init<H extends Handles>(r: Handlers<H>, s: Store<H>): void {
  for (let node = 0; node < s.n; node++) applyOutcome(s, node, r.onInit(node));
}

/**
 * Deliver `m` to its addressee (in flight, deliverable). Under multiset
 * semantics the message is consumed; under set semantics it stays, so a no-op
 * reception changes nothing.
 */
export function deliver<H extends Handles>(r: Reads<H> & Handlers<H>, s: Store<H>, m: H['msg']): boolean {
  const to = r.msgTo(m);
  if (!r.hasMessage(m) || !deliverable(r, r.msgFrom(m), to)) return false;
  const o = r.onMessage(m, to);
  if (!s.begin(r.setSemantics && r.isNoop(to, o))) return false;
  if (!r.setSemantics) s.removeMessage(m);
  applyOutcome(s, to, o);
  return true;
}

/** Lose `m` (multiset semantics only: a message set never loses anything). */
export function drop<H extends Handles>(r: Reads<H>, s: Store<H>, m: H['msg']): boolean {
  if (r.setSemantics || !r.hasMessage(m)) return false;
  s.begin(false);
  s.removeMessage(m);
  return true;
}

/** Duplicate `m` (multiset semantics only: under set semantics a copy would merge). */
export function duplicate<H extends Handles>(r: Reads<H>, s: Store<H>, m: H['msg']): boolean {
  if (r.setSemantics || !r.hasMessage(m)) return false;
  s.begin(false);
  s.addMessage(s.copyOf(m));
  return true;
}

/** Node `node` takes spontaneous action `a` (node up, action listed by the protocol). */
export function local<H extends Handles>(r: Reads<H> & Handlers<H>, s: Store<H>, node: NodeId, a: H['action']): boolean {
  if (!isNode(r, node) || !r.isUp(node)) return false;
  const o = r.onAction(node, a);
  if (o === undefined) return false;
  if (!s.begin(r.isNoop(node, o))) return false;
  applyOutcome(s, node, o);
  return true;
}

/** Timer `t` of `node` fires (node up, timer armed): it is disarmed, then `onTimer` applies. */
export function fire<H extends Handles>(r: Reads<H> & Handlers<H>, s: Store<H>, node: NodeId, t: H['timer']): boolean {
  if (!isNode(r, node) || !r.isUp(node) || !r.isArmed(node, t)) return false;
  const o = r.onTimer(node, t);
  s.begin(false);
  s.disarm(node, t);
  applyOutcome(s, node, o);
  return true;
}

/** Crash an up node: it goes down and its timers are disarmed (its persisted state stays). */
export function crash<H extends Handles>(r: Reads<H>, s: Store<H>, node: NodeId): boolean {
  if (!isNode(r, node) || !r.isUp(node)) return false;
  s.begin(false);
  s.setUp(node, false);
  s.disarmAll(node);
  return true;
}

/** Restart a down node: it comes up with `recover(persisted)` applied. */
export function recover<H extends Handles>(r: Reads<H> & Handlers<H>, s: Store<H>, node: NodeId): boolean {
  if (!isNode(r, node) || r.isUp(node)) return false;
  const o = r.onRecover(node, r.durable(node));
  s.begin(false);
  s.setUp(node, true);
  applyOutcome(s, node, o);
  return true;
}

/** Cut exactly the links of `p`, replacing any previous partition; a partition naming bad links is refused. */
export function partition<H extends Handles>(r: Reads<H>, s: Store<H>, p: H['partition']): boolean {
  if (!r.validPartition(p)) return false;
  s.begin(false);
  s.setPartition(p);
  return true;
}

/** Reconnect every link (enabled only while something is cut). */
export function heal<H extends Handles>(r: Reads<H>, s: Store<H>): boolean {
  if (!r.isPartitioned()) return false;
  s.begin(false);
  s.clearPartition();
  return true;
}

/** Links that name existing nodes and no self-link (what a `partition` event may cut). */
export function validLinks(n: number, links: readonly Link[]): boolean {
  for (let i = 0; i < links.length; i++) {
    const [a, b] = links[i]!;
    if (!(a >>> 0 === a && b >>> 0 === b && a < n && b < n && a !== b)) return false;
  }
  return true;
}

/** Links cut when node `i` is isolated from every other node (both directions). */
export function isolate(n: number, i: NodeId): Link[] {
  const links: Link[] = [];
  for (let j = 0; j < n; j++) if (j !== i) links.push([i, j], [j, i]);
  return links;
}

/** True if `isolate(n, i)` lists the link `from -> to` (for stores that keep a partition as its isolated node). */
export function isolationCuts(i: NodeId, from: NodeId, to: NodeId): boolean {
  return from !== to && (from === i || to === i);
}

// ---------------------------------------------------------------------------
// Faults offered
// ---------------------------------------------------------------------------

/** Which fault events a search offers besides protocol steps. */
export interface FaultMask {
  drop: boolean;
  duplicate: boolean;
  crash: boolean;
  partition: boolean;
  /** At most this many nodes down at once (crash events beyond it are not offered). */
  maxCrashed: number;
}

export const NO_FAULTS: FaultMask = { drop: false, duplicate: false, crash: false, partition: false, maxCrashed: 0 };

/** Loss of each message in flight is offered (multiset semantics only). */
export function offersDrop<H extends Handles>(r: Reads<H>, f: FaultMask): boolean {
  return f.drop && !r.setSemantics;
}

/** Duplication of each message in flight is offered (multiset semantics only). */
export function offersDuplicate<H extends Handles>(r: Reads<H>, f: FaultMask): boolean {
  return f.duplicate && !r.setSemantics;
}

/** Number of nodes down. */
export function downCount<H extends Handles>(r: Reads<H>): number {
  let down = 0;
  for (let i = 0; i < r.n; i++) if (!r.isUp(i)) down++;
  return down;
}

/** A crash of `node` is offered: crashes allowed, node up, fewer than `maxCrashed` nodes down. */
export function offersCrash<H extends Handles>(r: Reads<H>, f: FaultMask, node: NodeId, down: number): boolean {
  return f.crash && r.isUp(node) && down < f.maxCrashed;
}

/** A recovery of `node` is offered: crashes allowed and the node down. */
export function offersRecover<H extends Handles>(r: Reads<H>, f: FaultMask, node: NodeId): boolean {
  return f.crash && !r.isUp(node);
}

/** Partitions (each node isolated in turn) are offered. */
export function offersPartition(f: FaultMask): boolean {
  return f.partition;
}

/** Healing is offered: partitions allowed and something cut. */
export function offersHeal<H extends Handles>(r: Reads<H>, f: FaultMask): boolean {
  return f.partition && r.isPartitioned();
}
