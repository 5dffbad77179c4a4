/**
 * `checkProtocol`: one call inside a test of the user's own `npm test`
 * (vitest, jest, node:test) that fuzzes a variant, shrinks what it finds and,
 * on a finding, throws an error whose message is the shrunk story, the saved
 * counterexample and the exact replay command — fast-check's `fc.assert`
 * convention. A known-buggy variant (`buggy: true`) is the other way round:
 * the call throws when the bug is NOT found, so a harness that silently
 * stopped finding it fails the test.
 *
 * As with fast-check, the seed and budget can be overridden from the
 * environment without touching the test: `PAXOS_SIM_SEED` replaces the seed,
 * `PAXOS_SIM_RUNS` multiplies the run budget (a positive factor), and the
 * failure message prints the seed that reproduces it.
 */
import type { AnyProtocolDef, BugDef, VariantDef } from '../kernel/definition.js';
import { InputError } from '../kernel/input-error.js';
import { fuzz, type FuzzOptions, type FuzzResult } from './fuzz.js';
import { targetOf } from './target.js';

export interface CheckOptions extends FuzzOptions {
  /**
   * `pass`: no finding allowed (default for correct variants); `finding`: the
   * search must find a violation (default for variants marked `buggy`).
   */
  readonly expect?: 'pass' | 'finding';
}

/** The thrown error: a finding in a variant expected to pass, or a known bug not found. */
export class CheckFailure extends Error {
  override readonly name = 'CheckFailure';
  constructor(message: string, readonly result: FuzzResult) {
    super(message);
  }
}

/** Environment variables, as `process.env` holds them. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** `PAXOS_SIM_SEED` / `PAXOS_SIM_RUNS` applied to the options. */
export function fromEnvironment(o: CheckOptions, env: Environment = process.env): CheckOptions {
  const seedRaw = env['PAXOS_SIM_SEED'];
  const runsRaw = env['PAXOS_SIM_RUNS'];
  let seed = o.seed;
  let runs = o.runs;
  if (seedRaw !== undefined && seedRaw !== '') {
    const n = Number(seedRaw);
    if (!Number.isInteger(n) || n < 0 || n > 2 ** 32 - 1) throw new InputError(`PAXOS_SIM_SEED must be an integer from 0 to 2^32-1, got "${seedRaw}"`);
    seed = n;
  }
  if (runsRaw !== undefined && runsRaw !== '') {
    const f = Number(runsRaw);
    if (!Number.isFinite(f) || f <= 0) throw new InputError(`PAXOS_SIM_RUNS must be a positive factor on the run budget, got "${runsRaw}"`);
    runs = Math.max(1, Math.round((runs ?? 1000) * f));
  }
  return { ...o, seed, runs };
}

/** How to re-run: the seed, and the command that replays the saved file. */
function reproduce(r: FuzzResult, module: string | undefined): string[] {
  const lines = [`seed ${r.seed} (re-run this test with PAXOS_SIM_SEED=${r.seed}); fingerprint ${r.fingerprint}`];
  const f = r.finding;
  if (f?.file) {
    lines.push(`saved ${f.file}`);
    lines.push(module ? `replay: ${f.replay}` : `replay: npx paxos-sim replay ${f.file} --protocol ./path/to/your-protocol.js (pass { module } to checkProtocol to have it recorded), or replay('${f.file}', { protocol }) from the library`);
  }
  if (f?.fastCheck) lines.push(`fast-check: seed ${f.fastCheck.seed}, path "${f.fastCheck.path}"`);
  return lines;
}

/** True when the options choose the search themselves (then a buggy variant's declared bugs are not used). */
function explicitSearch(o: CheckOptions): boolean {
  return o.config !== undefined || o.invariants !== undefined || o.strategy !== undefined || o.runs !== undefined;
}

/**
 * Checks that the harness still finds one declared bug: at the bug's sizes,
 * with its invariants, strategy and run budget (times `PAXOS_SIM_RUNS`), a
 * finding that the bug `expect`s. Throws `CheckFailure` otherwise.
 */
