/**
 * Flag parsing and validation at the edge: every flag is checked once, with
 * one clear line saying what was wrong and what is accepted (exit status 2).
 *
 * Size flags belong to the protocol: `--protocol` is read first (a built-in
 * name or a module, loaded here), then its declared size parameters join the
 * command's flags, so `--q1 2` works for a protocol that declares `q1`.
 */
import { randomInt } from 'node:crypto';
import { parseArgs } from 'node:util';
import { defaultConfig, findInvariant, findVariant, paramFlag, type AnyProtocolDef, type InvariantDef } from '../kernel/definition.js';
import { checkConfig, type Target } from '../api/target.js';
import { InputError } from '../kernel/input-error.js';
import { protocols } from '../protocols/index.js';
import { acceptedProtocols, loadProtocol, type LoadedProtocol } from '../protocols/load.js';
import { FLAGS, type FlagName, type Flags } from './flags.js';

export type { FlagName, Flags } from './flags.js';
export type { Target } from '../api/target.js';

/** What a command is: its flags with their defaults (for help), and how to run it. */
export interface CommandSpec {
  readonly name: string;
  readonly summary: string;
  /** One usage line after `paxos-sim`, e.g. `fuzz --protocol P [flags]`. */
  readonly usage: string;
  /** Accepted flags, each with the default shown by `--help` (null: no default). */
  readonly flags: Partial<Record<FlagName, string | null>>;
  /** Positional arguments accepted (default 0). */
  readonly positionals?: number;
  /** Takes the chosen protocol's size flags. */
  readonly sizes?: boolean;
  run(args: ParsedArgs): number | Promise<number>;
}

export interface ParsedArgs {
  readonly flags: Flags;
  readonly rest: string[];
  /** The protocol named by `--protocol`, loaded and checked. */
  readonly protocol?: LoadedProtocol;
}

/** The value of `--protocol` in `argv`, read before the protocol's own flags are known. */
export function prescanProtocol(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') break;
    if (a === '--protocol') return argv[i + 1];
    if (a.startsWith('--protocol=')) return a.slice('--protocol='.length);
  }
  return undefined;
}

/** The size flags of a protocol: flag name (without dashes) -> parameter. */
export function sizeFlags(def: AnyProtocolDef): Map<string, AnyProtocolDef['params'][number]> {
  const out = new Map<string, AnyProtocolDef['params'][number]>();
  for (const p of def.params) {
    const f = paramFlag(p);
    if (f in FLAGS) throw new InputError(`protocol ${def.name}: size parameter "${p.name}" would take the flag --${f}, which paxos-sim reserves; give it another "flag"`);
    out.set(f, p);
  }
  return out;
}

/** Parses `argv` for `cmd`: loads `--protocol` first when the command takes size flags. */
export async function parseCommand(cmd: CommandSpec, argv: string[]): Promise<ParsedArgs> {
  const spec = cmd.flags.protocol !== undefined ? prescanProtocol(argv) : undefined;
  const protocol = spec !== undefined && spec !== '' && !spec.startsWith('--') ? await loadProtocol(spec) : undefined;
  const sizes = cmd.sizes && protocol ? sizeFlags(protocol.def) : new Map();
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }> = {};
  for (const f of Object.keys(cmd.flags) as FlagName[]) options[f] = { type: FLAGS[f].type, ...('multiple' in FLAGS[f] ? { multiple: true } : {}) };
  options['help'] = { type: 'boolean', short: 'h' };
  for (const f of sizes.keys()) options[f] = { type: 'string' };
  const positionals = cmd.positionals ?? 0;
  let r;
  try {
    r = parseArgs({ args: argv, options, allowPositionals: positionals > 0, strict: true });
  } catch (e) {
    throw new InputError(flagError(cmd, e as Error, protocol?.def, [...sizes.keys()]));
  }
  if (r.positionals.length > positionals) throw new InputError(`${cmd.name}: unexpected argument "${r.positionals[positionals]}"`);
  const values = r.values as Record<string, unknown>;
  const sizeValues: Record<string, string> = {};
  for (const f of sizes.keys()) if (typeof values[f] === 'string') sizeValues[f] = values[f] as string;
  return { flags: { ...(values as Flags), sizes: sizeValues }, rest: r.positionals, protocol };
}

/** One line for a flag parseArgs refused: a size flag of the wrong protocol, a missing --protocol, or an unknown flag. */
function flagError(cmd: CommandSpec, e: Error, def: AnyProtocolDef | undefined, own: string[]): string {
  const m = /Unknown option '--([^']+)'/.exec(e.message);
  if (!m) return `${cmd.name}: ${e.message.split('\n')[0]}`;
  const flag = m[1]!;
  const owners = protocols.filter((p) => p.params.some((x) => paramFlag(x) === flag)).map((p) => p.name);
  if (cmd.sizes && owners.length > 0) {
    if (def === undefined) return `${cmd.name}: --${flag} is a size flag; give --protocol first (it belongs to ${owners.join(', ')})`;
    return `--${flag} does not apply to protocol ${def.name}; its sizes are ${own.map((x) => `--${x}`).join(', ') || 'none'}`;
  }
  const accepted = [...Object.keys(cmd.flags), ...own].map((x) => `--${x}`).join(' ');
  return `${cmd.name}: unknown flag --${flag}; accepted: ${accepted}`;
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

/** Resolves the loaded protocol, --variant, size flags and --invariant into a checked target. */
export function resolveTarget(flags: Flags, protocol: LoadedProtocol | undefined): Target {
  if (protocol === undefined) throw new InputError(`--protocol is required; accepted: ${acceptedProtocols()}`);
  const def = protocol.def;
  const vname = flags.variant ?? def.defaultVariant;
  const variant = findVariant(def, vname);
  if (variant === undefined) throw new InputError(`unknown variant "${vname}" of ${def.name}; accepted: ${def.variants.map((v) => v.name).join(', ')}`);
  const cfg = defaultConfig(def);
  for (const [flag, p] of sizeFlags(def)) {
    const v = intFlag(flag, flags.sizes?.[flag], p.min, p.max);
    if (v !== undefined) cfg[p.name] = v;
  }
  checkConfig(def, variant, cfg);
  let invariants: InvariantDef[];
  if (flags.invariant && flags.invariant.length > 0) {
    invariants = flags.invariant.map((n) => {
      const inv = findInvariant(def, n);
      if (!inv) throw new InputError(`unknown invariant "${n}" of ${def.name}; accepted: ${def.invariants.map((i) => i.name).join(', ')}`);
      return inv;
    });
  } else invariants = def.invariants.filter((i) => variant.keeps.includes(i.name));
  return { def, variant, cfg, invariants, ...(protocol.module ? { module: protocol.module } : {}) };
}
