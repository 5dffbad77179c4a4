/**
 * `--help` of every command (and `paxos-sim help COMMAND`): its usage, its
 * flags with their defaults, and the size flags of the chosen protocol — or,
 * without `--protocol`, of every built-in protocol.
 */
import { paramFlag, type AnyProtocolDef } from '../kernel/definition.js';
import { protocols } from '../protocols/index.js';
import type { CommandSpec } from './args.js';
import { FLAGS, type FlagName } from './flags.js';

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