export function checkBug(def: AnyProtocolDef, variant: VariantDef, bug: BugDef, options: Omit<CheckOptions, 'config' | 'invariants' | 'strategy' | 'runs' | 'expect'> = {}): FuzzResult {
  const o = fromEnvironment({ ...options, runs: bug.search.runs });
  const r = fuzz(def, {
    ...o, variant: variant.name, config: bug.config, invariants: bug.invariants, strategy: bug.search.strategy,
    seed: o.seed ?? 0, out: o.out ?? false,
  });
  const head = `${r.protocol}/${r.variant} ${JSON.stringify(r.config)}, bug "${bug.name}" (${bug.story})`;
  if (r.finding === null)
    throw new CheckFailure([
      `${head}: not found in ${r.runs} runs (${r.events} events) of ${bug.search.strategy}`,
      `invariants checked: ${r.invariants.join(', ')}${r.liveness ? ' + liveness' : ''}`,
      ...reproduce(r, o.module),
    ].join('\n'), r);
  if (!bug.expect.includes(r.finding.invariant))
    throw new CheckFailure([
      `${head}: found ${r.finding.kind} ${r.finding.invariant}, but the bug expects ${bug.expect.join(' or ')} — ${r.finding.message}`,
      ...reproduce(r, o.module), '', r.finding.trace,
    ].join('\n'), r);
  return r;
}

/** `checkBug` for every bug declared by the buggy variants of `def` (or of the one named `variant`). */
export function checkKnownBugs(def: AnyProtocolDef, options: Omit<CheckOptions, 'config' | 'invariants' | 'strategy' | 'runs' | 'expect'> = {}): FuzzResult[] {
  const variants = def.variants.filter((v) => v.buggy && (options.variant === undefined || v.name === options.variant));
  if (options.variant !== undefined && variants.length === 0) throw new InputError(`${def.name}/${options.variant} is not a known-buggy variant; buggy ones: ${def.variants.filter((v) => v.buggy).map((v) => v.name).join(', ') || 'none'}`);
  return variants.flatMap((v) => (v.bugs ?? []).map((b) => checkBug(def, v, b, options)));
}

/**
 * Fuzzes `def` and throws `CheckFailure` when the outcome is not the expected
 * one; returns the result otherwise (for further assertions). A variant
 * marked `buggy`, given no sizes, invariants, strategy or runs of its own, is
 * checked against every bug it declares (`checkKnownBugs`).
 */
export function checkProtocol(def: AnyProtocolDef, options: CheckOptions = {}): FuzzResult {
  const variant = targetOf(def, options).variant;
  const expect = options.expect ?? (variant.buggy ? 'finding' : 'pass');
  if (expect === 'finding' && variant.buggy && !explicitSearch(options) && (variant.bugs?.length ?? 0) > 0)
    return checkKnownBugs(def, { ...options, variant: variant.name })[0]!;
  const o = fromEnvironment(options);
  // An expected finding is not news: it is not saved unless `out` asks for it.
  const r = fuzz(def, { ...o, seed: o.seed ?? 0, out: o.out ?? (expect === 'finding' ? false : undefined) });
  const head = `${r.protocol}/${r.variant} ${JSON.stringify(r.config)}`;
  if (expect === 'pass' && r.finding !== null) {
    const f = r.finding;
    throw new CheckFailure([
      `${head}: ${f.kind} violation of ${f.invariant} after ${r.runs} runs — ${f.message}`,
      `shrunk from ${f.originalSteps} to ${f.steps} steps, found by ${f.foundBy}`,
      ...reproduce(r, o.module),
      '',
      f.trace,
    ].join('\n'), r);
  }
  if (expect === 'finding' && r.finding === null)
    throw new CheckFailure([
      `${head}: expected a violation, but ${r.runs} runs (${r.events} events) found none`,
      `invariants checked: ${r.invariants.join(', ')}${r.liveness ? ' + liveness' : ''}; raise the budget (runs, PAXOS_SIM_RUNS) or check that the bug is still there`,
      ...reproduce(r, o.module),
    ].join('\n'), r);
  return r;
}
