/**
 * State constraints (TLC's CONSTRAINT) that make infinite models finite.
 *
 * Paxos `classic` retries forever with growing proposal numbers, so its state
 * space is infinite; bounding the proposal number a proposer may hold to
 * `maxBallot` (the CLI's `--max-ballot`) makes it finite. A state where some
 * proposer holds a larger number is counted and checked but not expanded,
 * so every behaviour in which all proposal numbers stay within the bound is
 * explored, and `complete` then means "complete within the bound".
 */
import type { Config } from '../../kernel/definition.js';
import type { World } from '../../kernel/world.js';

/** Proposers' proposal numbers stay <= `maxBallot` (paxos `classic` proposer states carry `ballot`). */
export function classicBallotConstraint(maxBallot: number): (w: World) => boolean {
  return (w) => {
    const nodes = w.nodes;
    for (let i = 0; i < nodes.length; i++) {
      const s = nodes[i] as { role?: string; ballot?: number };
      if (s.role === 'proposer' && s.ballot !== undefined && s.ballot > maxBallot) return false;
    }
    return true;
  };
}

/**
 * The constraint the explorer needs to terminate on a variant, if any:
 * paxos `classic` with `maxBallot` in the config (default 2 x proposers, two
 * rounds each).
 */
export function constraintFor(protocol: string, variant: string, cfg: Config): ((w: World) => boolean) | undefined {
  if (protocol === 'paxos' && variant === 'classic') {
    return classicBallotConstraint(cfg['maxBallot'] ?? 2 * (cfg['proposers'] ?? 2));
  }
  return undefined;
}
