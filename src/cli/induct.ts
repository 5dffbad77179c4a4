/**
 * `paxos-sim induct`: searches for counterexamples to induction of one named
 * invariant (src/api/induct.ts). Exit 0 when none is found within the budget
 * (with `--exhaustive` and `complete: true`, none exists at the generator's
 * bounds), 1 on a CTI (saved under `--out`), 2 on bad input.
 *
 * The search runs on the main thread in batches and yields between them, so
 * SIGINT and SIGTERM stop it promptly with its summary printed.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { checkExhaustive, inductDefOf, inductInvariant, inductTarget, type InductResult } from '../api/induct.js';
import { InputError } from '../kernel/input-error.js';
import { intFlag, resolveTarget, secondsFlag, seedFlag, type CommandSpec, type ParsedArgs } from './args.js';
import { outDirFlag, writeFileAtomic } from './out-dir.js';
import { makeOut, progressLine } from './output.js';
import { exitStatus, watchSignals } from './signals.js';

/** Format tag of a saved CTI. */
export const CTI_FORMAT = 'paxos-sim/cti@1';

/** Default budget of the random mode. */
const DEFAULT_RUNS = 10_000;

async function inductCommand({ flags, protocol }: ParsedArgs): Promise<number> {
  const names = flags.invariant ?? [];
  if (protocol !== undefined && names.length !== 1) {
    if (names.length > 1) throw new InputError(`induct takes one --invariant, got ${names.length}`);
    inductInvariant(protocol.def, undefined);
  }
  const t = resolveTarget(flags, protocol);
  const inv = inductInvariant(t.def, names[0]);
  const exhaustive = flags.exhaustive ?? false;
  inductDefOf(t);
  if (exhaustive) checkExhaustive(t, inv);
  const runs = intFlag('runs', flags.runs, 1) ?? (exhaustive ? undefined : DEFAULT_RUNS);
  const timeLimit = secondsFlag('time-limit', flags['time-limit']);
  const maxStates = intFlag('max-states', flags['max-states'], 1);
  const reach = flags.reach === undefined ? 5 : flags.reach === '0' ? 0 : secondsFlag('reach', flags.reach)!;
  const faults = flags.faults ?? 'on';
  if (faults !== 'on' && faults !== 'off') throw new InputError(`--faults must be on or off for induct, got "${faults}"`);
  const seed = seedFlag(flags.seed);
  const out = outDirFlag(flags.out);
  const o = makeOut(flags.json ?? false, flags['no-color'] ?? false);
  const line = progressLine(!flags.quiet && process.stderr.isTTY === true);
  o.say(`induct ${t.def.name}/${t.variant.name} ${JSON.stringify(t.cfg)} invariant=${inv.name} ${exhaustive ? 'exhaustive' : `seed=${seed} runs=${runs}`}${timeLimit ? ` time-limit=${timeLimit}s` : ''}`);
  const watch = watchSignals(o.json);
  try {
    const r = await inductTarget(t, inv, {
      seed, exhaustive, ...(runs !== undefined ? { runs } : {}), ...(timeLimit !== undefined ? { timeLimitMs: timeLimit * 1000 } : {}),
      ...(maxStates !== undefined ? { maxStates } : {}), faults, reachability: reach > 0, reachTimeMs: reach * 1000, shouldStop: () => watch.signal !== undefined,
    });
    line.clear();
    o.say(`  bounds: ${r.bounds}`);
    const file = r.cti ? save(out, r) : null;
    print(o, r, file);
    const interrupted = r.stoppedBy === 'signal' ? watch.signal : undefined;
    if (o.json) process.stdout.write(JSON.stringify({ command: 'induct', ...r, interrupted: interrupted ?? null, file }) + '\n');
    return exitStatus(r.cti !== null, interrupted, 0);
  } finally {
    watch.dispose();
  }
}

/** Writes the CTI atomically under `dir`; returns the path. */
function save(dir: string, r: InductResult): string {
  const body = { format: CTI_FORMAT, ...r };
  const text = JSON.stringify(body, null, 1) + '\n';
  const id = createHash('sha256').update(text).digest('hex').slice(0, 12);
  const path = join(dir, `cti-${r.protocol}-${r.variant}-${r.invariant}-${id}.json`.replace(/[^A-Za-z0-9._-]/g, '_'));
  writeFileAtomic(path, text);
  return path;
}

function print(o: ReturnType<typeof makeOut>, r: InductResult, file: string | null): void {
  const stats = `${r.states} states generated, ${r.candidates} satisfying ${r.invariant}, ${r.checks} (state, event) checks, ${r.elapsedMs} ms (${r.checksPerSec} checks/s)`;
  if (r.cti === null) {
    const verdict = r.mode === 'exhaustive' ? (r.complete ? o.c.green('NO CTI (complete at these bounds: inductive here)') : o.c.yellow(`NO CTI (incomplete, stopped by ${r.stoppedBy})`)) : o.c.green(`NO CTI${r.stoppedBy === 'signal' ? ' (interrupted)' : ''}`);
    o.say(`${verdict}: ${stats}`);
    return;
  }
  const c = r.cti;
  o.say(`${o.c.red('CTI')}: ${r.invariant} holds in this state and fails after one step (${c.conjunct} broke)`);
  o.say('state:');
  for (const l of c.state) o.say(`  ${l}`);
  o.say(`event: ${c.event}`);
  o.say(`broke: ${c.message}`);
  o.say('diff (- before, + after):');
  for (const l of c.diff) o.say(`  ${l.startsWith('+') ? o.c.green(l) : l.startsWith('-') ? o.c.red(l) : o.c.dim(l)}`);
  if (c.reachable) {
    const x = c.reachable;
    const what = x.verdict === 'reachable' ? o.c.red(`REACHABLE at depth ${x.depth}: a real bug`) : x.verdict === 'unreachable' ? o.c.yellow('UNREACHABLE: the invariant needs strengthening') : 'reachability unknown (search budget spent)';
    o.say(`reachable? ${what} (${x.states} states searched in ${x.elapsedMs} ms; ${x.scope})`);
  }
  o.say(stats);
  if (file) o.say(`saved: ${file}`);
}

export const inductSpec: CommandSpec = {
  name: 'induct',
  summary: 'searches for counterexamples to induction of a named invariant',
  usage: 'induct --protocol NAME|./module.js --invariant NAME [--variant V] [size flags] [flags]',
  sizes: true,
  flags: {
    protocol: null, variant: null, invariant: 'required, exactly one', seed: 'random', runs: `${DEFAULT_RUNS} generated states (random mode)`, 'time-limit': 'none',
    exhaustive: 'off', 'max-states': 'unbounded (exhaustive mode)', faults: 'on (multiset variants: loss, duplication, crash, recovery as events)', reach: '5',
    out: 'counterexamples', json: 'off', 'no-color': 'off', quiet: 'off',
  },
  run: inductCommand,
};
