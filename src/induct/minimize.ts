/**
 * A state-level minimiser for counterexamples to induction, run after
 * fast-check has shrunk the generator's choices: it removes what the
 * counterexample does not need and the generator's choices cannot remove
 * one at a time (DSLabs' trace minimiser, for states): each message in
 * flight, each armed timer, each node's state (back to its initial one),
 * each node down. A change is kept when the state
 * still satisfies the invariant and still has a successor that breaks it.
 */
import type { WorldParts } from '../kernel/assemble.js';
import { checkState, type InductTarget, type StateVerdict } from './check.js';

/** The smallest parts found, and their verdict (a CTI). */
export function minimizeParts(t: InductTarget, parts: WorldParts): { parts: WorldParts; verdict: StateVerdict & { kind: 'cti' } } | undefined {
  let best = parts;
  let verdict = checkState(t, best);
  if (verdict.kind !== 'cti') return undefined;
  const attempt = (p: WorldParts): boolean => {
    const v = checkState(t, p);
    if (v.kind !== 'cti') return false;
    best = p;
    verdict = v;
    return true;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = best.messages.length - 1; i >= 0; i--) if (attempt({ ...best, messages: best.messages.filter((_, j) => j !== i) })) changed = true;
    const timers = best.timers ?? [];
    for (let i = timers.length - 1; i >= 0; i--) if (attempt({ ...best, timers: timers.filter((_, j) => j !== i) })) changed = true;
    // A node back in its initial state (the protocol's `init`), when the CTI does not need what it did.
    for (let i = 0; i < best.nodes.length; i++) {
      const init = t.proto.init(i).state;
      if (t.proto.stateKey(init) === t.proto.stateKey(best.nodes[i])) continue;
      const nodes = best.nodes.slice();
      nodes[i] = init;
      const persisted = best.persisted ? best.persisted.slice() : undefined;
      if (persisted) persisted[i] = init;
      if (attempt({ ...best, nodes, ...(persisted ? { persisted } : {}) })) changed = true;
    }
    const up = best.up ?? [];
    for (let i = 0; i < up.length; i++) if (!up[i] && attempt({ ...best, up: up.map((x, j) => x || j === i) })) changed = true;
  }
  return { parts: best, verdict: verdict as StateVerdict & { kind: 'cti' } };
}
