/**
 * What the explorer may assume about paxos (`ProtocolDef.explore`).
 *
 * State constraint (TLC's CONSTRAINT): `classic` retries forever with growing
 * proposal numbers, so its state space is infinite; bounding the proposal
 * number a proposer may hold to 2 x proposers (two rounds each) makes it
 * finite. A state where some proposer holds a larger number is checked but
 * not expanded, so every behaviour whose proposal numbers stay within the
 * bound is explored, and `complete` then means "complete within the bound".
 * The mutants of `classic` (mutants.ts) retry the same way and get the same
 * bound. `thesis` and `thesis-python-sim` are one-shot and finite as they are.
 *
 * Symmetry: none is sound. Proposer i is given value (i mod V) + 1 at init,
 * so renaming values alone does not fix the initial state; renaming proposers
 * along with them does not help either, since proposer i owns proposal
 * numbers congruent to i + 1 and numbers are compared by size. `classic`'s
 * acceptors are interchangeable in principle (broadcast, counted by quorum
 * size) but renaming them needs bitmask renaming of proposer state, not
 * implemented; `thesis` and `thesis-python-sim` send to acceptors one at a
 * time in index order, which breaks acceptor symmetry.
 */
import type { Config, ExploreDef } from '../../kernel/definition.js';
import type { WorldView } from '../../kernel/view.js';
import type { PaxosNode } from './node.js';

/** Proposers' proposal numbers stay <= `maxBallot` (`classic` proposer states carry `ballot`). */
export function classicBallotConstraint(maxBallot: number): (w: WorldView<PaxosNode>) => boolean {
  return (w) => {
    for (const s of w.nodes) if (s.role === 'proposer' && 'ballot' in s && s.ballot > maxBallot) return false;
    return true;
  };
}

export const paxosExplore: ExploreDef<PaxosNode> = {
  constraint: (variant, cfg: Config) => (variant.name === 'classic' || variant.mutant?.of === 'classic' ? classicBallotConstraint(cfg['maxBallot'] ?? 2 * (cfg['proposers'] ?? 2)) : undefined),
  symmetry: () => 'no sound symmetry: values are tied to proposers, whose proposal numbers are ordered',
};
