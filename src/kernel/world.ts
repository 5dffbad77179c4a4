/**
 * The world kernel: node states, network, timers, fault state and ghost
 * history. Every driver (DES, fast-check schedules, explorer, replay) goes
 * through exactly two functions, `enabledEvents` and `step`; the kernel never
 * draws randomness, so replaying the executed events reproduces a run exactly.
 *
 * What events and commands do is not written here: the rules (`rules.ts`)
 * decide, and the world is the store they run on (`ObjectWorld`), holding
 * the protocol's own objects. The explorer runs the same rules on its
 * integer store.
 */
import type { Event, Link } from './events.js';
import { Network, type Envelope, type Semantics } from './network.js';
import type { AnyProtocol, Command, NodeId, Outcome } from './protocol.js';
import * as rules from './rules.js';
import {
  CMD_BIND, CMD_CANCEL_TIMER, CMD_GHOST, CMD_PERSIST, CMD_SEND, CMD_SET_TIMER, isolate, NO_FAULTS, validLinks,
  type FaultMask, type Handlers, type Store,
} from './rules.js';

export { isolate, NO_FAULTS, type FaultMask };

/** An armed timer. `at` is virtual time; only the DES looks at it. */
export interface TimerEntry {
  readonly node: NodeId;
  readonly timer: string;
  readonly at: number;
}

/**
 * The kernel's object world. Node states, messages and ghost history are typed
 * `any` here: the kernel does not care what they are, and the protocol's own
 * typed `WorldView<S, M, H>` (which this implements) is how checks read them.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
export interface World<P extends AnyProtocol = AnyProtocol> {
  readonly proto: P;
  readonly n: number;
  /** Current state of each node (meaningless while the node is down). */
  nodes: any[];
  /** Last persisted state of each node, restored by `recover`. */
  persisted: any[];
  up: boolean[];
  net: Network<any>;
  /** Armed timers keyed `node:timer`. */
  timers: Map<string, TimerEntry>;
  /** blocked[from * n + to] = 1 when a partition cuts that directed link. */
  blocked: Uint8Array;
  /** Number of currently blocked links. */
  blockedCount: number;
  /** Logical address -> node, for protocols that declare `addresses`. */
  route: Int32Array | undefined;
  ghost: any;
  /** Virtual time (advanced by the DES; schedules leave it alone). */
  time: number;
  /** Events executed so far. */
  steps: number;
  /** Envelopes created by the last step (the DES gives them latencies). */
  readonly sent: Envelope<any>[];
  /** Timers armed by the last step. */
  readonly armed: TimerEntry[];
}

/* eslint-disable @typescript-eslint/no-explicit-any */
/** Handle types of the object world: the protocol's own objects. */
interface ObjectHandles {
  state: any;
  msg: Envelope<any>;
  payload: any;
  /** A timer's name (its node is passed alongside). */
  timer: string;
  /** An action's key. */
  action: string;
  ghostEvent: any;
  outcome: Outcome<any, any, any>;
  partition: readonly Link[];
}

type AnyCommand = Command<any, any>;

/**
 * Timer keys `node:timer` per protocol instance, per node, by timer name:
 * built once, so a timer step neither allocates a key string nor hashes a
 * fresh one (the DES fires and arms timers in most steps).
 */
const TIMER_KEYS = new WeakMap<AnyProtocol, Map<string, string>[]>();

function timerKeys(proto: AnyProtocol): Map<string, string>[] {
  let keys = TIMER_KEYS.get(proto);
  if (keys === undefined) {
    keys = Array.from({ length: proto.nodeCount }, () => new Map<string, string>());
    TIMER_KEYS.set(proto, keys);
  }
  return keys;
}

/**
 * The object world as a rules store. `createWorld` and `cloneWorld` make
 * these; the rest of the harness sees the plain `World` fields.
 */
class ObjectWorld<P extends AnyProtocol = AnyProtocol> implements World<P>, Store<ObjectHandles>, Handlers<ObjectHandles> {
  readonly setSemantics: boolean;
  readonly addressCount: number;
  readonly sent: Envelope<any>[] = [];
  readonly armed: TimerEntry[] = [];
  /** The ghost history is also held by a `WorldImage`: clone it before recording into it (copy-on-write). */
  ghostShared = false;
  private readonly timerKeys: Map<string, string>[];

