/**
 * The signature of a finding, by which a soak deduplicates what it finds:
 * protocol, variant, the violated invariant and the shape of the minimised
 * trace — the sequence of event kinds, with the message kind of each
 * delivery, drop or duplication, the action of a local step and the timer
 * of a timer event, but no node ids, ballots or values. Two items that find
 * the same bug along the same story share a signature, whichever nodes and
 * numbers they used.
 */
import { createHash } from 'node:crypto';
import type { PortableEvent } from '../kernel/portable.js';

/**
 * The kind of a message from its key: the `type` (or `kind`) of a JSON key,
 * else the key's first field (keys such as `0,1,0,-1,0,0` start with the kind).
 */
export function messageKind(msg: string): string {
  if (msg.startsWith('{')) {
    try {
      const o = JSON.parse(msg) as Record<string, unknown>;
      const k = o['type'] ?? o['kind'];
      if (typeof k === 'string' || typeof k === 'number') return String(k);
    } catch {
      // not JSON after all
    }
  }
  return msg.split(/[,:;| ]/)[0] ?? msg;
}

/** The shape of a schedule, e.g. `timer:start deliver:0 deliver:1 crash`. */
export function traceShape(schedule: readonly PortableEvent[]): string {
  return schedule
    .map((e) => {
      switch (e.k) {
        case 'deliver':
        case 'drop':
        case 'dup':
          return `${e.k}:${messageKind(e.msg)}`;
        case 'local':
          return `local:${e.action}`;
        case 'timer':
          return `timer:${e.timer}`;
        default:
          return e.k;
      }
    })
    .join(' ');
}

/** The signature (a short hash) and the readable text it hashes. */
export function findingSignature(protocol: string, variant: string, invariant: string, schedule: readonly PortableEvent[]): { signature: string; shape: string } {
  const shape = traceShape(schedule);
  const signature = createHash('sha256').update(`${protocol}\n${variant}\n${invariant}\n${shape}`).digest('hex').slice(0, 16);
  return { signature, shape };
}
