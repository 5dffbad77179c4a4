/**
 * `induct`: searches for counterexamples to induction (CTIs) of a named
 * invariant. States come from the protocol's generator (`ProtocolDef.induct`),
 * which builds well-typed global states — node states, messages in flight,
 * ghost history — within declared bounds, reachable or not; each one that
 * satisfies the invariant has every enabled event applied to it
 * (`induct/check.ts`), and a successor that breaks the invariant is a CTI.
 *
 * Two modes:
 * - random (default): fast-check draws the generator's choices; a CTI is
 *   shrunk by fast-check (shorter choice arrays, smaller choices: a simpler
 *   state), then by `induct/minimize.ts` (messages, timers, crashes it does
 *   not need), then reported.
 * - exhaustive: every sequence of choices at the generator's exhaustive
 *   bounds, so every state it can build is checked once; with no CTI and a
 *   complete enumeration, the generator's target invariant is inductive at
 *   that scope — provided the generator builds every state satisfying it
 *   there, which its essay argues and `induct` cannot check. Only the target
 *   is accepted: its states are a subset of a weaker invariant's.
 *
 * A CTI's state is looked up among the reachable states (a bounded
 * breadth-first search, `induct/reachable.ts`): reachable means a real bug,
 * unreachable a weaker invariant than needed.
 */
import fc from 'fast-check';
import type { AnyProtocolDef, InductDef, InductMode, InvariantDef } from '../kernel/definition.js';
import { findInvariant } from '../kernel/definition.js';
import { InputError } from '../kernel/input-error.js';
import type { WorldParts } from '../kernel/assemble.js';
import { NO_FAULTS, type FaultMask } from '../kernel/world.js';
import { arrayChoices, enumerateChoices } from '../induct/choices.js';
import { checkState, type Cti, type InductTarget } from '../induct/check.js';
import { minimizeParts } from '../induct/minimize.js';
import { reachable, worldKey, type Reachability } from '../induct/reachable.js';
import { diffLines, showEvent, stateLines } from '../induct/show.js';
import { targetOf, type Target, type TargetOptions } from './target.js';

/** Faults `induct` offers as events under multiset semantics: loss, duplication, one node down at a time. */
export const INDUCT_FAULTS: FaultMask = { drop: true, duplicate: true, crash: true, partition: false, maxCrashed: 1 };

export interface InductOptions extends Omit<TargetOptions, 'invariants'> {
  /** The invariant whose induction is checked (required). */
  readonly invariant: string;
  /** Seed of the random mode (default 0). */
  readonly seed?: number;
  /** States to generate in the random mode (default 10,000). */
  readonly runs?: number;
  /** Wall-clock budget (either mode). */
  readonly timeLimitMs?: number;
  /** Enumerate every state at the generator's exhaustive bounds instead. */
  readonly exhaustive?: boolean;
  /** Exhaustive mode: stop after this many states (incomplete). */
  readonly maxStates?: number;
  /** Offer loss, duplication, crash and recovery as events (multiset variants; default on). */
  readonly faults?: 'on' | 'off';
  /** Look the CTI's state up among the reachable states (default on). */
  readonly reachability?: boolean;
  /** Budget of that search (default 5 s). */
  readonly reachTimeMs?: number;
  /** Polled between batches; true stops the search. */
  readonly shouldStop?: () => boolean;
}

/** A CTI as the command prints and saves it. */
export interface CtiReport {
  /** The conjunct (or invariant) that broke. */
  readonly conjunct: string;
  readonly message: string;
  readonly event: string;
  readonly state: string[];
  readonly after: string[];
  readonly diff: string[];
  /** Messages in flight and votes in the state: its size. */
  readonly size: { readonly messages: number; readonly lines: number };
  readonly reachable: Reachability | null;
}

