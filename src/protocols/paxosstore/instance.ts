/**
 * What the invariants and drivers need from either level of the protocol: the
 * configuration, and each node's view row `state[p]`, whatever else the node
 * state holds.
 */
import type { Protocol } from '../../kernel/protocol.js';
import type { PsConfig } from './config.js';
import type { GhostEvent, History } from './ghost.js';
import type { Msg } from './messages.js';
import type { Row } from './types.js';
import type { Process } from './impl.js';

/** A node state at either level: a view row (spec) or a process holding one (implementation). */
export type PsNode = Row | Process;

/** The view row `state[p]` of a node state at either level. */
export function rowOf(s: PsNode): Row {
  return 'view' in s ? s.view : s;
}

/** `spec`: the TLA+ actions as spontaneous steps; `impl`: processes driven by timers. */
export type Level = 'spec' | 'impl';

/** A PaxosStore protocol instance (either level). */
export interface PsProtocol<S = unknown, A = unknown> extends Protocol<S, Msg, A, GhostEvent, History> {
  readonly cfg: PsConfig;
  readonly level: Level;
  /** The node's view row `state[p]`. */
  viewOf(state: S): Row;
}
