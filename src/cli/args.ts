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

/** A value from the command line as it appears in a message: quoted, cut short, control characters escaped. */
export function quote(v: string, max = 80): string {
  const s = JSON.stringify(v.length > max ? `${v.slice(0, max)}…` : v);
  return s.replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** What a flag's value is called in messages (`N`, `DIR`...). */
function valueOf(name: string, sizes: ReadonlyMap<string, unknown>): string {
  if (sizes.has(name)) return 'N';
  const f = FLAGS[name as FlagName] as { value?: string } | undefined;
  return f?.value ?? 'VALUE';
}

/** A value that starts with "-" but is a number (`--runs -5`): taken as the value, so the range check can say what is accepted. */
const NUMBER_LIKE = /^-(\d|\.\d|Infinity$|NaN$)/;

/**
 * Parses `argv` for `cmd`: loads `--protocol` first when the command takes
 * size flags, then checks every argument, throwing `InputError` with one
 * line naming the argument and what is accepted: unknown flags, a flag
 * without its value (or whose value is another flag), a value given to a
 * switch, an empty value, a flag given twice, a stray positional argument.
 * Pure apart from loading the protocol: nothing is run and nothing written.
 */
export async function parseCommand(cmd: CommandSpec, argv: readonly string[]): Promise<ParsedArgs> {
  const spec = cmd.flags.protocol !== undefined ? prescanProtocol(argv) : undefined;
  const protocol = spec !== undefined && spec !== '' && (!spec.startsWith('-') || NUMBER_LIKE.test(spec)) ? await loadProtocol(spec) : undefined;
  const sizes = cmd.sizes && protocol ? sizeFlags(protocol.def) : new Map<string, AnyProtocolDef['params'][number]>();
  type Opt = { type: 'string' | 'boolean'; multiple?: boolean; short?: string };
  const options = Object.create(null) as Record<string, Opt>;
  for (const f of Object.keys(cmd.flags) as FlagName[]) options[f] = { type: FLAGS[f].type, ...('multiple' in FLAGS[f] ? { multiple: true } : {}) };
  options['help'] = { type: 'boolean', short: 'h' };
  for (const f of sizes.keys()) options[f] = { type: 'string' };
  const positionals = cmd.positionals ?? 0;
  let tokens;
  try {
    tokens = parseArgs({ args: [...argv], options, allowPositionals: true, strict: false, tokens: true }).tokens;
  } catch (e) {
    throw new InputError(`${cmd.name}: ${String((e as Error).message).split('\n')[0]}`);
  }
  const values = Object.create(null) as Record<string, string | boolean | string[]>;
  const rest: string[] = [];
  for (const t of tokens) {
    if (t.kind === 'option-terminator') continue;
    if (t.kind === 'positional') {
      if (rest.length >= positionals)
        throw new InputError(positionals === 0 ? `${cmd.name}: unexpected argument ${quote(t.value)}; ${cmd.name} takes only flags (paxos-sim ${cmd.usage})` : `${cmd.name}: unexpected argument ${quote(t.value)}; usage: paxos-sim ${cmd.usage}`);
      rest.push(t.value);
      continue;
    }
    const name = t.name;
    const o = Object.hasOwn(options, name) ? options[name]! : undefined;
    if (o === undefined || (t.rawName.length === 2 && o.short === undefined)) throw new InputError(flagError(cmd, t.rawName, protocol?.def, [...sizes.keys()]));
    const flag = t.rawName.startsWith('--') ? t.rawName : `--${name}`;
    if (o.type === 'boolean') {
      if (t.inlineValue) throw new InputError(`${cmd.name}: ${flag} is a switch and takes no value, got ${flag}=${quote(t.value ?? '').slice(1, -1)}`);
      values[name] = true;
      continue;
    }
    const what = valueOf(name, sizes);
    if (t.value === undefined) throw new InputError(`${cmd.name}: ${flag} needs a value (${flag} ${what})`);
    if (!t.inlineValue && t.value.startsWith('-') && !NUMBER_LIKE.test(t.value))
      throw new InputError(`${cmd.name}: ${flag} needs a value (${flag} ${what}), got the flag-like ${quote(t.value)}; to pass a value that starts with "-", write ${flag}=${quote(t.value).slice(1, -1)}`);
    if (t.value === '') throw new InputError(`${cmd.name}: ${flag} needs a value (${flag} ${what}), got an empty string`);
    if (o.multiple) {
      const prev = values[name];
      values[name] = Array.isArray(prev) ? [...prev, t.value] : [t.value];
    } else {
      if (values[name] !== undefined) throw new InputError(`${cmd.name}: ${flag} is given twice (${quote(String(values[name]))} and ${quote(t.value)}); give it once`);
      values[name] = t.value;
    }
  }
  const flags: Record<string, unknown> = {};
  const sizeValues: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) {
    if (sizes.has(k)) sizeValues[k] = v as string;
    else flags[k] = v;
  }
  return { flags: { ...(flags as Flags), sizes: sizeValues }, rest, ...(protocol ? { protocol } : {}) };
}

/** One line for a flag that is not accepted: a size flag of the wrong protocol, a missing --protocol, or an unknown flag. */
function flagError(cmd: CommandSpec, raw: string, def: AnyProtocolDef | undefined, own: string[]): string {
  const flag = raw.replace(/^--?/, '');
  const owners = protocols.filter((p) => p.params.some((x) => paramFlag(x) === flag)).map((p) => p.name);
  if (raw.startsWith('--') && cmd.sizes && owners.length > 0) {
    if (def === undefined) return `${cmd.name}: --${flag} is a size flag; give --protocol first (it belongs to ${owners.join(', ')})`;
    return `${cmd.name}: --${flag} does not apply to protocol ${def.name}; its sizes are ${own.map((x) => `--${x}`).join(', ') || 'none'}`;
  }
  const accepted = [...Object.keys(cmd.flags), ...own, 'help'].map((x) => `--${x}`).join(' ');
  return `${cmd.name}: unknown flag ${quote(raw).slice(1, -1)}; accepted: ${accepted}`;
}

/**
 * An integer flag value from `min` to `max`. The digits are compared as
 * text before any conversion, so a value beyond 2^53 is reported as given
 * (not as the nearest double).
 */
export function intFlag(name: string, value: string | undefined, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (value === undefined) return undefined;
  const accepted = `--${name} must be an integer from ${min} to ${max}`;
  const v = value.trim();
  if (!/^\d+$/.test(v)) throw new InputError(`${accepted}, got ${quote(value)}`);
  const digits = v.replace(/^0+(?=\d)/, '');
  const top = String(max);
  if (digits.length > top.length || (digits.length === top.length && digits > top)) throw new InputError(`${accepted}, got ${digits}`);
  const n = Number(digits);
  if (n < min || n > max) throw new InputError(`${accepted}, got ${digits}`);
  return n;
}

/** Longest accepted time limit: setTimeout's ceiling (2^31-1 ms, about 24.8 days). */
export const MAX_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

/** A positive number of seconds (decimal, e.g. `30` or `0.5`), at most `MAX_SECONDS`. */
export function secondsFlag(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  const n = /^(\d+\.?\d*|\.\d+)$/.test(v) ? Number(v) : NaN;
  if (!Number.isFinite(n) || n <= 0 || n > MAX_SECONDS) throw new InputError(`--${name} must be a positive number of seconds up to ${MAX_SECONDS} (e.g. 30 or 0.5), got ${quote(value)}`);
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
