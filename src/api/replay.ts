/**
 * `replay`: re-executes a saved counterexample strictly and says whether it
 * reproduced — the same violation at the same step with the same
 * fingerprint — naming the divergence if not. A file from a user's protocol
 * records its module (relative to the file), so it replays without flags.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { findInvariant, findVariant, type AnyProtocolDef } from '../kernel/definition.js';
import { InputError } from '../kernel/input-error.js';
import { parseCounterexample, type CounterexampleFile } from '../corpus/counterexample.js';
import { replaySchedule } from '../corpus/replay.js';
import { replayTarget } from '../cli/findings.js';
import { loadProtocol } from '../protocols/load.js';
import { checkConfig, type Target } from './target.js';
import { textOut } from './fuzz-target.js';
import { printCounterexampleTrace } from '../cli/trace.js';

/** Counterexample files larger than this are refused before they are read. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

/** Reads a file of at most `MAX_FILE_BYTES`, or throws `InputError`. */
export function readBounded(path: string): string {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new InputError(`${path} is not a regular file`);
    size = st.size;
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (size > MAX_FILE_BYTES) throw new InputError(`${path} is ${size} bytes; counterexample files are at most ${MAX_FILE_BYTES}`);
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** Checks a parsed counterexample against a protocol definition and builds its target. */
export function counterexampleTarget(cx: CounterexampleFile, def: AnyProtocolDef, where: string, module?: string): Target {
  if (cx.protocol !== def.name) throw new InputError(`${where} is a counterexample of protocol "${cx.protocol}", not of ${def.name}`);
  const variant = findVariant(def, cx.variant);
  if (!variant) throw new InputError(`${where}: unknown variant "${cx.variant}" of ${def.name}; accepted: ${def.variants.map((v) => v.name).join(', ')}`);
  if (cx.semantics !== variant.semantics) throw new InputError(`${where}: semantics "${cx.semantics}" does not match variant ${variant.name}, which runs under "${variant.semantics}"`);
  for (const k of Object.keys(cx.config)) if (!def.params.some((p) => p.name === k)) throw new InputError(`${where}: config.${k} is not a size of ${def.name}`);
  for (const p of def.params) {
    const v = cx.config[p.name];
    if (v === undefined || v < p.min || v > p.max) throw new InputError(`${where}: config.${p.name} must be an integer from ${p.min} to ${p.max}`);
  }
  try {
    checkConfig(def, variant, cx.config);
  } catch (e) {
    throw new InputError(`${where}: ${(e as Error).message}`);
  }
  const invariants = cx.invariants.map((n) => {
    const inv = findInvariant(def, n);
    if (!inv) throw new InputError(`${where}: unknown invariant "${n}" of ${def.name}`);
    return inv;
  });
  return { def, variant, cfg: cx.config, invariants, ...(module ? { module } : {}) };
}

/**
 * Loads a counterexample file and its protocol: `protocol` when given (a
 * definition, a built-in name or a module path), else the module the file
 * records, else the built-in protocol it names.
 */
export async function loadCounterexample(path: string, protocol?: AnyProtocolDef | string): Promise<{ cx: CounterexampleFile; target: Target }> {
  const cx = parseCounterexample(readBounded(path), path);
  if (typeof protocol === 'object') return { cx, target: counterexampleTarget(cx, protocol, path) };
  const spec = protocol ?? cx.module ?? cx.protocol;
  const loaded = await loadProtocol(spec, protocol === undefined && cx.module !== undefined ? dirname(path) : process.cwd()).catch((e: unknown) => {
    if (e instanceof InputError && protocol === undefined && cx.module === undefined)
      throw new InputError(`${path} names protocol "${cx.protocol}", which is not built in, and records no module; give it with --protocol ./module.js`);
    throw e;
  });
  return { cx, target: counterexampleTarget(cx, loaded.def, path, loaded.module) };
}

export interface ReplayVerdict {
  readonly reproduced: boolean;
  readonly steps: number;
  readonly fingerprint: string;
  /** Why it did not reproduce (undefined when it did). */
  readonly reason: string | undefined;
  readonly outcome: ReturnType<typeof replaySchedule>;
}

/** Replays strictly and compares with the recorded violation. */
export function verifyCounterexample(cx: CounterexampleFile, target: Target, trace = false): ReplayVerdict {
  const rt = { ...replayTarget(target), semantics: target.variant.semantics };
  const r = replaySchedule(rt, cx.schedule, { trace, checkLiveness: cx.violation.kind === 'liveness' });
  const want = cx.violation;
  let reason: string | undefined;
  if (r.divergence)
    reason = `diverged at schedule[${r.divergence.index}] (${JSON.stringify(r.divergence.event)}): ${r.divergence.reason} — the protocol code or the file changed since it was saved`;
  else if (r.finding === undefined)
    reason = `ran all ${r.executed} events without the ${want.kind} violation of ${want.invariant} — the protocol or invariant code changed since it was saved`;
  else if (r.finding.invariant !== want.invariant || r.finding.kind !== want.kind)
    reason = `a different violation: ${r.finding.kind} ${r.finding.invariant} at step ${r.finding.step} instead of ${want.kind} ${want.invariant}`;
  else if (r.finding.step !== want.step) reason = `${want.invariant} broke at step ${r.finding.step} instead of ${want.step}`;
  else if (r.fingerprint !== cx.fingerprint) reason = `same violation, but the executed events hash to ${r.fingerprint}, not ${cx.fingerprint}`;
  return { reproduced: reason === undefined, steps: r.finding?.step ?? r.executed, fingerprint: r.fingerprint, reason, outcome: r };
}

export interface ReplayResult {
  readonly reproduced: boolean;
  readonly kind: string | null;
  readonly invariant: string | null;
  readonly message: string | null;
  readonly steps: number;
  readonly fingerprint: string;
  /** Why it did not reproduce (null when it did). */
  readonly divergence: string | null;
  /** The replayed trace and the violation, as plain text. */
  readonly trace: string;
}

/** Replays a counterexample file (library entry point); `protocol` overrides the one the file names. */
export async function replay(file: string, options: { readonly protocol?: AnyProtocolDef | string } = {}): Promise<ReplayResult> {
  const { cx, target } = await loadCounterexample(file, options.protocol);
  const v = verifyCounterexample(cx, target, true);
  const out = textOut();
  printCounterexampleTrace(out, v.outcome.trace, v.outcome.finding, target, v.outcome.world);
  const f = v.outcome.finding;
  return {
    reproduced: v.reproduced, kind: f?.kind ?? null, invariant: f?.invariant ?? null, message: f?.message ?? null,
    steps: v.steps, fingerprint: v.fingerprint, divergence: v.reason ?? null, trace: out.lines.join('\n'),
  };
}