export interface InductResult {
  readonly ok: boolean;
  readonly mode: 'random' | 'exhaustive';
  readonly protocol: string;
  readonly variant: string;
  readonly config: Record<string, number>;
  readonly invariant: string;
  readonly seed: number | null;
  readonly bounds: string;
  /** States generated (random: runs before the CTI, without shrinking). */
  readonly states: number;
  /** Of them, the ones satisfying the invariant. */
  readonly candidates: number;
  /** (state, event) pairs checked, shrinking included. */
  readonly checks: number;
  readonly elapsedMs: number;
  readonly checksPerSec: number;
  /** Exhaustive mode: every state at the bounds was checked. */
  readonly complete: boolean;
  readonly stoppedBy: 'cti' | 'runs' | 'time' | 'maxStates' | 'signal' | null;
  readonly cti: CtiReport | null;
}

/** The protocol's generator for a target, or an `InputError` saying why there is none. */
export function inductDefOf(t: Target): InductDef {
  const g = t.def.induct;
  if (g === undefined) throw new InputError(`${t.def.name} declares no state generator (ProtocolDef.induct), so induct cannot run on it`);
  const why = g.supports?.(t.variant, t.cfg);
  if (why) throw new InputError(`induct: ${why}`);
  return g;
}

/** The invariant by name, or an `InputError` listing the accepted names. */
export function inductInvariant(def: AnyProtocolDef, name: string | undefined): InvariantDef {
  if (name === undefined) throw new InputError(`induct needs --invariant NAME; accepted: ${def.invariants.map((i) => i.name).join(', ')}`);
  const inv = findInvariant(def, name);
  if (!inv) throw new InputError(`unknown invariant "${name}" of ${def.name}; accepted: ${def.invariants.map((i) => i.name).join(', ')}`);
  return inv;
}

/** The exhaustive mode is a proof only for the generator's target: an `InputError` for any other invariant. */
export function checkExhaustive(t: Target, inv: InvariantDef): void {
  const g = inductDefOf(t);
  if (inv.name !== g.target)
    throw new InputError(
      `--exhaustive enumerates only states that satisfy ${g.target} (the generator's target), so it is a proof for ${g.target} alone; ` +
        `${inv.name} also holds in states outside them: drop --exhaustive to search ${inv.name} at random`,
    );
}

/** The conjunct a violation names (`msg-inv: ...`), else the invariant itself. */
function conjunctOf(def: AnyProtocolDef, inv: InvariantDef, message: string): string {
  const m = /^([A-Za-z0-9-]+):/.exec(message);
  return m && findInvariant(def, m[1]!) ? m[1]! : inv.name;
}

function report(t: Target, g: InductDef, inv: InvariantDef, cti: Cti, faults: FaultMask, doReach: boolean, reachTimeMs: number): CtiReport {
  const key = (h: unknown) => g.ghostKey(h);
  const state = stateLines(cti.before, key);
  const after = stateLines(cti.after, key);
  return {
    conjunct: conjunctOf(t.def, inv, cti.message), message: cti.message, event: showEvent(cti.before, cti.event), state, after, diff: diffLines(state, after),
    size: { messages: cti.before.net.size, lines: state.length },
    reachable: doReach ? reachable(t.def, t.variant, t.cfg, worldKey(cti.before, key), key, faults.crash ? { ...faults, duplicate: false } : faults, 200_000, reachTimeMs) : null,
  };
}

