/** Public surface of the `paxosstore` protocol (see `paxosstore.ts` for the essay). */
export { paxosstoreDef, validatePaxosstore, DEFAULT_MAX_BALLOT } from './paxosstore.js';
export { paxosstoreVariants, psConfig, SEED_RULES, TPAXOS_RULES, ALL_INVARIANTS } from './variants.js';
export { paxosstoreInvariants, consistency, agreement, oneValuePerBallot, votesSafe, votesSafeIn } from './invariants.js';
export { buildSpec, specActionKey, type SpecAction } from './spec.js';
export { buildImpl, initialProcess, SpecDriftError, type Process, type Phase } from './impl.js';
export type { PsProtocol, Level } from './instance.js';
export type { PsConfig } from './config.js';
export type { Msg, MsgType } from './messages.js';
export type { Rec, Row } from './types.js';
export type { History, GhostEvent, Cast } from './ghost.js';
