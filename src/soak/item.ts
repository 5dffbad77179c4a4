/**
 * One work item of a soak, as a worker thread runs it: a bounded fuzz
 * campaign of one case (exactly the campaign `paxos-sim fuzz` runs with the
 * item's flags, so its fingerprint is the same), or a canary run of a known
 * mutant. A finding is handed over as found (`onFound`, so a stop loses
 * nothing) and then shrunk (the event-level minimiser, then breadth-first
 * search for a shorter story); saving it is the supervisor's job, which
 * deduplicates findings across items.
 */
import { targetOf } from '../api/target.js';
import { modulePathForCommand, searched } from '../api/fuzz-target.js';
import { catalogue, runMutant } from '../api/mutants.js';
import { fastCheckReplayCommand } from '../corpus/replay-command.js';
import { replayTarget, type RawFinding } from '../cli/findings.js';
import type { AnyProtocolDef, Config } from '../kernel/definition.js';
import type { Finding } from '../kernel/finding.js';
import type { PortableEvent } from '../kernel/portable.js';
import { protocols } from '../protocols/index.js';
import { loadProtocol } from '../protocols/load.js';
import { runStrategyCampaign } from '../search/campaign.js';
import type { StrategyChoice, StrategyName } from '../search/strategy.js';
import { shrinkFinding } from '../shrink/shortest.js';

/** What a worker is asked to run (plain data). */
export type ItemSpec =
  | {
      readonly kind: 'case';
      readonly id: number;
      /** A built-in protocol name, or a module's absolute path. */
      readonly protocol: string;
      readonly module?: string;
      readonly variant: string;
      readonly config: Config;
      readonly seed: number;
      readonly runs: number;
      readonly strategy: StrategyChoice;
      /** Safety cap on wall time (the item is normally bounded by its runs). */
      readonly timeLimitMs: number;
    }
  | {
      readonly kind: 'canary';
      readonly id: number;
      /** The mutant's variant name in the catalogue of `modules` and the built-in protocols. */
      readonly mutant: string;
      readonly modules: readonly string[];
      readonly seed: number;
      readonly runs: number;
      readonly timeLimitMs: number;
    };

/** What an item reports when done. */
export interface ItemResult {
  readonly id: number;
  readonly runs: number;
  readonly events: number;
  readonly elapsedMs: number;
  readonly fingerprint: string;
  readonly perStrategy: Partial<Record<StrategyName, number>>;
  /** Stopped by the stop flag or the time cap before its runs were done. */
  readonly partial: boolean;
  /** The shrunk finding (case items), with how it was found and how it was shrunk. */
  readonly finding: { readonly schedule: PortableEvent[]; readonly finding: Finding; readonly raw: RawFinding } | null;
  /** Canary items: whether the mutant's bug was caught, and how. */
  readonly caught?: boolean;
  readonly invariant?: string | null;
}

export interface ItemHooks {
  readonly shouldStop: () => boolean;
  readonly onProgress: (runs: number, events: number) => void;
  readonly onFound: (raw: RawFinding) => void;
}

const loaded = new Map<string, AnyProtocolDef>();

async function defOf(spec: string): Promise<AnyProtocolDef> {
  let d = loaded.get(spec);
  if (d === undefined) loaded.set(spec, (d = (await loadProtocol(spec)).def));
  return d;
}

/** Runs one item. */
export async function runItem(spec: ItemSpec, hooks: ItemHooks): Promise<ItemResult> {
  if (spec.kind === 'canary') {
    const defs = [...(await Promise.all(spec.modules.map(defOf))), ...protocols];
    const m = catalogue(defs).find((x) => x.variant.name === spec.mutant);
    if (m === undefined) throw new Error(`canary mutant ${spec.mutant} is not in the catalogue`);
    const r = runMutant(m, { seed: spec.seed, runs: spec.runs, timeLimitMs: spec.timeLimitMs, shrink: false, shouldStop: hooks.shouldStop });
    return { id: spec.id, runs: r.runs, events: r.events, elapsedMs: r.timeToDetectMs, fingerprint: r.fingerprint, perStrategy: {}, partial: r.stopped, finding: null, caught: r.caught, invariant: r.invariant };
  }
  const def = await defOf(spec.module ?? spec.protocol);
  const t0 = targetOf(def, { variant: spec.variant, config: spec.config, ...(spec.module ? { module: spec.module } : {}) });
  const { t, target, live } = searched(t0, true);
  const r = runStrategyCampaign({
    target, strategy: spec.strategy, seed: spec.seed, desFaults: 'swarm', runs: spec.runs, timeLimitMs: spec.timeLimitMs,
    shouldStop: hooks.shouldStop, onSlice: (p) => hooks.onProgress(p.runs, p.events),
  });
  const partial = r.found === undefined && r.runs < spec.runs;
  if (r.found === undefined) return { id: spec.id, runs: r.runs, events: r.events, elapsedMs: r.elapsedMs, fingerprint: r.fingerprint, perStrategy: r.perStrategy, partial, finding: null };
  const f = r.found;
  const raw: RawFinding = {
    schedule: f.schedule, finding: f.finding,
    from: {
      seed: spec.seed, run: f.run, runSeed: f.runSeed, foundBy: f.strategy, originalSteps: f.originalSteps,
      fastCheck: f.fastCheck && { ...f.fastCheck, liveness: live, replay: fastCheckReplayCommand(target, f.fastCheck.seed, f.fastCheck.path, t.module && modulePathForCommand(t.module)) },
    },
  };
  hooks.onFound(raw);
  const s = shrinkFinding(t, replayTarget(t), f.schedule, f.finding);
  // The verdict travels with the provenance: the supervisor saves the story without shrinking it again.
  const shrunk: RawFinding = { ...raw, from: { ...raw.from, shortest: s.shortest } };
  return {
    id: spec.id, runs: r.runs, events: r.events, elapsedMs: r.elapsedMs, fingerprint: r.fingerprint, perStrategy: r.perStrategy, partial: false,
    finding: { schedule: s.schedule, finding: s.finding, raw: shrunk },
  };
}
