/**
 * What happens to a finding: minimise it, save it as a counterexample file,
 * print its trace and the command that replays it.
 */
import { relative, resolve, sep } from 'node:path';
import type { Finding, FindingKind } from '../kernel/finding.js';
import { writeCounterexample, FORMAT, type CounterexampleFile } from '../corpus/counterexample.js';
import { replaySchedule, type ReplayTarget } from '../corpus/replay.js';
import { shrinkFinding, type ShortestVerdict } from '../shrink/shortest.js';
import type { PortableEvent } from '../kernel/portable.js';
import type { Target } from './args.js';
import type { FastCheckProvenance } from '../search/strategy.js';
import { printCounterexampleStory } from './trace.js';
import type { Out } from './output.js';
import { buildReport } from '../report/model.js';
import { htmlPathFor, writeHtmlReport } from '../report/write.js';

export interface SavedFinding {
  readonly kind: FindingKind;
  readonly invariant: string;
  readonly message: string;
  readonly steps: number;
  readonly originalSteps: number;
  /** The counterexample file (null when not saved). */
  readonly file: string | null;
  /** The command that replays it (null when not saved). */
  readonly replay: string | null;
  /** The saved schedule (portable events). */
  readonly schedule: readonly PortableEvent[];
  /** Who found it (strategy name). */
  readonly foundBy: string;
  /** Steps after fast-check's own shrinking, before event-level minimisation (fast-check findings). */
  readonly shrunkSteps?: number;
  /** fast-check coordinates and the `replay --seed --path` command (fast-check findings). */
  readonly fastCheck?: { readonly seed: number; readonly path: string; readonly replay: string };
  /** False when a signal stopped the run before the event-level minimiser ran: the schedule is as found. */
  readonly shrunk?: false;
  /** The HTML report written next to the file (null when not saved, or when writing it failed). */
  readonly html?: string | null;
  /** What the breadth-first stage after the minimiser concluded (absent when nothing was shrunk). */
  readonly shortest?: ShortestVerdict;
}

export function replayTarget(t: Target): ReplayTarget {
  return { proto: t.variant.build(t.cfg), invariants: t.invariants, semantics: t.variant.semantics, decided: t.variant.liveness === 'never' ? undefined : t.def.decided };
}

/** Fingerprint of a schedule as the kernel executes it. */
export function scheduleFingerprint(t: ReplayTarget, schedule: readonly PortableEvent[]): string {
  return replaySchedule(t, schedule, { stopAtFinding: false }).fingerprint;
}

export interface Provenance {
  readonly seed: number | null;
  readonly run: number | null;
  readonly runSeed: number | null;
  /** The strategy that found it: `des`, `uniform`, `swarm`, `pct`, `fast-check`, `explore`... */
  readonly foundBy: string;
  /** Steps of the failing run as found, before any shrinking (default: the given schedule's length). */
  readonly originalSteps?: number;
  /** fast-check coordinates of the failure, and the command that replays it from them. */
  readonly fastCheck?: FastCheckProvenance & { readonly replay: string; /** Whether the liveness goal was checked. */ readonly liveness: boolean };
  /** The breadth-first stage's verdict, when the caller shrank the schedule itself (and saves it without minimising). */
  readonly shortest?: ShortestVerdict;
}

/** A module's path as a counterexample file in `outDir` records it: relative to that directory, with forward slashes. */
export function moduleFrom(outDir: string, module: string): string {
  const rel = relative(resolve(outDir), module).split(sep).join('/');
  return rel.startsWith('.') ? rel : `./${rel}`;
}

/** A finding as the search handed it over, before it is minimised and saved (what `saveFinding` takes). */
export interface RawFinding {
  readonly schedule: PortableEvent[];
  readonly finding: Finding;
  readonly from: Provenance;
}

/** How the breadth-first stage ended, as the line after "shrunk from A to B steps" says it. */
function shortestText(v: ShortestVerdict, t: Target): string {
  if (v.searchedDepth === null) return `; no breadth-first search (${v.note})`;
  const among = t.variant.semantics === 'set' ? '' : v.faults === 'on' ? ' among schedules with at most 2 faults' : ' among fault-free schedules';
  const note = v.note !== undefined ? ` (${v.note})` : '';
  if (v.steps < v.before && v.restricted) return `, then to ${v.steps} by breadth-first search among the story's own moves (not proved shortest: the unrestricted search's budget ran out at depth ${v.searchedDepth})`;
  if (v.steps < v.before) return `, then to ${v.steps} by breadth-first search: shortest at this configuration${among}`;
  if (v.proved) return `; breadth-first search: no shorter story within depth ${v.searchedDepth}${among} (proved)${note}`;
  return `; breadth-first search: budget ran out at depth ${v.searchedDepth} (not proved shortest)${note}`;
}

/** The verdict as a file records it: without its wall time, so the file stays a function of the finding whenever the search completes. */
function withoutTime({ elapsedMs: _ms, ...v }: ShortestVerdict): Omit<ShortestVerdict, 'elapsedMs'> {
  return v;
}

