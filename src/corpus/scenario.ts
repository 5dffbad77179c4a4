/**
 * Named scenarios: hand-written schedules kept as data (`scenarios/*.json`),
 * replayed by `npm test` (test/scenarios/scenarios.test.ts) together with
 * the saved counterexamples of `scenarios/counterexamples/`.
 *
 * A scenario file (`"format": "paxos-sim/scenario@1"`):
 *
 * ```json
 * { "format": "paxos-sim/scenario@1", "name": "dueling proposers", "description": "…",
 *   "protocol": "paxos", "variant": "classic", "config": { "proposers": 2, "acceptors": 3, "values": 2 },
 *   "invariants": ["agreement"],            // optional: default the variant's kept invariants
 *   "schedule": [ { "k": "timer", "node": 0, "timer": "start" }, … ],   // portable events
 *   "expect": { "decided": 1, "invariantsHold": true } }
 * ```
 *
 * Expected outcomes (any combination):
 * - `"invariantsHold": true` — the whole schedule replays strictly and no
 *   checked invariant breaks;
 * - `"decided": V` — afterwards value V (a number) is chosen, and only V;
 *   `"decided": true` — some value is chosen; `false` — none is;
 * - `"violation": "NAME"` — replay reaches a violation of invariant NAME
 *   (`liveness`: nothing can happen and nothing is decided) at the last event.
 *
 * Schedules are written by running the kernel and recording what executed
 * (`ScenarioRecorder`, `src/corpus/make-scenarios.ts`), so they are valid
 * by construction; the test re-checks them strictly.
 */
import type { Config, ProtocolDef, VariantDef, InvariantDef } from '../kernel/definition.js';
import { findInvariant, findVariant } from '../kernel/definition.js';
import type { World } from '../kernel/world.js';
import { findProtocol } from '../protocols/index.js';
import { InputError } from './counterexample.js';
import { replaySchedule, type ReplayOutcome } from './replay.js';
import type { PortableEvent } from '../kernel/portable.js';
import { checkedInvariants } from '../kernel/target.js';

export const SCENARIO_FORMAT = 'paxos-sim/scenario@1';

export interface ScenarioExpect {
  readonly invariantsHold?: boolean;
  readonly decided?: number | boolean;
  readonly violation?: string;
}

export interface Scenario {
  readonly format: typeof SCENARIO_FORMAT;
  readonly name: string;
  readonly description: string;
  readonly protocol: string;
  readonly variant: string;
  readonly config: Config;
  readonly invariants?: string[];
  readonly schedule: PortableEvent[];
  readonly expect: ScenarioExpect;
}

/** Values chosen so far, from the ghost history (paxos: `chosen[].val`; paxosstore: `chosen` keys). */
export function chosenValues(w: World): number[] | undefined {
  const chosen = (w.ghost as { chosen?: unknown }).chosen;
  if (Array.isArray(chosen)) return [...new Set(chosen.map((c: { val: number }) => c.val))].sort((a, b) => a - b);
  if (chosen instanceof Map) return [...chosen.keys()].map(Number).sort((a, b) => a - b);
  return undefined;
}

/** Parses a scenario file's text, checking every field; throws `InputError` with one clear line. */
export function parseScenario(text: string, where: string): Scenario {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new InputError(`${where} is not valid JSON (${(e as Error).message})`);
  }
  const o = raw as Record<string, unknown>;
  if (typeof o !== 'object' || o === null || o['format'] !== SCENARIO_FORMAT) throw new InputError(`${where}: expected "format": "${SCENARIO_FORMAT}"`);
  for (const k of ['name', 'description', 'protocol', 'variant'])
    if (typeof o[k] !== 'string') throw new InputError(`${where}: field "${k}" must be a string`);
  if (typeof o['config'] !== 'object' || o['config'] === null) throw new InputError(`${where}: field "config" must be an object of sizes`);
  if (!Array.isArray(o['schedule'])) throw new InputError(`${where}: field "schedule" must be an array of portable events`);
  if (o['invariants'] !== undefined && (!Array.isArray(o['invariants']) || o['invariants'].some((x) => typeof x !== 'string')))
    throw new InputError(`${where}: field "invariants" must be an array of invariant names`);
  const e = o['expect'] as Record<string, unknown> | undefined;
  if (typeof e !== 'object' || e === null || Object.keys(e).length === 0) throw new InputError(`${where}: field "expect" must name an outcome (invariantsHold, decided, violation)`);
  for (const k of Object.keys(e)) if (!['invariantsHold', 'decided', 'violation'].includes(k)) throw new InputError(`${where}: unknown expectation "${k}"; accepted: invariantsHold, decided, violation`);
  return o as unknown as Scenario;
}

