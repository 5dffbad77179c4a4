/**
 * Implementation level: each participant is a process driven by timers and
 * messages, for the DES under the kernel's `multiset` semantics (loss,
 * duplication, reordering, crash-recover).
 *
 * Every step a process takes is a step of the spec, and it checks so:
 * - a message is handled by exactly `OnMessage` (the spec function);
 * - before `Prepare(p, b)` or `Accept(p, b, v)` it asserts, by calling the
 *   spec's guard functions, that the action is enabled (else it throws: the
 *   harness reports a `crash` finding, i.e. the implementation drifted);
 * - a retransmission re-sends a message it already sent, unchanged: at spec
 *   level `Send(m)` with `m \in msgs` and no state change, a stuttering step;
 * - one handler may take two spec steps back to back (`OnMessage` then
 *   `Accept`; `Prepare` then `Accept` when `NP = 1`): still a behaviour of the
 *   spec, with those two steps adjacent.
 *
 * Accept's guard 1 (`~\E m \in msgs : m.type = "Accept" /\ m.state[p].maxBal = b`,
 * l. 107) quantifies over every message ever sent, which no process can
 * observe. The process evaluates it over the Accept messages it sent itself
 * (`sent`, durable), and for those it is the spec's guard exactly. It is NOT
 * equivalent for Accept messages of other participants `r`, whose `m.state[p]`
 * is `r`'s view of `p`: e.g. (NP = 3) P1 prepares 0 and P2 learns it; P2 then
 * wins ballot 1 and sends Accept carrying its view of P1, `maxBal = 0`. From
 * then on the spec forbids `Accept(P1, 0, _)`, while P1, which has not seen
 * that message, may still accept at 0 if its (stale) view shows a quorum at 0.
 * No local rule can be as strong as a guard over messages one never received,
 * so this level refines the spec with guard 1 restricted to `m.from = p`
 * (`AcceptRules.guard1Scope = 'own'`), not the module as written. The
 * restriction is harmless for tpaxos: its guard `state[p][p].maxVBal < b`
 * already excludes a second Accept at `b` (p's own maxVBal never decreases),
 * which is what guard 1 is for ("TODO: delete it? to allow repeating
 * Phase 2a?"); `test/paxosstore` checks the restricted spec against every
 * invariant, and `seed-spec-impl` shows what is lost without it.
 *
 * Process behaviour (the client and retry policy are implementation choices;
 * the spec says nothing about them):
 * - at init a `request` timer fires after `REQUEST_DELAY + p` ticks;
 * - on `request`/`retry`, unless it already sees a chosen value: if it is
 *   still driving a ballot it holds (`state[p][p].maxBal = ballot`), it
 *   retransmits its last Prepare/Accept (so lost messages and lost ACKs cost
 *   no ballot); otherwise it `Prepare`s the next ballot of `Bals(p)` above
 *   `state[p][p].maxBal` (none left below `maxBallot`: it stops, `exhausted`);
 *   the retry delay doubles with each ballot it starts (capped), plus a
 *   per-participant stagger;
 * - once its view shows a quorum promised to its ballot (and, for tpaxos, it
 *   still holds that ballot) it `Accept`s, with its client value
 *   `(p % V) + 1` when free to pick, else the first value the spec's rule
 *   allows;
 * - once `ChosenP(p)` is non-empty it stops proposing (it keeps answering);
 * - the whole process state is durable: it `persist`s after every change
 *   (in particular whenever `state[p][p]` changes, and its sent Accepts,
 *   which guard 1 relies on). A crash loses its timers and the messages in
 *   flight to it; `recover` restores the persisted state and re-arms the
 *   timer of its phase, so a restart costs no ballot.
 *   (Persisting only the row and the sent Accepts is also safe, but then
 *   every restart burns a ballot, and with a bounded `maxBallot` swarm runs
 *   ran out of ballots before the liveness phase.)
 */
import { NO_COMMANDS, unchanged, type Outcome } from '../../kernel/protocol.js';
import { Accept, acceptEnabled, freeUnder, quorumAt, votedValues } from './accept.js';
import { clientValue, nextBal, participantName, quorumSize, type PsConfig } from './config.js';
import { ChosenP } from './chosen.js';
import { makeGhost, type GhostEvent } from './ghost.js';
import type { PsProtocol } from './instance.js';
import { broadcast, msgHash, msgKey, showMsg, type Msg, type PsCommand } from './messages.js';
import { avalanche, foldInt, foldStr, HASH_START } from '../../kernel/hash.js';
import { OnMessage } from './on-message.js';
import { Prepare, prepareEnabled } from './prepare.js';
import type { PsRules } from './rules.js';
import { except } from './except.js';
import { initRow, None, rowHash, rowKey, showRow, type Row } from './types.js';

