/**
 * The commands, the usage, and `--help` of every command (and `paxos-sim
 * help COMMAND`): its usage, its flags with their defaults, and the size
 * flags of the chosen protocol — or, without `--protocol`, of every
 * built-in protocol.
 */
import { paramFlag, type AnyProtocolDef } from '../kernel/definition.js';
import { InputError } from '../kernel/input-error.js';
import { protocols } from '../protocols/index.js';
import { loadProtocol } from '../protocols/load.js';
import { parseCommand, prescanProtocol, quote, type CommandSpec, type ParsedArgs } from './args.js';
import { campaignSpec } from './campaign.js';
import { exploreSpec } from './explore.js';
import { FLAGS, type FlagName } from './flags.js';
import { fuzzSpec } from './fuzz.js';
import { inductSpec } from './induct.js';
import { listSpec } from './list.js';
import { mutantsSpec } from './mutants.js';
import { replaySpec } from './replay.js';
import { soakSpec } from './soak.js';

/** Every command of `paxos-sim`. */
export const COMMANDS: readonly CommandSpec[] = [campaignSpec, fuzzSpec, replaySpec, exploreSpec, mutantsSpec, inductSpec, soakSpec, listSpec];

/** The usage: every command with its summary. */
export function usage(): string {
  return [
    'usage: paxos-sim COMMAND [flags]', '',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(9)} ${c.summary}`), '',
    'paxos-sim COMMAND --help (or paxos-sim help COMMAND) lists its flags with their defaults;',
    "add --protocol NAME|./module.js to see that protocol's size flags",
  ].join('\n');
}

/** A command by name, or `InputError` listing the accepted ones. */
export function findCommand(name: string): CommandSpec {
  const cmd = COMMANDS.find((c) => c.name === name);
  if (cmd === undefined) throw new InputError(`unknown command ${quote(name)}; accepted: ${COMMANDS.map((c) => c.name).join(', ')} (paxos-sim --help for usage)`);
  return cmd;
}

function row(left: string, right: string): string {
  return `  ${left.padEnd(30)} ${right}`;
}

function sizeRows(def: AnyProtocolDef): string[] {
  if (def.params.length === 0) return [row('(none)', '')];
  return def.params.map((p) => row(`--${paramFlag(p)} N`, `${p.description}, ${p.min}..${p.max} (default: ${p.default})`));
}

/** The help text of `cmd`; `def` is the protocol given with `--protocol`, if any. */
export function commandHelp(cmd: CommandSpec, def?: AnyProtocolDef): string {
  const lines = [`usage: paxos-sim ${cmd.usage}`, '', cmd.summary, '', 'flags:'];
  for (const [name, dflt] of Object.entries(cmd.flags) as [FlagName, string | null][]) {
    const f = FLAGS[name];
    const left = `--${name}${'value' in f ? ` ${f.value}` : ''}`;
    lines.push(row(left, `${f.description}${dflt !== null ? ` (default: ${dflt})` : ''}`));
  }
  lines.push(row('--help, -h', FLAGS.help.description));
  if (cmd.sizes) {
    if (def !== undefined) {
      lines.push('', `size flags of ${def.name}:`, ...sizeRows(def));
      lines.push('', `variants of ${def.name}: ${def.variants.map((v) => `${v.name}${v.name === def.defaultVariant ? ' (default)' : ''}`).join(', ')}`);
    } else {
      for (const p of protocols) lines.push('', `size flags of ${p.name} (with --protocol ${p.name}):`, ...sizeRows(p));
      lines.push('', "a module's size flags: paxos-sim " + cmd.name + ' --protocol ./module.js --help');
    }
  }
  return lines.join('\n');
}

/** Help asked for anywhere in the arguments (before `--`). */
function wantsHelp(argv: readonly string[]): boolean {
  for (const a of argv) {
    if (a === '--') return false;
    if (a === '--help' || a === '-h') return true;
  }
  return false;
}

/** Text to print instead of running: the usage or a command's help, where to print it and the exit status. */
export interface HelpOutcome {
  readonly text: string;
  readonly to: 'stdout' | 'stderr';
  readonly status: 0 | 2;
}

/** What a command line asks for: help to print, or a command to run with its checked arguments. */
export type CommandLine = { readonly help: HelpOutcome } | { readonly cmd: CommandSpec; readonly args: ParsedArgs };

/**
 * Reads a whole command line, without running anything: no arguments is
 * the usage on stderr and status 2; `--help`, `-h` and `help [COMMAND]`
 * are help on stdout and status 0; otherwise the command and its parsed
 * arguments. Bad input throws `InputError` (one line).
 */
export async function readCommandLine(argv: readonly string[]): Promise<CommandLine> {
  const [name, ...rest] = argv;
  if (name === undefined) return { help: { text: usage(), to: 'stderr', status: 2 } };
  if (name === '--help' || name === '-h') return { help: { text: usage(), to: 'stdout', status: 0 } };
  if (name === 'help') {
    if (rest[0] === undefined) return { help: { text: usage(), to: 'stdout', status: 0 } };
    return { help: await commandHelpOf(findCommand(rest[0]), rest.slice(1)) };
  }
  const cmd = findCommand(name);
  if (wantsHelp(rest)) return { help: await commandHelpOf(cmd, rest) };
  return { cmd, args: await parseCommand(cmd, rest) };
}

/** A command's help, with the size flags of `--protocol` when given. */
async function commandHelpOf(cmd: CommandSpec, argv: readonly string[]): Promise<HelpOutcome> {
  const spec = cmd.sizes ? prescanProtocol(argv) : undefined;
  const def = spec && !spec.startsWith('--') ? (await loadProtocol(spec)).def : undefined;
  return { text: commandHelp(cmd, def), to: 'stdout', status: 0 };
}
