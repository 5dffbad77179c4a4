/**
 * A world from parts: node states, messages in flight, armed timers, which
 * nodes are up, and a ghost history, put together directly rather than
 * reached by running the protocol. `induct` needs it: a counterexample to
 * induction starts from an arbitrary state that satisfies an invariant,
 * reachable or not (Lamport, "Using TLC to check inductive invariance").
 *
 * The world is made by `createWorld` (so it is a kernel world that `step`
 * and `enabledEvents` accept) and its fields are then replaced; nothing of
 * the initial state is kept but the partition table (healed) and the
 * address table (the protocol's initial one).
 */
import type { Semantics } from './network.js';
import { Network } from './network.js';
import type { AnyProtocol, NodeId } from './protocol.js';
import { createWorld, type World } from './world.js';

/** The parts of a global state, typed by the protocol's node state `S`, message `M` and ghost history `H`. */
export interface WorldParts<S = unknown, M = unknown, H = unknown> {
  /** Current state of each node. */
  readonly nodes: readonly S[];
  /** What each node last persisted (default: its current state, as if it persisted every change). */
  readonly persisted?: readonly (S | undefined)[];
  /** Which nodes are up (default: all). */
  readonly up?: readonly boolean[];
  /** Messages in flight, in this order (under set semantics equal ones merge). */
  readonly messages: readonly { readonly from: NodeId; readonly to: NodeId; readonly msg: M }[];
  /** Armed timers (their deadlines are 0: only the DES reads them). */
  readonly timers?: readonly { readonly node: NodeId; readonly timer: string }[];
  /** The ghost history, already recorded (the world takes it over; do not share it). */
  readonly ghost: H;
}

/** A kernel world holding exactly `parts`, at step 0. */
export function assembleWorld<P extends AnyProtocol>(proto: P, semantics: Semantics, parts: WorldParts): World<P> {
  const n = proto.nodeCount;
  if (parts.nodes.length !== n) throw new Error(`assembleWorld: ${parts.nodes.length} node states for ${n} nodes`);
  const w = createWorld(proto, semantics);
  w.nodes = parts.nodes.slice();
  w.persisted = parts.persisted ? parts.persisted.slice() : parts.nodes.slice();
  w.up = parts.up ? parts.up.slice() : new Array<boolean>(n).fill(true);
  const net = new Network<unknown>(semantics);
  for (const m of parts.messages) {
    if (m.from < 0 || m.from >= n || m.to < 0 || m.to >= n) throw new Error(`assembleWorld: message ${m.from} -> ${m.to} names no node`);
    net.send(m.from, m.to, m.msg, proto.msgKey);
  }
  w.net = net;
  w.timers = new Map();
  for (const t of parts.timers ?? []) w.timers.set(`${t.node}:${t.timer}`, { node: t.node, timer: t.timer, at: 0 });
  w.blocked.fill(0);
  w.blockedCount = 0;
  w.ghost = parts.ghost;
  w.time = 0;
  w.steps = 0;
  return w;
}
