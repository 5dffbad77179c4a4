/**
 * The known bugs the harness must keep finding, read from the protocol
 * definitions (`VariantDef.bugs`): each names the sizes where it shows, the
 * invariants checked (an explicit list switches the liveness goal off, as
 * `--invariant` does on the command line), what counts as finding it and the
 * search budget within which the property suites require it. Nothing here is
 * keyed by protocol name: a user's protocol declares its bugs the same way.
 */
import { defaultConfig, findInvariant, type AnyProtocolDef, type BugDef, type VariantDef } from '../kernel/definition.js';
import { checkedInvariants, scheduleTarget, type ScheduleTarget } from '../kernel/target.js';

/** A bug with the protocol and variant that declare it. */
export interface KnownBug extends BugDef {
  readonly def: AnyProtocolDef;
  readonly variant: VariantDef;
  /** Full sizes (the protocol's defaults overridden by the bug's). */
  readonly config: Record<string, number>;
}

/** Every bug declared by the known-buggy variants of `defs`, in declaration order. */
export function knownBugs(defs: readonly AnyProtocolDef[]): KnownBug[] {
  const out: KnownBug[] = [];
  for (const def of defs)
    for (const variant of def.variants)
      for (const bug of variant.bugs ?? []) out.push({ ...bug, def, variant, config: { ...defaultConfig(def), ...bug.config } });
  return out;
}

/** The schedule target of a known bug. */
export function knownBugTarget(b: KnownBug): ScheduleTarget {
  const invariants = b.invariants ? b.invariants.map((n) => findInvariant(b.def, n)!) : checkedInvariants(b.def, b.variant);
  return scheduleTarget(b.def, b.variant, b.config, invariants, { liveness: b.invariants === undefined });
}
