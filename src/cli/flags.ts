/**
 * The flags of the command line, each written once: its type, the value it
 * takes and what it means. Commands pick the ones they accept and give their
 * own defaults (shown by `--help`); a protocol's size parameters are added as
 * flags of their own when the protocol is known (args.ts).
 */

export interface FlagSpec {
  readonly type: 'string' | 'boolean';
  readonly multiple?: boolean;
  /** Placeholder of the value in help, e.g. `N`. */
  readonly value?: string;
  readonly description: string;
}

export const FLAGS = {
  protocol: { type: 'string', value: 'NAME|./module.js', description: 'a built-in protocol (paxos, paxosstore) or a JavaScript module whose default export (or export `protocol`) is a protocol definition' },
  variant: { type: 'string', value: 'NAME', description: "the protocol variant (default: the protocol's default variant)" },
  seed: { type: 'string', value: 'N', description: 'seed (0..2^32-1); the seed used is always printed' },
  runs: { type: 'string', value: 'N', description: 'run budget, an integer of at least 1' },
  'time-limit': { type: 'string', value: 'SECONDS', description: 'wall-clock budget in seconds, e.g. 30 or 0.5, up to 2147483 (limits the budget only; runs stay deterministic)' },
  out: { type: 'string', value: 'DIR', description: 'where counterexamples and reports are written' },
  json: { type: 'boolean', description: 'exactly one JSON object on stdout; human text goes to stderr' },
  'no-color': { type: 'boolean', description: 'plain text (NO_COLOR in the environment does the same)' },
  invariant: { type: 'string', multiple: true, value: 'NAME', description: "check this invariant (repeatable; default: the variant's kept invariants; switches the liveness goal off)" },
  faults: { type: 'string', value: 'MODE', description: 'fault injection' },
  strategy: { type: 'string', value: 'NAME', description: 'search strategy: des, uniform, swarm, pct, fast-check, guided, guided-des, all (every one, turns to whichever finds the most new coverage per unit of work) or round-robin (the first five in turn)' },
  'max-states': { type: 'string', value: 'N', description: 'stop after this many distinct states (an integer of at least 1)' },
  'max-memory': { type: 'string', value: 'MB', description: 'stop cleanly (incomplete) once the process uses this many megabytes' },
  'max-depth': { type: 'string', value: 'N', description: 'explore at most this many breadth-first levels (the initial state is level 1)' },
  symmetry: { type: 'boolean', description: "apply the protocol's sound symmetry reduction, if it declares one" },
  workers: { type: 'string', value: 'N', description: 'parallel worker processes, 1 to 256' },
  duration: { type: 'string', value: 'SECONDS', description: 'wall-clock budget of the whole soak in seconds (--time-limit is the same)' },
  items: { type: 'string', value: 'K', description: 'run K items of the plan (a deterministic budget; with --duration, whichever ends first)' },
  shard: { type: 'string', value: 'I/N', description: 'run shard I of N (1-based) of the seed space' },
  canary: { type: 'string', value: 'MUTANT', description: 'the known mutant run as the canary (it must be caught)' },
  path: { type: 'string', value: 'PATH', description: "fast-check's counterexample path (with --seed: replay a fast-check failure)" },
  'no-minimize': { type: 'boolean', description: 'save the finding as found, without event-level minimisation' },
  'no-liveness': { type: 'boolean', description: 'do not check the liveness goal' },
  only: { type: 'string', multiple: true, value: 'NAME', description: 'run only this mutant (repeatable)' },
  seeds: { type: 'string', value: 'K', description: 'repeat each mutant with K seeds: --seed, --seed + 1, ... (1 to 1000)' },
  'shortest-limit': { type: 'string', value: 'SECONDS', description: "the explorer's budget per mutant for the shortest counterexample (0: skip)" },
  quiet: { type: 'boolean', description: 'no progress line and no trace' },
  exhaustive: { type: 'boolean', description: "induct: enumerate every state at the generator's exhaustive bounds (no CTI and complete: inductive there)" },
  reach: { type: 'string', value: 'SECONDS', description: "induct: budget of the search for the CTI's state among the reachable states (0: skip)" },
  html: { type: 'string', value: 'OUT', description: 'also write the self-contained HTML report of the counterexample to OUT (atomically)' },
  shiviz: { type: 'string', value: 'OUT', description: "also write the trace in ShiViz's log format to OUT (atomically)" },
  help: { type: 'boolean', description: 'this help' },
} as const satisfies Record<string, FlagSpec>;

export type FlagName = keyof typeof FLAGS;

/** Parsed flag values: strings, booleans, repeated strings; size flags by their flag name. */
export type Flags = { [K in FlagName]?: (typeof FLAGS)[K] extends { type: 'boolean' } ? boolean : (typeof FLAGS)[K] extends { multiple: true } ? string[] : string } & {
  readonly sizes?: Readonly<Record<string, string>>;
};
