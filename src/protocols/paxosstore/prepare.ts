/**
 * `Prepare(p, b)` (PaxosStore.tla ll. 64-71): `p` starts the prepare phase
 * with a ballot `b` of its own, above every ballot it has promised.
 */
import { inBals, type PsConfig } from './config.js';
import { SPEC, type PsRules } from './rules.js';
import { except } from './except.js';
import { broadcast, type Msg, type SpecStep } from './messages.js';
import type { Row } from './types.js';

/**
 * The guard of `Prepare(p, b)`: `state[p][p].maxBal < b /\ b \in Bals(p)`
 * (ll. 68-69). The mutant rule `prepareAbove: false` drops l. 68, and then
 * l. 70 LOWERS `p`'s promise when `b` is below it.
 */
export function prepareEnabled(cfg: PsConfig, row: Row, p: number, b: number, rules: Pick<PsRules, 'bals' | 'prepareAbove'> = SPEC): boolean {
  return (row[p]!.maxBal < b || !rules.prepareAbove) && inBals(cfg, p, b, rules.bals);
}

/**
 * The effect of `Prepare(p, b)` (ll. 70-71), assuming its guard holds:
 * `state' = [state EXCEPT ![p][p].maxBal = b]`, then send
 * `[type |-> "Prepare", from |-> p, to |-> Participant, state |-> state'[p]]`.
 */
export function Prepare(cfg: PsConfig, row: Row, p: number, b: number): SpecStep {
  const next = except(row).set(p, 'maxBal', () => b).done();
  const m: Msg = { type: 'Prepare', from: p, state: next };
  const out: SpecStep['out'] = [];
  broadcast(cfg.np, m, out);
  return { row: next, out, msg: m };
}
