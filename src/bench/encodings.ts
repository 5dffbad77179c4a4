/**
 * Measures the fast-check schedule encodings (structured step records, raw
 * choice integers, `fc.commands`) on the known-buggy variants: for each seed,
 * runs until the first failure, the executed length of that first failing run
 * (`original`), after fast-check's shrinking (`fc-shrunk`; `of which chosen`:
 * the events the shrunk schedule itself picked, the rest being the canonical
 * ending) and after the event-level minimiser (`minimised`), and wall time. Medians over the seeds;
 * a seed that finds nothing within `--runs` counts as "not found".
 *
 *   npx tsc -p tsconfig.build.json && node dist/bench/encodings.js [--seeds 20] [--runs 20000] [--bugs NAME,...] [--encodings structured,raw,commands]
 *
 * Prints a markdown table (docs/measurements.md, "Schedule encodings").
 * With `--cost-runs N` it prints instead the cost of one run per encoding:
 * wall time of N property runs from seed 12345 (fewer if one fails first).
 */
import { replaySchedule } from '../corpus/replay.js';
import { ENCODINGS, type Encoding } from '../shrink/arbitraries.js';
import { minimize } from '../shrink/minimize.js';
import { knownBugs, knownBugTarget } from '../search/known-bugs.js';
import { protocols } from '../protocols/index.js';
import fc from 'fast-check';
import { runFastCheck, scheduleProperty } from '../shrink/fast-check.js';
import { fmt, markdownTable, median, scriptFlags } from './stats.js';

const flags = scriptFlags(process.argv.slice(2));
const seeds = Number(flags.get('seeds') ?? 20);
const budget = Number(flags.get('runs') ?? 20000);
const only = flags.get('bugs')?.split(',');
const encodings = (flags.get('encodings')?.split(',') ?? ENCODINGS) as Encoding[];

const costRuns = flags.get('cost-runs');
if (costRuns !== undefined) {
  const rows: string[][] = [];
  for (const bug of knownBugs(protocols)) {
    if (only && !only.some((n) => bug.name.includes(n))) continue;
    const t = knownBugTarget(bug);
    const cells = [bug.name];
    for (const encoding of encodings) {
      const sp = scheduleProperty(t, encoding);
      const start = Date.now();
      fc.check(sp.property, { seed: 12345, numRuns: Number(costRuns), endOnFailure: true });
      cells.push(`${((Date.now() - start) / sp.log.evaluations).toFixed(2)} (${sp.log.evaluations} runs)`);
    }
    rows.push(cells);
  }
  process.stdout.write(markdownTable(['bug', ...encodings.map((e) => `${e} ms/run`)], rows) + '\n');
  process.exit(0);
}

const rows: string[][] = [];
for (const bug of knownBugs(protocols)) {
  if (only && !only.some((n) => bug.name.includes(n))) continue;
  const t = knownBugTarget(bug);
  const rt = { proto: t.proto, invariants: t.invariants, semantics: t.semantics, decided: t.decided };
  for (const encoding of encodings) {
    const runs: number[] = [], original: number[] = [], shrunk: number[] = [], prefix: number[] = [], minimised: number[] = [], ms: number[] = [];
    let found = 0;
    let verified = 0;
    for (let seed = 1; seed <= seeds; seed++) {
      const start = Date.now();
      const r = runFastCheck(t, { seed, numRuns: budget, encoding });
      ms.push(Date.now() - start);
      if (r.found === undefined || !bug.expect.includes(r.found.finding.invariant)) {
        runs.push(Infinity);
        continue;
      }
      found++;
      runs.push(r.details.numRuns);
      original.push(r.found.originalSteps);
      shrunk.push(r.found.shrunkSteps);
      prefix.push(r.found.shrunkPrefix);
      const m = minimize(rt, r.found.schedule, r.found.finding);
      minimised.push(m?.schedule.length ?? r.found.schedule.length);
      // Law: the minimised schedule still fails the same way under strict replay.
      const final = m?.schedule ?? r.found.schedule;
      const re = replaySchedule(rt, final, { checkLiveness: r.found.finding.kind === 'liveness' });
      if (re.finding?.invariant === r.found.finding.invariant && re.divergence === undefined) verified++;
    }
    rows.push([
      bug.name, encoding, `${found}/${seeds}`, fmt(median(runs)), fmt(median(original)), fmt(median(shrunk)), fmt(median(prefix)), fmt(median(minimised)), fmt(median(ms)), `${verified}/${found}`,
    ]);
    process.stderr.write(`${bug.name} ${encoding}: found ${found}/${seeds}\n`);
  }
}
process.stdout.write(`Budget ${budget} runs per seed, seeds 1..${seeds}, medians over seeds (not found = infinite runs).\n\n`);
process.stdout.write(markdownTable(
  ['bug', 'encoding', 'found', 'runs to first failure', 'original steps', 'fc-shrunk steps', 'of which chosen', 'minimised steps', 'ms per seed', 'replay verified'],
  rows,
) + '\n');
