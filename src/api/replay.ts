/**
 * `replay`: re-executes a saved counterexample strictly and says whether it
 * reproduced — the same violation at the same step with the same
 * fingerprint — naming the divergence if not. A file from a user's protocol
 * records its module (relative to the file), so it replays without flags.
 */
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { dirname } from 'node:path';
import { findInvariant, findVariant, type AnyProtocolDef } from '../kernel/definition.js';
import { InputError } from '../kernel/input-error.js';
import { FORMAT, eventError, eventProblem, parseCounterexample, show, type CounterexampleFile } from '../corpus/counterexample.js';
import { replaySchedule } from '../corpus/replay.js';
import { replayTarget } from '../cli/findings.js';
import { loadProtocol } from '../protocols/load.js';
import { findProtocol, protocols } from '../protocols/index.js';
import { checkConfig, type Target } from './target.js';
import { textOut } from './fuzz-target.js';
import { printCounterexampleStory } from '../cli/trace.js';
import { counterexampleText } from '../report/embed.js';

/** Counterexample files larger than this are refused before they are read. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

const IO_REASONS: Record<string, string> = { ENOENT: 'no such file', EACCES: 'permission denied', ENOTDIR: 'a part of the path is not a directory', ELOOP: 'too many symbolic links', ENAMETOOLONG: 'the name is too long' };

const ioError = (path: string, e: unknown): InputError => {
  const code = (e as NodeJS.ErrnoException).code;
  const why = code !== undefined && Object.hasOwn(IO_REASONS, code) ? `${IO_REASONS[code]} (${code})` : code ?? String((e as Error).message).split('\n')[0];
  return new InputError(`cannot read ${path}: ${why}; give a ${FORMAT} file`);
};

/**
 * Reads a regular file of at most `max` bytes (default `MAX_FILE_BYTES`), or
 * throws `InputError` at once: devices, FIFOs and directories are refused
 * before they are opened, and no more than `max + 1` bytes are ever read
 * (a file that grows while it is read is refused too).
 */
export function readBounded(path: string, max = MAX_FILE_BYTES): string {
  const tooBig = (size: number | string): InputError =>
    new InputError(`${path} is ${size} bytes; counterexample files are at most ${max} bytes (${Math.round(max / 1024 / 1024)} MiB)`);
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    throw ioError(path, e);
  }
  if (!st.isFile()) throw new InputError(`${path} is not a regular file (a ${kindOf(st)}); give a counterexample file`);
  if (st.size > max) throw tooBig(st.size);
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw ioError(path, e);
  }
  try {
    const again = fstatSync(fd);
    if (!again.isFile()) throw new InputError(`${path} is not a regular file (a ${kindOf(again)}); give a counterexample file`);
    if (again.size > max) throw tooBig(again.size);
    const buf = Buffer.allocUnsafe(Math.min(max + 1, Math.max(again.size + 1, 64 * 1024)));
    let len = 0;
    let chunk = buf;
    for (;;) {
      if (len === chunk.length) {
        if (chunk.length > max) throw tooBig(`more than ${max}`);
        const bigger = Buffer.allocUnsafe(Math.min(max + 1, chunk.length * 2));
        chunk.copy(bigger, 0, 0, len);
        chunk = bigger;
      }
      const n = readSync(fd, chunk, len, chunk.length - len, null);
      if (n === 0) break;
      len += n;
    }
    if (len > max) throw tooBig(`more than ${max}`);
    return chunk.toString('utf8', 0, len);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw ioError(path, e);
  } finally {
    closeSync(fd);
  }
}

function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'directory';
  if (st.isCharacterDevice()) return 'character device';
  if (st.isBlockDevice()) return 'block device';
  if (st.isFIFO()) return 'FIFO';
  if (st.isSocket()) return 'socket';
  return 'special file';
}

/**
 * Checks every event of a schedule against the protocol as built for the
 * file's configuration, before anything runs: its shape (kind, field types)
 * and that every node it names (`node`, `from`, `to`, partition `links`)
 * exists. Throws `InputError` naming the first bad event:
 * `schedule[7] {"k":"recover","node":99}: node 99 does not exist; nodes are 0..4`.
 */
