/**
 * `explore`: bounded exhaustive breadth-first exploration of a small
 * configuration (src/search/explore), with the variant's semantics, kept
 * invariants, and what the protocol declares for the explorer (state
 * constraint, symmetry). On a violation the shortest counterexample comes
 * back as a portable schedule, ready to save and replay like any finding.
 */
import { getHeapStatistics } from 'node:v8';
import type { AnyProtocolDef } from '../kernel/definition.js';
import { InputError } from '../kernel/input-error.js';
import type { PortableEvent } from '../kernel/portable.js';
import { toPortable } from '../kernel/portable.js';
import { createWorld, step, type FaultMask } from '../kernel/world.js';
import type { Event } from '../kernel/events.js';
import { exploreVariant, type ExploreVariantResult, type Move } from '../search/explore/index.js';
import { targetOf, type Target, type TargetOptions } from './target.js';

/** Faults offered by `faults: 'on'` (implementation-level variants only): one crash at a time, loss and duplication. */
export const EXPLORE_FAULTS: FaultMask = { drop: true, duplicate: true, crash: true, partition: false, maxCrashed: 1 };

export interface ExploreSettings {
  /** Apply the protocol's sound symmetry reduction, if it declares one. */
  readonly symmetry?: boolean;
  /** `on`: loss, duplication and one crash at a time, at most two faults per path (implementation level only). */
  readonly faults?: 'on' | 'off';
  readonly maxStates?: number;
  readonly maxDepth?: number;
  readonly timeLimitMs?: number;
  /**
   * Exact within `maxDepth`: the ghost history is part of every state (ghost
   * invariants are checked on every path, not only the first one to reach a
   * state) and the protocol's state constraint is off (`maxDepth` bounds the
   * search instead), so finding nothing proves there is nothing that short.
   */
  readonly exact?: boolean;
  /** Offer only the events this accepts (see `ExploreOptions.moves`; the shortest-story stage's restricted search). */
  readonly moves?: (m: Move) => boolean;
  /** Memory budget in bytes (resident set); default `defaultMemoryBudget()`. */
  readonly maxMemoryBytes?: number;
  /** Polled during the search; true stops it (incomplete, `stoppedBy: 'signal'`). */
  readonly shouldStop?: () => boolean;
  readonly onProgress?: Parameters<typeof exploreVariant>[0]['onProgress'];
}

export interface ExploreOptions extends TargetOptions, ExploreSettings {}

export interface ExploreOutcome extends ExploreVariantResult {
  /** The shortest counterexample as a portable schedule (null without a violation). */
  readonly schedule: PortableEvent[] | null;
}

/**
 * The default memory budget: three quarters of the V8 heap limit this
 * process has (Node sizes it from the machine's memory), so the search stops
 * cleanly well before an allocation can fail.
 */
export function defaultMemoryBudget(): number {
  return Math.floor(0.75 * getHeapStatistics().heap_size_limit);
}

/** The explorer's kernel-event path as a portable schedule. */
function portablePath(t: Target, path: readonly Event[]): PortableEvent[] {
  const w = createWorld(t.variant.build(t.cfg), t.variant.semantics);
  return path.map((e) => {
    const pe = toPortable(w, e);
    if (!step(w, e)) throw new Error(`explorer path does not replay at ${JSON.stringify(e)}`);
    return pe;
  });
}

/** Explores a checked target. */
export function exploreTarget(t: Target, s: ExploreSettings): ExploreOutcome {
  const faults = s.faults ?? 'off';
  if (faults === 'on' && t.variant.semantics === 'set')
    throw new InputError(`faults on needs an implementation-level variant; ${t.variant.name} uses TLA+ set semantics, which already subsumes loss and duplication`);
  const r = exploreVariant({
    def: t.def, variant: t.variant.name, config: t.cfg, invariants: t.invariants.map((i) => i.name), symmetry: s.symmetry ?? false,
    maxStates: s.maxStates, maxDepth: s.maxDepth, ...(s.moves ? { moves: s.moves } : {}), timeLimitMs: s.timeLimitMs, onProgress: s.onProgress,
    maxMemoryBytes: s.maxMemoryBytes ?? defaultMemoryBudget(), ...(s.shouldStop ? { shouldStop: s.shouldStop } : {}),
    ...(faults === 'on' ? { faults: EXPLORE_FAULTS, maxFaults: 2 } : {}),
    ...(s.exact ? { ghost: 'fingerprint' as const, constraint: () => true } : {}),
  });
  return { ...r, schedule: r.violation ? portablePath(t, r.violation.path) : null };
}

/** Explores `def` (library entry point); throws `InputError` on a bad variant, size or option. */
export function explore(def: AnyProtocolDef, options: ExploreOptions = {}): ExploreOutcome {
  return exploreTarget(targetOf(def, options), options);
}
