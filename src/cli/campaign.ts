/**
 * `paxos-sim campaign` (what `npm start` runs): the default fuzz campaign
 * over every built-in protocol and variant (or those of `--protocol`, a
 * built-in name or a user's module), with a summary table. Correct variants
 * must come out clean; known-buggy ones must be caught. Exit 0 when every
 * outcome is as expected.
 */
import { protocols } from '../protocols/index.js';
import { runStrategyCampaign } from '../search/campaign.js';
import { scheduleTarget } from '../kernel/target.js';
import { defaultConfig } from '../kernel/definition.js';
import { intFlag, secondsFlag, seedFlag, type CommandSpec, type ParsedArgs, type Target } from './args.js';
import { saveFinding } from './findings.js';
import { Chalk } from 'chalk';
import { makeOut, table, type Out } from './output.js';

/** Findings are summarised in the table; their traces are one `replay` away. */
const SILENT: Out = { c: new Chalk({ level: 0 }), json: true, say: () => undefined };

/** A saved finding as the JSON summary shows it (the schedule is in the file). */
function withoutSchedule<T extends { schedule: unknown }>(f: T): Omit<T, 'schedule'> {
  const { schedule: _schedule, ...rest } = f;
  return rest;
}

function campaignCommand({ flags, protocol }: ParsedArgs): number {
  const defs = protocol ? [protocol.def] : protocols;
  const seed = seedFlag(flags.seed);
  const runs = intFlag('runs', flags.runs, 1) ?? 2000;
  const timeLimit = secondsFlag('time-limit', flags['time-limit']);
  const o = makeOut(flags.json ?? false, flags['no-color'] ?? false);
  const outDir = flags.out ?? 'counterexamples';
  o.say(o.c.bold(`paxos-sim default campaign: seed ${seed}, up to ${runs} swarm runs per variant${timeLimit ? ` or ${timeLimit}s` : ''}\n`));
  const rows: string[][] = [];
  const results = [];
  let allAsExpected = true;
  for (const def of defs)
    for (const variant of def.variants) {
      // A known bug shows at the sizes it declares (unless the variant names campaign sizes of its own).
      const cfg = { ...defaultConfig(def), ...(variant.campaignConfig ?? variant.bugs?.[0]?.config) };
      const t: Target = { def, variant, cfg, invariants: def.invariants.filter((i) => variant.keeps.includes(i.name)), ...(protocol?.module ? { module: protocol.module } : {}) };
      // Correct variants get the run budget; known-buggy ones run until caught, up to 50x the runs or 30 s.
      const budget = variant.buggy ? { runs: runs * 50, timeLimitMs: (timeLimit ?? 30) * 1000 } : { runs, timeLimitMs: timeLimit && timeLimit * 1000 };
      const target = scheduleTarget(def, variant, cfg, t.invariants);
      const r = runStrategyCampaign({ target, strategy: 'des', desFaults: 'swarm', seed, ...budget });
      const saved = r.found ? saveFinding(SILENT, t, r.found.schedule, r.found.finding, { seed, run: r.found.run, runSeed: r.found.runSeed, foundBy: r.found.strategy }, outDir) : undefined;
      const asExpected = variant.buggy === (saved !== undefined);
      allAsExpected &&= asExpected;
      rows.push([
        def.name, variant.name, Object.values(cfg).join('/'), variant.buggy ? 'buggy' : 'correct', String(r.runs), String(r.events),
        saved ? `${saved.kind} ${saved.invariant} (${saved.steps}/${saved.originalSteps} steps)` : 'none',
        asExpected ? 'as expected' : 'UNEXPECTED',
      ]);
      results.push({ protocol: def.name, variant: variant.name, buggy: variant.buggy, config: cfg, runs: r.runs, events: r.events, elapsedMs: r.elapsedMs, fingerprint: r.fingerprint, violation: saved ? withoutSchedule(saved) : null, asExpected });
    }
  o.say(table(['protocol', 'variant', 'sizes', 'expected', 'runs', 'events', 'findings', 'verdict'], rows));
  o.say();
  o.say(allAsExpected ? o.c.green('every variant behaved as expected') : o.c.red('some variant did not behave as expected'));
  if (rows.some((r) => r[6] !== 'none')) o.say(`counterexamples saved under ${outDir}/ — replay any with: npx paxos-sim replay FILE`);
  if (o.json) process.stdout.write(JSON.stringify({ ok: allAsExpected, command: 'campaign', seed, results }) + '\n');
  return allAsExpected ? 0 : 1;
}

export const campaignSpec: CommandSpec = {
  name: 'campaign',
  summary: 'the default fuzz campaign over every built-in protocol and variant, with a summary table (what npm start runs)',
  usage: 'campaign [--protocol NAME|./module.js] [flags]',
  flags: { protocol: 'every built-in protocol', seed: 'random, printed', runs: '2000 per correct variant (known-buggy ones run until caught, up to 50x or 30 s)', 'time-limit': 'none', out: 'counterexamples', json: 'off', 'no-color': 'off' },
  run: campaignCommand,
};