  constructor(
    readonly proto: P,
    readonly n: number,
    public nodes: any[],
    public persisted: any[],
    public up: boolean[],
    public net: Network<any>,
    public timers: Map<string, TimerEntry>,
    public blocked: Uint8Array,
    public blockedCount: number,
    public route: Int32Array | undefined,
    public ghost: any,
    public time: number,
    public steps: number,
  ) {
    this.setSemantics = net.semantics === 'set';
    this.addressCount = route === undefined ? 0 : route.length;
    this.timerKeys = timerKeys(proto);
  }

  /** The key `node:timer` of `timers`. */
  timerKey(node: NodeId, timer: string): string {
    const byName = this.timerKeys[node];
    if (byName === undefined) return `${node}:${timer}`;
    let key = byName.get(timer);
    if (key === undefined) {
      key = `${node}:${timer}`;
      byName.set(timer, key);
    }
    return key;
  }

  // Reads.
  isUp(node: NodeId): boolean {
    return this.up[node] === true;
  }
  isCut(from: NodeId, to: NodeId): boolean {
    return this.blockedCount > 0 && this.blocked[from * this.n + to] === 1;
  }
  isPartitioned(): boolean {
    return this.blockedCount > 0;
  }
  hasMessage(m: Envelope<any>): boolean {
    return this.net.has(m);
  }
  msgFrom(m: Envelope<any>): NodeId {
    return m.from;
  }
  msgTo(m: Envelope<any>): NodeId {
    return m.to;
  }
  isArmed(node: NodeId, t: string): boolean {
    return this.timers.has(this.timerKey(node, t));
  }
  durable(node: NodeId): any {
    return this.persisted[node];
  }
  validPartition(links: readonly Link[]): boolean {
    return validLinks(this.n, links);
  }

  // Handlers: the protocol, called on the current node states.
  onInit(node: NodeId): Outcome<any, any, any> {
    return this.proto.init(node);
  }
  onMessage(m: Envelope<any>, to: NodeId): Outcome<any, any, any> {
    return this.proto.onMessage(this.nodes[to], to, m.from, m.msg);
  }
  onTimer(node: NodeId, t: string): Outcome<any, any, any> {
    return this.proto.onTimer(this.nodes[node], node, t);
  }
  onAction(node: NodeId, key: string): Outcome<any, any, any> | undefined {
    const proto = this.proto, s = this.nodes[node];
    const acts = proto.actions(s, node, this.net);
    for (let i = 0; i < acts.length; i++) if (proto.actionKey(acts[i]) === key) return proto.onAction(s, node, acts[i], this.net);
    return undefined;
  }
  onRecover(node: NodeId, durable: any): Outcome<any, any, any> {
    return this.proto.recover(durable, node);
  }
  isNoop(node: NodeId, o: Outcome<any, any, any>): boolean {
    return o.out.length === 0 && o.state === this.nodes[node];
  }

