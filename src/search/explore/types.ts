/** Options and results of the breadth-first explorer (`explore` in bfs.ts). */
import type { AnyWorldView } from '../../kernel/view.js';
import type { Event } from '../../kernel/events.js';
import type { Semantics } from '../../kernel/network.js';
import type { AnyProtocol } from '../../kernel/protocol.js';
import type { InvariantDef } from '../../kernel/definition.js';
import type { FaultMask, World } from '../../kernel/world.js';
import type { GhostMode } from './succ.js';
import type { Identity } from './model.js';
import type { Symmetry } from './symmetry.js';

export type { GhostMode, Identity };

export interface ExploreOptions {
  /** The protocol instance to explore. */
  readonly proto: AnyProtocol;
  /** Network semantics: `set` for spec-level protocols (TLC conformance), `multiset` for implementation level. */
  readonly semantics: Semantics;
  /** Invariants checked on every new state (in list order; the first failing one is reported). */
  readonly invariants?: readonly InvariantDef[];
  /** Fault events explored besides protocol steps (default none). Drop/duplicate apply to `multiset` only. */
  readonly faults?: FaultMask;
  /**
   * At most this many fault events (drop, duplicate, crash, partition; recover and heal are
   * free) on any path; the budget left is part of the state. Bounds models that faults make
   * infinite (crash-recover loops that resend), like a TLC model with a fault counter.
   */
  readonly maxFaults?: number;
  /** Stop once this many distinct states are found (default unbounded). */
  readonly maxStates?: number;
  /** Explore at most this many BFS levels, the initial state being level 1 (default unbounded). */
  readonly maxDepth?: number;
  /** Stop after this much wall time (default unbounded). */
  readonly timeLimitMs?: number;
  /**
   * Stop once the process's resident memory exceeds this many bytes (checked
   * every 256 expansions): the search ends cleanly, incomplete, with its
   * statistics, instead of dying when an allocation fails.
   */
  readonly maxMemoryBytes?: number;
  /** Polled every 256 expansions; true stops the search (a signal, for the CLI). */
  readonly shouldStop?: () => boolean;
  /**
   * Ghost history handling (default `path` under `set` semantics, `fingerprint` under `multiset`):
   * - `fingerprint`: the set of ghost events recorded so far is part of the state, so
   *   ghost-based invariants are checked exactly (more states);
   * - `path`: as TLC — the state is only what the protocol sees; each state carries the
   *   ghost of the first (hence a shortest) path that reached it. State-based invariants are
   *   exact; ghost-based ones are checked along those paths only (a found violation is real,
   *   but one reachable only along a later path to an already visited state can be missed);
   * - `off`: no ghost at all (fastest); an invariant that reads the ghost throws.
   */
  readonly ghost?: GhostMode;
  /** Symmetry reduction (see symmetries.ts for which protocols allow which). */
  readonly symmetry?: Symmetry;
  /**
   * State constraint (TLC's CONSTRAINT): a new state failing it is counted and checked but
   * not expanded. Bounds infinite models such as `classic`'s ever-growing ballots.
   */
  readonly constraint?: (w: AnyWorldView) => boolean;
  /** Nodes that may crash when `faults.crash` is on (default: every node; see `ProtocolDef.crashable`). */
  readonly crashable?: (node: number) => boolean;
  /**
   * How node states and messages are identified: `key` (default) by the protocol's
   * `stateKey`/`msgKey`, checked to be injective; `structural` by key plus JSON
   * (what `explore` falls back to, with a warning, when a key is not injective).
   */
  readonly identity?: Identity;
  /**
   * Offer only the events this predicate accepts (default: every enabled
   * event). The shortest-story stage searches among the moves of the story
   * it shortens (src/shrink/shortest.ts); a search so restricted that
   * completes has explored every state those moves reach, not every
   * reachable state.
   */
  readonly moves?: (m: Move) => boolean;
  /** Recompute every expanded state's fingerprint from scratch and throw if the incremental one differs (tests). */
  readonly checkFingerprints?: boolean;
  /** Called about every `progressIntervalMs` while exploring (the CLI prints it on a TTY). */
  readonly onProgress?: (p: ExploreProgress) => void;
  /** Default 1000. */
  readonly progressIntervalMs?: number;
}

/** An event the explorer may offer, by content (see `ExploreOptions.moves`). */
export type Move =
  | { readonly k: 'deliver' | 'drop' | 'dup'; readonly from: number; readonly to: number; readonly msg: string }
  | { readonly k: 'local'; readonly node: number; readonly action: string }
  | { readonly k: 'timer'; readonly node: number; readonly timer: string }
  | { readonly k: 'crash' | 'recover' | 'partition'; readonly node: number }
  | { readonly k: 'heal' };

export interface ExploreProgress {
  readonly distinctStates: number;
  readonly transitions: number;
  /** Levels generated so far (initial state = 1). */
  readonly depth: number;
  /** States waiting to be expanded. */
  readonly queued: number;
  readonly elapsedMs: number;
  readonly statesPerSec: number;
}

export interface ExploreViolation {
  readonly invariant: string;
  readonly message: string;
  /** The shortest path of kernel events from `createWorld(proto, semantics)` to the violating state. */
  readonly path: Event[];
  /** Number of events on the path. */
  readonly steps: number;
  /**
   * The path was replayed through the kernel (`createWorld` + `step`) and the kernel's world
   * violates the same invariant. Always expected; false would mean the explorer and the
   * kernel disagree (a harness bug, or a ghost that breaks the assumption of ghosts.ts).
   */
  readonly confirmed: boolean;
}

export interface ExploreResult {
  /** Every reachable state (within the constraint) was explored and no budget cut the search. */
  readonly complete: boolean;
  /** Distinct states found (with symmetry: distinct up to symmetry). */
  readonly distinctStates: number;
  /** Events executed from expanded states (TLC's "states generated" minus the initial states). */
  readonly transitions: number;
  /** BFS levels including the initial state (TLC's "depth of the complete state graph search"). */
  readonly depth: number;
  readonly elapsedMs: number;
  readonly statesPerSec: number;
  /** Bytes of search structures (visited set, parent pointers, peak level arenas) per distinct state. */
  readonly bytesPerState: number;
  /** What stopped the search early, if anything. */
  readonly stoppedBy: 'violation' | 'maxStates' | 'maxDepth' | 'timeLimit' | 'maxMemory' | 'signal' | null;
  /** States not expanded because they failed `constraint`. */
  readonly constrained: number;
  /** Birthday bound on a fingerprint collision among the states found: n^2 / 2^65. */
  readonly collisionProbability: number;
  readonly violation: ExploreViolation | null;
  /** Detail for benchmarks: distinct node states, messages and ghost histories interned, handler calls. */
  readonly stats: {
    readonly nodeStates: number;
    readonly messages: number;
    readonly ghosts: number;
    readonly handlerCalls: number;
    readonly symmetry: string | null;
    readonly ghostMode: GhostMode;
    readonly identity: Identity;
  };
  /** Things the user should know, e.g. a protocol key that is not injective. */
  readonly warnings: readonly string[];
}

