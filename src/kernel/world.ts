/**
 * The world kernel: node states, network, timers, fault state and ghost
 * history. Every driver (DES, fast-check schedules, explorer, replay) goes
 * through exactly two functions, `enabledEvents` and `step`; the kernel never
 * draws randomness, so replaying the executed events reproduces a run exactly.
 */
import type { Event, Link } from './events.js';
import { Network, type Envelope, type Semantics } from './network.js';
import type { AnyProtocol, NodeId, Outcome } from './protocol.js';

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

/** Builds the initial world: every node's `init` outcome applied in id order. */
export function createWorld<P extends AnyProtocol>(proto: P, semantics: Semantics): World<P> {
  const n = proto.nodeCount;
  const w: World<P> = {
    proto,
    n,
    nodes: new Array(n),
    persisted: new Array(n).fill(undefined),
    up: new Array(n).fill(true),
    net: new Network(semantics),
    timers: new Map(),
    blocked: new Uint8Array(n * n),
    blockedCount: 0,
    route: proto.addresses ? Int32Array.from(proto.addresses.initial) : undefined,
    ghost: proto.ghost.init(),
    time: 0,
    steps: 0,
    sent: [],
    armed: [],
  };
  for (let id = 0; id < n; id++) apply(w, id, proto.init(id));
  return w;
}

/** An independent copy (node states and messages are immutable, so this is shallow). */
export function cloneWorld<P extends AnyProtocol>(w: World<P>): World<P> {
  return {
    proto: w.proto,
    n: w.n,
    nodes: w.nodes.slice(),
    persisted: w.persisted.slice(),
    up: w.up.slice(),
    net: w.net.clone(),
    timers: new Map(w.timers),
    blocked: w.blocked.slice(),
    blockedCount: w.blockedCount,
    route: w.route?.slice(),
    ghost: w.proto.ghost.clone(w.ghost),
    time: w.time,
    steps: w.steps,
    sent: [],
    armed: [],
  };
}

/** Applies a handler's outcome for `node`: new state, then the outbox in order. */
export function apply(w: World, node: NodeId, o: Outcome<unknown, unknown, unknown>): void {
  w.nodes[node] = o.state;
  const out = o.out;
  for (let i = 0; i < out.length; i++) {
    const c = out[i]!;
    switch (c.kind) {
      case 'send': {
        const to = w.route === undefined ? c.to : (w.route[c.to] ?? -1);
        if (to < 0) break; // nobody at that address
        if (w.blockedCount > 0 && w.blocked[node * w.n + to] === 1) break; // cut by a partition
        const env = w.net.send(node, to, c.msg, w.proto.msgKey);
        if (env !== undefined) w.sent.push(env);
        break;
      }
      case 'setTimer': {
        const t: TimerEntry = { node, timer: c.timer, at: w.time + c.delay };
        w.timers.set(`${node}:${c.timer}`, t);
        w.armed.push(t);
        break;
      }
      case 'cancelTimer':
        w.timers.delete(`${node}:${c.timer}`);
        break;
      case 'persist':
        w.persisted[node] = o.state;
        break;
      case 'ghost':
        w.ghost = w.proto.ghost.record(w.ghost, node, c.event);
        break;
      case 'bind':
        if (w.route !== undefined) w.route[c.address] = c.node;
        break;
    }
  }
}

/** True if an envelope can be delivered now (addressee up, link not cut). */
export function deliverable(w: World, env: Envelope<unknown>): boolean {
  return w.up[env.to]! && (w.blockedCount === 0 || w.blocked[env.from * w.n + env.to] === 0);
}

/**
 * Executes one event. Returns false, changing nothing, when the event is not
 * enabled in this world (unknown envelope, node down, action not enabled...):
 * schedules rely on that to make impossible picks no-ops, and replay relies on
 * it to detect divergence.
 */
