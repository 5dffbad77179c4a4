/**
 * A deliberately simple reference explorer, driven only through the kernel's
 * public functions (`createWorld`, `cloneWorld`, `enabledEvents`, `step`).
 *
 * Why it exists: the fast explorer (search.ts) runs the kernel's rules on
 * its own integer store, with memoised handler outcomes, incremental
 * fingerprints, pruning of no-op steps and deduplication of message copies;
 * this one drives the object world and nothing else, so tests compare their
 * state counts, depths and shortest counterexamples on small configurations
 * (the store-level comparison, step by step, is test/explore/stores.test.ts).
 * It is far too slow for real use (a world clone and canonical string per
 * transition).
 *
 * State identity is the same as the fast explorer's: node `stateKey`s,
 * message contents (a set under `set`, a sorted multiset under `multiset`),
 * armed timer names, up flags, persisted states (when crashes are explored),
 * routes, blocked links, and with ghost mode `fingerprint` the set of ghost
 * events recorded (captured by wrapping the protocol's handlers).
 */
import type { AnyWorldView } from '../../kernel/view.js';
import type { AnyProtocol, Outcome } from '../../kernel/protocol.js';
import type { Semantics } from '../../kernel/network.js';
import { checkInvariants } from '../../kernel/check.js';
import type { InvariantDef } from '../../kernel/definition.js';
import { cloneWorld, createWorld, enabledEvents, NO_FAULTS, step, type FaultMask, type World } from '../../kernel/world.js';
import { Hasher } from '../../kernel/hash.js';
import { FingerprintSet } from './fpset.js';

export interface ReferenceOptions {
  readonly proto: AnyProtocol;
  readonly semantics: Semantics;
  readonly faults?: FaultMask;
  readonly invariants?: readonly InvariantDef[];
  /** `fingerprint` or `path` (see `ExploreOptions.ghost`). */
  readonly ghost?: 'fingerprint' | 'path';
  readonly maxStates?: number;
  readonly crashable?: (node: number) => boolean;
  /** As `ExploreOptions.constraint`. */
  readonly constraint?: (w: AnyWorldView) => boolean;
  /** As `ExploreOptions.identity` (`structural` appends each state's and message's JSON to its key). */
  readonly identity?: 'key' | 'structural';
}

export interface ReferenceResult {
  readonly complete: boolean;
  readonly distinctStates: number;
  readonly depth: number;
  /** Name of the first violated invariant and the number of events to it. */
  readonly violation: { readonly invariant: string; readonly steps: number } | null;
}

interface Item {
  readonly w: World;
  /** Sorted ghost event keys recorded so far. */
  readonly ghost: readonly string[];
  readonly steps: number;
}

/** Wraps every handler so the ghost events of the last step can be read from `captured`. */
function tap(proto: AnyProtocol, captured: string[]): AnyProtocol {
  const grab = (node: number, o: Outcome<unknown, unknown, unknown>) => {
    for (const c of o.out) if (c.kind === 'ghost') captured.push(`${node}|${JSON.stringify(c.event)}`);
    return o;
  };
  return {
    ...proto,
    init: (id) => grab(id, proto.init(id)),
    onMessage: (s, id, from, m) => grab(id, proto.onMessage(s, id, from, m)),
    onTimer: (s, id, t) => grab(id, proto.onTimer(s, id, t)),
    onAction: (s, id, a, net) => grab(id, proto.onAction(s, id, a, net)),
    recover: (p, id) => grab(id, proto.recover(p, id)),
  };
}

/** Canonical key of a world (see the module comment). */
function worldKey(w: World, faults: FaultMask, ghost: readonly string[] | undefined, structural: boolean): string {
  const p = w.proto;
  const sk = (s: unknown) => (structural ? `${p.stateKey(s)}|${JSON.stringify(s)}` : p.stateKey(s));
  const mk = (m: unknown) => (structural ? `${p.msgKey(m)}|${JSON.stringify(m)}` : p.msgKey(m));
  const parts: string[] = [];
  for (let i = 0; i < w.n; i++) parts.push(sk(w.nodes[i]));
  parts.push(w.up.map((u) => (u ? 1 : 0)).join(''));
  if (faults.crash) parts.push(w.persisted.map((s) => (s === undefined ? '-' : sk(s))).join('/'));
  parts.push([...w.timers.keys()].sort().join(','));
  if (w.route) parts.push(Array.from(w.route).join(','));
  parts.push(Array.from(w.blocked).join(''));
  const msgs: string[] = [];
  for (const env of w.net.inflight.values()) msgs.push(`${env.from}>${env.to}:${mk(env.msg)}`);
  msgs.sort();
  parts.push(msgs.join(';'));
  if (ghost) parts.push(ghost.join(';'));
  return parts.join('#');
}

/** Breadth-first search through the kernel; counts states and levels like `explore`. */
export function exploreReference(o: ReferenceOptions): ReferenceResult {
  const faults = o.faults ?? NO_FAULTS;
  const captured: string[] = [];
  const proto = tap(o.proto, captured);
  const ghostInState = (o.ghost ?? (o.semantics === 'set' ? 'path' : 'fingerprint')) === 'fingerprint';
  const invariants = o.invariants ?? [];
  const seen = new FingerprintSet();
  const visit = (w: World, ghost: readonly string[]): boolean => {
    const h = new Hasher().str(worldKey(w, faults, ghostInState ? ghost : undefined, o.identity === 'structural')).hex();
    return seen.add(parseInt(h.slice(0, 8), 16), parseInt(h.slice(8), 16));
  };
  const w0 = createWorld(proto, o.semantics);
  const g0 = [...new Set(captured)].sort();
  visit(w0, g0);
  const v0 = checkInvariants(w0, invariants);
  if (v0) return { complete: false, distinctStates: 1, depth: 1, violation: { invariant: v0.invariant, steps: 0 } };
  let frontier: Item[] = [{ w: w0, ghost: g0, steps: 0 }];
  let depth = 1;
  while (frontier.length > 0) {
    const next: Item[] = [];
    for (const it of frontier) {
      for (const e of enabledEvents(it.w, faults)) {
        if ((e.k === 'crash') && o.crashable && !o.crashable(e.node)) continue;
        const w = cloneWorld(it.w);
        captured.length = 0;
        if (!step(w, e)) continue;
        const ghost = captured.length === 0 ? it.ghost : [...new Set([...it.ghost, ...captured])].sort();
        if (!visit(w, ghost)) continue;
        const v = checkInvariants(w, invariants);
        if (v) return { complete: false, distinctStates: seen.size, depth: depth + 1, violation: { invariant: v.invariant, steps: it.steps + 1 } };
        if (o.maxStates !== undefined && seen.size >= o.maxStates) return { complete: false, distinctStates: seen.size, depth: depth + 1, violation: null };
        if (o.constraint && !o.constraint(w)) continue; // counted and checked, not expanded
        next.push({ w, ghost, steps: it.steps + 1 });
      }
    }
    frontier = next;
    if (next.length > 0) depth++;
  }
  return { complete: true, distinctStates: seen.size, depth, violation: null };
}
