/**
 * A fuzz campaign: many seeded DES runs of one protocol variant, stopping at
 * the first finding. Run i uses seed `runSeed(seed, i)`; its fault knobs come
 * from the same seed (swarm), so a finding is reproducible from
 * (seed, run index) alone, and the campaign fingerprint hashes every executed
 * event of every run in order.
 */
import { Prng, runSeed } from '../../kernel/choice/prng.js';
import type { PortableEvent } from '../../kernel/portable.js';
import type { Finding } from '../../kernel/finding.js';
import { Hasher } from '../../kernel/hash.js';
import type { Config, InvariantDef, ProtocolDef, VariantDef } from '../../kernel/definition.js';
import { runDes, type RunSpec } from './simulator.js';
import { DEFAULT_OPTIONS, faultyOptions, swarmOptions, type SimOptions } from './options.js';

/** `swarm`: every knob drawn per run; `on`: a fixed moderate fault mix; `off`: no faults. */
export type FaultMode = 'swarm' | 'on' | 'off';

export interface CampaignSpec {
  readonly def: ProtocolDef;
  readonly variant: VariantDef;
  readonly cfg: Config;
  readonly invariants: readonly InvariantDef[];
  readonly seed: number;
  /** Stop after this many runs (if given). */
  readonly runs?: number;
  /** Stop after this much wall time (if given); timing only limits the budget, never a run. */
  readonly timeLimitMs?: number;
  readonly faults: FaultMode;
  /** Skip the liveness phase (search for safety violations only). */
  readonly noLiveness?: boolean;
  /** Called every so often with progress. */
  readonly onProgress?: (runs: number, events: number) => void;
}

export interface CampaignFinding {
  readonly run: number;
  readonly runSeed: number;
  readonly options: SimOptions;
  readonly finding: Finding;
  /** The executed schedule of the failing run, up to the finding. */
  readonly schedule: PortableEvent[];
}

export interface CampaignResult {
  readonly runs: number;
  readonly events: number;
  readonly elapsedMs: number;
  readonly fingerprint: string;
  readonly found: CampaignFinding | undefined;
}

/** The options of run `i` (pure function of the campaign seed and the fault mode). */
export function runOptions(mode: FaultMode, rs: number, nodes: number): SimOptions {
  if (mode === 'off') return { ...DEFAULT_OPTIONS, liveness: true };
  if (mode === 'on') return faultyOptions(nodes);
  return swarmOptions(new Prng(`swarm:${rs}`), nodes);
}

/** The DES run spec for one run of a campaign. */
export function runSpecFor(c: Pick<CampaignSpec, 'def' | 'variant' | 'cfg' | 'invariants' | 'noLiveness'>, rs: number, options: SimOptions, proto = c.variant.build(c.cfg)): RunSpec {
  const liveness = c.noLiveness ? 'never' : c.variant.liveness;
  return {
    proto,
    invariants: c.invariants,
    options,
    seed: rs,
    semantics: c.variant.semantics,
    decided: liveness === 'never' ? undefined : c.def.decided,
    livenessFaultFreeOnly: liveness === 'fault-free',
    crashable: c.def.crashable ? (node) => c.def.crashable!(c.cfg, node) : undefined,
  };
}

export function runCampaign(c: CampaignSpec): CampaignResult {
  const hasher = new Hasher();
  const start = Date.now();
  const proto = c.variant.build(c.cfg); // a pure value: one instance serves every run
  const nodes = proto.nodeCount;
  let events = 0;
  let runs = 0;
  const maxRuns = c.runs ?? (c.timeLimitMs === undefined ? 1000 : Number.POSITIVE_INFINITY);
  while (runs < maxRuns) {
    if (c.timeLimitMs !== undefined && Date.now() - start >= c.timeLimitMs) break;
    const rs = runSeed(c.seed, runs);
    const options = runOptions(c.faults, rs, nodes);
    const r = runDes({ ...runSpecFor(c, rs, options, proto), hasher });
    runs++;
    events += r.events;
    if (r.finding !== undefined) {
      // Re-run the same seed with recording on: the schedule as executed.
      const rec = runDes({ ...runSpecFor(c, rs, options, proto), record: true });
      return {
        runs, events, elapsedMs: Date.now() - start, fingerprint: hasher.hex(),
        found: { run: runs - 1, runSeed: rs, options, finding: rec.finding ?? r.finding, schedule: rec.schedule },
      };
    }
    if (c.onProgress && runs % 200 === 0) c.onProgress(runs, events);
  }
  return { runs, events, elapsedMs: Date.now() - start, fingerprint: hasher.hex(), found: undefined };
}
