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
 *   level `Send(m)` with `m \in msgs` and no state change, a stuttering step.
 *
 * Accept's guard 1 (`~\E m \in msgs : m.type = "Accept" /\ m.state[p].maxBal = b`)
 * quantifies over every message ever sent, which no process can observe. The
 * process evaluates it over the Accept messages it sent itself (`sent`,
 * durable). For those messages it is the spec's guard exactly. It is WEAKER
 * than the spec for Accept messages of other participants `r`, whose
 * `m.state[p]` is `r`'s view of `p`: e.g. (NP = 3) P1 prepares 0, P2 learns
 * P1's promise 0, then P2 wins ballot 1 and sends Accept carrying its view of
 * P1 with `maxBal = 0`; the spec now forbids `Accept(P1, 0, _)` forever, while
 * P1, not having seen that message, may still accept at 0. So this level
 * refines the spec with guard 1 ranging over `m.from = p` only (Accept rules
 * with `guard1Scope: 'own'`); it cannot refine the
 * global guard, which is not locally checkable. The spec's authors themselves
 * mark guard 1 "TODO: delete it?". See `test/paxosstore` for the exploration
 * that checks the local-guard spec keeps the invariants.
 *
 * Process behaviour (the client and retry policy are implementation choices;
 * the spec says nothing about them):
 * - at init a `request` timer fires after `REQUEST_DELAY + p` ticks;
 * - on `request`/`retry`, unless it already sees a chosen value: if it is
 *   still driving a ballot it holds (`state[p][p].maxBal = ballot`), it
 *   retransmits its last Prepare/Accept; otherwise it `Prepare`s the next
 *   ballot of `Bals(p)` above `state[p][p].maxBal` (none left: it stops);
 *   the retry delay doubles with each ballot it starts (capped);
 * - once its view shows a quorum promised to its ballot (and, for tpaxos, it
 *   still holds that ballot) it `Accept`s, with its client value
 *   `(p % V) + 1` when free to pick, else the first allowed value of the
 *   spec's rule;
 * - once `ChosenP(p)` is non-empty it stops proposing (it keeps answering);
 * - its view row and its sent Accept messages are durable (`persist` on every
 *   change); a crash loses only the proposer's progress and its timers.
 */
import { NO_COMMANDS, unchanged, type Outcome } from '../../kernel/protocol.js';
import { Accept, acceptEnabled, freeToPick, highestValues, quorumAt, type AcceptRules } from './accept.js';
import { clientValue, nextBal, participantName, quorumSize, type PsConfig } from './config.js';
import { ChosenP } from './chosen.js';
import { makeGhost, type GhostEvent } from './ghost.js';
import type { PsProtocol } from './instance.js';
import { broadcast, msgKey, showMsg, type Msg, type PsCommand } from './messages.js';
import { OnMessage } from './on-message.js';
import { Prepare, prepareEnabled } from './prepare.js';
import { initRow, rowKey, showRow, type Row } from './types.js';

/** Ticks before a participant's client request arrives (plus its id, to stagger). */
export const REQUEST_DELAY = 1;
/** Retry delay for the first ballot, in ticks; doubles per ballot started. */
export const RETRY_BASE = 20;
/** The retry delay stops doubling after this many ballots. */
export const RETRY_MAX_DOUBLINGS = 5;
/** Extra retry delay per participant id, so equal backoffs do not collide forever. */
export const RETRY_STAGGER = 7;

/** Where a process is in proposing its client's value. */
export type Phase =
  /** No client request yet (or just recovered). */
  | 'idle'
  /** Sent Prepare for `ballot`, waiting for a quorum of promises. */
  | 'preparing'
  /** Sent Accept for `ballot`. */
  | 'accepting'
  /** Its view shows a chosen value: it stops proposing. */
  | 'learned'
  /** No ballot of its own is left below the bound. */
  | 'exhausted';

/** The state of one process. */
export interface Process {
  /** `state[p]`, the spec's node state. Durable. */
  readonly view: Row;
  /** Every Accept message this process sent (its evidence for Accept's guard 1). Durable. */
  readonly sent: readonly Msg[];
  /** Volatile from here on. */
  readonly phase: Phase;
  /** The ballot it is driving (`-1`: none). */
  readonly ballot: number;
  /** Ballots started since the last (re)start: the backoff exponent. */
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

function fresh(view: Row, sent: readonly Msg[]): Process {
  return { view, sent, phase: 'idle', ballot: -1, attempt: 0, last: undefined };
}

/** The value the process proposes at its ballot: its client's when free, else the spec's rule (first allowed). */
export function proposalValue(cfg: PsConfig, view: Row, p: number): number {
  return freeToPick(view) ? clientValue(cfg, p) : highestValues(view)[0]!;
}

/** Builds the implementation-level protocol for a configuration and a variant's Accept rules. */
export function buildImpl(cfg: PsConfig, rules: AcceptRules): PsProtocol<Process, never> {
  const np = cfg.np;

  /** `Prepare(p, b)` for the next own ballot, or stop if the bound is reached. */
  function startBallot(s: Process, p: number, out: PsCommand[]): Process {
    const b = nextBal(cfg, p, s.view[p]!.maxBal);
    if (b === undefined) return { ...s, phase: 'exhausted' };
    if (!prepareEnabled(cfg, s.view, p, b)) throw new SpecDriftError(`${participantName(p)}: Prepare(${b}) is not enabled in ${showRow(s.view)}`);
    const step = Prepare(cfg, s.view, p, b);
    out.push(...step.out, { kind: 'setTimer', timer: 'retry', delay: retryDelay(s.attempt + 1, p) });
    return maybeAccept({ ...s, view: step.row, phase: 'preparing', ballot: b, attempt: s.attempt + 1, last: step.msg }, p, out);
  }

  /** `Accept(p, ballot, v)` once a quorum has promised the ballot. */
  function maybeAccept(s: Process, p: number, out: PsCommand[]): Process {
    const b = s.ballot;
    if (s.phase !== 'preparing' || !quorumAt(s.view, b)) return s;
    if (rules.tpaxosGuards && s.view[p]!.maxBal !== b) return s; // preempted: the retry timer moves on
    const v = proposalValue(cfg, s.view, p);
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
    if (after.view !== before.view || after.sent !== before.sent) out.push({ kind: 'persist' });
    if (after === before && out.length === 0) return unchanged(before);
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
    const step = OnMessage(s.view, q, m);
    const out = step.out.slice();
    let t = step.row === s.view ? s : { ...s, view: step.row };
    t = learn(t, out);
    t = maybeAccept(t, q, out);
    return finish(s, t, out);
  }

  function recover(persisted: Process | undefined, p: number): Outcome<Process, Msg, GhostEvent> {
    const s = persisted === undefined ? fresh(initRow(np), []) : fresh(persisted.view, persisted.sent);
    if (ChosenP(s.view).length > 0) return { state: { ...s, phase: 'learned' }, out: NO_COMMANDS };
    return { state: s, out: [{ kind: 'setTimer', timer: 'request', delay: REQUEST_DELAY + p }] };
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
    msgKey,
    actionKey: () => '',
    showMsg,
    showState: (s) => `${showRow(s.view)} ${s.phase}${s.ballot >= 0 ? '@' + s.ballot : ''}`,
    showAction: () => '',
    ghost: makeGhost(quorumSize(np)),
  };
}
