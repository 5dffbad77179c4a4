/**
 * Compares the search strategies on the known-buggy variants: for each case
 * of the declared known bugs and each strategy (and the round-robin `all`), the median
 * wall time (ms) and number of runs to the first violation over seeds
 * 1..N. A seed that finds nothing within the budget (`--runs` runs or
 * `--seconds` seconds, whichever comes first) counts as "not found"; the
 * median is then "not found" when more than half the seeds miss.
 *
 *   npx tsc -p tsconfig.build.json && node dist/bench/strategies.js [--seeds 20] [--runs 20000] [--seconds 10] [--bugs NAME,...] [--strategies des,uniform,swarm,pct,fast-check,all]
 *
 * Prints a markdown table (docs/measurements.md, "Strategies"). Times depend
 * on the machine; runs do not.
 */
import { runStrategyCampaign } from '../search/campaign.js';
import { knownBugs, knownBugTarget } from '../search/known-bugs.js';
import { protocols } from '../protocols/index.js';
import { STRATEGY_CHOICES, type StrategyChoice } from '../search/strategy.js';
import { fmt, markdownTable, median, scriptFlags } from './stats.js';
import { noPretenuring } from '../search/pretenuring.js';

// Before any run, as the command line does (pretenuring.ts).
noPretenuring();

const flags = scriptFlags(process.argv.slice(2));
const seeds = Number(flags.get('seeds') ?? 20);
const budget = Number(flags.get('runs') ?? 20000);
const seconds = Number(flags.get('seconds') ?? 10);
const only = flags.get('bugs')?.split(',');
const strategies = (flags.get('strategies')?.split(',') ?? STRATEGY_CHOICES) as StrategyChoice[];

const rows: string[][] = [];
for (const bug of knownBugs(protocols)) {
  if (only && !only.some((n) => bug.name.includes(n))) continue;
  const t = knownBugTarget(bug);
  for (const s of strategies) {
    const ms: number[] = [];
    const runs: number[] = [];
    const kinds = new Map<string, number>();
    let found = 0;
    for (let seed = 1; seed <= seeds; seed++) {
      const start = Date.now();
      const r = runStrategyCampaign({ target: t, strategy: s, seed, runs: budget, timeLimitMs: seconds * 1000 });
      const elapsed = Date.now() - start;
      const ok = r.found !== undefined && bug.expect.includes(r.found.finding.invariant);
      if (r.found) kinds.set(r.found.finding.invariant, (kinds.get(r.found.finding.invariant) ?? 0) + 1);
      if (ok) found++;
      ms.push(ok ? elapsed : Infinity);
      runs.push(ok ? r.runs : Infinity);
    }
    const what = [...kinds].map(([k, n]) => `${k} ×${n}`).join(', ');
    rows.push([bug.name, s, `${found}/${seeds}`, fmt(median(ms)), fmt(median(runs)), what || '—']);
    process.stderr.write(`${bug.name} ${s}: ${found}/${seeds}\n`);
  }
}
process.stdout.write(`Budget per seed: ${budget} runs or ${seconds} s; seeds 1..${seeds}; medians over seeds (a miss counts as infinite).\n\n`);
process.stdout.write(markdownTable(['bug', 'strategy', 'found', 'median ms to first violation', 'median runs to first violation', 'violations found'], rows) + '\n');