/** Ticks before a participant's client request arrives (plus its id, to stagger). */
export const REQUEST_DELAY = 1;
/** Retry delay for the first ballot, in ticks; doubles per ballot started. */
export const RETRY_BASE = 40;
/** The retry delay stops doubling after this many ballots. */
export const RETRY_MAX_DOUBLINGS = 5;
/** Extra retry delay per participant id, so equal backoffs do not collide forever. */
export const RETRY_STAGGER = 7;

/** Where a process is in proposing its client's value. */
export type Phase =
  /** No client request yet. */
  | 'idle'
  /** Sent Prepare for `ballot`, waiting for a quorum of promises. */
  | 'preparing'
  /** Sent Accept for `ballot`. */
  | 'accepting'
  /** Its view shows a chosen value: it stops proposing. */
  | 'learned'
  /** No ballot of its own is left below the bound. */
  | 'exhausted';

/** The state of one process (all of it durable, see above). */
export interface Process {
  /** `state[p]`, the spec's node state. */
  readonly view: Row;
  /** Every Accept message this process sent: its evidence for Accept's guard 1. */
  readonly sent: readonly Msg[];
  /** Where it is in proposing its client's value. */
  readonly phase: Phase;
  /** The ballot it is driving (`-1`: none yet). */
  readonly ballot: number;
  /** Ballots it has started: the backoff exponent. */
  readonly attempt: number;
  /** The last Prepare or Accept it broadcast, for retransmission. */
  readonly last: Msg | undefined;
}

/** Thrown when the implementation is about to take a step the spec does not allow. */
export class SpecDriftError extends Error {
  override readonly name = 'SpecDriftError';
}

function retryDelay(attempt: number, p: number): number {
  return RETRY_BASE * 2 ** Math.min(Math.max(attempt - 1, 0), RETRY_MAX_DOUBLINGS) + RETRY_STAGGER * p;
}

/** A process that has done nothing yet. */
export function initialProcess(np: number): Process {
  return { view: initRow(np), sent: [], phase: 'idle', ballot: -1, attempt: 0, last: undefined };
}

/** The value the process proposes at its ballot: its client's when free, else the spec's rule (first allowed). */
export function proposalValue(cfg: PsConfig, view: Row, p: number, rules?: Pick<PsRules, 'freeToPick' | 'valueRule'>): number {
  return freeUnder(view, rules?.freeToPick) ? clientValue(cfg, p) : votedValues(view, rules?.valueRule)[0]!;
}

