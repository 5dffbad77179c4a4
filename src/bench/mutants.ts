/**
 * The strategy matrix: the whole mutation catalogue under every strategy.
 * For each mutant x strategy, K seeds (1..K) each search until caught or the
 * time limit; a cell gives the seeds caught and the median wall time and runs
 * to detect (over every seed, a miss counting as infinite, so the median is
 * "not found" when more than half miss). The catalogue is the yardstick the
 * strategies are tuned and judged on, so this is the table to compare before
 * and after a change to a strategy.
 *
 *   npm run bench:mutants -- [--seeds 5] [--seconds 10] [--workers N] [--strategies des,...,all] [--only NAME,...] [--out docs/mutants-matrix]
 *
 * Writes OUT.md (the table, with the command and the machine) and OUT.json
 * (every per-seed figure), each atomically. Cells run on `--workers` worker
 * threads (default: every core); timings are noisy when the machine is
 * busy, runs are not.
 */
import { writeFileAtomic } from '../cli/out-dir.js';
import { availableParallelism, cpus } from 'node:os';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { catalogue, runMutant } from '../api/mutants.js';
import { protocols } from '../protocols/index.js';
import { STRATEGY_CHOICES, type StrategyChoice } from '../search/strategy.js';
import { fmt, markdownTable, median, scriptFlags } from './stats.js';
import { noPretenuring } from '../search/pretenuring.js';

// Before any run, as the command line does (pretenuring.ts).
noPretenuring();

interface Task {
  readonly mutant: number;
  readonly strategy: StrategyChoice;
  readonly seed: number;
  readonly timeLimitMs: number;
}

interface TaskResult extends Task {
  readonly caught: boolean;
  readonly invariant: string | null;
  readonly foundBy: string | null;
  readonly ms: number;
  readonly runs: number;
  readonly events: number;
}

const MUTANTS = catalogue(protocols);

function work(t: Task): TaskResult {
  const r = runMutant(MUTANTS[t.mutant]!, { seed: t.seed, strategy: t.strategy, timeLimitMs: t.timeLimitMs, shrink: false });
  return { ...t, caught: r.caught, invariant: r.invariant, foundBy: r.strategy, ms: r.timeToDetectMs, runs: r.runs, events: r.events };
}

if (!isMainThread) {
  parentPort!.on('message', (t: Task | null) => {
    if (t === null) process.exit(0);
    parentPort!.postMessage(work(t));
  });
} else {
  await main();
}


async function main(): Promise<void> {
  const flags = scriptFlags(process.argv.slice(2));
  const seeds = Number(flags.get('seeds') ?? 5);
  const seconds = Number(flags.get('seconds') ?? 10);
  const workers = Number(flags.get('workers') ?? availableParallelism());
  const strategies = (flags.get('strategies')?.split(',') ?? STRATEGY_CHOICES) as StrategyChoice[];
  const only = flags.get('only')?.split(',');
  const out = flags.get('out') ?? 'docs/mutants-matrix';
  const chosen = MUTANTS.map((_, i) => i).filter((i) => !only || only.includes(MUTANTS[i]!.variant.name));
  const tasks: Task[] = [];
  for (const mutant of chosen) for (const strategy of strategies) for (let seed = 1; seed <= seeds; seed++) tasks.push({ mutant, strategy, seed, timeLimitMs: seconds * 1000 });
  const start = Date.now();
  const results: TaskResult[] = [];
  await new Promise<void>((resolve, reject) => {
    let next = 0;
    let live = Math.min(workers, tasks.length);
    if (live === 0) resolve();
    for (let w = 0; w < live; w++) {
      const worker = new Worker(new URL(import.meta.url));
      const feed = (): void => {
        if (next < tasks.length) worker.postMessage(tasks[next++]);
        else {
          worker.postMessage(null);
          if (--live === 0) resolve();
        }
      };
      worker.on('message', (r: TaskResult) => {
        results.push(r);
        process.stderr.write(`\r${results.length}/${tasks.length} cells-seeds done (${Math.round((Date.now() - start) / 1000)} s)   `);
        feed();
      });
      worker.on('error', reject);
      feed();
    }
  });
  process.stderr.write('\n');
  results.sort((a, b) => a.mutant - b.mutant || strategies.indexOf(a.strategy) - strategies.indexOf(b.strategy) || a.seed - b.seed);

  const cell = (mutant: number, s: StrategyChoice): { text: string; caught: number; medianMs: number; medianRuns: number } => {
    const rs = results.filter((r) => r.mutant === mutant && r.strategy === s);
    const caught = rs.filter((r) => r.caught).length;
    const medianMs = median(rs.map((r) => (r.caught ? r.ms : Infinity)));
    const medianRuns = median(rs.map((r) => (r.caught ? r.runs : Infinity)));
    return { text: `${caught}/${rs.length} · ${fmt(medianMs)}${Number.isFinite(medianMs) ? ' ms' : ''}`, caught, medianMs, medianRuns };
  };
  const rows = chosen.map((i) => {
    const m = MUTANTS[i]!;
    return [`${m.def.name}/${m.variant.name}`, m.bug.expect.join('/'), ...strategies.map((s) => cell(i, s).text)];
  });
  const totals = strategies.map((s) => {
    const rs = results.filter((r) => r.strategy === s);
    const everySeed = chosen.filter((i) => cell(i, s).caught === seeds).length;
    return `${everySeed}/${chosen.length} mutants; ${rs.filter((r) => r.caught).length}/${rs.length} seeds`;
  });
  const command = `npm run bench:mutants -- --seeds ${seeds} --seconds ${seconds} --workers ${workers}${flags.has('strategies') ? ` --strategies ${strategies.join(',')}` : ''}${only ? ` --only ${only.join(',')}` : ''}`;
  const md = [
    '# The strategy matrix: the mutation catalogue under every strategy', '',
    `Produced by \`${command}\` on ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}, in ${Math.round((Date.now() - start) / 1000)} s.`, '',
    `Each cell: seeds (1..${seeds}) on which the strategy caught the mutant within ${seconds} s, and the median wall time to detect over all seeds (a miss counts as infinite, so "not found" means more than half missed). Times depend on the machine and its load; the runs to detect (in the JSON file) do not.`, '',
    markdownTable(['mutant', 'expected', ...strategies], [...rows, ['**caught on every seed**', '', ...totals]]), '',
  ].join('\n');
  writeFileAtomic(`${out}.md`, md);
  writeFileAtomic(`${out}.json`, JSON.stringify({
    command, seeds, seconds, strategies,
    cells: chosen.flatMap((i) => strategies.map((s) => {
      const c = cell(i, s);
      return { mutant: MUTANTS[i]!.variant.name, protocol: MUTANTS[i]!.def.name, strategy: s, caught: c.caught, medianMs: Number.isFinite(c.medianMs) ? c.medianMs : null, medianRuns: Number.isFinite(c.medianRuns) ? c.medianRuns : null };
    })),
    perSeed: results.map((r) => ({ mutant: MUTANTS[r.mutant]!.variant.name, strategy: r.strategy, seed: r.seed, caught: r.caught, invariant: r.invariant, foundBy: r.foundBy, ms: r.ms, runs: r.runs, events: r.events })),
  }, null, 1) + '\n');
  process.stdout.write(md);
}