  // Writes.
  /** The object world executes every enabled event, no-ops included (they count as steps). */
  begin(): boolean {
    return true;
  }
  setUp(node: NodeId, up: boolean): void {
    this.up[node] = up;
  }
  setState(node: NodeId, s: any): void {
    this.nodes[node] = s;
  }
  persist(node: NodeId, s: any): void {
    this.persisted[node] = s;
  }
  nextState(o: Outcome<any, any, any>): any {
    return o.state;
  }
  outboxSize(o: Outcome<any, any, any>): number {
    return o.out.length;
  }
  cmdKind(o: Outcome<any, any, any>, i: number): number {
    switch ((o.out[i] as AnyCommand).kind) {
      case 'send': return CMD_SEND;
      case 'setTimer': return CMD_SET_TIMER;
      case 'cancelTimer': return CMD_CANCEL_TIMER;
      case 'persist': return CMD_PERSIST;
      case 'ghost': return CMD_GHOST;
      case 'bind': return CMD_BIND;
      default: return 0;
    }
  }
  cmdTo(o: Outcome<any, any, any>, i: number): number {
    return (o.out[i] as Extract<AnyCommand, { kind: 'send' }>).to;
  }
  cmdPayload(o: Outcome<any, any, any>, i: number): any {
    return (o.out[i] as Extract<AnyCommand, { kind: 'send' }>).msg;
  }
  cmdTimer(o: Outcome<any, any, any>, i: number): string {
    return (o.out[i] as Extract<AnyCommand, { kind: 'setTimer' | 'cancelTimer' }>).timer;
  }
  cmdDelay(o: Outcome<any, any, any>, i: number): number {
    return (o.out[i] as Extract<AnyCommand, { kind: 'setTimer' }>).delay;
  }
  cmdGhost(o: Outcome<any, any, any>, i: number): any {
    return (o.out[i] as Extract<AnyCommand, { kind: 'ghost' }>).event;
  }
  cmdAddress(o: Outcome<any, any, any>, i: number): number {
    return (o.out[i] as Extract<AnyCommand, { kind: 'bind' }>).address;
  }
  cmdNode(o: Outcome<any, any, any>, i: number): number {
    return (o.out[i] as Extract<AnyCommand, { kind: 'bind' }>).node;
  }
  resolve(address: number): NodeId {
    return this.route![address]!;
  }
  bind(address: number, node: NodeId): void {
    this.route![address] = node;
  }
  message(from: NodeId, to: NodeId, msg: any): Envelope<any> {
    return this.net.envelope(from, to, msg, this.proto.msgKey);
  }
  addMessage(m: Envelope<any>): void {
    this.net.add(m);
    this.sent.push(m);
  }
  removeMessage(m: Envelope<any>): void {
    this.net.remove(m.id);
  }
  copyOf(m: Envelope<any>): Envelope<any> {
    return this.net.copy(m);
  }
  arm(node: NodeId, timer: string, delay: number): void {
    const t: TimerEntry = { node, timer, at: this.time + delay };
    this.timers.set(this.timerKey(node, timer), t);
    this.armed.push(t);
  }
  /** A re-armed timer gets the new deadline. */
  rearm(node: NodeId, timer: string, delay: number): void {
    this.arm(node, timer, delay);
  }
  disarm(node: NodeId, timer: string): void {
    this.timers.delete(this.timerKey(node, timer));
  }
  disarmAll(node: NodeId): void {
    for (const [key, t] of this.timers) if (t.node === node) this.timers.delete(key);
  }
  recordGhost(node: NodeId, g: any): void {
    if (this.ghostShared) {
      this.ghost = this.proto.ghost.clone(this.ghost);
      this.ghostShared = false;
    }
    this.ghost = this.proto.ghost.record(this.ghost, node, g);
  }
  setPartition(links: readonly Link[]): void {
    this.clearPartition();
    const n = this.n;
    for (let i = 0; i < links.length; i++) {
      const [a, b] = links[i]!;
      if (this.blocked[a * n + b] === 0) this.blockedCount++;
      this.blocked[a * n + b] = 1;
    }
  }
  clearPartition(): void {
    if (this.blockedCount === 0) return;
    this.blocked.fill(0);
    this.blockedCount = 0;
  }
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/** Nodes down now (a crash is offered while fewer than `maxCrashed` are). */
export function downCount(w: World): number {
  return rules.downCount(store(w));
}

/** The store behind a world: every world is made by `createWorld`, `cloneWorld` or `restoreWorld`. */
function store(w: World): ObjectWorld {
  if (w instanceof ObjectWorld) return w;
  throw new Error('kernel: this World was not made by createWorld or cloneWorld');
}

/** Builds the initial world: every node's `init` outcome applied in id order. */
export function createWorld<P extends AnyProtocol>(proto: P, semantics: Semantics): World<P> {
  const n = proto.nodeCount;
  const w = new ObjectWorld<P>(
    proto, n, new Array(n), new Array(n).fill(undefined), new Array(n).fill(true), new Network(semantics), new Map(),
    new Uint8Array(n * n), 0, proto.addresses ? Int32Array.from(proto.addresses.initial) : undefined, proto.ghost.init(), 0, 0,
  );
  rules.init(w, w);
  return w;
}

/** An independent copy (node states and messages are immutable, so this is shallow). */
export function cloneWorld<P extends AnyProtocol>(w: World<P>): World<P> {
  return new ObjectWorld<P>(
    w.proto, w.n, w.nodes.slice(), w.persisted.slice(), w.up.slice(), w.net.clone(), new Map(w.timers), w.blocked.slice(), w.blockedCount,
    w.route?.slice(), w.proto.ghost.clone(w.ghost), w.time, w.steps,
  );
}

/**
 * A world frozen to continue from, any number of times (the guided
 * strategy's snapshots, taken at many steps of a run and mostly never used):
 * cheaper to take than `cloneWorld`. Envelopes and timers are kept as arrays
 * (a restored world rebuilds its maps once), the cut-link table only while
 * a link is cut, and the ghost history — the costliest part to copy, and
 * the one that changes least often — is shared copy-on-write: the world
 * and every world restored from the image clone it before recording into it.
 */
export interface WorldImage {
  readonly proto: AnyProtocol;
  readonly nodes: readonly unknown[];
  readonly persisted: readonly unknown[];
  readonly up: readonly boolean[];
  readonly semantics: Semantics;
  /** In flight, in id order. */
  readonly envelopes: readonly Envelope<unknown>[];
  readonly nextId: number;
  /** Armed, in arming order (the order of `World.timers`). */
  readonly timers: readonly TimerEntry[];
  /** Undefined: no link cut. */
  readonly blocked: Uint8Array | undefined;
  readonly blockedCount: number;
  readonly route: Int32Array | undefined;
  readonly ghost: unknown;
  readonly time: number;
  readonly steps: number;
}

/** An image of `w` as it is now. */
export function imageOf(w: World): WorldImage {
  const s = store(w);
  s.ghostShared = true;
  return {
    proto: s.proto, nodes: s.nodes.slice(), persisted: s.persisted.slice(), up: s.up.slice(), semantics: s.net.semantics,
    envelopes: Array.from(s.net.inflight.values()), nextId: s.net.nextId, timers: Array.from(s.timers.values()),
    blocked: s.blockedCount > 0 ? s.blocked.slice() : undefined, blockedCount: s.blockedCount, route: s.route?.slice(), ghost: s.ghost, time: s.time, steps: s.steps,
  };
}

/** A world in the state of `img` (independent of it and of every other world restored from it). */
export function restoreWorld(img: WorldImage): World {
  const n = img.proto.nodeCount;
  const net = new Network<unknown>(img.semantics, undefined, undefined, img.nextId);
  for (const env of img.envelopes) {
    net.inflight.set(env.id, env);
    // Under set semantics nothing leaves the network, so the content keys are exactly the envelopes' own.
    if (env.key !== undefined) net.byKey.set(env.key, env.id);
  }
  const w = new ObjectWorld(
    img.proto, n, img.nodes.slice(), img.persisted.slice(), img.up.slice(), net, new Map(), img.blocked?.slice() ?? new Uint8Array(n * n), img.blockedCount,
    img.route?.slice(), img.ghost, img.time, img.steps,
  );
  for (const t of img.timers) w.timers.set(w.timerKey(t.node, t.timer), t);
  w.ghostShared = true;
  return w;
}

/** Applies a handler's outcome for `node`: new state, then the outbox in order (`rules.applyOutcome`). */
export function apply(w: World, node: NodeId, o: Outcome<unknown, unknown, unknown>): void {
  rules.applyOutcome(store(w), node, o);
}

/** True if an envelope can be delivered now (addressee up, link not cut). */
export function deliverable(w: World, env: Envelope<unknown>): boolean {
  return rules.deliverable(store(w), env.from, env.to);
}

/**
 * Executes one event. Returns false, changing nothing, when the event is not
 * enabled in this world (unknown envelope, node down, action not enabled,
 * partition naming a bad link...): schedules rely on that to make impossible
 * picks no-ops, and replay relies on it to detect divergence.
 */
export function step(w: World, e: Event): boolean {
  if (w.sent.length !== 0) w.sent.length = 0;
  if (w.armed.length !== 0) w.armed.length = 0;
  const s = store(w);
  let ok: boolean;
  switch (e.k) {
    case 'deliver': {
      const env = s.net.get(e.id);
      ok = env !== undefined && rules.deliver(s, s, env);
      break;
    }
    case 'drop': {
      const env = s.net.get(e.id);
      ok = env !== undefined && rules.drop(s, s, env);
      break;
    }
    case 'dup': {
      const env = s.net.get(e.id);
      ok = env !== undefined && rules.duplicate(s, s, env);
      break;
    }
    case 'local':
      ok = rules.local(s, s, e.node, e.action);
      break;
    case 'timer':
      ok = rules.fire(s, s, e.node, e.timer);
      break;
    case 'crash':
      ok = rules.crash(s, s, e.node);
      break;
    case 'recover':
      ok = rules.recover(s, s, e.node);
      break;
    case 'partition':
      ok = rules.partition(s, s, e.links);
      break;
    case 'heal':
      ok = rules.heal(s, s);
      break;
    default:
      ok = false;
  }
  if (ok) w.steps++;
  return ok;
}

/**
 * The first of `enabledEvents(w)` (no faults), found without listing the
 * rest; without its deliveries when `deliveries` is false (a caller that
 * judged them itself, `firstEffectiveEvent`). It walks the same order as
 * `enabledEvents`; test/kernel/canonical.test.ts holds the two together.
 */
export function firstEnabledEvent(w: World, deliveries = true): Event | undefined {
  const s = store(w);
  const proto = s.proto;
  if (deliveries) for (const env of s.net.inflight.values()) if (rules.deliverable(s, env.from, env.to)) return { k: 'deliver', id: env.id };
  for (let node = 0; node < s.n; node++) {
    if (!s.isUp(node)) continue;
    const acts = proto.actions(s.nodes[node], node, s.net);
    if (acts.length > 0) return { k: 'local', node, action: proto.actionKey(acts[0]) };
  }
  for (const t of s.timers.values()) if (s.isUp(t.node)) return { k: 'timer', node: t.node, timer: t.timer };
  return undefined;
}

/**
 * Every event enabled in `w`, in a deterministic order: deliveries (by envelope
 * id), local actions (by node, then the protocol's order), timers, then the
 * faults `faults` allows (as `rules.offers*` decide).
 */
export function enabledEvents(w: World, faults: FaultMask = NO_FAULTS): Event[] {
  const s = store(w);
  const out: Event[] = [];
  const proto = s.proto;
  for (const env of s.net.inflight.values()) if (rules.deliverable(s, env.from, env.to)) out.push({ k: 'deliver', id: env.id });
  for (let node = 0; node < s.n; node++) {
    if (!s.isUp(node)) continue;
    const acts = proto.actions(s.nodes[node], node, s.net);
    for (let i = 0; i < acts.length; i++) out.push({ k: 'local', node, action: proto.actionKey(acts[i]) });
  }
  for (const t of s.timers.values()) if (s.isUp(t.node)) out.push({ k: 'timer', node: t.node, timer: t.timer });
  if (rules.offersDrop(s, faults)) for (const id of s.net.inflight.keys()) out.push({ k: 'drop', id });
  if (rules.offersDuplicate(s, faults)) for (const id of s.net.inflight.keys()) out.push({ k: 'dup', id });
  if (faults.crash) {
    const down = rules.downCount(s);
    for (let node = 0; node < s.n; node++) {
      if (rules.offersCrash(s, faults, node, down)) out.push({ k: 'crash', node });
      else if (rules.offersRecover(s, faults, node)) out.push({ k: 'recover', node });
    }
  }
  if (rules.offersPartition(faults)) for (let node = 0; node < s.n; node++) out.push({ k: 'partition', links: isolate(s.n, node) });
  if (rules.offersHeal(s, faults)) out.push({ k: 'heal' });
  return out;
}
