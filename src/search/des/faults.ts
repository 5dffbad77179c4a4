/**
 * The DES's fault draws: before each event of the faulty phase, at most one
 * crash, recovery, partition or heal, each a one-line named predicate over
 * the run's options drawn from the run's PRNG. Losses and duplicates are
 * decided per delivery by the clock (`clock.ts`).
 */
import type { Prng } from '../../kernel/choice/prng.js';
import type { Event, Link } from '../../kernel/events.js';
import { downCount, type World } from '../../kernel/world.js';
import type { SimOptions } from './options.js';

/** At most one fault event to inject now (undefined: none). Draws from `rng` in a fixed order. */
export function drawFault(w: World, rng: Prng, o: SimOptions, crashable: (node: number) => boolean): Event | undefined {
  if (rng.chance(o.crashProbability)) {
    const down = downCount(w);
    const candidates = [];
    for (let i = 0; i < w.n; i++) if (w.up[i] && crashable(i)) candidates.push(i);
    if (down < o.crashedMax && candidates.length > 0) return { k: 'crash', node: candidates[rng.choose(candidates.length)]! };
  }
  if (rng.chance(o.recoverProbability)) {
    const downs = [];
    for (let i = 0; i < w.n; i++) if (!w.up[i]) downs.push(i);
    if (downs.length > 0) return { k: 'recover', node: downs[rng.choose(downs.length)]! };
  }
  if (rng.chance(o.partitionProbability)) {
    const links = randomPartition(rng, w.n, rng.real() < o.partitionOneWayProbability);
    if (links.length > 0) return { k: 'partition', links };
  }
  if (w.blockedCount > 0 && rng.chance(o.healProbability)) return { k: 'heal' };
  return undefined;
}

/**
 * A random split of the nodes into two non-empty sides; every link across is
 * cut, in both directions or (one-way) only from side A to side B.
 */
export function randomPartition(rng: Prng, n: number, oneWay: boolean): Link[] {
  const side: boolean[] = [];
  for (let i = 0; i < n; i++) side.push(rng.chance(0.5));
  if (side.every((s) => s) || side.every((s) => !s)) side[rng.choose(n)] = !side[0];
  const links: Link[] = [];
  for (let a = 0; a < n; a++)
    for (let b = 0; b < n; b++) {
      if (a === b || side[a] === side[b]) continue;
      if (!oneWay || side[a]) links.push([a, b]);
    }
  return links;
}
