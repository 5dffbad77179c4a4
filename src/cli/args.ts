/**
 * Flag parsing and validation at the edge: every flag is checked once, with
 * one clear line saying what was wrong and what is accepted (exit status 2).
 */
import { randomInt } from 'node:crypto';
import { parseArgs } from 'node:util';
import { defaultConfig, findInvariant, findVariant, type Config, type InvariantDef, type ProtocolDef, type VariantDef } from '../kernel/definition.js';
import { findProtocol, protocols } from '../protocols/index.js';
import { InputError } from '../corpus/counterexample.js';

/** Every flag any command accepts; each command lists the ones it takes. */
export const FLAG_SPECS = {
  protocol: { type: 'string' },
  variant: { type: 'string' },
  proposers: { type: 'string' },
  acceptors: { type: 'string' },
  participants: { type: 'string' },
  values: { type: 'string' },
  'max-ballot': { type: 'string' },
  seed: { type: 'string' },
  runs: { type: 'string' },
  'time-limit': { type: 'string' },
  out: { type: 'string' },
  json: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  invariant: { type: 'string', multiple: true },
  faults: { type: 'string' },
  strategy: { type: 'string' },
  'max-states': { type: 'string' },
  'max-depth': { type: 'string' },
  symmetry: { type: 'boolean' },
  workers: { type: 'string' },
  path: { type: 'string' },
  'no-minimize': { type: 'boolean' },
  'no-liveness': { type: 'boolean' },
  trace: { type: 'boolean' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean' },
} as const;

export type FlagName = keyof typeof FLAG_SPECS;
export type Flags = { [K in FlagName]?: (typeof FLAG_SPECS)[K] extends { type: 'boolean' } ? boolean : (typeof FLAG_SPECS)[K] extends { multiple: true } ? string[] : string };

/** Parses argv for a command that accepts `allowed` flags and up to `positionals` positional arguments. */
export function parseFlags(command: string, argv: string[], allowed: readonly FlagName[], positionals = 0): { flags: Flags; rest: string[] } {
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> = {};
  for (const f of allowed) options[f] = FLAG_SPECS[f];
  options['help'] = FLAG_SPECS.help;
  try {
    const r = parseArgs({ args: argv, options, allowPositionals: positionals > 0, strict: true });
    if (r.positionals.length > positionals) throw new InputError(`${command}: unexpected argument "${r.positionals[positionals]}"`);
    return { flags: r.values as Flags, rest: r.positionals };
  } catch (e) {
    if (e instanceof InputError) throw e;
    const m = /Unknown option '([^']+)'/.exec((e as Error).message);
    if (m) throw new InputError(`${command}: unknown flag ${m[1]}; accepted: ${allowed.map((f) => `--${f}`).join(' ')}`);
    throw new InputError(`${command}: ${(e as Error).message.split('\n')[0]}`);
  }
}

/** A non-negative integer flag value. */
export function intFlag(name: string, value: string | undefined, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim())) throw new InputError(`--${name} must be an integer from ${min} to ${max}, got "${value}"`);
  const n = Number(value);
  if (n < min || n > max) throw new InputError(`--${name} must be an integer from ${min} to ${max}, got ${n}`);
  return n;
}

export function secondsFlag(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || value.trim() === '') throw new InputError(`--${name} must be a positive number of seconds, got "${value}"`);
  return n;
}

/** The seed: given, or drawn at random (the CLI always prints it). */
export function seedFlag(value: string | undefined): number {
  return intFlag('seed', value, 0, 2 ** 32 - 1) ?? randomInt(0, 2 ** 31 - 1);
}

export interface Target {
  readonly def: ProtocolDef;
  readonly variant: VariantDef;
  readonly cfg: Config;
  readonly invariants: InvariantDef[];
}

const PARAM_FLAGS: Record<string, FlagName> = { proposers: 'proposers', acceptors: 'acceptors', participants: 'participants', values: 'values', maxBallot: 'max-ballot' };

/** Resolves --protocol, --variant, size flags and --invariant into a checked target. */
export function resolveTarget(flags: Flags, required = true): Target {
  const names = protocols.map((p) => p.name).join(', ');
  if (flags.protocol === undefined) {
    if (required) throw new InputError(`--protocol is required; accepted: ${names}`);
  }
  const def = findProtocol(flags.protocol ?? protocols[0]!.name);
  if (def === undefined) throw new InputError(`unknown protocol "${flags.protocol}"; accepted: ${names}`);
  const vname = flags.variant ?? def.defaultVariant;
  const variant = findVariant(def, vname);
  if (variant === undefined) throw new InputError(`unknown variant "${vname}" of ${def.name}; accepted: ${def.variants.map((v) => v.name).join(', ')}`);
  const cfg = defaultConfig(def);
  const own = new Set(def.params.map((p) => PARAM_FLAGS[p.name] ?? p.name));
  for (const f of Object.values(PARAM_FLAGS))
    if (flags[f] !== undefined && !own.has(f))
      throw new InputError(`--${f} does not apply to protocol ${def.name}; its sizes are ${[...own].map((x) => `--${x}`).join(', ')}`);
  for (const p of def.params) {
    const flag = PARAM_FLAGS[p.name] ?? (p.name as FlagName);
    const v = intFlag(flag, flags[flag] as string | undefined, p.min, p.max);
    if (v !== undefined) cfg[p.name] = v;
  }
  const problem = def.validate?.(cfg);
  if (problem) throw new InputError(problem);
  let invariants: InvariantDef[];
  if (flags.invariant && flags.invariant.length > 0) {
    invariants = flags.invariant.map((n) => {
      const inv = findInvariant(def, n);
      if (!inv) throw new InputError(`unknown invariant "${n}" of ${def.name}; accepted: ${def.invariants.map((i) => i.name).join(', ')}`);
      return inv;
    });
  } else invariants = def.invariants.filter((i) => variant.keeps.includes(i.name));
  return { def, variant, cfg, invariants };
}
