/**
 * Sizes of one configuration and the spec's derived constants: `NP`,
 * `Quorum`, `PIndex` and `Bals` (PaxosStore.tla ll. 23-33).
 */
import type { PsRules } from './rules.js';

/** One configuration of the spec's constants. */
export interface PsConfig {
  /** `NP == Cardinality(Participant)` (l. 23); participants are ids `0..np-1`. */
  readonly np: number;
  /** `Value` is `1..values`. */
  readonly values: number;
  /** `Ballot == Nat` (l. 30), bounded to `0..maxBallot` as in a TLC model. */
  readonly maxBallot: number;
}

/**
 * `PIndex == CHOOSE f \in [Participant -> 1..NP] : Injective(f)` (l. 32): we fix
 * the choice to "id + 1". (TLC fixes some injective function too; which one only
 * renames participants.)
 */
export function PIndex(p: number): number {
  return p + 1;
}

/**
 * `PIndex[p] - 1`, the residue of `p`'s ballots modulo `NP`. Under the mutant
 * rule `bals: 'shared'` the choice is not injective (l. 32): the last
 * participant gets the first one's index, so both own the same ballots.
 */
export function balsResidue(cfg: PsConfig, p: number, bals: PsRules['bals'] = 'disjoint'): number {
  return bals === 'shared' && p === cfg.np - 1 ? 0 : PIndex(p) - 1;
}

/** `b \in Bals(p)`, i.e. `b \in Ballot /\ b % NP = PIndex[p] - 1` (l. 33). */
export function inBals(cfg: PsConfig, p: number, b: number, bals: PsRules['bals'] = 'disjoint'): boolean {
  return b >= 0 && b <= cfg.maxBallot && b % cfg.np === balsResidue(cfg, p, bals);
}

/** `Bals(p)` (l. 33) in increasing order. */
export function Bals(cfg: PsConfig, p: number, bals: PsRules['bals'] = 'disjoint'): number[] {
  const out: number[] = [];
  for (let b = balsResidue(cfg, p, bals); b <= cfg.maxBallot; b += cfg.np) out.push(b);
  return out;
}

/**
 * `Q \in Quorum` depends only on `Cardinality(Q)` (l. 25): `Cardinality(Q) * 2 >= NP + 1`.
 * Every guard of the form `\E Q \in Quorum : \A q \in Q : P(q)` is therefore
 * `isQuorumSize(np, |{q : P(q)}|)` (the set of all `q` satisfying `P` is the
 * largest candidate, and quorums are upward closed).
 */
export function isQuorumSize(np: number, k: number): boolean {
  return k * 2 >= np + 1;
}

/** `isQuorumSize` under the mutant rule `quorumSize: 'half'` too (`2|Q| >= NP`: two disjoint halves when NP is even). */
export function isQuorumSizeBy(size: PsRules['quorumSize'], np: number, k: number): boolean {
  return size === 'majority' ? k * 2 >= np + 1 : k * 2 >= np;
}

/** The smallest quorum size, `floor(NP / 2) + 1`. */
export function quorumSize(np: number): number {
  return Math.floor(np / 2) + 1;
}

/** Smallest `b \in Bals(p)` with `b > above`, or `undefined` if the bound is reached. */
export function nextBal(cfg: PsConfig, p: number, above: number, bals: PsRules['bals'] = 'disjoint'): number | undefined {
  const r = balsResidue(cfg, p, bals);
  let b = above < r ? r : above + 1;
  const m = ((b % cfg.np) + cfg.np) % cfg.np;
  if (m !== r) b += (r - m + cfg.np) % cfg.np;
  return b <= cfg.maxBallot ? b : undefined;
}

/** Participant `p`'s client value at implementation level: `(p % V) + 1`. */
export function clientValue(cfg: PsConfig, p: number): number {
  return (p % cfg.values) + 1;
}

/** Human name of participant `p`: `P1`, `P2`, ... (its `PIndex`). */
export function participantName(p: number): string {
  return `P${PIndex(p)}`;
}