/** Builds the implementation-level protocol for a configuration and a variant's rules. */
export function buildImpl(cfg: PsConfig, rules: PsRules): PsProtocol<Process, never> {
  const np = cfg.np;

  /** `Prepare(p, b)` for the next own ballot, or stop if the bound is reached. */
  function startBallot(s: Process, p: number, out: PsCommand[]): Process {
    const b = nextBal(cfg, p, s.view[p]!.maxBal, rules.bals);
    if (b === undefined) return { ...s, phase: 'exhausted' };
    if (!prepareEnabled(cfg, s.view, p, b, rules)) throw new SpecDriftError(`${participantName(p)}: Prepare(${b}) is not enabled in ${showRow(s.view)}`);
    const step = Prepare(cfg, s.view, p, b);
    out.push(...step.out, { kind: 'setTimer', timer: 'retry', delay: retryDelay(s.attempt + 1, p) });
    return maybeAccept({ ...s, view: step.row, phase: 'preparing', ballot: b, attempt: s.attempt + 1, last: step.msg }, p, out);
  }

  /** `Accept(p, ballot, v)` once a quorum has promised the ballot. */
  function maybeAccept(s: Process, p: number, out: PsCommand[]): Process {
    const b = s.ballot;
    if (s.phase !== 'preparing' || !quorumAt(s.view, b, rules)) return s;
    if (rules.tpaxosGuards && s.view[p]!.maxBal !== b) return s; // preempted: the retry timer moves on
    const v = proposalValue(cfg, s.view, p, rules);
    if (!acceptEnabled(cfg, rules, s.view, p, b, v, s.sent)) {
      throw new SpecDriftError(`${participantName(p)}: Accept(${b},${v}) is not enabled in ${showRow(s.view)}`);
    }
    const step = Accept(cfg, s.view, p, b, v);
    out.push(...step.out);
    return { ...s, view: step.row, sent: [...s.sent, step.msg!], phase: 'accepting', last: step.msg };
  }

  /** Stop proposing once the view shows a chosen value. */
  function learn(s: Process, out: PsCommand[]): Process {
    if (s.phase === 'learned' || ChosenP(s.view).length === 0) return s;
    out.push({ kind: 'cancelTimer', timer: 'retry' });
    return { ...s, phase: 'learned' };
  }

  function finish(before: Process, after: Process, out: PsCommand[]): Outcome<Process, Msg, GhostEvent> {
    if (after === before) return out.length === 0 ? unchanged(before) : { state: before, out };
    out.push({ kind: 'persist' });
    return { state: after, out };
  }

  function onTimer(s: Process, p: number): Outcome<Process, Msg, GhostEvent> {
    if (s.phase === 'learned' || s.phase === 'exhausted') return unchanged(s);
    const out: PsCommand[] = [];
    let t = learn(s, out);
    if (t.phase === 'learned') return finish(s, t, out);
    const driving = t.phase === 'preparing' || t.phase === 'accepting';
    if (driving && t.last !== undefined && t.view[p]!.maxBal === t.ballot) {
      broadcast(np, t.last, out); // retransmission: a stuttering step of the spec
      out.push({ kind: 'setTimer', timer: 'retry', delay: retryDelay(t.attempt, p) });
    } else {
      t = startBallot(t, p, out);
    }
    return finish(s, t, out);
  }

  function onMessage(s: Process, q: number, m: Msg): Outcome<Process, Msg, GhostEvent> {
    const step = OnMessage(s.view, q, m, rules);
    const out = step.out.slice();
    let t = step.row === s.view ? s : { ...s, view: step.row };
    t = learn(t, out);
    t = maybeAccept(t, q, out);
    return finish(s, t, out);
  }

  /**
   * What survives a crash under the mutant rule `durableVote: false`: the row
   * with `state[p][p]` reduced to its promise, its vote forgotten.
   */
  function forgetVote(persisted: Process | undefined, p: number): Process | undefined {
    if (rules.durableVote || persisted === undefined || persisted.view[p]!.maxVBal === -1) return persisted;
    const view = except(persisted.view).set(p, 'maxVBal', () => -1).set(p, 'maxVVal', () => None).done();
    return { ...persisted, view };
  }

  /**
   * Start, or restart after a crash: everything persisted survives, timers do
   * not. (Under the mutant rule `durableRow: false` nothing survives: the
   * process forgets its row, its promises and votes included, and starts anew.)
   */
  function recover(persisted: Process | undefined, p: number): Outcome<Process, Msg, GhostEvent> {
    const s = (rules.durableRow ? forgetVote(persisted, p) : undefined) ?? initialProcess(np);
    switch (s.phase) {
      case 'idle':
        return { state: s, out: [{ kind: 'setTimer', timer: 'request', delay: REQUEST_DELAY + p }] };
      case 'preparing':
      case 'accepting':
        return { state: s, out: [{ kind: 'setTimer', timer: 'retry', delay: retryDelay(s.attempt, p) }] };
      case 'learned':
      case 'exhausted':
        return { state: s, out: NO_COMMANDS };
    }
  }

  return {
    cfg,
    level: 'impl',
    nodeCount: np,
    nodeName: participantName,
    viewOf: (s) => s.view,
    init: (p) => recover(undefined, p),
    onMessage: (s, q, _from, m) => onMessage(s, q, m),
    onTimer: (s, p) => onTimer(s, p),
    actions: () => NO_COMMANDS,
    onAction: (s) => unchanged(s),
    recover,
    stateKey: (s) =>
      `${rowKey(s.view)}#${s.sent.map(msgKey).join(',')}#${s.phase}:${s.ballot}:${s.attempt}:${s.last === undefined ? '' : msgKey(s.last)}`,
    stateHash: (s) => {
      let h = foldInt(foldInt(HASH_START, rowHash(s.view)), s.sent.length);
      for (const m of s.sent) h = foldInt(h, msgHash(m));
      h = foldInt(foldInt(foldStr(h, s.phase), s.ballot), s.attempt);
      return avalanche(s.last === undefined ? h : foldInt(h ^ 1, msgHash(s.last)));
    },
    msgKey,
    msgHash,
    actionKey: () => '',
    showMsg,
    // Stryker disable all: trace text only (stateKey and actionKey, above, are the identities)
    showState: (s) => `${showRow(s.view)} ${s.phase}${s.ballot >= 0 ? '@' + s.ballot : ''}`,
    showAction: () => '',
    // Stryker restore all
    ghost: makeGhost(quorumSize(np)),
  };
}
