/**
 * Event-level minimisation to a fixpoint (DSLabs `TraceMinimizer`): try
 * dropping each event, replay leniently (events that no longer make sense are
 * skipped), and keep the shorter schedule whenever the same invariant still
 * fails. Repeats until no single drop helps. A first pass drops chunks of
 * halving sizes (Zeller's ddmin), which makes long DES schedules cheap.
 */
import type { Finding } from '../kernel/finding.js';
import { replaySchedule, type ReplayTarget } from '../corpus/replay.js';
import type { PortableEvent } from '../kernel/portable.js';

export interface Minimized {
  readonly schedule: PortableEvent[];
  readonly finding: Finding;
}

/** Reproduces `f` with `schedule` leniently; the executed events up to the finding, if it still fails the same way. */
export function reproduces(t: ReplayTarget, schedule: readonly PortableEvent[], f: Finding): Minimized | undefined {
  // A liveness finding is "a reachable state where nothing can happen and nothing is decided": complete
  // each candidate with canonical fault-free steps, so dropping an event cannot leave the run merely unfinished.
  const live = f.kind === 'liveness';
  const r = replaySchedule(t, schedule, { lenient: true, checkLiveness: live, complete: live ? 10_000 : undefined });
  if (r.finding === undefined || r.finding.kind !== f.kind || r.finding.invariant !== f.invariant) return undefined;
  return { schedule: r.schedule, finding: r.finding };
}

/**
 * Minimises `schedule` for finding `f`: first removes chunks of halving sizes
 * (ddmin-style, cheap on long DES schedules), then single events, until no
 * single removal still reproduces the same invariant (a fixpoint), or the
 * replay budget runs out. Returns undefined if `schedule` does not reproduce
 * `f` in the first place.
 */
export function minimize(t: ReplayTarget, schedule: readonly PortableEvent[], f: Finding, budgetReplays = 20_000): Minimized | undefined {
  let best = reproduces(t, schedule, f);
  if (best === undefined) return undefined;
  let replays = 1;
  const tryWithout = (from: number, to: number): boolean => {
    replays++;
    const candidate = best!.schedule.slice(0, from).concat(best!.schedule.slice(to));
    const r = reproduces(t, candidate, f);
    if (r !== undefined && r.schedule.length < best!.schedule.length) {
      best = r;
      return true;
    }
    return false;
  };
  for (let size = best.schedule.length >> 1; size >= 2 && replays < budgetReplays; size >>= 1)
    for (let i = best.schedule.length - size; i >= 0 && replays < budgetReplays; i = Math.min(i - size, best.schedule.length - size)) tryWithout(i, i + size);
  let changed = true;
  while (changed && replays < budgetReplays) {
    changed = false;
    for (let i = best.schedule.length - 1; i >= 0 && replays < budgetReplays; i--) {
      if (tryWithout(i, i + 1)) {
        changed = true;
        i = Math.min(i, best.schedule.length);
      }
    }
  }
  return best;
}

/** True when no single event of `m.schedule` can be removed (the minimiser's fixpoint). */
export function isOneMinimal(t: ReplayTarget, m: Minimized): boolean {
  for (let i = 0; i < m.schedule.length; i++) {
    const r = reproduces(t, m.schedule.slice(0, i).concat(m.schedule.slice(i + 1)), m.finding);
    if (r !== undefined && r.schedule.length < m.schedule.length) return false;
  }
  return true;
}

/**
 * Slippage to a shorter violation: after the same-invariant fixpoint, drop
 * single events again, now accepting any safety violation the target checks
 * when the story gets strictly shorter, and minimise that one to its own
 * fixpoint; repeat until no drop helps. The invariants a target checks are
 * facets of one safety claim (PaxosStore's `one-value-per-ballot`,
 * `agreement`, `consistency`, `votes-safe`), and a story stuck at 23 events
 * for one of them often hides a 16-event story for another. Liveness
 * findings do not slip.
 */
export function slip(t: ReplayTarget, m: Minimized, budgetReplays = 5_000): Minimized {
  if (m.finding.kind !== 'safety') return m;
  let best = m;
  let replays = 0;
  for (let i = best.schedule.length - 1; i >= 0 && replays < budgetReplays; i--) {
    replays++;
    const candidate = best.schedule.slice(0, i).concat(best.schedule.slice(i + 1));
    const r = replaySchedule(t, candidate, { lenient: true });
    if (r.finding === undefined || r.finding.kind !== 'safety' || r.schedule.length >= best.schedule.length) continue;
    const shorter = minimize(t, r.schedule, r.finding, budgetReplays) ?? { schedule: r.schedule, finding: r.finding };
    best = shorter;
    i = best.schedule.length;
  }
  return best;
}

/** Candidates `shortcut` minimises at most (each costs up to 2,500 replays). */
const SHORTCUT_MINIMISED = 128;

/**
 * Shortcuts: a story may inform a node by a detour (the node's own request,
 * answered) where a copy of a message the story delivers elsewhere would
 * do, and dropping events cannot turn the one into the other. For each
 * delivery of the story, the same message is also delivered to each other
 * node of the story right after it; a candidate that still breaks a checked
 * safety invariant is minimised (slipping as `slip` does) and kept when it
 * is strictly shorter. Repeats while it helps, within the replay budget
 * (candidates replayed, and at most `SHORTCUT_MINIMISED` of them minimised).
 */
export function shortcut(t: ReplayTarget, m: Minimized, budgetReplays = 2_000): Minimized {
  if (m.finding.kind !== 'safety') return m;
  let best = m;
  let replays = 0;
  let minimised = 0;
  for (let improved = true; improved && replays < budgetReplays; ) {
    improved = false;
    const s = best.schedule;
    const nodes = new Set<number>();
    for (const e of s) {
      if ('from' in e) nodes.add(e.from).add(e.to);
      else if ('node' in e) nodes.add(e.node);
    }
    search: for (let i = 0; i < s.length; i++) {
      const d = s[i]!;
      if (d.k !== 'deliver') continue;
      for (const to of nodes) {
        if (to === d.to || to === d.from || replays >= budgetReplays || minimised >= SHORTCUT_MINIMISED) continue;
        replays++;
        const candidate = [...s.slice(0, i + 1), { k: 'deliver' as const, from: d.from, to, msg: d.msg }, ...s.slice(i + 1)];
        const r = replaySchedule(t, candidate, { lenient: true });
        if (r.finding === undefined || r.finding.kind !== 'safety') continue;
        minimised++;
        const shorter = slip(t, minimize(t, r.schedule, r.finding, 2_000) ?? { schedule: r.schedule, finding: r.finding }, 500);
        if (shorter.schedule.length < best.schedule.length) {
          best = shorter;
          improved = true;
          break search;
        }
      }
    }
  }
  return best;
}
