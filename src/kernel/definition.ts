/**
 * How a protocol plugs in: a `ProtocolDef` carries everything the harness
 * needs to know about a protocol — its size parameters (which become CLI
 * flags), its invariants, its variants with their per-variant size checks and
 * known bugs, its liveness goal, and what the explorer may assume (state
 * constraint, symmetry). Nothing in the harness looks a protocol up by name:
 * the built-in protocols use exactly this API, and a user's module exports one
 * (see `defineProtocol`).
 *
 * Type parameters, as in `Protocol`: S node state, M message, A spontaneous
 * action, G ghost event, H ghost history.
 */
import type { WorldParts } from './assemble.js';
import type { Semantics } from './network.js';
import type { Protocol } from './protocol.js';
import type { WorldView } from './view.js';

/** Sizes and bounds of one configuration, e.g. `{ proposers: 2, acceptors: 3, values: 2 }`. */
export type Config = Record<string, number>;

/** A named safety property, evaluated after every step, over a typed read-only view of the world. */
export interface InvariantDef<S = any, M = any, H = any> {
  readonly name: string;
  /** One line: what it states, and where it comes from. */
  readonly description: string;
  /** `true`, or an explanation of the violation with its witnesses. */
  check(w: WorldView<S, M, H>): true | string;
}

/** A size parameter; it becomes the CLI flag `--kebab-case-name` (or `flag`). */
export interface ParamDef {
  readonly name: string;
  readonly description: string;
  readonly default: number;
  readonly min: number;
  readonly max: number;
  /** The CLI flag without dashes (default: the name in kebab case, `maxBallot` -> `max-ballot`). */
  readonly flag?: string;
}

/** A search the harness runs: a strategy and a run budget (see `fuzz --strategy`). */
export interface SearchBudget {
  readonly strategy: 'des' | 'uniform' | 'swarm' | 'pct' | 'fast-check' | 'guided' | 'guided-des' | 'all' | 'round-robin';
  readonly runs: number;
}

/**
 * A bug the harness must keep finding in a known-buggy variant: the sizes and
 * invariants where it shows, what counts as finding it, and the search budget
 * within which the property suites require it to be found.
 */
export interface BugDef {
  /** Short name for tables and test titles. */
  readonly name: string;
  /** What the bug is, one line. */
  readonly story: string;
  /** Sizes where it shows (missing sizes take the protocol's defaults). */
  readonly config?: Config;
  /** Invariants to check; omitted = the variant's kept invariants plus its liveness goal (an explicit list switches liveness off, as `--invariant` does). */
  readonly invariants?: readonly string[];
  /** Finding invariants (or `liveness`) that count as finding this bug. */
  readonly expect: readonly string[];
  /** The search that must find it at the suites' seed. */
  readonly search: SearchBudget;
  /** fast-check runs within which fast-check alone finds it (omitted when it needs more than a test budget). */
  readonly fastCheckRuns?: number;
}

/**
 * What marks a variant as a mutant of the catalogue: a correct variant with
 * one rule deliberately broken, which the harness must keep catching
 * (`paxos-sim mutants`). A mutant is `buggy` and declares exactly one bug.
 */
export interface MutantDef {
  /** The correct variant of the same protocol that it breaks. */
  readonly of: string;
  /** Where the broken rule is written: the seed's section or the spec's lines. */
  readonly breaks: string;
  /** Why it is deep (shortest counterexample of 20 events or more, 5 nodes, a crash at a precise moment, three proposers), when it is. */
  readonly deep?: string;
  /**
   * How the explorer measures its shortest counterexample: the sizes to
   * explore (missing ones: the bug's) and whether to inject faults; or one
   * line saying why the explorer cannot finish it.
   */
  readonly shortest?: { readonly config?: Config; readonly faults?: 'on' | 'off' } | string;
}

export interface VariantDef<S = any, M = any, A = any, G = any, H = any> {
  readonly name: string;
  readonly description: string;
  /** Invariants this variant is expected to keep (checked by default). */
  readonly keeps: readonly string[];
  /**
   * When a decision is expected: `always` (after the faulty period, once faults
   * stop), `fault-free` (only in runs whose faulty period injected no fault:
   * one-shot protocols cannot recover a lost message by design), or `never`.
   */
  readonly liveness: 'always' | 'fault-free' | 'never';
  /** Known to be broken: its suites assert that the harness finds a violation. */
  readonly buggy: boolean;
  /** The bugs of a known-buggy variant (at least one when `buggy`): how and where the harness must find them. */
  readonly bugs?: readonly BugDef[];
  /** Set on the mutants of the catalogue: which correct variant it breaks, and where. */
  readonly mutant?: MutantDef;
  /** Network semantics the variant is meant to run under. */
  readonly semantics: Semantics;
  /** Rejects sizes this variant cannot run with one line saying why (or returns undefined). Runs after the protocol's `validate`. */
  validate?(cfg: Config): string | undefined;
  /** Instantiates the protocol for a configuration. */
  build(cfg: Config): Protocol<S, M, A, G, H>;
  /** Sizes the default campaign uses for this variant (a known bug may need more nodes than the defaults). */
  readonly campaignConfig?: Config;
}

/** One renaming of a protocol's interchangeable elements (see `search/explore/symmetry.ts`). */
export interface SymmetryPerm<S = any, M = any, G = any> {
  /** Node `i` is renamed `nodes[i]`. */
  readonly nodes: readonly number[];
  /** The image of a state of node `node` (it becomes a state of node `nodes[node]`). */
  state(s: S, node: number): S;
  /** The image of a message payload. */
  msg(m: M): M;
  /** The image of a ghost event (identity if omitted). */
  ghostEvent?(e: G): G;
}

