/**
 * fast-check as the adversary: a property "no run of this schedule violates
 * anything" over generated schedules (`src/shrink/arbitraries.ts`), checked
 * with `fc.check`. On a failure fast-check shrinks the schedule itself; the
 * event-level minimiser then runs to a fixpoint (`src/shrink/minimize.ts`,
 * called by whoever saves the finding).
 *
 * The property is a pure function of the target and the encoding, so a
 * failure replays from fast-check's own coordinates:
 * `fc.check(scheduleProperty(t, enc).property, { seed, path, endOnFailure: true })`
 * — `paxos-sim replay --seed N --path P` does exactly that.
 */
import fc from 'fast-check';
import type { Finding } from '../kernel/finding.js';
import type { Hasher } from '../kernel/hash.js';
import { DEFAULT_ENCODING, rawScheduleArb, scheduleLength, structuredScheduleArb, faultMaskArb, type Encoding, type ScheduleInput, type StructuredStep } from './arbitraries.js';
import { commandsScheduleArb, runCommands, type CommandsInput } from './commands.js';
import type { Execution, Observer } from '../kernel/execution.js';
import { runRaw, runStructured } from './interpret.js';
import type { PortableEvent } from '../kernel/portable.js';
import type { ScheduleTarget } from '../kernel/target.js';
import type { BatchResult, BatchSpec, Strategy } from '../search/strategy.js';
import { CoverageObserver, type CoverageMap } from '../search/coverage.js';

/** What the property saw while fast-check ran it. */
export interface PropertyLog {
  /** Property evaluations (generation and shrinking). */
  evaluations: number;
  /** Kernel events executed by all evaluations. */
  events: number;
  /** New coverage slots the evaluations hit (when a coverage map is given). */
  novel: number;
  /** Events plus candidate events examined, plus a fixed cost per evaluation for generating its input. */
  work: number;
  /** The first failing execution (the counterexample as generated, before shrinking). */
  first: Execution | undefined;
  /** The latest failing execution (after shrinking: the final counterexample). */
  last: Execution | undefined;
}

export interface ScheduleProperty {
  readonly property: fc.IPropertyWithHooks<[unknown]>;
  readonly log: PropertyLog;
  /** Re-runs a counterexample value with recording on. */
  rerun(value: unknown): Execution;
}

/** Work charged per evaluation for generating (or shrinking) its input, in events (see `BatchResult.work`). */
const GENERATION_WORK = 20;

/** The property "no schedule breaks anything" for a target, in one encoding. */
export function scheduleProperty(t: ScheduleTarget, encoding: Encoding = DEFAULT_ENCODING, hasher?: Hasher, coverage?: CoverageMap, watch?: () => Observer): ScheduleProperty {
  const log: PropertyLog = { evaluations: 0, events: 0, novel: 0, work: 0, first: undefined, last: undefined };
  const maxLength = scheduleLength(t);
  const arb: fc.Arbitrary<unknown> =
    encoding === 'structured' ? structuredScheduleArb(t, maxLength)
    : encoding === 'raw' ? rawScheduleArb(t, maxLength)
    : commandsScheduleArb(t, faultMaskArb(t.faults), maxLength);
  const run = (value: unknown, record: boolean): Execution => {
    // Coverage is counted once per evaluation (not on the re-run that records a failure).
    const cov = coverage && !record ? new CoverageObserver(coverage) : undefined;
    const observers = [...(cov ? [cov] : []), ...(watch && !record ? [watch()] : [])];
    const o = { record, hasher: record ? undefined : hasher, ...(observers.length ? { observers } : {}) };
    const ex = encoding === 'structured' ? runStructured(t, value as ScheduleInput<StructuredStep>, o)
      : encoding === 'raw' ? runRaw(t, value as ScheduleInput<number>, o)
      : runCommands(t, value as CommandsInput, o);
    if (cov) log.novel += cov.novel;
    log.work += ex.ran + ex.scanned + GENERATION_WORK;
    return ex;
  };
  const property = fc.property(arb, (value) => {
    // Commands carry run state, so they are recorded on every evaluation; arrays are re-run when they fail.
    const ex = run(value, encoding === 'commands');
    log.evaluations++;
    log.events += ex.steps;
    if (ex.finding === undefined) return true;
    const rec = encoding === 'commands' ? ex : run(value, true);
    log.first ??= rec;
    log.last = rec;
    return false;
  });
  return { property, log, rerun: (value) => run(value, true) };
}

