/**
 * Is a state reachable? A breadth-first search of the variant from its
 * initial state, under the explorer's state constraint, comparing canonical
 * keys. A reachable counterexample to induction is a real bug; an
 * unreachable one asks for a stronger invariant. Budgeted: the answer may be
 * "unknown".
 */
import type { AnyProtocolDef, Config, VariantDef } from '../kernel/definition.js';
import type { AnyProtocol } from '../kernel/protocol.js';
import { cloneWorld, createWorld, enabledEvents, step, type FaultMask, type World } from '../kernel/world.js';

/** Canonical key of a world: node states, who is up, the messages in flight (as a multiset), the ghost. */
export function worldKey(w: World, ghostKey: (h: unknown) => string): string {
  const proto: AnyProtocol = w.proto;
  const nodes = w.nodes.map((s, i) => `${w.up[i] ? '' : '!'}${proto.stateKey(s)}`).join('|');
  const msgs = [...w.net.envelopes()].map((e) => `${e.from}>${e.to}:${proto.msgKey(e.msg)}`).sort().join(';');
  return `${nodes}#${msgs}#${ghostKey(w.ghost)}`;
}

export interface Reachability {
  /** `reachable` (found at `depth`), `unreachable` (the search finished without it), `unknown` (budget spent). */
  readonly verdict: 'reachable' | 'unreachable' | 'unknown';
  readonly depth: number | null;
  readonly states: number;
  readonly elapsedMs: number;
  /** What the search assumed (faults, constraint). */
  readonly scope: string;
}

/** Searches for `target` (a world key) from the initial state of `variant` at `cfg`. */
export function reachable(def: AnyProtocolDef, variant: VariantDef, cfg: Config, target: string, ghostKey: (h: unknown) => string, faults: FaultMask, maxStates = 200_000, timeLimitMs = 5_000): Reachability {
  const start = Date.now();
  const constraint = def.explore?.constraint?.(variant, cfg);
  const scope = `${faults.crash ? 'crash-recover (one node down at a time), ' : ''}${faults.drop ? 'message loss, ' : ''}${constraint ? "the explorer's state constraint" : 'no constraint'}`;
  const w0 = createWorld(variant.build(cfg), variant.semantics);
  const seen = new Set<string>([worldKey(w0, ghostKey)]);
  let frontier: World[] = [w0];
  for (let depth = 0; frontier.length > 0; depth++) {
    const next: World[] = [];
    for (const w of frontier) {
      if (worldKey(w, ghostKey) === target) return { verdict: 'reachable', depth, states: seen.size, elapsedMs: Date.now() - start, scope };
      if (constraint && !constraint(w)) continue;
      for (const e of enabledEvents(w, faults)) {
        const s = cloneWorld(w);
        if (!step(s, e)) continue;
        const k = worldKey(s, ghostKey);
        if (seen.has(k)) continue;
        seen.add(k);
        next.push(s);
      }
      if (seen.size > maxStates || Date.now() - start > timeLimitMs) return { verdict: 'unknown', depth: null, states: seen.size, elapsedMs: Date.now() - start, scope };
    }
    frontier = next;
  }
  return { verdict: 'unreachable', depth: null, states: seen.size, elapsedMs: Date.now() - start, scope };
}
