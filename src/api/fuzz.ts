/**
 * `fuzz`: search one protocol variant for a violation with the chosen
 * strategy, stop at the first finding, shrink it (fast-check's shrinking,
 * then the event-level minimiser to a fixpoint) and save it. The library
 * function and the `fuzz` command are this one code path; the command only
 * adds flag parsing and printing.
 */
import { isAbsolute, relative } from 'node:path';
import { Chalk } from 'chalk';
import type { AnyProtocolDef } from '../kernel/definition.js';
import { InputError } from '../kernel/input-error.js';
import type { PortableEvent } from '../kernel/portable.js';
import { scheduleTarget, type ScheduleTarget } from '../kernel/target.js';
import { runStrategyCampaign } from '../search/campaign.js';
import type { FaultMode } from '../search/des/campaign.js';
import { STRATEGY_CHOICES, type StrategyChoice, type StrategyName } from '../search/strategy.js';
import { fastCheckReplayCommand } from '../corpus/replay-command.js';
import { saveFinding, type SavedFinding } from '../cli/findings.js';
import type { Out } from '../cli/output.js';
import { targetOf, type Target, type TargetOptions } from './target.js';

export type { FaultMode, StrategyChoice };

/** Budget and search settings of a fuzz run. */
export interface FuzzSettings {
  /** Campaign seed (default 0 in the library; the CLI draws one at random and prints it). */
  readonly seed?: number;
  /** Run budget (default 1000 when no time limit is given). */
  readonly runs?: number;
  readonly timeLimitMs?: number;
  /** Default `all`: round-robin between every strategy. */
  readonly strategy?: StrategyChoice;
  /** DES fault mode (default `swarm`: every knob drawn per run). */
  readonly faults?: FaultMode;
  /** Check the variant's liveness goal (default: yes, unless `invariants` are named). */
  readonly liveness?: boolean;
  /** Event-level minimisation of a finding (default true). */
  readonly minimize?: boolean;
  /** Directory for the counterexample file (default `counterexamples`); false: do not save. */
  readonly out?: string | false;
  /** Called now and then with progress. */
  readonly onProgress?: (runs: number, events: number) => void;
}

export interface FuzzOptions extends TargetOptions, FuzzSettings {}

/** A finding, shrunk, with its story and (when saved) its file and replay command. */
export interface FuzzFinding extends Omit<SavedFinding, 'file' | 'replay'> {
  /** The counterexample file, when saved. */
  readonly file: string | null;
  /** The command that replays it, when saved. */
  readonly replay: string | null;
  /** The shrunk schedule as executed (portable events). */
  readonly schedule: readonly PortableEvent[];
  /** The shrunk trace and the violation, as plain text. */
  readonly trace: string;
}

export interface FuzzResult {
  readonly ok: boolean;
  readonly protocol: string;
  readonly variant: string;
  readonly config: Readonly<Record<string, number>>;
  readonly seed: number;
  readonly strategy: StrategyChoice;
  readonly runs: number;
  readonly runsPerStrategy: Partial<Record<StrategyName, number>>;
  readonly events: number;
  readonly elapsedMs: number;
  readonly eventsPerSec: number;
  /** Hash of every executed event, in order: same inputs, same fingerprint, on any machine. */
  readonly fingerprint: string;
  readonly invariants: readonly string[];
  readonly liveness: boolean;
  readonly finding: FuzzFinding | null;
}

/** Validates `strategy`. */
export function strategyOf(value: string | undefined, what = 'strategy'): StrategyChoice {
  const s = value ?? 'all';
  if (s === 'combined') return 'all';
  if (!(STRATEGY_CHOICES as readonly string[]).includes(s)) throw new InputError(`${what} must be one of ${STRATEGY_CHOICES.join(', ')}, got "${s}"`);
  return s as StrategyChoice;
}

