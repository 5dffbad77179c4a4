/**
 * Public surface of the explorer, for the CLI and tests.
 *
 * - `explore(opts)`: BFS over a protocol instance (bfs.ts).
 * - `exploreVariant(opts)`: the same for a registered variant, with its
 *   semantics, kept invariants, optional symmetry and ballot bound.
 * - `exploreReference(opts)`: the slow kernel-driven oracle (tests only).
 * - `symmetryFor`, `constraintFor`: what a protocol variant allows.
 */
export { explore, exploreVariant, type ExploreVariantOptions, type ExploreVariantResult } from './bfs.js';
export type { ExploreOptions, ExploreProgress, ExploreResult, ExploreViolation, GhostMode, Identity } from './types.js';
export { symmetryFor } from './symmetries.js';
export type { Symmetry, SymmetryPerm } from './symmetry.js';
export { classicBallotConstraint, constraintFor } from './constraints.js';
export { exploreReference, type ReferenceOptions, type ReferenceResult } from './reference.js';
export { collisionProbability } from './fpset.js';
