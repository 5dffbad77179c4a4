/**
 * The read-only view of a world that invariants, liveness goals and explorer
 * constraints see. The kernel's object world and the explorer's compact
 * states both implement it, so a protocol's checks are written once, typed by
 * the protocol's own node state `S`, message `M` and ghost history `H`, and
 * never cast.
 */
import type { NetView } from './protocol.js';

export interface WorldView<S = unknown, M = unknown, H = unknown> {
  /** Number of nodes. */
  readonly n: number;
  /** Current state of each node (a crashed node's last state until it recovers). */
  readonly nodes: readonly S[];
  /** Last persisted state of each node (undefined if it never persisted). */
  readonly persisted: readonly (S | undefined)[];
  /** Whether each node is up. */
  readonly up: readonly boolean[];
  /** Ghost history (every vote ever cast, and so on): what the protocol's `ghost` recorded. */
  readonly ghost: H;
  /** The messages in flight. */
  readonly net: NetView<M>;
  /** Events executed so far (the explorer: the state's BFS depth minus one). */
  readonly steps: number;
}

/** A view of any protocol's world, for harness code that does not care about the types. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyWorldView = WorldView<any, any, any>;