/** A symmetry group for the explorer, given by its non-identity elements. */
export interface Symmetry<S = any, M = any, G = any> {
  readonly name: string;
  readonly perms: readonly SymmetryPerm<S, M, G>[];
}

/** What the explorer may assume about a variant in a configuration. */
export interface ExploreDef<S = any, M = any, G = any, H = any> {
  /**
   * State constraint (TLC's CONSTRAINT) that makes an infinite model finite:
   * a state failing it is checked but not expanded. Undefined: none needed.
   */
  constraint?(variant: VariantDef<S, M, any, G, H>, cfg: Config): ((w: WorldView<S, M, H>) => boolean) | undefined;
  /** The sound symmetry reduction, or one line saying why there is none. */
  symmetry?(variant: VariantDef<S, M, any, G, H>, cfg: Config): Symmetry<S, M, G> | string;
}

export interface ProtocolDef<S = any, M = any, A = any, G = any, H = any> {
  readonly name: string;
  readonly description: string;
  readonly defaultVariant: string;
  readonly variants: readonly VariantDef<S, M, A, G, H>[];
  readonly invariants: readonly InvariantDef<S, M, H>[];
  readonly params: readonly ParamDef[];
  /** Rejects impossible combinations of sizes with one line saying why (or returns undefined). */
  validate?(cfg: Config): string | undefined;
  /** The liveness goal: true once some value has been chosen. */
  decided(w: WorldView<S, M, H>): boolean;
  /** The values chosen so far, rendered for traces and reports (default: none shown). */
  chosen?(w: WorldView<S, M, H>): readonly string[];
  /** Nodes the DES and the adversaries may crash (default: all). */
  crashable?(cfg: Config, node: number): boolean;
  /** Explorer bounds and symmetry. */
  readonly explore?: ExploreDef<S, M, G, H>;
  /** How the property suites size their searches of this protocol. */
  readonly suite?: SuiteDef;
  /** How `induct` generates arbitrary global states (counterexamples to induction). */
  readonly induct?: InductDef<S, M, H>;
  /** How `paxos-sim soak` sizes this protocol (default: see `SoakDef`). */
  readonly soak?: SoakDef;
}

/**
 * One nondeterministic choice of a state generator: an integer in `0..n-1`,
 * 0 being the simplest. A generator is a program over choices, so one
 * definition serves fast-check (choices drawn from a shrinkable array) and
 * the exhaustive mode (every sequence of choices enumerated).
 */
export type Choose = (n: number) => number;

/** What a state generator is asked for (see `InductDef.generate`). */
export type InductMode = 'tight' | 'loose' | 'exhaustive';

/** How `induct` builds well-typed global states of a protocol within declared bounds. */
export interface InductDef<S = any, M = any, H = any> {
  /** The invariant the generator builds its states to satisfy (e.g. `inductive`); loose states aim wider. */
  readonly target: string;
  /** One line saying why this variant or configuration cannot be generated, or undefined. */
  supports?(variant: VariantDef<S, M, any, any, H>, cfg: Config): string | undefined;
  /** The bounds the generator keeps to, one line (ballots, messages in flight...). */
  bounds(variant: VariantDef<S, M, any, any, H>, cfg: Config): string;
  /**
   * A well-typed global state from `choose`. `tight`: only states meant to
   * satisfy `target`; `exhaustive`: the same within the smaller bounds the
   * exhaustive mode enumerates; `loose`: also states that break `target`
   * (e.g. votes that are not safe), for weaker invariants.
   */
  generate(variant: VariantDef<S, M, any, any, H>, cfg: Config, choose: Choose, mode: InductMode): WorldParts<S, M, H>;
  /** Canonical text of a ghost history (what `induct` prints and compares with reachable states). */
  ghostKey(h: H): string;
}

/**
 * The sizes `paxos-sim soak` rotates through for every soaked variant. Each
 * entry is laid over the defaults; sizes a variant rejects are skipped.
 * Without it: the defaults, the variant's `campaignConfig` and `suite.sizeCaps`.
 */
export interface SoakDef {
  readonly sizes: readonly Config[];
}

/** Budgets of the property suites for one protocol. */
export interface SuiteDef {
  /** fast-check runs per kept invariant of a correct variant (default 200). */
  readonly runsPerInvariant?: number;
  /** Upper bounds of the sizes the configuration property draws (default: each parameter's default). */
  readonly sizeCaps?: Config;
}

/** Any protocol definition, for harness code that does not care about the types. */
export type AnyProtocolDef = ProtocolDef<any, any, any, any, any>;

/** The CLI flag of a size parameter, without dashes. */
export function paramFlag(p: ParamDef): string {
  return p.flag ?? p.name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

export function defaultConfig(def: AnyProtocolDef): Config {
  const cfg: Config = {};
  for (const p of def.params) cfg[p.name] = p.default;
  return cfg;
}

export function findVariant(def: AnyProtocolDef, name: string): VariantDef | undefined {
  return def.variants.find((v) => v.name === name);
}

export function findInvariant(def: AnyProtocolDef, name: string): InvariantDef | undefined {
  return def.invariants.find((i) => i.name === name);
}

/** The first problem with a configuration for a variant: out-of-range sizes, the protocol's check, the variant's check. */
export function configProblem(def: AnyProtocolDef, variant: VariantDef, cfg: Config): string | undefined {
  for (const p of def.params) {
    const v = cfg[p.name];
    if (v === undefined || !Number.isInteger(v) || v < p.min || v > p.max) return `${p.name} (--${paramFlag(p)}) must be an integer from ${p.min} to ${p.max}, got ${v}`;
  }
  return def.validate?.(cfg) ?? variant.validate?.(cfg);
}
