/**
 * What every variant of `paxosstore` is made of, shared by `variants.ts` and
 * `mutants.ts`: the invariants it keeps, its sizes as a `PsConfig`, and the
 * implementation level's reading of its rules.
 */
import type { Config } from '../../kernel/definition.js';
import type { PsConfig } from './config.js';
import type { PsRules } from './rules.js';

/** Every invariant name, for variants that keep them all. */
export const ALL_INVARIANTS = ['one-value-per-ballot', 'agreement', 'consistency', 'votes-safe'] as const;

/** Reads a `PsConfig` from CLI-level sizes (`participants`, `values`, `maxBallot`). */
export function psConfig(cfg: Config): PsConfig {
  return { np: cfg['participants']!, values: cfg['values']!, maxBallot: cfg['maxBallot']! };
}

/** Implementation-level rules: guard 1 can only range over the process's own messages. */
export function local(rules: PsRules): PsRules {
  return { ...rules, guard1Scope: 'own' };
}
