/**
 * A counterexample to induction, readably: the state as one line per node
 * and per message, the event, the invariant's explanation (which names the
 * conjunct that broke and its witnesses), and the two states as a diff.
 */
import { eventKey, type Event } from '../kernel/events.js';
import type { World } from '../kernel/world.js';

/** One line per node, message in flight (sorted), and the ghost history. */
export function stateLines(w: World, ghostKey: (h: unknown) => string): string[] {
  const p = w.proto;
  const lines = w.nodes.map((s, i) => `${p.nodeName(i)}${w.up[i] ? '' : ' (down)'}: ${p.showState(s)}`);
  const msgs = [...w.net.envelopes()].map((e) => `msg ${p.nodeName(e.from)} -> ${p.nodeName(e.to)}: ${p.showMsg(e.msg)}`).sort();
  const timers = [...w.timers.values()].map((t) => `timer ${p.nodeName(t.node)}: ${t.timer}`).sort();
  return [...lines, ...msgs, ...timers, `ghost: ${ghostKey(w.ghost)}`];
}

/** The event in words: a delivery names its message. */
export function showEvent(w: World, e: Event): string {
  const p = w.proto;
  if (e.k === 'deliver' || e.k === 'drop' || e.k === 'dup') {
    const env = w.net.get(e.id);
    if (env) return `${e.k} ${p.showMsg(env.msg)} ${p.nodeName(env.from)} -> ${p.nodeName(env.to)}`;
  }
  if (e.k === 'local' || e.k === 'timer' || e.k === 'crash' || e.k === 'recover') return `${eventKey(e)} (${p.nodeName(e.node)})`;
  return eventKey(e);
}

/** A line diff of two states: ` ` kept, `-` only before, `+` only after (as multisets, in order). */
export function diffLines(before: readonly string[], after: readonly string[]): string[] {
  const left = new Map<string, number>();
  for (const l of after) left.set(l, (left.get(l) ?? 0) + 1);
  const out: string[] = [];
  for (const l of before) {
    const n = left.get(l) ?? 0;
    if (n > 0) (left.set(l, n - 1), out.push(`  ${l}`));
    else out.push(`- ${l}`);
  }
  const kept = new Map<string, number>();
  for (const l of before) kept.set(l, (kept.get(l) ?? 0) + 1);
  for (const l of after) {
    const n = kept.get(l) ?? 0;
    if (n > 0) kept.set(l, n - 1);
    else out.push(`+ ${l}`);
  }
  return out;
}
