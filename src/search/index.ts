/** Search strategies (see `types.ts`): uniform, swarm, PCT, the seeded DES and fast-check, alone or round-robin. */
export * from './strategy.js';
export { runStrategyCampaign, strategyFor, fastCheckSeed, SLICE_RUNS, type StrategyCampaignSpec, type StrategyCampaignResult } from './campaign.js';
export { runFastCheck, scheduleProperty, fastCheckStrategy, type FastCheckOutcome } from '../shrink/fast-check.js';
export { runPolicy, schedulingStrategy, type Policy } from './scheduler.js';
