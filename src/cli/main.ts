/**
 * The `paxos-sim` command line (contract: shared CLI.md). Exit statuses:
 * 0 nothing found, 1 a finding, 2 bad usage or input, 3 the harness failed.
 * Under `--json` every exit prints exactly one JSON object on stdout.
 */
import { InputError } from '../kernel/input-error.js';
import { armSignals, disarmSignals, STOPPABLE_COMMANDS } from './signals.js';
import { noPretenuring } from '../search/pretenuring.js';

// Before any run, so the guided strategies' snapshots cannot mislead V8's pretenuring (pretenuring.ts).
noPretenuring();

// Signals are taken before the rest of the CLI loads: a long command stopped while it starts
// still stops cleanly (signals.ts); every other command gets the default behaviour back.
const args = process.argv.slice(2);
const end = args.indexOf('--');
const jsonMode = (end < 0 ? args : args.slice(0, end)).includes('--json');
armSignals(jsonMode);
const { readCommandLine } = await import('./help.js');

async function main(argv: string[]): Promise<number> {
  const line = await readCommandLine(argv);
  if ('help' in line || !STOPPABLE_COMMANDS.has(line.cmd.name)) disarmSignals();
  if ('help' in line) {
    if (jsonMode) process.stdout.write(JSON.stringify({ ok: line.help.status === 0, command: 'help', help: line.help.text }) + '\n');
    else (line.help.to === 'stdout' ? process.stdout : process.stderr).write(line.help.text + '\n');
    return line.help.status;
  }
  return line.cmd.run(line.args);
}

/**
 * An error message as exactly one line: control characters (a newline or
 * an escape sequence in a file name or a flag value) are shown escaped, and
 * a runaway message is cut short.
 */
function oneLine(message: string, max = 2000): string {
  const s = message.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => (c === '\n' ? '\\n' : c === '\t' ? '\\t' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

main(args).then(
  (code) => process.exit(code),
  (err: unknown) => {
    const input = err instanceof InputError;
    const message = input ? oneLine((err as Error).message) : `internal error: ${(err as Error).stack ?? String(err)}`;
    if (jsonMode) process.stdout.write(JSON.stringify({ ok: false, error: input ? message : `internal error: ${(err as Error).message ?? String(err)}` }) + '\n');
    process.stderr.write(`paxos-sim: ${message}\n`);
    process.exit(input ? 2 : 3);
  },
);
