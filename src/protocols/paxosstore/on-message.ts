/**
 * `OnMessage(q)` (PaxosStore.tla ll. 90-101) for one chosen message `m`:
 * `q` merges the sender's own record `m.state[m.from]` into its row
 * (`UpdateState`), then ACKs to `m.from` if the sender's view of `q` in `m`
 * is behind `q`'s NEW record `state'[q][q]` (ll. 98-100).
 *
 * The guard `m.type = "ACK" => m.to = {q}` (l. 95) is enforced by addressing:
 * an ACK is sent to its addressee only, Prepare and Accept to everyone.
 */
import type { Msg, SpecStep } from './messages.js';
import { SPEC } from './rules.js';
import { UpdateState, type UpdateRules } from './update-state.js';
import type { Row } from './types.js';

/** The rules `OnMessage` reads: `UpdateState`'s. */
export type MessageRules = UpdateRules;

/** `state'[q]` and the outbox of `OnMessage(q)` receiving `m`, given `state[q]` as `row`. */
export function OnMessage(row: Row, q: number, m: Msg, rules: MessageRules = SPEC): SpecStep {
  const p = m.from;
  const next = UpdateState(row, q, p, m.state[p]!, rules); // ll. 96-97
  const out: SpecStep['out'] = [];
  const was = row[q]!;
  const now = next[q]!;
  if ((now.maxVBal !== was.maxVBal || now.maxVVal !== was.maxVVal) && now.maxVBal >= 0) {
    out.push({ kind: 'ghost', event: { kind: 'vote', b: now.maxVBal, v: now.maxVVal } });
  }
  const mq = m.state[q]!;
  if (mq.maxBal < now.maxBal || mq.maxVBal < now.maxVBal) {
    // l. 100: Send([type |-> "ACK", from |-> q, to |-> {m.from}, state |-> state'[q]])
    const ack: Msg = { type: 'ACK', from: q, state: next };
    out.push({ kind: 'send', to: p, msg: ack });
  } // l. 101: ELSE UNCHANGED msgs
  return { row: next, out };
}
