/**
 * Spec level: the TLA+ module as a kernel protocol, for the explorer and for
 * spec-level random simulation under the kernel's `set` semantics.
 *
 * - Node state of `p` = its view row `state[p]` (nothing else).
 * - `Prepare(p, b)` and `Accept(p, b, v)` are spontaneous actions with keys
 *   `Prepare(b)` and `Accept(b,v)`; the acting participant is the event's node.
 * - Delivering envelope `(m, q)` is `OnMessage(q)` choosing `m`.
 * - `Accept`'s guard over the message set reads the kernel's `NetView`, which
 *   under `set` semantics is exactly `msgs` (messages are never removed).
 * - The spec has no crashes; every change of the row is `persist`ed so that a
 *   driver that does crash nodes sees a crash-recover as a stuttering step.
 */
import { NO_COMMANDS, unchanged, type NetView, type Outcome } from '../../kernel/protocol.js';
import { Accept, acceptLocallyEnabled } from './accept.js';
import { Bals, participantName, quorumSize, type PsConfig } from './config.js';
import { makeGhost, type GhostEvent } from './ghost.js';
import type { PsProtocol } from './instance.js';
import { msgHash, msgKey, showMsg, type Msg, type SpecStep } from './messages.js';
import { OnMessage } from './on-message.js';
import { Prepare, prepareEnabled } from './prepare.js';
import type { PsRules } from './rules.js';
import { initRow, rowHash, rowKey, showRow, type Row } from './types.js';
import { abstractRow } from './abstraction.js';

/** A spontaneous spec action of the acting participant `p`. */
export type SpecAction =
  | { readonly kind: 'Prepare'; readonly b: number }
  | { readonly kind: 'Accept'; readonly b: number; readonly v: number };

/** Action key: `Prepare(b)` or `Accept(b,v)` (e.g. `Prepare(1)`, `Accept(1,2)`). */
export function specActionKey(a: SpecAction): string {
  return a.kind === 'Prepare' ? `Prepare(${a.b})` : `Accept(${a.b},${a.v})`;
}

/** The messages of a `NetView` (under `set` semantics: the spec's `msgs`). */
export function* messagesOf(net: NetView<Msg>): Iterable<Msg> {
  for (const env of net.envelopes()) yield env.msg;
}

/** Turns a spec step into a handler outcome (`persist` when the row changed). */
export function outcomeOf<S>(before: S, after: S, changed: boolean, step: SpecStep): Outcome<S, Msg, GhostEvent> {
  if (!changed && step.out.length === 0) return unchanged(before);
  return { state: after, out: changed ? [...step.out, { kind: 'persist' }] : step.out };
}

/**
 * Every action `p` can take in `row`: for each `b \in Bals(p)` in increasing
 * order, `Prepare(b)` then `Accept(b, v)` for `v = 1..V`. The message-set guard
 * of Accept is evaluated only for candidates that pass the other guards.
 */
export function specActions(cfg: PsConfig, rules: PsRules, row: Row, p: number, net: NetView<Msg>): SpecAction[] {
  const out: SpecAction[] = [];
  let blocked: Set<number> | undefined; // ballots b with an Accept message having m.state[p].maxBal = b
  for (const b of Bals(cfg, p, rules.bals)) {
    if (prepareEnabled(cfg, row, p, b, rules)) out.push({ kind: 'Prepare', b });
    for (let v = 1; v <= cfg.values; v++) {
      if (!acceptLocallyEnabled(cfg, rules, row, p, b, v)) continue;
      if (blocked === undefined) {
        blocked = new Set();
        for (const m of messagesOf(net)) {
          if (m.type === 'Accept' && (rules.guard1Scope === 'all' || m.from === p)) blocked.add(m.state[p]!.maxBal);
        }
      }
      if (!blocked.has(b)) out.push({ kind: 'Accept', b, v });
    }
  }
  return out;
}

/** Builds the spec-level protocol for a configuration and a variant's rules. */
export function buildSpec(cfg: PsConfig, rules: PsRules): PsProtocol<Row, SpecAction> {
  return {
    cfg,
    level: 'spec',
    nodeCount: cfg.np,
    nodeName: participantName,
    viewOf: (row) => row,
    init: () => ({ state: initRow(cfg.np), out: NO_COMMANDS }),
    onMessage: (row, q, _from, m) => {
      const step = OnMessage(row, q, m, rules);
      return outcomeOf(row, step.row, step.row !== row, step);
    },
    onTimer: (row) => unchanged(row),
    actions: (row, p, net) => specActions(cfg, rules, row, p, net),
    onAction: (row, p, a) => {
      const step = a.kind === 'Prepare' ? Prepare(cfg, row, p, a.b) : Accept(cfg, row, p, a.b, a.v);
      return outcomeOf(row, step.row, step.row !== row, step);
    },
    recover: (persisted) => ({ state: persisted ?? initRow(cfg.np), out: NO_COMMANDS }),
    stateKey: rowKey,
    stateHash: rowHash,
    abstractState: abstractRow,
    abstractMsg: (m) => m.type,
    abstractAction: (key) => key.slice(0, key.indexOf('(')),
    msgKey,
    msgHash,
    actionKey: specActionKey,
    showMsg,
    showState: showRow,
    showAction: specActionKey,
    ghost: makeGhost(quorumSize(cfg.np)),
  };
}
