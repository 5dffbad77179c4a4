/**
 * fast-check arbitraries for adversarial schedules, fault knobs and
 * configurations.
 *
 * A schedule is always valid: each step picks among the events enabled at
 * that moment by index modulo their count, a step whose pick is impossible
 * (no enabled event of its kind) is a no-op, and when the steps run out the
 * run ends canonically (`finish`, `src/kernel/liveness.ts`). Shrinking therefore only ever
 * produces schedules that run; it removes steps and moves picks towards 0,
 * the canonical (first enabled) choice.
 *
 * Three encodings of a step (measured against each other in
 * docs/measurements.md, "Schedule encodings"; `src/bench/encodings.ts`):
 *
 * - `structured`: `{ kind: 'deliver', pick: 7 }` picks the 7th (mod count)
 *   enabled event of that kind. Kinds are weighted towards protocol steps and
 *   shrink towards `deliver`;
 * - `raw`: a bare integer picks among all enabled events;
 * - `commands`: the structured steps as `fc.commands`, whose shrinker knows
 *   which commands actually ran (see `commands.ts`).
 *
 * Every schedule comes with a fault mask (`faultMaskArb`): the faults this run
 * may use, a subset of the target's widest mask, and the set of nodes that
 * take the initiative (`activeArb`). Masks shrink towards "no faults", so a
 * counterexample that needs none ends up fault-free — a fast-check flavour of
 * swarm testing.
 */
import fc from 'fast-check';
import type { EventKind } from '../kernel/events.js';
import { configProblem, type Config, type ProtocolDef, type VariantDef } from '../kernel/definition.js';
import type { FaultMask } from '../kernel/world.js';
import type { ScheduleTarget } from '../kernel/target.js';

/**
 * A step kind: a kernel event kind, or `restart` — crash a node and recover it
 * at once, the `pick`-th (mod count) node in order of most recent state change
 * (so `restart` pick 0 restarts whoever just promised or voted).
 */
export type StepKind = EventKind | 'restart';

/** One structured step: pick the `pick`-th (mod count) enabled event of `kind`. */
export interface StructuredStep {
  readonly kind: StepKind;
  readonly pick: number;
}

export type Encoding = 'structured' | 'raw' | 'commands';
export const ENCODINGS: readonly Encoding[] = ['structured', 'raw', 'commands'];
/** The default encoding (the best in docs/measurements.md). */
export const DEFAULT_ENCODING: Encoding = 'structured';

/** Picks are drawn from 0..PICK_MAX; larger values would only repeat indices modulo small counts. */
export const PICK_MAX = 31;

/** Step kinds with their generation weights; the first shrinks best, so it is the plainest step. */
export const KIND_WEIGHTS: readonly (readonly [StepKind, number])[] = [
  ['deliver', 8], ['local', 4], ['timer', 2], ['drop', 1], ['dup', 1], ['restart', 1], ['crash', 1], ['recover', 1], ['partition', 1], ['heal', 1],
];

/** Kinds a mask can produce at all (others would only ever be no-ops). */
export function usefulKinds(mask: FaultMask): Set<StepKind> {
  const s = new Set<StepKind>(['deliver', 'local', 'timer']);
  if (mask.drop) s.add('drop');
  if (mask.duplicate) s.add('dup');
  if (mask.crash) s.add('restart').add('crash').add('recover');
  if (mask.partition) s.add('partition').add('heal');
  return s;
}

/** A structured step over the kinds the widest mask allows. */
export function structuredStepArb(widest: FaultMask): fc.Arbitrary<StructuredStep> {
  const useful = usefulKinds(widest);
  const kinds = KIND_WEIGHTS.filter(([k]) => useful.has(k)).map(([k, weight]) => ({ arbitrary: fc.constant(k), weight }));
  return fc.record({ kind: fc.oneof(...kinds), pick: fc.nat({ max: PICK_MAX }) });
}

/** A raw choice integer. */
export function rawStepArb(): fc.Arbitrary<number> {
  return fc.nat({ max: PICK_MAX });
}

/**
 * The fault knobs of one run: each fault of the widest mask on or off, and
 * how many nodes may be down at once. Shrinks towards no faults.
 */
export function faultMaskArb(widest: FaultMask): fc.Arbitrary<FaultMask> {
  const flag = (allowed: boolean): fc.Arbitrary<boolean> => (allowed ? fc.boolean() : fc.constant(false));
  return fc.record({
    drop: flag(widest.drop),
    duplicate: flag(widest.duplicate),
    crash: flag(widest.crash),
    partition: flag(widest.partition),
    maxCrashed: widest.maxCrashed > 0 ? fc.integer({ min: 1, max: widest.maxCrashed }) : fc.constant(0),
  });
}

/** Maximum schedule length for a target (the adversarial prefix; completion follows). */
export function scheduleLength(t: ScheduleTarget): number {
  return Math.min(t.stepsMax, Math.max(40, 12 * t.proto.nodeCount));
}

export interface ScheduleInput<S> {
  readonly mask: FaultMask;
  /** active[node]: the node takes spontaneous actions and fires timers in the schedule (undefined: every node). */
  readonly active?: readonly boolean[] | undefined;
  readonly steps: readonly S[];
}

/**
 * Which nodes take the initiative in a run: every node (half the time, and
 * what shrinking tends to), or a random subset — swarm testing inside
 * fast-check. Inactive nodes still receive and answer messages, and act in
 * the canonical ending.
 */
export function activeArb(nodes: number): fc.Arbitrary<readonly boolean[] | undefined> {
  return fc.oneof(fc.constant(undefined), fc.array(fc.boolean(), { minLength: nodes, maxLength: nodes }));
}

/** Fault mask plus structured steps. */
export function structuredScheduleArb(t: ScheduleTarget, maxLength = scheduleLength(t)): fc.Arbitrary<ScheduleInput<StructuredStep>> {
  return fc.record({ mask: faultMaskArb(t.faults), active: activeArb(t.proto.nodeCount), steps: fc.array(structuredStepArb(t.faults), { maxLength, size: 'max' }) });
}

/** Fault mask plus raw choice integers. */
export function rawScheduleArb(t: ScheduleTarget, maxLength = scheduleLength(t)): fc.Arbitrary<ScheduleInput<number>> {
  return fc.record({ mask: faultMaskArb(t.faults), active: activeArb(t.proto.nodeCount), steps: fc.array(rawStepArb(), { maxLength, size: 'max' }) });
}

/**
 * Configurations of a protocol: every size parameter between its minimum and
 * `caps[name]` (default: min(max, default + 1)), rejected when the protocol's
 * `validate` says the combination is impossible.
 */
export function configArb(def: ProtocolDef, caps: Record<string, number> = {}, variant?: VariantDef): fc.Arbitrary<Config> {
  const fields: Record<string, fc.Arbitrary<number>> = {};
  for (const p of def.params) {
    const hi = Math.max(p.min, Math.min(p.max, caps[p.name] ?? p.default + 1));
    fields[p.name] = fc.integer({ min: p.min, max: hi });
  }
  return fc.record(fields).filter((cfg) => (variant ? runnable(def, variant, cfg) : def.validate?.(cfg) === undefined)) as fc.Arbitrary<Config>;
}

/** True when `variant` takes these sizes: in range, accepted by the protocol's and the variant's checks, and built without throwing. */
function runnable(def: ProtocolDef, variant: VariantDef, cfg: Config): boolean {
  if (configProblem(def, variant, cfg) !== undefined) return false;
  try {
    variant.build(cfg);
    return true;
  } catch {
    return false;
  }
}
