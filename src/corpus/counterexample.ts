/**
 * Counterexample files: versioned JSON (`paxos-sim/counterexample@1`) holding
 * everything needed to re-execute a finding — protocol, variant, config, the
 * invariants that were checked, the seed it came from and the schedule as
 * executed (portable events). No code is ever evaluated from a file; every
 * field is validated before use (`parseCounterexample`: shape; the api's
 * `checkSchedule`: every event against the built protocol). Files are
 * written atomically (temporary file in the same directory, then a hard
 * link to the final name, which fails rather than replace an existing
 * file), under names that never collide.
 */
import { closeSync, existsSync, fsyncSync, linkSync, mkdirSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Finding } from '../kernel/finding.js';
import type { Config } from '../kernel/definition.js';
import type { PortableEvent } from '../kernel/portable.js';
import type { Link } from '../kernel/events.js';
import { InputError } from '../kernel/input-error.js';

export const FORMAT = 'paxos-sim/counterexample@1';

export interface CounterexampleFile {
  readonly format: typeof FORMAT;
  readonly protocol: string;
  /**
   * For a protocol loaded from a user's module (`--protocol ./module.js`): its
   * path relative to the directory of this file, so `replay FILE` finds it.
   */
  readonly module?: string;
  readonly variant: string;
  readonly config: Config;
  /** Invariants checked while the finding was made (replay checks the same ones). */
  readonly invariants: string[];
  readonly semantics: 'set' | 'multiset';
  /** Campaign seed, run index and run seed it came from (null when hand-written or explored). */
  readonly seed: number | null;
  readonly run: number | null;
  readonly runSeed: number | null;
  /** How it was found: `des`, `fast-check`, `explore` or `hand-written`. */
  readonly foundBy: string;
  readonly violation: Finding;
  readonly originalSteps: number;
  readonly steps: number;
  /** Fingerprint of the executed schedule (replay must reproduce it). */
  readonly fingerprint: string;
  readonly schedule: PortableEvent[];
}

export { InputError };

/** A file-name-safe piece of a name (a user's protocol may be called anything). */
function namePart(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '_').slice(0, 80) || '_';
}

/**
 * The file name of `cx` without `.json`: the campaign seed and run when
 * known (the same schedule found from two seeds or runs gives two files),
 * then protocol, variant, invariant and fingerprint, e.g.
 * `seed1-run12-paxos-thesis-python-sim-liveness-fa9760a33ca217fb`.
 */
export function counterexampleBaseName(cx: CounterexampleFile): string {
  const parts: string[] = [];
  if (cx.seed !== null) parts.push(`seed${namePart(String(cx.seed))}`);
  if (cx.run !== null) parts.push(`run${namePart(String(cx.run))}`);
  parts.push(...[cx.protocol, cx.variant, cx.violation.invariant, cx.fingerprint].map(namePart));
  return parts.join('-');
}

/** Filesystems without hard links: fall back to check-then-rename. */
const NO_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK']);

/**
 * Writes `cx` under `dir` and returns the path. The text goes to a fresh
 * temporary file (created exclusively, synced), which is then hard-linked
 * to the final name: a link never replaces an existing file, so when the
 * name is taken the next suffix (`-2`, `-3`, ...) is tried. Readers never
 * see a partial file, and the temporary file is removed on every path,
 * errors included (a full disk leaves no 0-byte `*.tmp` behind).
 */
