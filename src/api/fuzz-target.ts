/**
 * The fuzz run behind the library's `fuzz` and the `fuzz` command: a
 * campaign over a checked target, then the finding shrunk, saved and told as
 * a story to an `Out` (the terminal, or plain text for the library).
 */
import { isAbsolute, relative } from 'node:path';
import { Chalk } from 'chalk';
import { scheduleTarget, type ScheduleTarget } from '../kernel/target.js';
import { runStrategyCampaign, type CampaignProgress } from '../search/campaign.js';
import { fastCheckReplayCommand } from '../corpus/replay-command.js';
import { saveFinding, type RawFinding } from '../cli/findings.js';
import { checkOutDir } from '../cli/out-dir.js';
import type { Out } from '../cli/output.js';
import type { FuzzFinding, FuzzResult, FuzzSettings } from './fuzz.js';
import type { Target } from './target.js';

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

/** Hooks of a fuzz run that can be stopped (the `fuzz` command's worker thread, background.ts). */
export interface FuzzHooks {
  /**
   * Asked between slices of the search: a reason (the signal's name) stops
   * it; a finding made before it is then saved as found, without
   * minimisation, and marked with the reason.
   */
  readonly stopReason?: () => string | undefined;
  /** Called after every slice of the search with the campaign so far. */
  readonly onSlice?: (p: CampaignProgress) => void;
  /** The search found something: called before the finding is minimised and saved. */
  readonly onFound?: (f: PendingFuzzFinding) => void;
  /** The finding is saved. */
  readonly onSaved?: () => void;
}

/** A finding as the search found it, with the campaign that found it (enough to save it unshrunk). */
export interface PendingFuzzFinding extends RawFinding {
  readonly campaign: CampaignProgress;
}

/** A fuzz result, with the reason the run was stopped early (`FuzzHooks.stopReason`), if it was. */
export type StoppableFuzzResult = FuzzResult & { readonly finding: (FuzzFinding & { readonly shrunk?: false }) | null; readonly interrupted?: string };

/** The target actually searched (a variant keeping nothing is checked against every invariant). */
export function searched(t0: Target, liveness: boolean): { t: Target; target: ScheduleTarget; live: boolean } {
  const { t, target } = searchTarget(t0, liveness);
  return { t, target, live: target.decided !== undefined };
}

/**
 * Minimises (unless `s.minimize` is false or `interrupted` is given), saves
 * and tells a finding of a fuzz run: the finding as `fuzz` returns it, with
 * its story as plain text. The `fuzz` command calls it directly for a
 * finding its stopped worker was still minimising.
 */
export function saveFuzzFinding(t0: Target, s: FuzzSettings, o: Out, raw: RawFinding, interrupted?: string): FuzzFinding & { readonly shrunk?: false } {
  const { t } = searched(t0, s.liveness ?? true);
  const story = textOut();
  const both: Out = { c: o.c, json: o.json, say: (line) => (story.say(line), o.say(line)) };
  const saved = saveFinding(both, t, raw.schedule, raw.finding, raw.from, s.out === false ? undefined : (s.out ?? 'counterexamples'), s.minimize ?? true, interrupted);
  return { ...saved, trace: story.lines.join('\n') };
}

/**
 * Fuzzes a checked target; `o` receives the human story (finding, trace,
 * file, replay command). The output directory is checked before the search
 * (`InputError` when it cannot hold the finding).
 */
export function fuzzTarget(t0: Target, s: FuzzSettings, o: Out, hooks: FuzzHooks = {}): StoppableFuzzResult {
  if (s.out !== false) checkOutDir(s.out ?? 'counterexamples', 'out');
  const liveness = s.liveness ?? true;
  const { t, target, live } = searched(t0, liveness);
  const seed = s.seed ?? 0;
  const strategy = s.strategy ?? 'all';
  const stopReason = hooks.stopReason;
  const r = runStrategyCampaign({
    target, strategy, seed, desFaults: s.faults ?? 'swarm',
    runs: s.runs ?? (s.timeLimitMs === undefined ? 1000 : undefined), timeLimitMs: s.timeLimitMs, onProgress: s.onProgress,
    ...(stopReason ? { shouldStop: () => stopReason() !== undefined } : {}), ...(hooks.onSlice ? { onSlice: hooks.onSlice } : {}),
  });
  const f = r.found;
  let finding: (FuzzFinding & { readonly shrunk?: false }) | null = null;
  if (f) {
    const raw: RawFinding = {
      schedule: f.schedule, finding: f.finding,
      from: {
        seed, run: f.run, runSeed: f.runSeed, foundBy: f.strategy, originalSteps: f.originalSteps,
        fastCheck: f.fastCheck && { ...f.fastCheck, liveness: live, replay: fastCheckReplayCommand(target, f.fastCheck.seed, f.fastCheck.path, t.module && modulePathForCommand(t.module)) },
      },
    };
    hooks.onFound?.({ ...raw, campaign: { runs: r.runs, events: r.events, elapsedMs: r.elapsedMs, fingerprint: r.fingerprint, perStrategy: r.perStrategy } });
    finding = saveFuzzFinding(t0, s, o, raw, stopReason?.());
    hooks.onSaved?.();
  }
  const eventsPerSec = r.elapsedMs > 0 ? Math.round((r.events / r.elapsedMs) * 1000) : r.events;
  const interrupted = r.stopped ? stopReason?.() : undefined;
  return {
    ok: finding === null, protocol: t.def.name, variant: t.variant.name, config: t.cfg, seed, strategy, runs: r.runs, runsPerStrategy: r.perStrategy,
    events: r.events, elapsedMs: r.elapsedMs, eventsPerSec, fingerprint: r.fingerprint, invariants: t.invariants.map((i) => i.name), liveness: live, finding,
    ...(interrupted !== undefined ? { interrupted } : {}),
  };
}
