/**
 * The fuzz run behind the library's `fuzz` and the `fuzz` command: a
 * campaign over a checked target, then the finding shrunk, saved and told as
 * a story to an `Out` (the terminal, or plain text for the library).
 */
import { isAbsolute, relative } from 'node:path';
import { Chalk } from 'chalk';
import { scheduleTarget, type ScheduleTarget } from '../kernel/target.js';
import { runStrategyCampaign } from '../search/campaign.js';
import { fastCheckReplayCommand } from '../corpus/replay-command.js';
import { saveFinding } from '../cli/findings.js';
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

