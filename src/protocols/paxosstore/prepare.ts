/**
 * `Prepare(p, b)` (PaxosStore.tla ll. 64-71): `p` starts the prepare phase
 * with a ballot `b` of its own, above every ballot it has promised.
 */
import { inBals, type PsConfig } from './config.js';
import type { PsRules } from './rules.js';
import { except } from './except.js';
import { broadcast, type Msg, type SpecStep } from './messages.js';
import type { Row } from './types.js';

/** The guard of `Prepare(p, b)`: `state[p][p].maxBal < b /\ b \in Bals(p)` (ll. 68-69). */
export function prepareEnabled(cfg: PsConfig, row: Row, p: number, b: number, bals: PsRules['bals'] = 'disjoint'): boolean {
  return row[p]!.maxBal < b && inBals(cfg, p, b, bals);
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
