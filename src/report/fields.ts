/**
 * A node state as named fields, derived generically: node states are the
 * protocol's own objects, and the harness never knows their shape. An
 * object's own enumerable keys become fields, an array's entries `[0]`,
 * `[1]`, ...; each value is rendered as compact JSON (Sets and Maps as
 * arrays). Anything else (a number, a string, an empty object) falls back to
 * the protocol's `showState` under the field `state`. Per-step diffs then
 * compare fields by their rendered text, so "what changed" needs no help
 * from the protocol.
 */
import type { AnyProtocol } from '../kernel/protocol.js';

/** A state's fields: name -> rendered value, in the object's key order. */
export type Fields = Record<string, string>;

/** Longest rendering kept for one field (a huge array would otherwise swell every report). */
const MAX_FIELD = 400;

/** JSON with Sets and Maps made readable; never throws (cyclic values become `{…}`). */
export function renderValue(v: unknown): string {
  let s: string;
  try {
    s = JSON.stringify(v, (_k, x: unknown) => (x instanceof Set ? [...x] : x instanceof Map ? Object.fromEntries(x) : typeof x === 'bigint' ? String(x) : x)) ?? String(v);
  } catch {
    s = Array.isArray(v) ? '[…]' : typeof v === 'object' && v !== null ? '{…}' : String(v);
  }
  return s.length > MAX_FIELD ? `${s.slice(0, MAX_FIELD)}…` : s;
}

/**
 * The fields of node state `s` (see the file comment). An array with one
 * entry per node (PaxosStore's view row: entry q is this node's view of q)
 * names its entries by node: `[P1]`, `[P2]`, ...
 */
export function stateFields(proto: AnyProtocol, s: unknown): Fields {
  const out: Fields = Object.create(null) as Fields;
  if (typeof s === 'object' && s !== null) {
    const perNode = Array.isArray(s) && s.length === proto.nodeCount;
    if (Array.isArray(s)) s.forEach((v, i) => (out[`[${perNode ? nodeName(proto, i) : i}]`] = renderValue(v)));
    else for (const k of Object.keys(s)) out[k] = renderValue((s as Record<string, unknown>)[k]);
    if (Object.keys(out).length > 0) return out;
  }
  out['state'] = safeShow(proto, s);
  return out;
}

function nodeName(proto: AnyProtocol, i: number): string {
  try {
    return proto.nodeName(i);
  } catch {
    return String(i);
  }
}

/** `showState`, or the JSON of the state if the protocol's renderer throws. */
export function safeShow(proto: AnyProtocol, s: unknown): string {
  try {
    return proto.showState(s);
  } catch {
    return renderValue(s);
  }
}

/** Names of the fields whose rendering differs between `a` and `b` (added and removed ones included). */
export function changedFields(a: Fields | undefined, b: Fields): string[] {
  if (a === undefined) return [];
  const out: string[] = [];
  for (const k of Object.keys(b)) if (a[k] !== b[k]) out.push(k);
  for (const k of Object.keys(a)) if (!(k in b)) out.push(k);
  return out;
}
