/**
 * The `paxos-sim` command line (contract: shared CLI.md). Exit statuses:
 * 0 nothing found, 1 a finding, 2 bad usage or input, 3 the harness failed.
 * Under `--json` every exit prints exactly one JSON object on stdout.
 */
import { InputError } from '../kernel/input-error.js';
import { parseCommand, prescanProtocol, type CommandSpec } from './args.js';
import { campaignSpec } from './campaign.js';
import { exploreSpec } from './explore.js';
import { fuzzSpec } from './fuzz.js';
import { commandHelp } from './help.js';
import { listSpec } from './list.js';
import { replaySpec } from './replay.js';
import { soakSpec } from './soak.js';
import { loadProtocol } from '../protocols/load.js';

const COMMANDS: readonly CommandSpec[] = [campaignSpec, fuzzSpec, replaySpec, exploreSpec, soakSpec, listSpec];

export function usage(): string {
  return [
    'usage: paxos-sim COMMAND [flags]', '',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(9)} ${c.summary}`), '',
    'paxos-sim COMMAND --help (or paxos-sim help COMMAND) lists its flags with their defaults;',
    'add --protocol NAME|./module.js to see that protocol\'s size flags',
  ].join('\n');
}

function findCommand(name: string): CommandSpec {
  const cmd = COMMANDS.find((c) => c.name === name);
  if (cmd === undefined) throw new InputError(`unknown command "${name}"; accepted: ${COMMANDS.map((c) => c.name).join(', ')}`);
  return cmd;
}

/** Help asked for anywhere in the arguments (before `--`). */
function wantsHelp(argv: readonly string[]): boolean {
  for (const a of argv) {
    if (a === '--') return false;
    if (a === '--help' || a === '-h') return true;
  }
  return false;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    process.stdout.write(usage() + '\n');
    return name === undefined ? 2 : 0;
  }
  if (name === 'help') {
    if (rest[0] === undefined) {
      process.stdout.write(usage() + '\n');
      return 0;
    }
    return showHelp(findCommand(rest[0]), rest.slice(1));
  }
  const cmd = findCommand(name);
  if (wantsHelp(rest)) return showHelp(cmd, rest);
  return cmd.run(await parseCommand(cmd, rest));
}

/** Prints a command's help, with the size flags of `--protocol` when given. */
async function showHelp(cmd: CommandSpec, argv: readonly string[]): Promise<number> {
  const spec = cmd.sizes ? prescanProtocol(argv) : undefined;
  const def = spec ? (await loadProtocol(spec)).def : undefined;
  process.stdout.write(commandHelp(cmd, def) + '\n');
  return 0;
}

const jsonMode = process.argv.includes('--json');
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    const input = err instanceof InputError;
    const message = input ? (err as Error).message : `internal error: ${(err as Error).stack ?? String(err)}`;
    if (jsonMode) process.stdout.write(JSON.stringify({ ok: false, error: input ? message : `internal error: ${(err as Error).message ?? String(err)}` }) + '\n');
    process.stderr.write(`paxos-sim: ${message}\n`);
    process.exit(input ? 2 : 3);
  },
);
