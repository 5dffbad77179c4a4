/**
 * A target: one protocol variant in one checked configuration, with the
 * invariants to check. The CLI builds it from flags, the library from
 * options; both check it the same way before any work starts.
 */
import { configProblem, defaultConfig, findInvariant, findVariant, type AnyProtocolDef, type Config, type InvariantDef, type VariantDef } from '../kernel/definition.js';
import { InputError } from '../kernel/input-error.js';

export interface Target {
  readonly def: AnyProtocolDef;
  readonly variant: VariantDef;
  readonly cfg: Config;
  readonly invariants: InvariantDef[];
  /** Absolute path of the module a user's protocol came from (recorded in saved counterexamples). */
  readonly module?: string;
}

/** Checks sizes for a variant (ranges, the protocol's and the variant's own checks) and that it builds. */
export function checkConfig(def: AnyProtocolDef, variant: VariantDef, cfg: Config): void {
  const problem = configProblem(def, variant, cfg);
  if (problem) throw new InputError(problem);
  try {
    variant.build(cfg);
  } catch (e) {
    throw new InputError(`${def.name}/${variant.name} rejects ${JSON.stringify(cfg)}: ${String((e as Error).message ?? e).split('\n')[0]}`);
  }
}

/** What selects a target in the library's options. */
export interface TargetOptions {
  /** Default: the protocol's default variant. */
  readonly variant?: string;
  /** Sizes; missing ones take the protocol's defaults. */
  readonly config?: Readonly<Config>;
  /** Invariants to check (default: those the variant keeps). */
  readonly invariants?: readonly string[];
  /** Path of the JavaScript module the definition came from, so saved files replay from the CLI. */
  readonly module?: string;
}

/** The checked target of a definition and options; throws `InputError` on a bad name or size. */
export function targetOf(def: AnyProtocolDef, o: TargetOptions = {}): Target {
  const vname = o.variant ?? def.defaultVariant;
  const variant = findVariant(def, vname);
  if (variant === undefined) throw new InputError(`unknown variant "${vname}" of ${def.name}; accepted: ${def.variants.map((v) => v.name).join(', ')}`);
  for (const k of Object.keys(o.config ?? {}))
    if (!def.params.some((p) => p.name === k)) throw new InputError(`unknown size "${k}" of ${def.name}; accepted: ${def.params.map((p) => p.name).join(', ')}`);
  const cfg = { ...defaultConfig(def), ...o.config };
  checkConfig(def, variant, cfg);
  const names = o.invariants ?? variant.keeps;
  const invariants = names.map((n) => {
    const inv = findInvariant(def, n);
    if (!inv) throw new InputError(`unknown invariant "${n}" of ${def.name}; accepted: ${def.invariants.map((i) => i.name).join(', ')}`);
    return inv;
  });
  return { def, variant, cfg, invariants, ...(o.module ? { module: o.module } : {}) };
}
