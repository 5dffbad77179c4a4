/**
 * The command line that replays a fast-check failure from its seed and path:
 * `paxos-sim replay --protocol P --variant V <sizes> [--invariant I...] --seed S --path "..."`.
 * The fast-check property is a pure function of exactly these flags (see
 * `scheduleProperty`), so the command re-runs the very counterexample.
 */
import { paramFlag, type AnyProtocolDef, type Config, type VariantDef } from '../kernel/definition.js';
import type { ScheduleTarget } from '../kernel/target.js';
import { checkedInvariants } from '../kernel/target.js';

/**
 * Flags naming a target: protocol, variant, every size, the invariants when
 * they are not the default set, and `--no-liveness` when the variant has a
 * liveness goal that is not checked. A user's protocol is named by its
 * module's path (`module`).
 */
export function targetFlags(def: AnyProtocolDef, variant: VariantDef, cfg: Config, invariants: readonly string[], liveness: boolean, module?: string): string[] {
  const flags = ['--protocol', module ?? def.name, '--variant', variant.name];
  for (const p of def.params) flags.push(`--${paramFlag(p)}`, String(cfg[p.name]));
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
export function fastCheckReplayCommand(t: ScheduleTarget, seed: number, path: string, module?: string): string {
  const flags = targetFlags(t.def, t.variant, t.cfg, t.invariants.map((i) => i.name), t.decided !== undefined, module);
  return ['npx', 'paxos-sim', 'replay', ...flags, '--seed', String(seed), '--path', path].map(shellWord).join(' ');
}