export interface FastCheckOutcome {
  readonly details: fc.RunDetails<[unknown]>;
  readonly log: PropertyLog;
  /** The shrunk counterexample's executed schedule and finding, if the property failed. */
  readonly found:
    | {
        readonly finding: Finding;
        /** The shorter of the first failing run and the shrunk counterexample's run. */
        readonly schedule: PortableEvent[];
        /** Executed events of the first failing run (before shrinking). */
        readonly originalSteps: number;
        /** Executed events of fast-check's shrunk counterexample. */
        readonly shrunkSteps: number;
        /** Of those, events the schedule itself chose (the rest is the canonical ending). */
        readonly shrunkPrefix: number;
      }
    | undefined;
}

export interface FastCheckOptions {
  readonly seed: number;
  readonly numRuns?: number;
  readonly encoding?: Encoding;
  /** Replay from a counterexample path (with `endOnFailure`). */
  readonly path?: string;
  readonly hasher?: Hasher;
  /** Records what the runs reach (the bandit's reward). */
  readonly coverage?: CoverageMap;
  /** An observer for each evaluation (measurements). */
  readonly watch?: () => Observer;
  /** Wall-clock budget (fast-check's `interruptAfterTimeLimit`). */
  readonly timeLimitMs?: number;
}

/** Runs fast-check on a target; shrinks a failure. Throws if the harness itself threw inside the property. */
export function runFastCheck(t: ScheduleTarget, o: FastCheckOptions): FastCheckOutcome {
  const sp = scheduleProperty(t, o.encoding ?? DEFAULT_ENCODING, o.hasher, o.coverage, o.watch);
  const details = fc.check(sp.property, {
    seed: o.seed,
    numRuns: o.numRuns ?? 100,
    ...(o.path !== undefined ? { path: o.path, endOnFailure: true } : {}),
    ...(o.timeLimitMs !== undefined ? { interruptAfterTimeLimit: Math.max(1, Math.round(o.timeLimitMs)) } : {}),
  });
  if (!details.failed) return { details, log: sp.log, found: undefined };
  if (sp.log.last === undefined) {
    // The property threw instead of returning false: a harness failure, not a finding.
    const err = details.errorInstance;
    throw err instanceof Error ? err : new Error(`fast-check property failed without a finding: ${String(err)}`);
  }
  const shrunk = o.encoding === 'commands' ? sp.log.last : sp.rerun(details.counterexample![0]);
  const first = o.path !== undefined ? shrunk : sp.log.first!;
  // fast-check shrinks the generated input, not the executed run: a shorter input can
  // complete canonically into a longer run. Keep whichever execution is shorter.
  const final = shrunk.schedule.length <= first.schedule.length ? shrunk : first;
  const finding = final.finding!;
  const originalSteps = first.schedule.length;
  const shrunkSteps = shrunk.schedule.length;
  const shrunkPrefix = shrunk.adversarialSteps;
  return { details, log: sp.log, found: { finding, schedule: final.schedule, originalSteps, shrunkSteps, shrunkPrefix } };
}

/** fast-check as a strategy: a batch of n runs is one `fc.check` with n runs and the batch's seed. */
export function fastCheckStrategy(encoding: Encoding = DEFAULT_ENCODING): Strategy {
  return {
    name: 'fast-check',
    batch(t: ScheduleTarget, spec: BatchSpec): BatchResult {
      const timeLimitMs = spec.deadline === undefined ? undefined : spec.deadline - Date.now();
      if (timeLimitMs !== undefined && timeLimitMs <= 0) return { runs: 0, events: 0, found: undefined };
      const r = runFastCheck(t, { seed: spec.seed, numRuns: spec.runs, encoding, hasher: spec.hasher, timeLimitMs, ...(spec.coverage ? { coverage: spec.coverage } : {}), ...(spec.watch ? { watch: spec.watch } : {}) });
      const runs = r.details.numRuns;
      if (r.found === undefined) return { runs, events: r.log.events, novel: r.log.novel, work: r.log.work, found: undefined };
      const d = r.details;
      return {
        runs, events: r.log.events, novel: r.log.novel, work: r.log.work,
        found: {
          strategy: 'fast-check', run: spec.from + runs - 1, runSeed: d.seed, finding: r.found.finding, schedule: r.found.schedule,
          originalSteps: r.found.originalSteps,
          fastCheck: { seed: d.seed, path: d.counterexamplePath ?? '', encoding, numRuns: d.numRuns, numShrinks: d.numShrinks, shrunkSteps: r.found.shrunkSteps },
        },
      };
    },
  };
}
