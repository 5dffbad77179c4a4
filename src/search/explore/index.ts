/**
 * Public surface of the explorer, for the CLI and tests.
 *
 * - `explore(opts)`: BFS over a protocol instance (bfs.ts).
 * - `exploreVariant(opts)`: the same for a registered variant, with its
 *   semantics, kept invariants, optional symmetry and ballot bound.
 * - `exploreReference(opts)`: the slow kernel-driven oracle (tests only).
 */
export { explore, exploreVariant, type ExploreVariantOptions, type ExploreVariantResult } from './bfs.js';
export type { ExploreOptions, ExploreProgress, ExploreResult, ExploreViolation, GhostMode, Identity, Move } from './types.js';
export type { Symmetry, SymmetryPerm } from './symmetry.js';
export { exploreReference, type ReferenceOptions, type ReferenceResult } from './reference.js';
export { collisionProbability } from './fpset.js';
