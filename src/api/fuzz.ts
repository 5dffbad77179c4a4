/**
 * `fuzz`: search one protocol variant for a violation with the chosen
 * strategy, stop at the first finding, shrink it (fast-check's shrinking,
 * then the event-level minimiser to a fixpoint) and save it. The library
 * function and the `fuzz` command are one code path (`fuzz-target.ts`); the
 * command only adds flag parsing and printing.
 */
import type { AnyProtocolDef } from '../kernel/definition.js';
import { InputError } from '../kernel/input-error.js';
import type { PortableEvent } from '../kernel/portable.js';
import type { ShortestVerdict } from '../shrink/shortest.js';
import type { FaultMode } from '../search/des/options.js';
import { STRATEGY_CHOICES, type StrategyChoice, type StrategyName } from '../search/strategy.js';
import { fuzzTarget, textOut } from './fuzz-target.js';
import { targetOf, type TargetOptions } from './target.js';

export type { FaultMode, StrategyChoice };

/** Budget and search settings of a fuzz run. */
export interface FuzzSettings {
  /** Campaign seed (default 0 in the library; the CLI draws one at random and prints it). */
  readonly seed?: number;
  /** Run budget (default 1000 when no time limit is given). */
  readonly runs?: number;
  readonly timeLimitMs?: number;
  /** Default `all`: every strategy, turns given by a bandit rewarding new coverage per unit of work. */
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
export interface FuzzFinding {
  readonly kind: 'safety' | 'liveness' | 'crash';
  /** The invariant that broke (`liveness` or `crash` for those kinds). */
  readonly invariant: string;
  /** The invariant's explanation, with its witnesses. */
  readonly message: string;
  /** Steps of the shrunk counterexample, and of the failing run as found. */
  readonly steps: number;
  readonly originalSteps: number;
  /** The strategy that found it. */
  readonly foundBy: string;
  /** Steps after fast-check's own shrinking, before event-level minimisation (fast-check findings). */
  readonly shrunkSteps?: number;
  /** fast-check coordinates and the command that replays from them (fast-check findings). */
  readonly fastCheck?: { readonly seed: number; readonly path: string; readonly replay: string };
  /** What breadth-first search for a shorter story concluded after the minimiser (absent when not minimised). */
  readonly shortest?: ShortestVerdict;
  /** The counterexample file, when saved. */
  readonly file: string | null;
  /** The command that replays it, when saved. */
  readonly replay: string | null;
  /** The HTML report written next to the file (null if it could not be written), when saved. */
  readonly html?: string | null;
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
