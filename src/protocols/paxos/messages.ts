/**
 * Messages of single-decree Paxos. Tags 0-3 are the thesis's
 * (`PaxosProtocol.v`, section 5.3): prepare_req, promise_resp, nack_resp,
 * accept_req. `classic` adds accepted_resp (Phase 2b, "Paxos Made Simple");
 * the Python simulator's environment uses `start` to launch a proposer thread.
 *
 * One flat shape for every tag keeps handlers monomorphic and fast.
 */
import { avalanche, foldInt, HASH_START } from '../../kernel/hash.js';

export const PREPARE_REQ = 0;
export const PROMISE_RESP = 1;
export const NACK_RESP = 2;
export const ACCEPT_REQ = 3;
export const ACCEPTED_RESP = 4;
export const START = 5;

export const TAG_NAMES = ['prepare_req', 'promise_resp', 'nack_resp', 'accept_req', 'accepted_resp', 'start'];

export interface PaxosMsg {
  readonly tag: number;
  /** Proposal number (ballot) the message is about. */
  readonly no: number;
  /** Proposal value (0 = none). */
  readonly val: number;
  /** promise_resp: the last proposal the acceptor accepted (accNo -1 = none); nack_resp: accNo = the acceptor's promise. */
  readonly accNo: number;
  readonly accVal: number;
  /** Sender as the protocol names it (the Python simulator's `msg.src`). */
  readonly src: number;
}

export function msg(tag: number, no: number, val: number, src: number, accNo = -1, accVal = 0): PaxosMsg {
  return { tag, no, val, accNo, accVal, src };
}

export function msgKey(m: PaxosMsg): string {
  return `${m.tag},${m.no},${m.val},${m.accNo},${m.accVal},${m.src}`;
}

/** `msgKey`'s fields folded into a number (`Protocol.msgHash`). */
export function msgHash(m: PaxosMsg): number {
  return avalanche(foldInt(foldInt(foldInt(foldInt(foldInt(foldInt(HASH_START, m.tag), m.no), m.val), m.accNo), m.accVal), m.src));
}

export function showMsg(m: PaxosMsg): string {
  const name = TAG_NAMES[m.tag] ?? `tag${m.tag}`;
  if (m.tag === START) return name;
  const acc = m.tag === PROMISE_RESP && m.accNo >= 0 ? ` accepted=<${m.accNo},${m.accVal}>` : m.tag === NACK_RESP && m.accNo >= 0 ? ` promised=${m.accNo}` : '';
  return `${name}<${m.no},${m.val}>${acc}`;
}