export function checkSchedule(schedule: readonly unknown[], nodeCount: number, where: string): void {
  for (let i = 0; i < schedule.length; i++) {
    const problem = eventProblem(schedule[i], nodeCount);
    if (problem !== undefined) throw eventError(where, i, schedule[i], problem);
  }
}

/**
 * Checks a parsed counterexample against a protocol definition and builds
 * its target: protocol name, variant, the variant's network semantics, sizes,
 * invariants, then every schedule event against the built protocol.
 */
export function counterexampleTarget(cx: CounterexampleFile, def: AnyProtocolDef, where: string, module?: string): Target {
  if (cx.protocol !== def.name) throw new InputError(`${where} is a counterexample of protocol ${show(cx.protocol)}, not of ${def.name}`);
  const variant = findVariant(def, cx.variant);
  if (!variant) throw new InputError(`${where}: unknown variant ${show(cx.variant)} of ${def.name}; accepted: ${def.variants.map((v) => v.name).join(', ')}`);
  if (cx.semantics !== variant.semantics) throw new InputError(`${where}: semantics "${cx.semantics}" does not match variant ${variant.name}, which runs under "${variant.semantics}"`);
  for (const k of Object.keys(cx.config))
    if (!def.params.some((p) => p.name === k)) throw new InputError(`${where}: config.${show(k).slice(1, -1)} is not a size of ${def.name}; its sizes are ${def.params.map((p) => p.name).join(', ') || 'none'}`);
  for (const p of def.params) {
    const v = Object.hasOwn(cx.config, p.name) ? cx.config[p.name] : undefined;
    if (v === undefined || v < p.min || v > p.max) throw new InputError(`${where}: config.${p.name} must be an integer from ${p.min} to ${p.max}, got ${show(v)}`);
  }
  try {
    checkConfig(def, variant, cx.config);
  } catch (e) {
    throw new InputError(`${where}: ${(e as Error).message}`);
  }
  const invariants = cx.invariants.map((n) => {
    const inv = findInvariant(def, n);
    if (!inv) throw new InputError(`${where}: unknown invariant ${show(n)} of ${def.name}; accepted: ${def.invariants.map((i) => i.name).join(', ')}`);
    return inv;
  });
  checkSchedule(cx.schedule, variant.build(cx.config).nodeCount, where);
  return { def, variant, cfg: cx.config, invariants, ...(module ? { module } : {}) };
}

/**
 * Loads a counterexample file (or the HTML report that embeds one) and its
 * protocol: `protocol` when given (a definition, a built-in name or a
 * module path), else the module the file records, else the built-in
 * protocol it names.
 */
export async function loadCounterexample(path: string, protocol?: AnyProtocolDef | string): Promise<{ cx: CounterexampleFile; target: Target }> {
  const cx = parseCounterexample(counterexampleText(readBounded(path), path), path);
  if (typeof protocol === 'object') return { cx, target: counterexampleTarget(cx, protocol, path) };
  if (protocol === undefined && cx.module === undefined) {
    // The file's `protocol` field is only ever a built-in name: it never names code to load.
    const def = findProtocol(cx.protocol);
    if (def === undefined)
      throw new InputError(`${path} names protocol ${show(cx.protocol)}, which is not built in (built-in: ${protocols.map((p) => p.name).join(', ')}) and records no module; give its module with --protocol ./module.js`);
    return { cx, target: counterexampleTarget(cx, def, path) };
  }
  const loaded = protocol !== undefined ? await loadProtocol(protocol) : await loadProtocol(cx.module!, dirname(path));
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
  printCounterexampleStory(out, cx, target);
  const f = v.outcome.finding;
  return {
    reproduced: v.reproduced, kind: f?.kind ?? null, invariant: f?.invariant ?? null, message: f?.message ?? null,
    steps: v.steps, fingerprint: v.fingerprint, divergence: v.reason ?? null, trace: out.lines.join('\n'),
  };
}