/** Validates a fault mode. */
export function faultModeOf(value: string | undefined, what = 'faults'): FaultMode {
  const f = value ?? 'swarm';
  if (f !== 'swarm' && f !== 'on' && f !== 'off') throw new InputError(`${what} must be swarm, on or off, got "${value}"`);
  return f;
}

/** The schedule target of a checked target (liveness on unless switched off; a variant keeping nothing is checked against every invariant). */
export function searchTarget(t: Target, liveness: boolean): { t: Target; target: ScheduleTarget } {
  const all = t.invariants.length === 0 ? { ...t, invariants: t.def.invariants.slice() } : t;
  return { t: all, target: scheduleTarget(all.def, all.variant, all.cfg, all.invariants, { liveness }) };
}

/** A module path as the user would type it from the working directory. */
export function modulePathForCommand(module: string): string {
  const rel = relative(process.cwd(), module);
  return rel.startsWith('..') || isAbsolute(rel) ? module : `./${rel}`;
}

/** Collects human text without colour (the library's trace). */
export function textOut(): Out & { readonly lines: string[] } {
  const lines: string[] = [];
  return { c: new Chalk({ level: 0 }), json: false, lines, say: (line = '') => void lines.push(line) };
}

/** Fuzzes a checked target; `o` receives the human story (finding, trace, file, replay command). */
export function fuzzTarget(t0: Target, s: FuzzSettings, o: Out): FuzzResult {
  const liveness = s.liveness ?? true;
  const { t, target } = searchTarget(t0, liveness);
  const seed = s.seed ?? 0;
  const strategy = s.strategy ?? 'all';
  const r = runStrategyCampaign({
    target, strategy, seed, desFaults: s.faults ?? 'swarm',
    runs: s.runs ?? (s.timeLimitMs === undefined ? 1000 : undefined), timeLimitMs: s.timeLimitMs, onProgress: s.onProgress,
  });
  const f = r.found;
  const live = target.decided !== undefined;
  let finding: FuzzFinding | null = null;
  if (f) {
    const story = textOut();
    const both: Out = { c: o.c, json: o.json, say: (line) => (story.say(line), o.say(line)) };
    const saved = saveFinding(both, t, f.schedule, f.finding, {
      seed, run: f.run, runSeed: f.runSeed, foundBy: f.strategy, originalSteps: f.originalSteps,
      fastCheck: f.fastCheck && { ...f.fastCheck, liveness: live, replay: fastCheckReplayCommand(target, f.fastCheck.seed, f.fastCheck.path, t.module && modulePathForCommand(t.module)) },
    }, s.out === false ? undefined : (s.out ?? 'counterexamples'), s.minimize ?? true);
    finding = { ...saved, trace: story.lines.join('\n') };
  }
  const eventsPerSec = r.elapsedMs > 0 ? Math.round((r.events / r.elapsedMs) * 1000) : r.events;
  return {
    ok: finding === null, protocol: t.def.name, variant: t.variant.name, config: t.cfg, seed, strategy, runs: r.runs, runsPerStrategy: r.perStrategy,
    events: r.events, elapsedMs: r.elapsedMs, eventsPerSec, fingerprint: r.fingerprint, invariants: t.invariants.map((i) => i.name), liveness: live, finding,
  };
}

/**
 * Fuzzes `def` (library entry point). Throws `InputError` on a bad variant,
 * size or option; returns the result, with the shrunk finding if one was found.
 */
export function fuzz(def: AnyProtocolDef, options: FuzzOptions = {}): FuzzResult {
  const t = targetOf(def, options);
  strategyOf(options.strategy);
  faultModeOf(options.faults);
  if (options.runs !== undefined && (!Number.isInteger(options.runs) || options.runs < 1)) throw new InputError(`runs must be a positive integer, got ${options.runs}`);
  const liveness = options.liveness ?? options.invariants === undefined;
  return fuzzTarget(t, { ...options, liveness }, textOut());
}