/**
 * Minimises (unless told not to), then searches breadth-first for a shorter
 * story (src/shrink/shortest.ts), saves and prints a finding. With
 * `interrupted` (the signal that stopped the run) it is saved as found,
 * without minimisation, and marked so: `"shrunk": false` and
 * `"interrupted": SIGNAL` in the file, `shrunk: false` in what is returned.
 */
export function saveFinding(o: Out, t: Target, schedule: PortableEvent[], finding: Finding, from: Provenance, outDir: string | undefined, doMinimize = true, interrupted?: string): SavedFinding {
  const rt = replayTarget(t);
  const originalSteps = from.originalSteps ?? schedule.length;
  let final = { schedule, finding };
  let shortest = interrupted === undefined ? from.shortest : undefined;
  if (doMinimize && interrupted === undefined) {
    const s = shrinkFinding(t, rt, schedule, finding);
    final = { schedule: s.schedule, finding: s.finding };
    shortest = s.shortest;
  }
  const check = replaySchedule(rt, final.schedule, { checkLiveness: final.finding.kind === 'liveness' });
  const fc = from.fastCheck;
  const cx: CounterexampleFile & { fastCheck?: unknown; shrunk?: false; interrupted?: string; shortest?: Omit<ShortestVerdict, 'elapsedMs'> } = {
    format: FORMAT, protocol: t.def.name, ...(t.module ? { module: moduleFrom(outDir ?? '.', t.module) } : {}), variant: t.variant.name, config: t.cfg, invariants: t.invariants.map((i) => i.name),
    semantics: t.variant.semantics, seed: from.seed, run: from.run, runSeed: from.runSeed, foundBy: from.foundBy,
    violation: final.finding, originalSteps, steps: final.schedule.length, fingerprint: check.fingerprint, schedule: final.schedule,
    ...(fc ? { fastCheck: { seed: fc.seed, path: fc.path, encoding: fc.encoding, liveness: fc.liveness, numRuns: fc.numRuns, numShrinks: fc.numShrinks, shrunkSteps: fc.shrunkSteps, replay: fc.replay } } : {}),
    ...(interrupted !== undefined ? { shrunk: false as const, interrupted } : {}),
    ...(shortest !== undefined ? { shortest: withoutTime(shortest) } : {}),
  };
  const file = outDir === undefined ? null : writeCounterexample(outDir, cx);
  const replay = file === null ? null : `npx paxos-sim replay ${file}`;
  const model = buildReport(cx, t, file === null ? {} : { replayPath: htmlPathFor(file) });
  // The page is a picture of the saved file: failing to write it must not lose the finding.
  let html: string | null = null;
  let htmlError: string | undefined;
  if (file !== null)
    try {
      writeHtmlReport(htmlPathFor(file), cx, t, { jsonFile: file, model });
      html = htmlPathFor(file);
    } catch (e) {
      htmlError = String((e as Error).message ?? e).split('\n')[0];
    }
  o.say(o.c.red.bold(`\nFOUND ${finding.kind} violation of ${finding.invariant}`) + ` in ${t.def.name}/${t.variant.name} ${JSON.stringify(t.cfg)}`);
  if (from.seed !== null) o.say(`  seed ${from.seed}, run ${from.run} (run seed ${from.runSeed}), found by ${from.foundBy}`);
  if (fc) o.say(`  fast-check: seed ${fc.seed}, path "${fc.path}", ${fc.numRuns} runs, ${fc.numShrinks} shrinks (${originalSteps} -> ${fc.shrunkSteps} steps)`);
  if (interrupted !== undefined) o.say(o.c.yellow(`  NOT SHRUNK: ${interrupted} stopped the run first; saved as found, ${final.schedule.length} steps\n`));
  else if (shortest !== undefined) {
    const slipped = final.finding.invariant !== finding.invariant ? `; the shortest story it reached breaks ${final.finding.invariant}, not ${finding.invariant}` : '';
    o.say(`  shrunk from ${originalSteps} to ${shortest.before} steps (event-level minimiser to a fixpoint${slipped})${shortestText(shortest, t)}\n`);
  }
  else o.say(`  shrunk from ${originalSteps} to ${final.schedule.length} steps${doMinimize ? ' (event-level minimiser to a fixpoint)' : ''}\n`);
  printCounterexampleStory(o, cx, t, model);
  if (file !== null) o.say(`\n  saved ${file}\n  replay: ${replay}`);
  if (html !== null) o.say(`  report: ${html}`);
  if (htmlError !== undefined) o.say(o.c.yellow(`  (the HTML report could not be written: ${htmlError})`));
  if (fc) o.say(`  replay from fast-check's seed and path: ${fc.replay}`);
  return {
    kind: final.finding.kind, invariant: final.finding.invariant, message: final.finding.message, steps: final.schedule.length, originalSteps, file, replay, schedule: final.schedule,
    foundBy: from.foundBy, ...(fc ? { shrunkSteps: fc.shrunkSteps, fastCheck: { seed: fc.seed, path: fc.path, replay: fc.replay } } : {}),
    ...(interrupted !== undefined ? { shrunk: false as const } : {}), ...(file !== null ? { html } : {}), ...(shortest !== undefined ? { shortest } : {}),
  };
}
