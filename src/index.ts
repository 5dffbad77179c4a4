/**
 * paxos-sim as a library: `import { defineProtocol, fuzz, explore, replay,
 * minimize, checkProtocol } from 'paxos-sim'`.
 *
 * - Write a protocol as a pure value (`Protocol`: handlers return a new state
 *   and an outbox of commands) and describe it with `defineProtocol` (sizes,
 *   variants, invariants, liveness goal, known bugs, explorer bounds).
 * - Check it from your own tests with `checkProtocol`, or drive the searches
 *   directly with `fuzz`, `explore`, `replay` and `minimize`.
 * - Point the CLI at the built module: `npx paxos-sim fuzz --protocol ./my-protocol.js`.
 */
export { defineProtocol, protocolDefProblem } from './kernel/define-protocol.js';
export { InputError } from './kernel/input-error.js';
export { NO_COMMANDS, unchanged } from './kernel/protocol.js';
export { avalanche, foldInt, foldStr, HASH_START } from './kernel/hash.js';
export type { Command, Ghost, NetView, NodeId, Outcome, Protocol, AnyProtocol } from './kernel/protocol.js';
export type {
  AnyProtocolDef, BugDef, Config, ExploreDef, InvariantDef, MutantDef, ParamDef, ProtocolDef, SearchBudget, SuiteDef, Symmetry, SymmetryPerm, VariantDef,
  Choose, InductDef, InductMode,
} from './kernel/definition.js';
export type { WorldParts } from './kernel/assemble.js';
export type { WorldView, AnyWorldView } from './kernel/view.js';
export type { Semantics } from './kernel/network.js';
export type { Finding, FindingKind } from './kernel/finding.js';
export type { PortableEvent } from './kernel/portable.js';
export { nonIdentityPermutations } from './kernel/permutations.js';

export { fuzz, type FuzzOptions, type FuzzResult, type FuzzFinding, type FuzzSettings, type StrategyChoice, type FaultMode } from './api/fuzz.js';
export { explore, type ExploreOptions, type ExploreOutcome } from './api/explore.js';
export { induct, type InductOptions, type InductResult, type CtiReport } from './api/induct.js';
export { replay, loadCounterexample, type ReplayResult } from './api/replay.js';
export { minimize, type MinimizeOptions, type MinimizeResult } from './api/minimize.js';
export type { ShortestVerdict } from './shrink/shortest.js';
export { checkProtocol, checkKnownBugs, checkBug, CheckFailure, type CheckOptions, type Environment } from './api/check.js';
export { knownBugs, type KnownBug } from './search/known-bugs.js';
export type { TargetOptions } from './api/target.js';
export type { CounterexampleFile } from './corpus/counterexample.js';

export { protocols as builtinProtocols } from './protocols/index.js';
export { loadProtocol } from './protocols/load.js';
export { paxosDef } from './protocols/paxos/index.js';
export { paxosstoreDef } from './protocols/paxosstore/index.js';
