/**
 * Correct variants keep what they promise: for every registered protocol,
 * every variant that is not known to be buggy, and every invariant it keeps,
 * fast-check finds no schedule (with any mix of the faults the variant's
 * semantics allows) that breaks it; where the variant expects liveness, no
 * schedule leaves it undecided once faults stop; and across configurations
 * (sizes drawn by `configArb`) it keeps them all.
 *
 * Run counts scale with PAXOS_SIM_RUNS and the seed is PAXOS_SIM_SEED when
 * set (see harness.ts); a failure prints its seed, fast-check's path, the
 * replay command and the minimised trace.
 */
import fc from 'fast-check';
import { describe, test } from 'vitest';
import { defaultConfig, type Config, type AnyProtocolDef, type VariantDef } from '../src/kernel/definition.js';
import { suiteProtocols as protocols } from './registered.js';
import { configArb, structuredScheduleArb, type ScheduleInput, type StructuredStep } from '../src/shrink/arbitraries.js';
import { runStructured } from '../src/shrink/interpret.js';
import { minimize } from '../src/shrink/minimize.js';
import { checkedInvariants, scheduleTarget, type ScheduleTarget } from '../src/kernel/target.js';
import { assertNoViolation, baseSeed, replayTargetOf, runs, saveTemp, traceText } from './harness.js';

const SEED = baseSeed(20240501);

function configProperty(def: AnyProtocolDef, variant: VariantDef, seed: number, numRuns: number): void {
  const targets = new Map<string, ScheduleTarget>();
  const targetOf = (cfg: Config): ScheduleTarget => {
    const key = JSON.stringify(cfg);
    let t = targets.get(key);
    if (t === undefined) targets.set(key, (t = scheduleTarget(def, variant, cfg, checkedInvariants(def, variant))));
    return t;
  };
  const arb = configArb(def, def.suite?.sizeCaps ?? defaultConfig(def), variant).chain((cfg) => structuredScheduleArb(targetOf(cfg)).map((input) => ({ cfg, input })));
  const d = fc.check(fc.property(arb, ({ cfg, input }) => runStructured(targetOf(cfg), input as ScheduleInput<StructuredStep>, { record: false }).finding === undefined), { seed, numRuns });
  if (!d.failed) return;
  const { cfg, input } = d.counterexample![0];
  const t = targetOf(cfg);
  const ex = runStructured(t, input as ScheduleInput<StructuredStep>);
  if (ex.finding === undefined) throw d.errorInstance instanceof Error ? d.errorInstance : new Error(String(d.errorInstance));
  const m = minimize(replayTargetOf(t), ex.schedule, ex.finding) ?? { schedule: ex.schedule, finding: ex.finding };
  const file = saveTemp(t, m.schedule, m.finding, seed, ex.schedule.length, 'fast-check');
  throw new Error([
    `${def.name}/${variant.name} ${JSON.stringify(cfg)}: ${m.finding.kind} violation of ${m.finding.invariant} — ${m.finding.message}`,
    `fast-check seed ${d.seed}, path "${d.counterexamplePath}" (configuration property)`,
    `replay: npx paxos-sim replay ${file}`,
    `re-run this suite with the same seed: PAXOS_SIM_SEED=${SEED} npx vitest run properties`,
    traceText(t, m.schedule, m.finding),
  ].join('\n'));
}

for (const def of protocols) {
  for (const variant of def.variants.filter((v) => !v.buggy)) {
    describe(`${def.name}/${variant.name} (correct)`, () => {
      const cfg = defaultConfig(def);
      const perInvariant = runs(def.suite?.runsPerInvariant ?? 200);
      for (const inv of def.invariants.filter((i) => variant.keeps.includes(i.name))) {
        test(`keeps ${inv.name} under adversarial schedules`, () => {
          assertNoViolation(scheduleTarget(def, variant, cfg, [inv], { liveness: false }), SEED, perInvariant, SEED);
        });
      }
      if (variant.liveness !== 'never')
        test(`decides once faults stop (liveness: ${variant.liveness})`, () => {
          assertNoViolation(scheduleTarget(def, variant, cfg, checkedInvariants(def, variant)), SEED + 1, perInvariant, SEED);
        });
      test('keeps every invariant across configurations', () => {
        configProperty(def, variant, SEED + 2, Math.max(10, Math.round(perInvariant / 2)));
      });
    });
  }
}
