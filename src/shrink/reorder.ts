/**
 * The shortest story: after fast-check's shrinking and the event-level
 * minimiser, a counterexample is 1-minimal (no single event can go) but not
 * always shortest — a different order of its own events may break the
 * invariant sooner (the minimiser only removes, never reorders). This is a
 * breadth-first search over the orders of the counterexample's own events
 * (DEMi's idea of searching within the events a failing run already
 * contains): from the initial world, each step executes one event whose
 * label — a message's content and link, a node's action, timer, crash or
 * recovery — is still unused in the counterexample's multiset of labels.
 * The first world that breaks the same invariant ends the search with a
 * shortest counterexample among those orders.
 *
 * States are identified by content (node states, up flags, persisted states,
 * armed timers, in-flight messages as a sorted multiset, ghost history) plus
 * the labels left, so orders that commute meet in one state. The search is
 * bounded (`maxStates`); a counterexample it cannot shorten comes back
 * unchanged. Safety findings only: a liveness finding is about an ending,
 * not a shorter prefix.
 */
import type { Finding } from '../kernel/finding.js';
import { checkInvariants } from '../kernel/check.js';
import type { Event } from '../kernel/events.js';
import { resolve, toPortable, type PortableEvent } from '../kernel/portable.js';
import { cloneWorld, createWorld, step, type World } from '../kernel/world.js';
import type { ReplayTarget } from '../corpus/replay.js';

/** What an event is, whatever envelope id or copy it names. */
export function labelOf(pe: PortableEvent): string {
  switch (pe.k) {
    case 'deliver':
    case 'drop':
    case 'dup':
      return `${pe.k}|${pe.from}|${pe.to}|${pe.msg}`;
    case 'local':
      return `local|${pe.node}|${pe.action}`;
    case 'timer':
      return `timer|${pe.node}|${pe.timer}`;
    case 'crash':
    case 'recover':
      return `${pe.k}|${pe.node}`;
    case 'partition':
      return `partition|${JSON.stringify(pe.links)}`;
    case 'heal':
      return 'heal';
  }
}

/** Content identity of a world (see the module comment). */
function worldKey(w: World): string {
  const p = w.proto;
  const parts: string[] = [];
  for (let i = 0; i < w.n; i++) parts.push(w.up[i] ? p.stateKey(w.nodes[i]) : '!');
  parts.push(w.persisted.map((s) => (s === undefined ? '-' : p.stateKey(s))).join('/'));
  parts.push([...w.timers.keys()].sort().join(','));
  if (w.route) parts.push(Array.from(w.route).join(','));
  parts.push(Array.from(w.blocked).join(''));
  const msgs: string[] = [];
  for (const env of w.net.inflight.values()) msgs.push(`${env.from}>${env.to}:${p.msgKey(env.msg)}`);
  msgs.sort();
  parts.push(msgs.join(';'));
  parts.push(JSON.stringify(w.ghost, (_k, v: unknown) => (v instanceof Map ? [...v] : v instanceof Set ? [...v] : v)) ?? '');
  return parts.join('#');
}

interface Node {
  readonly w: World;
  /** Uses left per label index. */
  readonly left: Uint16Array;
  readonly parent: Node | undefined;
  /** The event that led here, portable (named in the parent's world). */
  readonly via: PortableEvent | undefined;
  readonly depth: number;
}

export interface ReorderResult {
  /** A shorter schedule breaking the same invariant, or the input when none was found. */
  readonly schedule: PortableEvent[];
  readonly finding: Finding;
  /** States the search visited, and whether it covered every order (then the result is the shortest among them). */
  readonly states: number;
  readonly complete: boolean;
}

/** Searches the orders of `schedule`'s own events for a shorter violation of `f.invariant`. */
export function reorder(t: ReplayTarget, schedule: readonly PortableEvent[], f: Finding, maxStates = 50_000): ReorderResult {
  const same: ReorderResult = { schedule: schedule.slice(), finding: f, states: 0, complete: false };
  if (f.kind !== 'safety' || schedule.length < 3) return same;
  const invariants = t.invariants.filter((i) => i.name === f.invariant);
  if (invariants.length === 0) return same;
  const labels: string[] = [];
  const examples: PortableEvent[] = [];
  const counts: number[] = [];
  for (const pe of schedule) {
    const l = labelOf(pe);
    const i = labels.indexOf(l);
    if (i >= 0) counts[i]!++;
    else {
      labels.push(l);
      examples.push('nth' in pe ? { ...pe, nth: 0 } : pe);
      counts.push(1);
    }
  }
  const seen = new Set<string>();
  const key = (n: { w: World; left: Uint16Array }): string => `${worldKey(n.w)}@${n.left.join(',')}`;
  const root: Node = { w: createWorld(t.proto, t.semantics), left: Uint16Array.from(counts), parent: undefined, via: undefined, depth: 0 };
  seen.add(key(root));
  let frontier: Node[] = [root];
  while (frontier.length > 0) {
    const next: Node[] = [];
    for (const n of frontier) {
      // A path no shorter than the input cannot help.
      if (n.depth + 1 >= schedule.length) return { ...same, states: seen.size, complete: true };
      for (let i = 0; i < labels.length; i++) {
        if (n.left[i] === 0) continue;
        const e: Event | undefined = resolve(n.w, examples[i]!);
        if (e === undefined) continue;
        const via = toPortable(n.w, e);
        const w = cloneWorld(n.w);
        let ok: boolean;
        try {
          ok = step(w, e);
        } catch {
          continue; // protocol code threw: a different finding, not this one
        }
        if (!ok) continue;
        const left = n.left.slice();
        left[i]!--;
        const child: Node = { w, left, parent: n, via, depth: n.depth + 1 };
        const k = key(child);
        if (seen.has(k)) continue;
        seen.add(k);
        const v = checkInvariants(w, invariants);
        if (v !== undefined) {
          const path: PortableEvent[] = [];
          for (let c: Node | undefined = child; c?.via !== undefined; c = c.parent) path.push(c.via);
          path.reverse();
          return { schedule: path, finding: { kind: 'safety', invariant: v.invariant, step: path.length, message: v.message }, states: seen.size, complete: true };
        }
        if (seen.size >= maxStates) return { ...same, states: seen.size, complete: false };
        next.push(child);
      }
    }
    frontier = next;
  }
  return { ...same, states: seen.size, complete: true };
}
