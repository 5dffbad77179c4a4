/**
 * The rules a variant plays by: which of the spec's choices it takes, one
 * named field per choice, so that a correct variant and each of its mutants
 * (`mutants.ts`) differ in exactly one field.
 *
 * Two fields are real design choices of the correct variants (`tpaxosGuards`,
 * `guard1Scope`). Every other field names one rule of PaxosStore.tla that a
 * mutant breaks; its first value is the spec's, and `SPEC` holds all of them,
 * so a correct variant spreads `SPEC` and never mentions a mutation.
 */

/** Which rules a variant uses (spec values first; see `SPEC`). */
export interface PsRules {
  /** Add TPaxos's Accept guards `state[p][p].maxBal = b` and `state[p][p].maxVBal < b`. */
  readonly tpaxosGuards: boolean;
  /**
   * Which messages Accept's guard 1 (ll. 107-108) ranges over: `all` (as
   * written) or `own` (only `m.from = p`: what a process can check locally; see `impl.ts`).
   */
  readonly guard1Scope: 'all' | 'own';

  /** ll. 32-33: `PIndex` is injective (`disjoint`), or the last participant shares the first one's ballots (`shared`). */
  readonly bals: 'disjoint' | 'shared';
  /** l. 68: `Prepare(p, b)` only above its own promise, `state[p][p].maxBal < b` (`true`), or at any ballot of its own (`false`). */
  readonly prepareAbove: boolean;
  /** ll. 81-84: `q` merges the sender's record into its view of it with `Max` (`max`), or overwrites the view (`overwrite`). */
  readonly viewMerge: 'max' | 'overwrite';
  /** l. 85: `q` raises its own promise with `Max(@, pp.maxBal)` (`max`), or sets it to `pp.maxBal` (`overwrite`). */
  readonly promiseMerge: 'max' | 'overwrite';
  /** ll. 86-89: `q` adopts the sender's vote if it is not below its own PROMISE (`promise`), or its own VOTE (`vote`). */
  readonly voteAgainst: 'promise' | 'vote';
  /** l. 110: Accept needs a quorum of views promised to `b` (`true`), or none (`false`). */
  readonly quorumGuard: boolean;
  /**
   * l. 110: a view counts for the quorum if its `maxBal = b` (`equal`), or if
   * it has promised nothing above `b`, `maxBal <= b` (`at-most`: a view never
   * heard from, `-1`, then counts as a promise).
   */
  readonly quorumBallot: 'equal' | 'at-most';
  /** l. 25: a quorum is more than half (`majority`: `2|Q| >= NP + 1`), or at least half (`half`: `2|Q| >= NP`). */
  readonly quorumSize: 'majority' | 'half';
  /** l. 111: free to pick only when no view has voted (`no-votes`), or always (`always`). */
  readonly freeToPick: 'no-votes' | 'always';
  /** ll. 112-114: otherwise the value of the HIGHEST vote in view (`highest`), or of the lowest one (`lowest`). */
  readonly valueRule: 'highest' | 'lowest';
  /** Implementation level: a process's row survives a crash (`true`), or it restarts from nothing (`false`). */
  readonly durableRow: boolean;
  /** Implementation level: a process's own vote `state[p][p].maxVVal/maxVBal` survives a crash (`true`), or only its promise does (`false`). */
  readonly durableVote: boolean;
}

/** The spec's choice for every rule a mutant can break. */
export const SPEC = {
  bals: 'disjoint',
  prepareAbove: true,
  viewMerge: 'max',
  promiseMerge: 'max',
  voteAgainst: 'promise',
  quorumGuard: true,
  quorumBallot: 'equal',
  quorumSize: 'majority',
  freeToPick: 'no-votes',
  valueRule: 'highest',
  durableRow: true,
  durableVote: true,
} as const satisfies Omit<PsRules, 'tpaxosGuards' | 'guard1Scope'>;

/** The module as written. */
export const SEED_RULES: PsRules = { ...SPEC, tpaxosGuards: false, guard1Scope: 'all' };
/** The module plus TPaxos's two Accept guards. */
export const TPAXOS_RULES: PsRules = { ...SPEC, tpaxosGuards: true, guard1Scope: 'all' };
