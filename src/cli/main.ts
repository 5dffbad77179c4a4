/**
 * The `paxos-sim` command line (contract: shared CLI.md). Exit statuses:
 * 0 nothing found, 1 a finding, 2 bad usage or input, 3 the harness failed.
 */
import { InputError } from '../corpus/counterexample.js';
import { campaignCommand } from './campaign.js';
import { exploreCommand } from './explore.js';
import { fuzzCommand } from './fuzz.js';
import { listCommand } from './list.js';
import { replayCommand } from './replay.js';
import { soakCommand } from './soak.js';

const COMMANDS: Record<string, { run: (argv: string[]) => number | Promise<number>; help: string }> = {
  campaign: { run: campaignCommand, help: 'the default fuzz campaign over every protocol and variant, with a summary table' },
  fuzz: { run: fuzzCommand, help: 'seeded fuzzing of one protocol variant; stops at the first violation, shrinks it, saves it' },
  replay: { run: replayCommand, help: 'replay FILE: re-run a saved counterexample and report whether it reproduced' },
  explore: { run: exploreCommand, help: 'bounded exhaustive breadth-first exploration of a small configuration' },
  soak: { run: soakCommand, help: 'long multi-core fuzzing of every correct variant for nightly jobs, with a report' },
  list: { run: listCommand, help: 'protocols, variants and invariants' },
};

export function usage(): string {
  return ['usage: paxos-sim COMMAND [flags]', '', ...Object.entries(COMMANDS).map(([n, c]) => `  ${n.padEnd(9)} ${c.help}`), '', 'see README.md for flags; every command takes --json and --no-color'].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage() + '\n');
    return name === undefined ? 2 : 0;
  }
  const cmd = COMMANDS[name];
  if (cmd === undefined) throw new InputError(`unknown command "${name}"; accepted: ${Object.keys(COMMANDS).join(', ')}`);
  if (rest.includes('--help')) {
    process.stdout.write(`paxos-sim ${name}: ${cmd.help}\n`);
    return 0;
  }
  return cmd.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof InputError) {
      process.stderr.write(`paxos-sim: ${err.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`paxos-sim: internal error: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(3);
  },
);
