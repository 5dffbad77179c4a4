/**
 * Named invariants of single-decree Paxos, all stated over ghost history.
 *
 * - agreement: at most one value is chosen, where chosen means accepted by a
 *   majority of acceptors at the same proposal number at some point in the run.
 * - validity: a chosen value was given to some proposer.
 * - I1 (thesis 4.1.3): one unique value per proposal number among accepted proposals.
 * - I2 (thesis 4.1.3, as the text explains it): once consensus is reached on
 *   <p1,v1>, every proposal accepted by any acceptor with a higher number has v1.
 * - I2-literal (the formula exactly as printed): for each acceptor a, any two
 *   proposals in a.accepted (here: every proposal a ever accepted) with
 *   p_j > p_i have v_j = v_i. The formula quantifies over one acceptor and
 *   never mentions consensus: it holds for `thesis` (an acceptor accepts at
 *   most once) but not for `classic`, where an acceptor may legitimately
 *   accept <1,a> and later <2,b> when <1,a> was never chosen.
 * - learner-safety: a learner learns only a chosen value.
 */
import type { InvariantDef } from '../../kernel/definition.js';
import type { WorldView } from '../../kernel/view.js';
import type { PaxosMsg } from './messages.js';
import type { PaxosNode } from './node.js';
import type { PaxosHistory, Verdicts } from './history.js';

/** The view paxos invariants read. */
export type PaxosView = WorldView<PaxosNode, PaxosMsg, PaxosHistory>;

function fromVerdict(name: keyof Verdicts, description: string): InvariantDef<PaxosNode, PaxosMsg, PaxosHistory> {
  return { name, description, check: (w) => w.ghost.verdicts[name] ?? true };
}

export const paxosInvariants: InvariantDef<PaxosNode, PaxosMsg, PaxosHistory>[] = [
  fromVerdict('agreement', 'at most one value is chosen (accepted by a majority at one proposal number, from ghost history)'),
  fromVerdict('validity', 'a chosen value was proposed'),
  fromVerdict('I1', 'thesis 4.1.3 I1: accepted proposals with the same number have the same value'),
  fromVerdict('I2', 'thesis 4.1.3 I2 in words: once <p1,v1> is chosen, every accepted proposal numbered above p1 has value v1'),
  fromVerdict('I2-literal', 'thesis 4.1.3 I2 as printed: an acceptor\'s higher-numbered accepted proposals keep its value'),
  fromVerdict('learner-safety', 'a learner learns only a chosen value'),
];

/** The safety invariants every paxos variant keeps (and a mutant of it is meant to break). */
export const PAXOS_SAFETY: readonly string[] = ['agreement', 'validity', 'I1', 'I2', 'learner-safety'];

/** Liveness goal: some value has been chosen. */
export function paxosDecided(w: PaxosView): boolean {
  return w.ghost.chosen.length > 0;
}