export function step(w: World, e: Event): boolean {
  if (w.sent.length !== 0) w.sent.length = 0;
  if (w.armed.length !== 0) w.armed.length = 0;
  const proto = w.proto;
  switch (e.k) {
    case 'deliver': {
      const env = w.net.get(e.id);
      if (env === undefined || !deliverable(w, env)) return false;
      if (w.net.semantics === 'multiset') w.net.remove(e.id);
      apply(w, env.to, proto.onMessage(w.nodes[env.to], env.to, env.from, env.msg));
      break;
    }
    case 'drop': {
      if (w.net.semantics === 'set' || !w.net.inflight.has(e.id)) return false;
      w.net.remove(e.id);
      break;
    }
    case 'dup': {
      const env = w.net.get(e.id);
      if (env === undefined || w.net.semantics === 'set') return false;
      w.sent.push(w.net.duplicate(env));
      break;
    }
    case 'local': {
      if (!w.up[e.node]) return false;
      const s = w.nodes[e.node];
      const acts = proto.actions(s, e.node, w.net);
      let found = false;
      for (let i = 0; i < acts.length; i++) {
        if (proto.actionKey(acts[i]) === e.action) {
          apply(w, e.node, proto.onAction(s, e.node, acts[i], w.net));
          found = true;
          break;
        }
      }
      if (!found) return false;
      break;
    }
    case 'timer': {
      const key = `${e.node}:${e.timer}`;
      if (!w.up[e.node] || !w.timers.has(key)) return false;
      w.timers.delete(key);
      apply(w, e.node, proto.onTimer(w.nodes[e.node], e.node, e.timer));
      break;
    }
    case 'crash': {
      if (!w.up[e.node]) return false;
      w.up[e.node] = false;
      for (const [key, t] of w.timers) if (t.node === e.node) w.timers.delete(key);
      break;
    }
    case 'recover': {
      if (w.up[e.node]) return false;
      w.up[e.node] = true;
      apply(w, e.node, proto.recover(w.persisted[e.node], e.node));
      break;
    }
    case 'partition': {
      w.blocked.fill(0);
      w.blockedCount = 0;
      for (const [a, b] of e.links) {
        if (a < 0 || b < 0 || a >= w.n || b >= w.n || a === b) return false;
        if (w.blocked[a * w.n + b] === 0) w.blockedCount++;
        w.blocked[a * w.n + b] = 1;
      }
      break;
    }
    case 'heal': {
      if (w.blockedCount === 0) return false;
      w.blocked.fill(0);
      w.blockedCount = 0;
      break;
    }
  }
  w.steps++;
  return true;
}

/** Which fault events `enabledEvents` offers besides protocol steps. */
export interface FaultMask {
  drop: boolean;
  duplicate: boolean;
  crash: boolean;
  partition: boolean;
  /** At most this many nodes down at once (crash events beyond it are not offered). */
  maxCrashed: number;
}

export const NO_FAULTS: FaultMask = { drop: false, duplicate: false, crash: false, partition: false, maxCrashed: 0 };

/** Links cut when node `i` is isolated from every other node (both directions). */
export function isolate(n: number, i: NodeId): Link[] {
  const links: Link[] = [];
  for (let j = 0; j < n; j++) if (j !== i) links.push([i, j], [j, i]);
  return links;
}

/**
 * Every event enabled in `w`, in a deterministic order: deliveries (by envelope
 * id), local actions (by node, then the protocol's order), timers, then the
 * faults `faults` allows.
 */
export function enabledEvents(w: World, faults: FaultMask = NO_FAULTS): Event[] {
  const out: Event[] = [];
  const proto = w.proto;
  for (const env of w.net.inflight.values()) if (deliverable(w, env)) out.push({ k: 'deliver', id: env.id });
  for (let node = 0; node < w.n; node++) {
    if (!w.up[node]) continue;
    const acts = proto.actions(w.nodes[node], node, w.net);
    for (let i = 0; i < acts.length; i++) out.push({ k: 'local', node, action: proto.actionKey(acts[i]) });
  }
  for (const t of w.timers.values()) out.push({ k: 'timer', node: t.node, timer: t.timer });
  if (w.net.semantics === 'multiset') {
    if (faults.drop) for (const id of w.net.inflight.keys()) out.push({ k: 'drop', id });
    if (faults.duplicate) for (const id of w.net.inflight.keys()) out.push({ k: 'dup', id });
  }
  if (faults.crash) {
    let down = 0;
    for (let i = 0; i < w.n; i++) if (!w.up[i]) down++;
    for (let node = 0; node < w.n; node++) {
      if (w.up[node] && down < faults.maxCrashed) out.push({ k: 'crash', node });
      else if (!w.up[node]) out.push({ k: 'recover', node });
    }
  }
  if (faults.partition) {
    for (let node = 0; node < w.n; node++) out.push({ k: 'partition', links: isolate(w.n, node) });
    if (w.blockedCount > 0) out.push({ k: 'heal' });
  }
  return out;
}