export interface ScenarioTarget {
  readonly def: ProtocolDef;
  readonly variant: VariantDef;
  readonly invariants: InvariantDef[];
}

/** Resolves a scenario's protocol, variant and invariants against the registry. */
export function scenarioTarget(sc: Scenario, where: string): ScenarioTarget {
  const def = findProtocol(sc.protocol);
  if (!def) throw new InputError(`${where}: unknown protocol "${sc.protocol}"`);
  const variant = findVariant(def, sc.variant);
  if (!variant) throw new InputError(`${where}: unknown variant "${sc.variant}" of ${def.name}`);
  const invariants = sc.invariants
    ? sc.invariants.map((n) => findInvariant(def, n) ?? (() => { throw new InputError(`${where}: unknown invariant "${n}"`); })())
    : checkedInvariants(def, variant);
  return { def, variant, invariants };
}

export interface ScenarioResult {
  readonly ok: boolean;
  /** What did not match, one line each. */
  readonly problems: string[];
  readonly outcome: ReplayOutcome;
}

/** Replays a scenario strictly and checks its expected outcome. */
export function runScenario(sc: Scenario, where = sc.name): ScenarioResult {
  const t = scenarioTarget(sc, where);
  const want = sc.expect;
  const liveness = want.violation === 'liveness';
  const r = replaySchedule(
    { proto: t.variant.build(sc.config), invariants: t.invariants, semantics: t.variant.semantics, decided: liveness ? t.def.decided : undefined },
    sc.schedule,
    { checkLiveness: liveness },
  );
  const problems: string[] = [];
  if (r.divergence) problems.push(`diverged at schedule[${r.divergence.index}] (${JSON.stringify(r.divergence.event)}): ${r.divergence.reason}`);
  if (want.violation !== undefined) {
    if (r.finding === undefined) problems.push(`expected a violation of ${want.violation}, none happened`);
    else if (r.finding.invariant !== want.violation) problems.push(`expected a violation of ${want.violation}, got ${r.finding.invariant}: ${r.finding.message}`);
    else if (r.finding.step !== sc.schedule.length) problems.push(`${want.violation} broke at step ${r.finding.step}, before the last event (${sc.schedule.length}): trim the schedule`);
  } else if (r.finding !== undefined) problems.push(`unexpected ${r.finding.kind} violation of ${r.finding.invariant} at step ${r.finding.step}: ${r.finding.message}`);
  if (want.invariantsHold === true && r.finding !== undefined && want.violation === undefined) problems.push('invariants were expected to hold');
  if (want.decided !== undefined) {
    const chosen = chosenValues(r.world);
    const decided = t.def.decided(r.world);
    if (typeof want.decided === 'boolean') {
      if (decided !== want.decided) problems.push(`expected ${want.decided ? 'a' : 'no'} decision, got ${decided ? `chosen ${JSON.stringify(chosen)}` : 'none'}`);
    } else if (chosen === undefined) problems.push(`"decided": ${want.decided} needs chosen values, which ${t.def.name}'s ghost history does not expose; use "decided": true`);
    else if (chosen.length !== 1 || chosen[0] !== want.decided) problems.push(`expected value ${want.decided} chosen (and only it), got ${JSON.stringify(chosen)}`);
  }
  return { ok: problems.length === 0, problems, outcome: r };
}
