/**
 * Messages (PaxosStore.tla ll. 39-47, 59): `[type, from, to, state]`, where
 * `state` is the sender's whole view row ("we choose to send the complete state
 * of a participant each time", l. 40).
 *
 * `to` is not a field here: a message the spec addresses to `Participant`
 * becomes one kernel `send` per participant, the sender included, and an `ACK`
 * (addressed to `{m.from}`) one `send` to that participant. Under the kernel's
 * set semantics equal messages merge and are never removed, so the set of
 * envelopes is in one-to-one correspondence with the spec's `msgs`, and a
 * delivery of envelope `(m, q)` is exactly `OnMessage(q)` picking `m` with the
 * guard `m.type = "ACK" => m.to = {q}` (l. 95).
 */
import type { Command } from '../../kernel/protocol.js';
import { rowHash, rowKey, showRow, type Row } from './types.js';
import { avalanche, foldInt, foldStr, HASH_START } from '../../kernel/hash.js';
import { participantName } from './config.js';
import type { GhostEvent } from './ghost.js';

/** The three message types (l. 44). */
export type MsgType = 'Prepare' | 'Accept' | 'ACK';

/** A message: `[type |-> t, from |-> p, state |-> state'[p]]`. */
export interface Msg {
  readonly type: MsgType;
  /** `m.from`: the sender's participant id. */
  readonly from: number;
  /** `m.state`: the sender's whole view row when it sent the message. */
  readonly state: Row;
}

/** A command of this protocol. */
export type PsCommand = Command<Msg, GhostEvent>;

/** Canonical content key of a message: `type:from:row`. */
export function msgKey(m: Msg): string {
  return `${m.type}:${m.from}:${rowKey(m.state)}`;
}

/** `msgKey`'s fields folded into a number (`Protocol.msgHash`). */
export function msgHash(m: Msg): number {
  return avalanche(foldInt(foldInt(foldStr(HASH_START, m.type), m.from), rowHash(m.state)));
}

/** Short rendering for traces, e.g. `Prepare from P1 [P1 0/-:- P2 -/-:-]`. */
export function showMsg(m: Msg): string {
  return `${m.type} from ${participantName(m.from)} ${showRow(m.state)}`;
}

/** `Send(m)` with `to |-> Participant` (ll. 71, 117): one send per participant, self included. */
export function broadcast(np: number, m: Msg, out: PsCommand[]): void {
  for (let q = 0; q < np; q++) out.push({ kind: 'send', to: q, msg: m });
}

/** The effect of one spec action on the acting participant: `state'[p]` and what it sends or records. */
export interface SpecStep {
  /** `state'[p]` (the identical input row when unchanged). */
  readonly row: Row;
  /** Sends and ghost events, in order (empty: `UNCHANGED msgs`). */
  readonly out: PsCommand[];
  /** The message broadcast by `Prepare` or `Accept`. */
  readonly msg?: Msg;
}
