/**
 * The deep known bugs, seed after seed, with default flags: the seed spec at
 * 5 participants (PaxosStore.tla as written) and thesis-python-sim at 3
 * proposers x 3 acceptors (acceptors that persist nothing, crash-recover).
 * For each seed the bench runs the very command a user types (`paxos-sim
 * fuzz ... --seed K --json`), each in a fresh process as a user's would be:
 * the campaign runs until it finds the bug or the time limit, and the
 * finding is shrunk as `fuzz` shrinks it. The table gives seeds found, the
 * time to detect (the campaign's own elapsed time, median and worst), the
 * strategy that found it and the shrunk length.
 *
 *   npm run bench:deep -- [--seeds 20] [--seconds 30] [--strategy all] [--only seed-spec|python-sim] [--out docs/deep-bugs]
 *
 * Writes OUT.md and OUT.json atomically. Timings are wall time on this
 * machine; runs and events are exact.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../cli/out-dir.js';
import type { Config } from '../kernel/definition.js';
import type { StrategyChoice } from '../search/strategy.js';
import { fmt, markdownTable, median, scriptFlags } from './stats.js';

const BIN = fileURLToPath(new URL('../../bin/paxos-sim.js', import.meta.url));

interface Case {
  readonly name: string;
  readonly protocol: string;
  readonly variant: string;
  readonly config: Config;
  readonly invariants?: readonly string[];
  /** The command's arguments for one seed, without `--time-limit` and `--seed`. */
  readonly args: readonly string[];
}

const CASES: readonly Case[] = [
  { name: 'seed-spec', protocol: 'paxosstore', variant: 'seed-spec', config: { participants: 5 }, args: ['fuzz', '--protocol', 'paxosstore', '--variant', 'seed-spec', '--participants', '5'] },
  {
    name: 'python-sim', protocol: 'paxos', variant: 'thesis-python-sim', config: { proposers: 3, acceptors: 3 }, invariants: ['agreement'],
    // Its liveness bug (a 2x3 story) would stop the campaign first: this case is about agreement.
    args: ['fuzz', '--protocol', 'paxos', '--variant', 'thesis-python-sim', '--proposers', '3', '--acceptors', '3', '--invariant', 'agreement', '--no-liveness'],
  },
];

interface SeedResult {
  readonly seed: number;
  readonly found: boolean;
  readonly invariant: string | null;
  readonly foundBy: string | null;
  readonly ms: number;
  readonly runs: number;
  readonly events: number;
  readonly steps: number | null;
  readonly originalSteps: number | null;
}

/** The command of one seed, as a user types it. */
function commandOf(c: Case, seed: number, seconds: number, strategy: StrategyChoice): string[] {
  return [...c.args, '--time-limit', String(seconds), '--seed', String(seed), ...(strategy !== 'all' ? ['--strategy', strategy] : [])];
}

function runCase(c: Case, seed: number, seconds: number, strategy: StrategyChoice): SeedResult {
  const out = mkdtempSync(join(tmpdir(), 'paxos-sim-deep-'));
  try {
    const p = spawnSync(process.execPath, [BIN, ...commandOf(c, seed, seconds, strategy), '--json', '--out', out], { encoding: 'utf8', maxBuffer: 64 << 20 });
    if (p.status !== 0 && p.status !== 1) throw new Error(`bench:deep: ${c.name} seed ${seed} exited ${p.status}: ${p.stderr.split('\n').slice(-3).join(' ')}`);
    const r = JSON.parse(p.stdout) as { runs: number; events: number; elapsedMs: number; violation: { invariant: string; foundBy: string; steps: number; originalSteps: number } | null };
    const v = r.violation;
    return {
      seed, found: v !== null, invariant: v?.invariant ?? null, foundBy: v?.foundBy ?? null, ms: r.elapsedMs, runs: r.runs, events: r.events,
      steps: v?.steps ?? null, originalSteps: v?.originalSteps ?? null,
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function main(): void {
  const flags = scriptFlags(process.argv.slice(2));
  const seeds = Number(flags.get('seeds') ?? 20);
  const seconds = Number(flags.get('seconds') ?? 30);
  const strategy = (flags.get('strategy') ?? 'all') as StrategyChoice;
  const only = flags.get('only');
  const out = flags.get('out') ?? 'docs/deep-bugs';
  if (only !== undefined && !CASES.some((c) => c.name === only)) {
    process.stderr.write(`bench:deep: --only must be one of ${CASES.map((c) => c.name).join(', ')}, got "${only}"\n`);
    process.exit(2);
  }
  const sections: string[] = [];
  const json: unknown[] = [];
  for (const c of CASES) {
    if (only !== undefined && only !== c.name) continue;
    const results: SeedResult[] = [];
    for (let seed = 1; seed <= seeds; seed++) {
      const r = runCase(c, seed, seconds, strategy);
      results.push(r);
      process.stderr.write(`${c.name} seed ${seed}: ${r.found ? `${r.invariant} by ${r.foundBy} in ${r.ms} ms, ${r.runs} runs, shrunk ${r.originalSteps} -> ${r.steps}` : `not found in ${r.ms} ms`}\n`);
    }
    const found = results.filter((r) => r.found);
    // A miss counts as infinite time: the median is "not found" when more than half miss.
    const times = results.map((r) => (r.found ? r.ms : Infinity));
    const steps = found.map((r) => r.steps!);
    const rows = results.map((r) => [String(r.seed), r.found ? 'yes' : 'no', r.invariant ?? '', r.foundBy ?? '', r.found ? `${fmt(r.ms)} ms` : `not in ${seconds} s`, String(r.runs), r.steps === null ? '' : `${r.originalSteps} -> ${r.steps}`]);
    sections.push(
      `## ${c.name}`, '', `Per seed K, in a fresh process: \`npx paxos-sim ${commandOf(c, 0, seconds, strategy).join(' ').replace(/--seed 0$/, '--seed K').replace(/--seed 0 /, '--seed K ')}\`.`, '',
      `**Found on ${found.length} of ${results.length} seeds; time to detect median ${Number.isFinite(median(times)) ? `${fmt(median(times))} ms` : 'not found'}, worst ${found.length === results.length ? `${fmt(Math.max(...times))} ms` : 'not found'}; shrunk steps median ${steps.length ? fmt(median(steps)) : '-'}, worst ${steps.length ? Math.max(...steps) : '-'}.**`, '',
      markdownTable(['seed', 'found', 'invariant', 'found by', 'time to detect', 'runs', 'steps (found -> shrunk)'], rows), '',
    );
    json.push({ case: c.name, protocol: c.protocol, variant: c.variant, config: c.config, invariants: c.invariants ?? null, strategy, seconds, results });
  }
  const command = `npm run bench:deep -- --seeds ${seeds} --seconds ${seconds}${strategy !== 'all' ? ` --strategy ${strategy}` : ''}${only ? ` --only ${only}` : ''}`;
  const md = ['# The deep known bugs, with default flags', '', `Produced by \`${command}\` on ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores, Node ${process.version}.`, '', ...sections].join('\n');
  writeFileAtomic(`${out}.md`, md);
  writeFileAtomic(`${out}.json`, JSON.stringify({ command, results: json }, null, 1) + '\n');
  process.stdout.write(md);
}

main();
