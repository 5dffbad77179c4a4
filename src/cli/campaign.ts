/**
 * `paxos-sim campaign` (what `npm start` runs): the default fuzz campaign
 * over every protocol and variant, with a summary table. Correct variants
 * must come out clean; known-buggy ones must be caught. Exit 0 when every
 * outcome is as expected.
 */
import { protocols } from '../protocols/index.js';
import { runCampaign } from '../sim/campaign.js';
import { defaultConfig } from '../kernel/registry.js';
import { intFlag, parseFlags, secondsFlag, seedFlag, type Target } from './args.js';
import { saveFinding } from './findings.js';
import { makeOut, table } from './output.js';

export function campaignCommand(argv: string[]): number {
  const { flags } = parseFlags('campaign', argv, ['seed', 'runs', 'time-limit', 'out', 'json', 'no-color']);
  const seed = seedFlag(flags.seed);
  const runs = intFlag('runs', flags.runs, 1) ?? 2000;
  const timeLimit = secondsFlag('time-limit', flags['time-limit']);
  const o = makeOut(flags.json ?? false, flags['no-color'] ?? false);
  const outDir = flags.out ?? 'counterexamples';
  o.say(o.c.bold(`paxos-sim default campaign: seed ${seed}, up to ${runs} swarm runs per variant${timeLimit ? ` or ${timeLimit}s` : ''}\n`));
  const rows: string[][] = [];
  const results = [];
  let allAsExpected = true;
  for (const def of protocols)
    for (const variant of def.variants) {
      const cfg = defaultConfig(def);
      const t: Target = { def, variant, cfg, invariants: def.invariants.filter((i) => variant.keeps.includes(i.name)) };
      const r = runCampaign({ def, variant, cfg, invariants: t.invariants, seed, runs, timeLimitMs: timeLimit && timeLimit * 1000, faults: 'swarm' });
      const saved = r.found ? saveFinding(makeOut(true, true), t, r.found.schedule, r.found.finding, { seed, run: r.found.run, runSeed: r.found.runSeed, foundBy: 'des' }, outDir) : undefined;
      const asExpected = variant.buggy === (saved !== undefined);
      allAsExpected &&= asExpected;
      rows.push([
        def.name, variant.name, variant.buggy ? 'buggy' : 'correct', String(r.runs), String(r.events),
        saved ? `${saved.kind} ${saved.invariant} (${saved.steps}/${saved.originalSteps} steps)` : 'none',
        asExpected ? 'as expected' : 'UNEXPECTED',
      ]);
      results.push({ protocol: def.name, variant: variant.name, buggy: variant.buggy, config: cfg, runs: r.runs, events: r.events, elapsedMs: r.elapsedMs, fingerprint: r.fingerprint, violation: saved ?? null, asExpected });
    }
  o.say(table(['protocol', 'variant', 'expected', 'runs', 'events', 'findings', 'verdict'], rows));
  o.say();
  o.say(allAsExpected ? o.c.green('every variant behaved as expected') : o.c.red('some variant did not behave as expected'));
  if (rows.some((r) => r[5] !== 'none')) o.say(`counterexamples saved under ${outDir}/ — replay any with: npx paxos-sim replay FILE`);
  if (o.json) process.stdout.write(JSON.stringify({ ok: allAsExpected, command: 'campaign', seed, results }) + '\n');
  return allAsExpected ? 0 : 1;
}
