/**
 * Bounded exhaustive breadth-first exploration, conformant with TLC.
 *
 * `explore` searches every state reachable from `createWorld(proto, semantics)`
 * through the kernel's events (deliveries, spontaneous actions, timers, and
 * the faults a `FaultMask` allows), checking invariants on every new state,
 * and returns TLC's figures (distinct states, depth counting the initial
 * state as level 1) and, on a violation, a shortest counterexample as kernel
 * events. How states are represented and why: layout.ts, zobrist.ts,
 * model.ts; the search loop: search.ts.
 *
 * `exploreVariant` does the same for a registered protocol variant, with the
 * variant's network semantics and kept invariants: what the CLI calls.
 *
 * Design decisions, and why:
 * - One engine for every protocol: interned ids and memoised handler outcomes
 *   (model.ts) instead of `cloneWorld` + `enabledEvents` + `step` per
 *   transition, which spends its time copying maps and building strings. The
 *   semantics are not re-implemented: the kernel's rules (kernel/rules.ts) run
 *   on the explorer's integer store (frame.ts reads, succ.ts writes);
 *   reference.ts keeps a kernel-driven search as the oracle it is tested against.
 * - Fingerprints are sums of per-component Zobrist keys (zobrist.ts): order-
 *   independent, so the message set is canonical without sorting, and
 *   incremental, so already-visited successors are never built.
 * - The visited set holds 64-bit fingerprints only (fpset.ts): probability of
 *   any collision at n states is at most n^2 / 2^65 (reported per run).
 * - Ghost history is not part of a TLC state, so under `set` semantics each
 *   state carries the ghost of its first (shortest) path; under `multiset` the
 *   set of ghost events is part of the state, making ghost invariants exact
 *   (ghosts.ts, `ExploreOptions.ghost`).
 * - Every counterexample is replayed through the kernel before it is reported
 *   (`confirmed`), so an explorer bug cannot produce a false finding silently.
 * - One thread: the search runs at 2-3x the 150k states/s target on one core
 *   and its cost is dominated by random accesses to the visited set; sharing
 *   that set between workers would need 64-bit compare-and-swap over two
 *   lanes and a deterministic merge of each level, for at most 2x on the two
 *   cores the harness also uses for fuzzing.
 */
import type { AnyProtocolDef, Config } from '../../kernel/definition.js';
import { defaultConfig, findInvariant, findVariant } from '../../kernel/definition.js';
import { KeyCollision } from './model.js';
import { Search } from './search.js';
import type { ExploreOptions, ExploreResult } from './types.js';

export type { ExploreOptions, ExploreProgress, ExploreResult, ExploreViolation, GhostMode, Identity, Move } from './types.js';

/** Explores a protocol instance breadth-first (see `ExploreOptions` for budgets and modes). */
export function explore(opts: ExploreOptions): ExploreResult {
  try {
    return new Search(opts).run();
  } catch (e) {
    // A protocol key that is not injective would make the search unsound: redo it
    // identifying states structurally, and say so.
    if (!(e instanceof KeyCollision) || opts.identity === 'structural') throw e;
    const r = new Search({ ...opts, identity: 'structural' }).run();
    return { ...r, warnings: [...r.warnings, `${e.message}; explored with structural identity (key + JSON) instead`] };
  }
}

/** What `exploreVariant` needs besides the search options. */
export interface ExploreVariantOptions extends Omit<ExploreOptions, 'proto' | 'semantics' | 'invariants' | 'symmetry'> {
  readonly def: AnyProtocolDef;
  /** Default: the protocol's default variant. */
  readonly variant?: string;
  /** Sizes; missing entries take the protocol's defaults. */
  readonly config?: Config;
  /** Invariant names to check (default: those the variant keeps). */
  readonly invariants?: readonly string[];
  /** Apply the protocol's sound symmetry reduction, if it has one for this configuration. */
  readonly symmetry?: boolean;
}

/** `ExploreResult` plus what was explored. */
export interface ExploreVariantResult extends ExploreResult {
  readonly protocol: string;
  readonly variant: string;
  readonly config: Config;
  readonly invariants: readonly string[];
  /** Why no symmetry reduction was applied although requested, if so. */
  readonly symmetryNote: string | null;
}

/** Explores a registered protocol variant; throws on an unknown variant or invariant name. */
export function exploreVariant(o: ExploreVariantOptions): ExploreVariantResult {
  const def = o.def;
  const variantName = o.variant ?? def.defaultVariant;
  const variant = findVariant(def, variantName);
  if (!variant) throw new Error(`unknown variant '${variantName}' of ${def.name}; known: ${def.variants.map((v) => v.name).join(', ')}`);
  const config: Config = { ...defaultConfig(def), ...(o.config ?? {}) };
  const names = o.invariants ?? variant.keeps;
  const invariants = names.map((name) => {
    const inv = findInvariant(def, name);
    if (!inv) throw new Error(`unknown invariant '${name}' of ${def.name}; known: ${def.invariants.map((i) => i.name).join(', ')}`);
    return inv;
  });
  const proto = variant.build(config);
  let symmetry;
  let symmetryNote: string | null = null;
  if (o.symmetry) {
    const s = def.explore?.symmetry?.(variant, config) ?? `protocol ${def.name} declares no symmetry`;
    if (typeof s === 'string') symmetryNote = s;
    else symmetry = s;
  }
  const crashable = o.crashable ?? (def.crashable ? (node: number) => def.crashable!(config, node) : undefined);
  const constraint = o.constraint ?? def.explore?.constraint?.(variant, config);
  const result = explore({ ...o, proto, semantics: variant.semantics, invariants, symmetry, crashable, constraint });
  return { ...result, protocol: def.name, variant: variant.name, config, invariants: names, symmetryNote };
}
