/**
 * A small breadth-first explorer for the paxosstore tests (the project's real
 * explorer lives elsewhere). A state is every node's `stateKey` plus the set
 * of in-flight envelope content keys, order-independent, which under the
 * kernel's `set` semantics is exactly TLC's state `<<state, msgs>>`. Ghost
 * history is not part of the state (TLC has none); invariants that read it are
 * checked on the first path that reaches each state.
 */
import type { AnyProtocol } from '../../src/kernel/protocol.js';
import type { InvariantDef } from '../../src/kernel/definition.js';
import { checkInvariants, type Violation } from '../../src/kernel/check.js';
import { cloneWorld, createWorld, enabledEvents, step, type World } from '../../src/kernel/world.js';
import { eventKey } from '../../src/kernel/events.js';

export interface BfsResult {
  /** Distinct states found (TLC's "distinct states found"). */
  readonly distinct: number;
  /** Breadth-first levels, the initial state's included (TLC's "depth"). */
  readonly depth: number;
  /** Transitions examined (including ones back to known states). */
  readonly transitions: number;
  /** False if `maxStates` stopped the search. */
  readonly complete: boolean;
  /** First violation found, with the path of events reaching it. */
  readonly violation?: Violation & { readonly path: readonly string[] };
}

/** Canonical key of a world under set semantics: node states + sorted envelope keys. */
export function worldKey(w: World): string {
  const proto = w.proto;
  let s = '';
  for (let i = 0; i < w.n; i++) s += proto.stateKey(w.nodes[i]) + '/';
  const keys: string[] = [];
  for (const env of w.net.inflight.values()) keys.push(env.key ?? String(env.id));
  keys.sort();
  return s + '#' + keys.join(';');
}

interface Node {
  readonly w: World;
  readonly path: readonly string[];
}

/** Explores every state reachable from the initial world, level by level. */
export function bfs(
  proto: AnyProtocol,
  opts: { invariants?: readonly InvariantDef[]; maxStates?: number; keepPaths?: boolean } = {},
): BfsResult {
  const invariants = opts.invariants ?? [];
  const maxStates = opts.maxStates ?? Infinity;
  const init = createWorld(proto, 'set');
  const seen = new Set<string>([worldKey(init)]);
  let frontier: Node[] = [{ w: init, path: [] }];
  let depth = 1;
  let transitions = 0;
  const v0 = checkInvariants(init, invariants);
  if (v0) return { distinct: 1, depth, transitions, complete: false, violation: { ...v0, path: [] } };
  while (frontier.length > 0) {
    const next: Node[] = [];
    for (const { w, path } of frontier) {
      for (const e of enabledEvents(w)) {
        const w2 = cloneWorld(w);
        if (!step(w2, e)) continue;
        transitions++;
        const key = worldKey(w2);
        if (seen.has(key)) continue;
        seen.add(key);
        const p2 = opts.keepPaths ? [...path, eventKey(e)] : path;
        const v = checkInvariants(w2, invariants);
        if (v) return { distinct: seen.size, depth: depth + 1, transitions, complete: false, violation: { ...v, path: p2 } };
        if (seen.size >= maxStates) return { distinct: seen.size, depth: depth + 1, transitions, complete: false };
        next.push({ w: w2, path: p2 });
      }
    }
    frontier = next;
    if (next.length > 0) depth++;
  }
  return { distinct: seen.size, depth, transitions, complete: true };
}
