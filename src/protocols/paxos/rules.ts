/**
 * The decision points of `classic`, named, so that a mutant (mutants.ts) can
 * break exactly one of them and leave the rest of the protocol as written.
 * Every rule says which line of "Paxos Made Simple" (the thesis's summary,
 * section 2.2, of seed 000_fc46020ddf857937) it implements; `CLASSIC_RULES`
 * is that paper's protocol, and `classic` built with it is the correct
 * variant, unchanged.
 *
 * Rules are plain module-level functions and flags: the handlers call them
 * without allocating anything per message.
 */

/** What an acceptor's crash-recovery restores from its persisted state. */
export type AcceptorMemory =
  /** Its promise and its accepted proposal (2.2.1: acceptors must remember both across failures). */
  | 'both'
  /** Only the accepted proposal: the promise was volatile (it falls back to the accepted number). */
  | 'accepted'
  /** Only the promise: the accepted proposal was volatile. */
  | 'promise';

export interface ClassicRules {
  /** Phase 1b: an acceptor promises proposal number `n` when this holds of `n` and its current promise (-1 = none). PMS: n above every number it has answered. */
  readonly promises: (n: number, promised: number) => boolean;
  /**
   * Phase 1b: the number under which a promise reports the acceptor's
   * accepted proposal, given its accepted number `accNo` (-1 = none) and its
   * promise. PMS: "the proposal with the highest number less than n that it
   * has accepted", i.e. accNo itself.
   */
  readonly reportedNo: (accNo: number, promised: number) => number;
  /** Phase 2b (P1a): an acceptor accepts proposal `n` when this holds. PMS: it has not promised a number above n. */
  readonly accepts: (n: number, promised: number) => boolean;
  /**
   * Phase 2a: whether a promise's accepted proposal number `accNo` (-1 = none)
   * replaces the one the proposer holds, `bestNo` (-1 = none). The value of
   * the proposal held when the quorum completes is proposed, the client value
   * if none. PMS: the highest-numbered proposal among the responses.
   */
  readonly adopts: (accNo: number, bestNo: number) => boolean;
  /** A promise counts only toward the round it answers (its number is the proposer's current one). PMS: responses to *its* prepare request numbered n. */
  readonly promiseForRound: boolean;
  /** Promises a proposer needs before Phase 2a, for `acceptors` acceptors. PMS: a majority. */
  readonly phase1Quorum: (acceptors: number) => number;
  /** Accepted responses for one proposal a learner needs (2.2 Learner, 2.2.2). PMS: a majority. */
  readonly learnQuorum: (acceptors: number) => number;
  /** The learner counts acceptors per proposal (number and value); false: per value alone, across numbers. */
  readonly tallyByProposal: boolean;
  /** What an acceptor keeps across a crash. PMS: both its promise and its accepted proposal. */
  readonly acceptorMemory: AcceptorMemory;
  /** A restarted proposer keeps its proposal number and the highest number it saw, so it never reuses one (PMS: "a proposer must remember the highest-numbered proposal it has tried to issue"). */
  readonly proposerKeepsBallot: boolean;
  /**
   * The smallest proposal number above `floor` that proposer `id` of
   * `proposers` owns. PMS: "different proposers choose their numbers from
   * disjoint sets": proposer id owns the numbers congruent to id + 1 mod P.
   */
  readonly nextBallot: (floor: number, id: number, proposers: number) => number;
  /** A proposer whose round times out starts a higher one (thesis 2.2.1: "Simple Paxos runs in rounds until consensus is achieved"; PMS progress). */
  readonly retries: boolean;
  /** The retry timeout stays armed through Phase 2 (an accept round can fail too: nacks, losses). */
  readonly retriesInPhase2: boolean;
}

export const above = (n: number, promised: number): boolean => n > promised;
export const atLeast = (n: number, promised: number): boolean => n >= promised;
export const majority = (acceptors: number): number => Math.floor(acceptors / 2) + 1;
export const acceptedNo = (accNo: number): number => accNo;
export const highestNumbered = (accNo: number, bestNo: number): boolean => accNo > bestNo;

/** PMS: proposer id owns the numbers n with n ≡ id + 1 (mod P). */
export function disjointBallot(floor: number, id: number, proposers: number): number {
  const b0 = floor + 1;
  return b0 + ((((id + 1 - b0) % proposers) + proposers) % proposers);
}

/** "Paxos Made Simple" as the thesis summarises it (2.2): the rules of the correct `classic`. */
export const CLASSIC_RULES: ClassicRules = {
  promises: above,
  reportedNo: acceptedNo,
  accepts: atLeast,
  adopts: highestNumbered,
  promiseForRound: true,
  phase1Quorum: majority,
  learnQuorum: majority,
  tallyByProposal: true,
  acceptorMemory: 'both',
  proposerKeepsBallot: true,
  nextBallot: disjointBallot,
  retries: true,
  retriesInPhase2: true,
};
