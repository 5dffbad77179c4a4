/**
 * The protocol API: a protocol is a pure value (in the style of Stateright's
 * `Actor`). Handlers take a node's state and return a new state plus an outbox
 * of commands; they never see the world, the network or the clock. A handler
 * that changes nothing returns the identical state object and an empty outbox,
 * so the kernel (and the explorer) can prune the step.
 */

/** Index of a node in the world: 0 .. nodeCount-1. */
export type NodeId = number;

/** A command a handler asks the kernel to carry out, in outbox order. */
export type Command<M, G> =
  /** Put `msg` on the network from this node to `to`. */
  | { kind: 'send'; to: NodeId; msg: M }
  /** Arm (or re-arm) the named timer `delay` virtual ticks from now. */
  | { kind: 'setTimer'; timer: string; delay: number }
  /** Disarm the named timer if it is armed. */
  | { kind: 'cancelTimer'; timer: string }
  /** Make the node's new state durable: a crash-recover restores exactly this. */
  | { kind: 'persist' }
  /** Record a ghost-history event (never read by protocol code; for invariants). */
  | { kind: 'ghost'; event: G }
  /**
   * Rebind logical address `address` to `node` (-1 unbinds it). Only for
   * protocols that declare `addresses`: models a shared name table such as the
   * `procs` dictionary of the thesis's Python simulator.
   */
  | { kind: 'bind'; address: number; node: NodeId };

/** What every handler returns. */
export interface Outcome<S, M, G> {
  readonly state: S;
  readonly out: readonly Command<M, G>[];
}

/** Shared empty outbox, so no-op handlers allocate nothing. */
export const NO_COMMANDS: readonly never[] = Object.freeze([]) as readonly never[];

/** Shorthand for "nothing happened". */
export function unchanged<S>(state: S): Outcome<S, never, never> {
  return { state, out: NO_COMMANDS };
}

/**
 * Ghost history: protocol-defined bookkeeping fed only by `ghost` commands.
 * `record` may mutate `h` in place (for speed) and must return it; `clone`
 * gives an independent copy for drivers that branch (explorer, minimiser).
 */
export interface Ghost<H, G> {
  init(): H;
  record(h: H, node: NodeId, event: G): H;
  clone(h: H): H;
}

/**
 * A protocol instance for one configuration and variant.
 *
 * S: node state, M: message, A: spontaneous action, G: ghost event, H: ghost history.
 */
export interface Protocol<S, M, A, G, H> {
  /** Number of nodes in this configuration. */
  readonly nodeCount: number;
  /** Human name of a node for traces, e.g. "P1" or "A3". */
  nodeName(id: NodeId): string;
  /** Initial state and initial outbox (e.g. timers) of a node. */
  init(id: NodeId): Outcome<S, M, G>;
  /** Handle one delivered message. */
  onMessage(state: S, id: NodeId, from: NodeId, msg: M): Outcome<S, M, G>;
  /** Handle a fired timer. */
  onTimer(state: S, id: NodeId, timer: string): Outcome<S, M, G>;
  /**
   * Spontaneous actions enabled in `state` (TLA+-style actions, broadcast
   * steps). `net` is a read-only view of the messages in flight, for spec-level
   * protocols whose guards quantify over the message set (PaxosStore's
   * `Accept`); implementation-level code must not look at it.
   */
  actions(state: S, id: NodeId, net: NetView<M>): readonly A[];
  /** Take one spontaneous action (one that `actions` listed). */
  onAction(state: S, id: NodeId, action: A, net: NetView<M>): Outcome<S, M, G>;
  /**
   * Restart after a crash. `persisted` is the last state passed through a
   * `persist` command (undefined if never persisted); the protocol keeps from
   * it exactly what it considers durable.
   */
  recover(persisted: S | undefined, id: NodeId): Outcome<S, M, G>;
  /** Canonical key of a node state (state fingerprints, explorer visited set); must be injective. */
  stateKey(state: S): string;
  /** Canonical content key of a message; must be injective (set semantics merges messages with equal keys). */
  msgKey(msg: M): string;
  /** Canonical key of an action (events, fingerprints). */
  actionKey(action: A): string;
  /** Short human rendering of a message, a state and an action for traces. */
  showMsg(msg: M): string;
  showState(state: S): string;
  showAction(action: A): string;
  /**
   * An abstraction of a node's state for coverage feedback (default: its
   * `stateKey`). The guided search counts how often each abstract state and
   * each (abstract state, abstract message) delivery was reached; where exact
   * states are nearly always new (views of many nodes), an abstraction that
   * keeps what the protocol's decisions depend on makes "new" mean something.
   */
  abstractState?(state: S, id: NodeId): string;
  /** An abstraction of a message for coverage feedback (default: its `msgKey`). */
  abstractMsg?(msg: M): string;
  /**
   * A fast 32-bit hash of a node state for coverage feedback (default: a
   * hash of `stateKey`), which hashes the acting node's state at every event
   * that changes it. States with equal keys must hash equally; fold the
   * fields that make up the key with `foldInt` (`kernel/hash.ts`), so no
   * string is built on the simulation's hot path.
   */
  stateHash?(state: S): number;
  /** A fast 32-bit hash of a message, as `stateHash` is of a state (default: a hash of `msgKey`); equal keys, equal hashes. */
  msgHash?(msg: M): number;
  /**
   * An abstraction of a spontaneous action's key for coverage feedback
   * (default: the key itself). Counted with the actor's abstract state: an
   * action taken in a state where no correct run takes it (an Accept on a
   * quorum of views below the node's own promise) is novel even when the
   * state it leads to is not.
   */
  abstractAction?(key: string): string;
  /** Ghost history bookkeeping. */
  readonly ghost: Ghost<H, G>;
  /**
   * Optional logical addressing: `send.to` is then an address resolved through
   * a table (initially `initial[address]`, -1 = nobody) at send time; a send
   * to an unbound address is lost. Without it, `send.to` is a node id.
   */
  readonly addresses?: { readonly initial: readonly number[] };
}

/** Read-only view of the in-flight messages (see `Protocol.actions`). */
export interface NetView<M> {
  /** Every envelope in flight, in id order. */
  envelopes(): Iterable<{ readonly from: NodeId; readonly to: NodeId; readonly msg: M }>;
}

/** Anything protocol-typed, for code that does not care about the types. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyProtocol = Protocol<any, any, any, any, any>;
