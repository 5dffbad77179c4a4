/**
 * The short label of a message arrow: its kind and its ballot. Messages are
 * the protocol's own values, so both are found generically: the kind is a
 * string `type`/`kind` field or else the first word of `showMsg`
 * (`prepare_req<2,2>` -> `prepare_req`); the ballot is the first integer
 * field with a ballot-like name (`ballot`, `bal`, `no`, `b`, `mbal`,
 * `maxBal`, ...), or, for messages that carry the sender's whole state
 * (PaxosStore sends its view row), that state's ballot field for the
 * sender. No ballot found: the label is the kind alone, and the full
 * `showMsg` text is always kept for tooltips.
 */
import type { AnyProtocol } from '../kernel/protocol.js';

const BALLOT_KEYS = ['ballot', 'bal', 'mbal', 'maxBal', 'no', 'b', 'round', 'term', 'proposal', 'epoch', 'view'];

const isInt = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x);

function ballotField(o: unknown): number | undefined {
  if (typeof o !== 'object' || o === null) return undefined;
  const r = o as Record<string, unknown>;
  for (const k of BALLOT_KEYS) if (Object.hasOwn(r, k) && isInt(r[k])) return r[k] as number;
  return undefined;
}

/** The ballot a message is about, if it names one (see the file comment). */
export function messageBallot(msg: unknown, from: number): number | undefined {
  const direct = ballotField(msg);
  if (direct !== undefined) return direct;
  if (typeof msg !== 'object' || msg === null) return undefined;
  for (const v of Object.values(msg as Record<string, unknown>)) {
    if (Array.isArray(v) && from < v.length) {
      const b = ballotField(v[from]);
      if (b !== undefined) return b;
    }
  }
  return undefined;
}

/** The kind of a message: its `type`/`kind`/`tag` name, else the first word of its rendering. */
export function messageKind(proto: AnyProtocol, msg: unknown): string {
  if (typeof msg === 'object' && msg !== null) {
    const r = msg as Record<string, unknown>;
    for (const k of ['type', 'kind']) if (typeof r[k] === 'string' && r[k] !== '') return r[k] as string;
  }
  return /^[^\s<([{,:]+/.exec(showMessage(proto, msg))?.[0] ?? 'msg';
}

/** `showMsg`, never throwing. */
export function showMessage(proto: AnyProtocol, msg: unknown): string {
  try {
    return proto.showMsg(msg);
  } catch {
    return String(msg);
  }
}

/** `kind b=N`, or the kind alone. */
export function messageLabel(kind: string, ballot: number | undefined): string {
  return ballot === undefined ? kind : `${kind} b=${ballot}`;
}
