/**
 * The symmetry reductions this codebase knows, and why each is sound or not.
 *
 * - paxosstore, values (any variant, V >= 2): values are opaque labels in the
 *   spec. `Init` holds no value; `Accept(p, b, v)` ranges over all of `Value`
 *   when `p` is free to pick, and otherwise compares values only for equality
 *   (`maxVVal = v`); `UpdateState` copies them; `Consistency` counts them. So
 *   renaming values maps behaviours to behaviours and keeps every verdict.
 *   `None` (0) is not a value and stays fixed.
 * - paxosstore, participants: NOT sound. `Bals(p)` (l. 33) gives participant
 *   p the ballots congruent to `PIndex[p] - 1` modulo NP, and ballots are
 *   ordered, so swapping two participants changes who may prepare what.
 * - paxos (all variants), values: NOT sound. Proposer i is given value
 *   (i mod V) + 1 at init, so renaming values alone does not fix the initial
 *   state; renaming proposers along with them does not help either, since
 *   proposer i owns proposal numbers congruent to i + 1 and numbers are
 *   compared by size.
 * - paxos `classic`, acceptors: sound in principle (acceptors are addressed by
 *   broadcast and counted by quorum size) but needs bitmask renaming of
 *   proposer state; not implemented. `thesis` and `thesis-python-sim` send to
 *   acceptors one at a time in index order, which breaks acceptor symmetry.
 */
import type { Config, VariantDef } from '../../kernel/definition.js';
import type { Symmetry } from './symmetry.js';
import { paxosstoreValueSymmetry } from './symmetry-paxosstore.js';

/**
 * The sound symmetry reduction for a protocol variant and configuration, or
 * a one-line reason why there is none.
 */
export function symmetryFor(protocol: string, variant: VariantDef, cfg: Config): Symmetry | string {
  if (protocol === 'paxosstore') {
    if (variant.semantics !== 'set') return `no symmetry for the implementation level (${variant.name}): its node states are processes, not view rows`;
    const values = cfg['values'] ?? 1;
    if (values < 2) return 'value symmetry needs at least two values; participant symmetry is unsound (Bals(p) depends on p)';
    return paxosstoreValueSymmetry(cfg['participants'] ?? 3, values);
  }
  if (protocol === 'paxos') return 'no sound symmetry: values are tied to proposers, whose proposal numbers are ordered';
  return `no symmetry known for protocol '${protocol}'`;
}
