/** Search strategies (see `strategy.ts`): uniform, swarm, PCT, the seeded DES and fast-check, alone or round-robin, run by one campaign runner. */
export * from './strategy.js';
export { runStrategyCampaign, strategyFor, fastCheckSeed, SLICE_RUNS, type StrategyCampaignSpec, type StrategyCampaignResult } from './campaign.js';
export { runFastCheck, scheduleProperty, fastCheckStrategy, type FastCheckOutcome } from '../shrink/fast-check.js';
export { runPolicy, schedulingStrategy, pickerPolicy, type Picker, type PickerFactory } from './scheduler.js';
export { runDes } from './des/simulator.js';
export type { Policy, Observer } from '../kernel/execution.js';
