/**
 * Hashing of executed events into a run fingerprint (timings never enter it),
 * and of a world's whole state into a state fingerprint.
 */
import type { Event } from './events.js';
import type { Hasher } from './hash.js';
import type { World } from './world.js';

const CODE: Record<Event['k'], number> = {
  deliver: 1, drop: 2, dup: 3, local: 4, timer: 5, crash: 6, recover: 7, partition: 8, heal: 9,
};

export function hashEvent(h: Hasher, e: Event): void {
  h.int(CODE[e.k]);
  switch (e.k) {
    case 'deliver':
    case 'drop':
    case 'dup':
      h.int(e.id);
      break;
    case 'local':
      h.int(e.node).str(e.action);
      break;
    case 'timer':
      h.int(e.node).str(e.timer);
      break;
    case 'crash':
    case 'recover':
      h.int(e.node);
      break;
    case 'partition':
      h.int(e.links.length);
      for (const [a, b] of e.links) h.int(a).int(b);
      break;
    case 'heal':
      break;
  }
}

/** JSON of a ghost history, with maps and sets as their entry lists. */
function ghostJson(g: unknown): string {
  return JSON.stringify(g, (_k, v: unknown) => (v instanceof Map ? { map: [...v] } : v instanceof Set ? { set: [...v] } : v)) ?? 'undefined';
}

/**
 * Hashes the whole state of a world: each node's state key, persisted state
 * key and up flag, the messages in flight (id, link and content key, in id
 * order) and the next envelope id, the armed timers (sorted, with deadlines),
 * the cut links, the address table, the ghost history (as JSON) and the step
 * count. Two worlds with the same digest are, for every practical purpose,
 * the same world: the kernel laws use it to check that a refused event
 * changes nothing.
 */
export function hashWorldState(h: Hasher, w: World): Hasher {
  const p = w.proto;
  h.int(w.n).int(w.steps);
  for (let i = 0; i < w.n; i++) {
    h.int(w.up[i] ? 1 : 0).str(p.stateKey(w.nodes[i]));
    h.str(w.persisted[i] === undefined ? '-' : p.stateKey(w.persisted[i]));
  }
  h.int(w.net.nextId).int(w.net.size);
  for (const env of w.net.inflight.values()) h.int(env.id).int(env.from).int(env.to).str(p.msgKey(env.msg));
  const timers = [...w.timers.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  h.int(timers.length);
  for (const [key, t] of timers) h.str(key).str(String(t.at));
  h.int(w.blockedCount);
  for (let i = 0; i < w.blocked.length; i++) if (w.blocked[i] === 1) h.int(i);
  if (w.route) for (let a = 0; a < w.route.length; a++) h.int(w.route[a]!);
  return h.str(ghostJson(w.ghost));
}
