/**
 * What an adversarial schedule runs against: one protocol variant in one
 * configuration, the invariants to check, the widest fault mask the adversary
 * may use and the bounds of a run. Built once per campaign or property (a
 * protocol is a pure value, so every run reuses the same instance).
 */
import type { AnyWorldView } from './view.js';
import type { Semantics } from './network.js';
import type { AnyProtocol } from './protocol.js';
import type { Config, InvariantDef, ProtocolDef, VariantDef } from './definition.js';
import { NO_FAULTS, type FaultMask, type World } from './world.js';

export interface ScheduleTarget {
  readonly def: ProtocolDef;
  readonly variant: VariantDef;
  readonly cfg: Config;
  readonly invariants: readonly InvariantDef[];
  readonly proto: AnyProtocol;
  readonly semantics: Semantics;
  /** The widest fault mask adversaries may draw from (per-run masks are subsets of it). */
  readonly faults: FaultMask;
  /** Nodes that may be crashed (the protocol's `crashable`, default every node). */
  readonly crashable: (node: number) => boolean;
  /** The liveness goal (undefined when the variant never expects a decision). */
  readonly decided: ((w: AnyWorldView) => boolean) | undefined;
  /** When the liveness phase applies (the variant's `liveness`). */
  readonly liveness: 'always' | 'fault-free' | 'never';
  /** Events of the adversarial phase of one run (scheduler strategies); schedules are bounded by their length. */
  readonly stepsMax: number;
  /**
   * Canonical events after the adversarial phase (towards quiescence, and the
   * liveness bound). 0 by default under set semantics without a liveness
   * goal: in a TLA+ behaviour no action is ever obliged to happen, so there is
   * no canonical ending, and the schedule is the whole behaviour.
   */
  readonly completeMax: number;
}

/** Optional overrides of the derived bounds and fault mask. */
export interface TargetOptions {
  /** Check the variant's liveness goal (default true; `--invariant` turns it off in the CLI). */
  readonly liveness?: boolean;
  readonly faults?: FaultMask;
  readonly stepsMax?: number;
  readonly completeMax?: number;
}

/**
 * The widest fault mask that makes sense for a variant: every fault under
 * multiset (implementation-level) semantics, up to n-1 nodes down at once;
 * none under set (TLA+-level) semantics, where the spec has no faults and
 * delivery is already optional.
 */
export function defaultFaultMask(semantics: Semantics, nodes: number): FaultMask {
  if (semantics === 'set') return NO_FAULTS;
  return { drop: true, duplicate: true, crash: true, partition: true, maxCrashed: Math.max(1, nodes - 1) };
}

/** The invariants a property or campaign checks: the variant's `keeps`, or every invariant when it keeps none. */
export function checkedInvariants(def: ProtocolDef, variant: VariantDef): InvariantDef[] {
  const kept = def.invariants.filter((i) => variant.keeps.includes(i.name));
  return kept.length > 0 ? kept : def.invariants.slice();
}

export function scheduleTarget(def: ProtocolDef, variant: VariantDef, cfg: Config, invariants: readonly InvariantDef[], o: TargetOptions = {}): ScheduleTarget {
  const proto = variant.build(cfg);
  const n = proto.nodeCount;
  const live = variant.liveness !== 'never' && o.liveness !== false;
  return {
    def, variant, cfg, invariants, proto,
    semantics: variant.semantics,
    faults: o.faults ?? defaultFaultMask(variant.semantics, n),
    crashable: def.crashable ? (node) => def.crashable!(cfg, node) : () => true,
    decided: variant.liveness === 'never' || o.liveness === false ? undefined : def.decided,
    liveness: o.liveness === false ? 'never' : variant.liveness,
    stepsMax: o.stepsMax ?? Math.max(100, 40 * n),
    completeMax: o.completeMax ?? (variant.semantics === 'set' && !live ? 0 : 4000),
  };
}
