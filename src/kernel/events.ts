/**
 * Kernel events: everything that can happen in a world, as plain JSON data.
 * A DES run, a fast-check schedule, an explorer path and a replay are all
 * sequences of these (DSLabs `events()` / `stepEvent()`).
 */
import type { NodeId } from './protocol.js';

/** A directed link `[from, to]` that a partition blocks. */
export type Link = readonly [NodeId, NodeId];

export type Event =
  /** Deliver in-flight envelope `id` to its addressee. */
  | { readonly k: 'deliver'; readonly id: number }
  /** Lose in-flight envelope `id`. */
  | { readonly k: 'drop'; readonly id: number }
  /** Duplicate in-flight envelope `id` (the copy gets a fresh id). */
  | { readonly k: 'dup'; readonly id: number }
  /** Node takes a spontaneous action (keyed by the protocol's `actionKey`). */
  | { readonly k: 'local'; readonly node: NodeId; readonly action: string }
  /** An armed timer of a node fires. */
  | { readonly k: 'timer'; readonly node: NodeId; readonly timer: string }
  /** Crash a node: volatile state and timers are lost. */
  | { readonly k: 'crash'; readonly node: NodeId }
  /** Restart a crashed node from its persisted state. */
  | { readonly k: 'recover'; readonly node: NodeId }
  /** Block exactly these directed links (replacing any previous partition). */
  | { readonly k: 'partition'; readonly links: readonly Link[] }
  /** Unblock every link. */
  | { readonly k: 'heal' };

export type EventKind = Event['k'];

/** Compact one-line rendering of an event for logs. */
export function eventKey(e: Event): string {
  switch (e.k) {
    case 'deliver':
    case 'drop':
    case 'dup':
      return `${e.k}#${e.id}`;
    case 'local':
      return `local@${e.node}:${e.action}`;
    case 'timer':
      return `timer@${e.node}:${e.timer}`;
    case 'crash':
    case 'recover':
      return `${e.k}@${e.node}`;
    case 'partition':
      return `partition[${e.links.map(([a, b]) => `${a}>${b}`).join(',')}]`;
    case 'heal':
      return 'heal';
  }
}
