/**
 * How protocols plug in: a `ProtocolDef` names its size parameters, its
 * invariants (named checks over the world) and its variants. Each variant
 * declares which invariants it is expected to keep and whether the liveness
 * phase applies; `fuzz` checks exactly those by default.
 */
import type { Semantics } from './network.js';
import type { AnyProtocol } from './protocol.js';
import type { World } from './world.js';

/** Sizes and bounds of one configuration, e.g. `{ proposers: 2, acceptors: 3, values: 2 }`. */
export type Config = Record<string, number>;

/** A named safety property, evaluated after every step. */
export interface InvariantDef {
  readonly name: string;
  /** One line: what it states, and where it comes from. */
  readonly description: string;
  /** `true`, or an explanation of the violation. */
  check(w: World): true | string;
}

/** A size parameter with its CLI flag. */
export interface ParamDef {
  readonly name: string;
  readonly description: string;
  readonly default: number;
  readonly min: number;
  readonly max: number;
}

export interface VariantDef {
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
  /** Known to be broken: its test suite asserts that the harness finds a violation. */
  readonly buggy: boolean;
  /** Network semantics the variant is meant to run under. */
  readonly semantics: Semantics;
  /** Instantiates the protocol for a configuration. */
  build(cfg: Config): AnyProtocol;
  /** Sizes the default campaign uses for this variant (a known bug may need more nodes than the defaults). */
  readonly campaignConfig?: Config;
}

export interface ProtocolDef {
  readonly name: string;
  readonly description: string;
  readonly defaultVariant: string;
  readonly variants: readonly VariantDef[];
  readonly invariants: readonly InvariantDef[];
  readonly params: readonly ParamDef[];
  /** Rejects impossible combinations of sizes with one line saying why (or returns undefined). */
  validate?(cfg: Config): string | undefined;
  /** The liveness goal: true once some value has been chosen. */
  decided(w: World): boolean;
  /** Nodes the DES may crash (default: all). */
  crashable?(cfg: Config, node: number): boolean;
}

export function defaultConfig(def: ProtocolDef): Config {
  const cfg: Config = {};
  for (const p of def.params) cfg[p.name] = p.default;
  return cfg;
}

export function findVariant(def: ProtocolDef, name: string): VariantDef | undefined {
  return def.variants.find((v) => v.name === name);
}

export function findInvariant(def: ProtocolDef, name: string): InvariantDef | undefined {
  return def.invariants.find((i) => i.name === name);
}
