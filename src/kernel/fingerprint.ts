/** Hashing of executed events into a run fingerprint: timings never enter it. */
import type { Event } from './events.js';
import type { Hasher } from './hash.js';

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
