/**
 * The DES-only campaign of earlier versions, kept as a thin wrapper for
 * callers that still use it: it is the one campaign runner
 * (`src/search/campaign.ts`) with strategy `des`. New code calls
 * `runStrategyCampaign` with a `ScheduleTarget` directly.
 */
import type { Config, InvariantDef, ProtocolDef, VariantDef } from '../../kernel/definition.js';
import { scheduleTarget } from '../../kernel/target.js';
import { runStrategyCampaign, type StrategyCampaignResult } from '../campaign.js';
import type { FaultMode } from './options.js';

export type { FaultMode } from './options.js';

export interface CampaignSpec {
  readonly def: ProtocolDef;
  readonly variant: VariantDef;
  readonly cfg: Config;
  readonly invariants: readonly InvariantDef[];
  readonly seed: number;
  /** Stop after this many runs (default 1000 when no time limit is given). */
  readonly runs?: number;
  /** Stop after this much wall time (if given); timing only limits the budget, never a run. */
  readonly timeLimitMs?: number;
  readonly faults: FaultMode;
  /** Skip the liveness phase (search for safety violations only). */
  readonly noLiveness?: boolean;
  /** Called every so often with progress. */
  readonly onProgress?: (runs: number, events: number) => void;
}

/** @deprecated `runStrategyCampaign({ target, strategy: 'des', desFaults })`. */
export function runCampaign(c: CampaignSpec): StrategyCampaignResult {
  const target = scheduleTarget(c.def, c.variant, c.cfg, c.invariants, { liveness: !c.noLiveness });
  return runStrategyCampaign({ target, strategy: 'des', seed: c.seed, runs: c.runs, timeLimitMs: c.timeLimitMs, desFaults: c.faults, onProgress: c.onProgress });
}
