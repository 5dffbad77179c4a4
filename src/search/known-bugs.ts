/**
 * The known-buggy cases the harness must keep finding: a protocol variant, a
 * configuration, the invariants checked (an explicit list switches the
 * liveness goal off, as `--invariant` does on the command line) and the
 * findings that count as "found". The property suites (`properties/`) and the
 * measurement scripts (`src/bench/`) share this table.
 */
import type { Config, ProtocolDef } from '../kernel/definition.js';
import { findVariant, findInvariant } from '../kernel/definition.js';
import { findProtocol } from '../protocols/index.js';
import { checkedInvariants, scheduleTarget, type ScheduleTarget } from '../kernel/target.js';
import type { StrategyChoice } from './strategy.js';

export interface KnownBug {
  /** Short name for tables and test titles. */
  readonly name: string;
  readonly protocol: string;
  readonly variant: string;
  readonly config: Config;
  /** Invariants to check; undefined = the variant's defaults plus its liveness goal. */
  readonly invariants?: readonly string[];
  /** Finding invariants (or `liveness`) that count as finding this bug. */
  readonly expect: readonly string[];
  /** What the bug is, one line. */
  readonly story: string;
  /** The search the property suite runs (it must find the bug within this budget, at the suite's seed). */
  readonly search: { readonly strategy: StrategyChoice; readonly runs: number };
  /** fast-check runs within which fast-check alone finds it (omitted when it needs far more than a test budget). */
  readonly fastCheckRuns?: number;
}

export const KNOWN_BUGS: readonly KnownBug[] = [
  {
    name: 'python-sim 2x3 liveness',
    protocol: 'paxos', variant: 'thesis-python-sim', config: { proposers: 2, acceptors: 3, values: 2 },
    expect: ['liveness'],
    search: { strategy: 'all', runs: 500 },
    fastCheckRuns: 200,
    story: 'proposer 2 registers Python id 2, which is acceptor 2\'s: prepares meant for acceptor 2 land in a proposer inbox, nobody gets every promise',
  },
  {
    name: 'python-sim 3x3 agreement',
    protocol: 'paxos', variant: 'thesis-python-sim', config: { proposers: 3, acceptors: 3, values: 2 }, invariants: ['agreement'],
    expect: ['agreement'],
    search: { strategy: 'pct', runs: 20000 },
    fastCheckRuns: 5000,
    story: 'acceptors persist nothing: two acceptors that accepted <1,1> restart empty and then accept <2,2> — two values chosen',
  },
  {
    name: 'paxosstore seed-spec 5',
    protocol: 'paxosstore', variant: 'seed-spec', config: { participants: 5, values: 2, maxBallot: 4 },
    expect: ['one-value-per-ballot', 'agreement', 'consistency', 'votes-safe'],
    search: { strategy: 'des', runs: 6000 },
    story: 'a participant accepts at ballot b after promising a higher one, on a quorum of stale views (needs 5 participants)',
  },
  {
    name: 'paxosstore seed-spec-impl 5',
    protocol: 'paxosstore', variant: 'seed-spec-impl', config: { participants: 5, values: 2, maxBallot: 20 },
    expect: ['one-value-per-ballot', 'agreement', 'consistency', 'votes-safe'],
    search: { strategy: 'des', runs: 3000 },
    story: 'the implementation of seed-spec: a process accepts on a quorum of stale promises after promising a higher ballot (5 participants)',
  },
];

/** The protocol definition of a known bug, if it is registered. */
export function knownBugDef(b: KnownBug): ProtocolDef | undefined {
  const def = findProtocol(b.protocol);
  return def && findVariant(def, b.variant) ? def : undefined;
}

/** The schedule target of a known bug (undefined while its protocol or variant is not registered). */
export function knownBugTarget(b: KnownBug): ScheduleTarget | undefined {
  const def = knownBugDef(b);
  if (def === undefined) return undefined;
  const variant = findVariant(def, b.variant)!;
  const invariants = b.invariants ? b.invariants.map((n) => findInvariant(def, n)!) : checkedInvariants(def, variant);
  return scheduleTarget(def, variant, b.config, invariants, { liveness: b.invariants === undefined });
}