/** Runs `induct` on a checked target. */
export async function inductTarget(t: Target, inv: InvariantDef, o: Omit<InductOptions, 'invariant' | keyof TargetOptions>): Promise<InductResult> {
  const g = inductDefOf(t);
  if (o.exhaustive) checkExhaustive(t, inv);
  const faults = t.variant.semantics === 'multiset' && o.faults !== 'off' ? INDUCT_FAULTS : NO_FAULTS;
  const it: InductTarget = { proto: t.variant.build(t.cfg), semantics: t.variant.semantics, invariant: inv, faults };
  const start = Date.now();
  const deadline = o.timeLimitMs === undefined ? Infinity : start + o.timeLimitMs;
  let states = 0, candidates = 0, checks = 0;
  let found: Cti | undefined;
  let stoppedBy: InductResult['stoppedBy'] = null;
  let complete = false;
  const visit = (parts: WorldParts): boolean => {
    const r = checkState(it, parts);
    if (r.kind === 'outside') return true;
    candidates++;
    checks += r.checks;
    if (r.kind === 'cti') {
      found = r.cti;
      return false;
    }
    return true;
  };

  if (o.exhaustive) {
    const limit = o.maxStates ?? Number.MAX_SAFE_INTEGER;
    const r = enumerateChoices(
      (choose) => g.generate(t.variant, t.cfg, choose, 'exhaustive'),
      (parts) => {
        states++;
        if (!visit(parts)) return false;
        if ((states & 1023) === 0 && (Date.now() > deadline || o.shouldStop?.())) return (stoppedBy = o.shouldStop?.() ? 'signal' : 'time'), false;
        return true;
      },
      limit,
    );
    complete = r.complete && found === undefined;
    if (found) stoppedBy = 'cti';
    else if (!r.complete && stoppedBy === null) stoppedBy = 'maxStates';
  } else {
    const seed = (o.seed ?? 0) >>> 0;
    const runs = o.runs ?? 10_000;
    const looseFor = (m: number): InductMode => (inv.name === g.target ? (m === 7 ? 'loose' : 'tight') : m >= 3 ? 'loose' : 'tight');
    const arb = fc.record({ mode: fc.nat({ max: 7 }), choices: fc.array(fc.nat({ max: 1023 }), { maxLength: 240, size: 'max' }) });
    let counting = true;
    const prop = fc.property(arb, (x) => {
      if (counting) states++;
      const parts = g.generate(t.variant, t.cfg, arrayChoices(x.choices), looseFor(x.mode));
      const r = checkState(it, parts);
      if (r.kind === 'outside') return true;
      if (counting) candidates++;
      checks += r.checks;
      if (r.kind === 'cti') counting = false;
      return r.kind !== 'cti';
    });
    const BATCH = 500;
    for (let batch = 0; states < runs; batch++) {
      if (Date.now() > deadline) {
        stoppedBy = 'time';
        break;
      }
      if (o.shouldStop?.()) {
        stoppedBy = 'signal';
        break;
      }
      const out = fc.check(prop, { seed: (seed + Math.imul(batch, 0x9e3779b9)) >>> 0, numRuns: Math.min(BATCH, runs - states) });
      if (out.failed && out.counterexample) {
        const x = out.counterexample[0];
        const m = minimizeParts(it, g.generate(t.variant, t.cfg, arrayChoices(x.choices), looseFor(x.mode)));
        if (m) found = m.verdict.cti;
        stoppedBy = 'cti';
        break;
      }
      if (out.failed) throw new Error(`induct: the property threw: ${String(out.errorInstance)}`);
      await new Promise<void>((res) => setImmediate(res));
    }
    if (stoppedBy === null) stoppedBy = 'runs';
  }
  const elapsedMs = Date.now() - start;
  const cti = found ? report(t, g, inv, found, faults, o.reachability ?? true, o.reachTimeMs ?? 5000) : null;
  return {
    ok: cti === null, mode: o.exhaustive ? 'exhaustive' : 'random', protocol: t.def.name, variant: t.variant.name, config: t.cfg, invariant: inv.name,
    seed: o.exhaustive ? null : (o.seed ?? 0) >>> 0, bounds: g.bounds(t.variant, t.cfg), states, candidates, checks, elapsedMs,
    checksPerSec: Math.round((checks * 1000) / Math.max(1, elapsedMs)), complete, stoppedBy, cti,
  };
}

/** `induct` on a definition (library entry point); throws `InputError` on a bad name, size or option. */
export async function induct(def: AnyProtocolDef, options: InductOptions): Promise<InductResult> {
  const inv = inductInvariant(def, options.invariant);
  const t = targetOf(def, { ...options, invariants: [] });
  return inductTarget(t, inv, options);
}