export function writeCounterexample(dir: string, cx: CounterexampleFile): string {
  mkdirSync(dir, { recursive: true });
  const base = counterexampleBaseName(cx);
  const text = JSON.stringify(cx, null, 1) + '\n';
  const tmp = join(dir, `.${base}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  try {
    const fd = openSync(tmp, 'wx');
    try {
      const bytes = Buffer.from(text, 'utf8');
      for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off, bytes.length - off);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    for (let n = 1; n <= 10_000; n++) {
      const path = join(dir, n === 1 ? `${base}.json` : `${base}-${n}.json`);
      try {
        linkSync(tmp, path);
        return path;
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code ?? '';
        if (code === 'EEXIST') continue;
        if (!NO_LINKS.has(code)) throw e;
        if (existsSync(path)) continue;
        renameSync(tmp, path);
        return path;
      }
    }
    throw new Error(`cannot save the counterexample in ${dir}: ${base}.json and 10000 suffixed names are taken`);
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      // already renamed, or never created
    }
  }
}

const EVENT_KINDS = ['deliver', 'drop', 'dup', 'local', 'timer', 'crash', 'recover', 'partition', 'heal'] as const;

/** A value as it appears in a message: JSON, cut short; never throws (deeply nested or cyclic values included). */
export function show(v: unknown, max = 100): string {
  let s: string;
  try {
    s = v === undefined ? 'nothing' : JSON.stringify(v) ?? String(v);
  } catch {
    s = Array.isArray(v) ? '[…]' : typeof v === 'object' && v !== null ? '{…}' : String(v);
  }
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

const isNodeId = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/**
 * The problem with one schedule event, or undefined: its shape (a known
 * kind, integer node ids, string message, timer and action keys) and, given
 * `nodeCount`, that every node it names exists.
 */
export function eventProblem(e: unknown, nodeCount?: number): string | undefined {
  if (typeof e !== 'object' || e === null || Array.isArray(e)) return 'an event must be an object such as {"k":"timer","node":0,"timer":"start"}';
  const o = e as Record<string, unknown>;
  const k = Object.hasOwn(o, 'k') ? o['k'] : undefined;
  if (typeof k !== 'string' || !(EVENT_KINDS as readonly string[]).includes(k)) return `unknown kind ${show(k)}; accepted: ${EVENT_KINDS.join(', ')}`;
  const field = (f: string): unknown => (Object.hasOwn(o, f) ? o[f] : undefined);
  const nodes = nodeCount === undefined ? '' : `; nodes are 0..${nodeCount - 1}`;
  const node = (f: string, v = field(f), what = f === 'node' ? 'node' : `${f} node`): string | undefined => {
    if (!isNodeId(v)) return `"${f}" must be a node id (${nodeCount === undefined ? 'a non-negative integer' : `an integer from 0 to ${nodeCount - 1}`}), got ${show(v)}`;
    if (nodeCount !== undefined && v >= nodeCount) return `${what} ${v} does not exist${nodes}`;
    return undefined;
  };
  const str = (f: string): string | undefined => (typeof field(f) === 'string' ? undefined : `"${f}" must be a string (the protocol's ${f} key), got ${show(field(f))}`);
  switch (k) {
    case 'deliver':
    case 'drop':
    case 'dup': {
      const nth = field('nth');
      if (nth !== undefined && !isNodeId(nth)) return `"nth" must be a non-negative integer (the rank among equal messages in flight), got ${show(nth)}`;
      return node('from') ?? node('to') ?? str('msg');
    }
    case 'local':
      return node('node') ?? str('action');
    case 'timer':
      return node('node') ?? str('timer');
    case 'crash':
    case 'recover':
      return node('node');
    case 'partition': {
      const links = field('links');
      if (!Array.isArray(links)) return `"links" must be an array of [from, to] node pairs, got ${show(links)}`;
      for (let i = 0; i < links.length; i++) {
        const l: unknown = links[i];
        if (!Array.isArray(l) || l.length !== 2) return `links[${i}] must be a [from, to] pair of node ids, got ${show(l)}`;
        const p = node(`links[${i}][0]`, l[0], `links[${i}]: node`) ?? node(`links[${i}][1]`, l[1], `links[${i}]: node`);
        if (p) return p;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/**
 * A checked event as a fresh object holding only the fields of its kind
 * (anything else in the file, `__proto__` keys included, stays behind).
 */
function cleanEvent(e: unknown): PortableEvent {
  const o = e as Record<string, unknown>;
  const k = o['k'] as PortableEvent['k'];
  switch (k) {
    case 'deliver':
    case 'drop':
    case 'dup':
      return { k, from: o['from'] as number, to: o['to'] as number, msg: o['msg'] as string, ...(Object.hasOwn(o, 'nth') && o['nth'] !== undefined ? { nth: o['nth'] as number } : {}) };
    case 'local':
      return { k, node: o['node'] as number, action: o['action'] as string };
    case 'timer':
      return { k, node: o['node'] as number, timer: o['timer'] as string };
    case 'crash':
    case 'recover':
      return { k, node: o['node'] as number };
    case 'partition':
      return { k, links: (o['links'] as unknown[][]).map((l) => [l[0], l[1]] as unknown as Link) };
    case 'heal':
      return { k };
  }
}

/** `schedule[i] EVENT: problem`, the line that names a bad event. */
export function eventError(where: string, i: number, e: unknown, problem: string): InputError {
  return new InputError(`${where}: schedule[${i}] ${show(e)}: ${problem}`);
}

/** Parses and validates a counterexample file's text; throws `InputError` with one clear line. */
export function parseCounterexample(text: string, where: string): CounterexampleFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
  } catch (e) {
    throw new InputError(`${where} is not valid JSON (${String((e as Error).message).split('\n')[0]}); expected a ${FORMAT} file`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new InputError(`${where} is not a JSON object; expected a ${FORMAT} file`);
  const o = raw as Record<string, unknown>;
  const get = (k: string): unknown => (Object.hasOwn(o, k) ? o[k] : undefined);
  if (get('format') !== FORMAT) throw new InputError(`${where} has format ${show(get('format') ?? null)}; this paxos-sim reads only "${FORMAT}"`);
  const str = (k: string): string => {
    const v = get(k);
    if (typeof v !== 'string') throw new InputError(`${where}: field "${k}" must be a string, got ${show(v)}`);
    return v;
  };
  const int = (k: string, v: unknown = get(k)): number => {
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new InputError(`${where}: field "${k}" must be an integer, got ${show(v)}`);
    return v;
  };
  const intOrNull = (k: string): number | null => (get(k) === null || get(k) === undefined ? null : int(k));
  const config = get('config');
  if (typeof config !== 'object' || config === null || Array.isArray(config)) throw new InputError(`${where}: field "config" must be an object of sizes, got ${show(config)}`);
  const sizes: Record<string, number> = Object.create(null) as Record<string, number>;
  for (const [k, v] of Object.entries(config)) sizes[k] = int(`config.${k}`, v);
  const invariants = get('invariants');
  if (!Array.isArray(invariants) || invariants.some((x) => typeof x !== 'string')) throw new InputError(`${where}: field "invariants" must be an array of invariant names, got ${show(invariants)}`);
  const semantics = str('semantics');
  if (semantics !== 'set' && semantics !== 'multiset') throw new InputError(`${where}: field "semantics" must be "set" or "multiset", got ${show(semantics)}`);
  const v = get('violation');
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new InputError(`${where}: field "violation" must be an object, got ${show(v)}`);
  const vo = v as Record<string, unknown>;
  const vget = (k: string): unknown => (Object.hasOwn(vo, k) ? vo[k] : undefined);
  const kind = vget('kind');
  if (kind !== 'safety' && kind !== 'liveness' && kind !== 'crash') throw new InputError(`${where}: violation.kind must be "safety", "liveness" or "crash", got ${show(kind)}`);
  const invariant = vget('invariant');
  const message = vget('message');
  if (typeof invariant !== 'string' || typeof message !== 'string') throw new InputError(`${where}: violation needs "invariant" and "message" strings`);
  const step = int('violation.step', vget('step'));
  const schedule = get('schedule');
  if (!Array.isArray(schedule)) throw new InputError(`${where}: field "schedule" must be an array of events, got ${show(schedule)}`);
  const events = schedule.map((e: unknown, i) => {
    const problem = eventProblem(e);
    if (problem !== undefined) throw eventError(where, i, e, problem);
    return cleanEvent(e);
  });
  const module = get('module');
  if (module !== undefined && typeof module !== 'string') throw new InputError(`${where}: field "module" must be a path to the protocol's module, got ${show(module)}`);
  const foundBy = get('foundBy');
  return {
    format: FORMAT, protocol: str('protocol'), ...(typeof module === 'string' ? { module } : {}), variant: str('variant'), config: { ...sizes },
    invariants: [...(invariants as string[])], semantics, seed: intOrNull('seed'), run: intOrNull('run'), runSeed: intOrNull('runSeed'),
    foundBy: typeof foundBy === 'string' ? foundBy : 'unknown',
    violation: { kind, invariant, message, step },
    originalSteps: int('originalSteps'), steps: int('steps'), fingerprint: str('fingerprint'), schedule: events,
  };
}
