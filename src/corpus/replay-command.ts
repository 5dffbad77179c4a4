/**
 * The command line that replays a fast-check failure from its seed and path:
 * `paxos-sim replay --protocol P --variant V <sizes> [--invariant I...] --seed S --path "..."`.
 * The fast-check property is a pure function of exactly these flags (see
 * `scheduleProperty`), so the command re-runs the very counterexample.
 */
import type { Config, ProtocolDef, VariantDef } from '../kernel/definition.js';
import type { ScheduleTarget } from '../kernel/target.js';
import { checkedInvariants } from '../kernel/target.js';

/** CLI flag of a size parameter (`maxBallot` -> `max-ballot`). */
export function paramFlag(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/**
 * Flags naming a target: protocol, variant, every size, the invariants when
 * they are not the default set, and `--no-liveness` when the variant has a
 * liveness goal that is not checked.
 */
export function targetFlags(def: ProtocolDef, variant: VariantDef, cfg: Config, invariants: readonly string[], liveness: boolean): string[] {
  const flags = ['--protocol', def.name, '--variant', variant.name];
  for (const p of def.params) flags.push(`--${paramFlag(p.name)}`, String(cfg[p.name]));
  const defaults = checkedInvariants(def, variant).map((i) => i.name);
  const same = invariants.length === defaults.length && invariants.every((n, i) => n === defaults[i]);
  if (!same) for (const n of invariants) flags.push('--invariant', n);
  if (!liveness && variant.liveness !== 'never') flags.push('--no-liveness');
  return flags;
}

/** Quotes a shell word when it needs it. */
export function shellWord(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** `npx paxos-sim replay ... --seed S --path P` for a fast-check failure on `t`. */
export function fastCheckReplayCommand(t: ScheduleTarget, seed: number, path: string): string {
  const flags = targetFlags(t.def, t.variant, t.cfg, t.invariants.map((i) => i.name), t.decided !== undefined);
  return ['npx', 'paxos-sim', 'replay', ...flags, '--seed', String(seed), '--path', path].map(shellWord).join(' ');
}
