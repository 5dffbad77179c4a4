/**
 * Counterexample files: versioned JSON (`paxos-sim/counterexample@1`) holding
 * everything needed to re-execute a finding — protocol, variant, config, the
 * invariants that were checked, the seed it came from and the schedule as
 * executed (portable events). No code is ever evaluated from a file; every
 * field is validated before use. Files are written atomically (temporary
 * file in the same directory, then rename).
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from '../kernel/finding.js';
import type { Config } from '../kernel/definition.js';
import type { PortableEvent } from '../kernel/portable.js';
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

/** Writes `cx` under `dir` atomically; returns the path. */
export function writeCounterexample(dir: string, cx: CounterexampleFile): string {
  mkdirSync(dir, { recursive: true });
  const name = `${cx.protocol}-${cx.variant}-${cx.violation.invariant}-${cx.fingerprint}.json`;
  const path = join(dir, name);
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(cx, null, 1) + '\n');
  renameSync(tmp, path);
  return path;
}

const EVENT_KINDS = new Set(['deliver', 'drop', 'dup', 'local', 'timer', 'crash', 'recover', 'partition', 'heal']);

/** Parses and validates a counterexample file's text; throws `InputError` with one clear line. */
export function parseCounterexample(text: string, where: string): CounterexampleFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new InputError(`${where} is not valid JSON (${(e as Error).message}); expected a ${FORMAT} file`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new InputError(`${where} is not a JSON object; expected a ${FORMAT} file`);
  const o = raw as Record<string, unknown>;
  if (o['format'] !== FORMAT)
    throw new InputError(`${where} has format ${JSON.stringify(o['format'] ?? null)}; this paxos-sim reads only "${FORMAT}"`);
  const str = (k: string): string => {
    if (typeof o[k] !== 'string') throw new InputError(`${where}: field "${k}" must be a string`);
    return o[k] as string;
  };
  const int = (k: string, v: unknown = o[k]): number => {
    if (typeof v !== 'number' || !Number.isInteger(v)) throw new InputError(`${where}: field "${k}" must be an integer`);
    return v;
  };
  const intOrNull = (k: string): number | null => (o[k] === null || o[k] === undefined ? null : int(k));
  const config = o['config'];
  if (typeof config !== 'object' || config === null || Array.isArray(config)) throw new InputError(`${where}: field "config" must be an object of sizes`);
  for (const [k, v] of Object.entries(config)) int(`config.${k}`, v);
  const invariants = o['invariants'];
  if (!Array.isArray(invariants) || invariants.some((x) => typeof x !== 'string')) throw new InputError(`${where}: field "invariants" must be an array of invariant names`);
  const semantics = str('semantics');
  if (semantics !== 'set' && semantics !== 'multiset') throw new InputError(`${where}: field "semantics" must be "set" or "multiset"`);
  const v = o['violation'] as Record<string, unknown> | undefined;
  if (typeof v !== 'object' || v === null) throw new InputError(`${where}: field "violation" must be an object`);
  if (v['kind'] !== 'safety' && v['kind'] !== 'liveness' && v['kind'] !== 'crash') throw new InputError(`${where}: violation.kind must be safety, liveness or crash`);
  if (typeof v['invariant'] !== 'string' || typeof v['message'] !== 'string') throw new InputError(`${where}: violation needs "invariant" and "message" strings`);
  int('violation.step', v['step']);
  const schedule = o['schedule'];
  if (!Array.isArray(schedule)) throw new InputError(`${where}: field "schedule" must be an array of events`);
  schedule.forEach((e, i) => validateEvent(e, `${where}: schedule[${i}]`));
  if (o['module'] !== undefined && typeof o['module'] !== 'string') throw new InputError(`${where}: field "module" must be a path to the protocol's module`);
  return {
    format: FORMAT, protocol: str('protocol'), ...(typeof o['module'] === 'string' ? { module: o['module'] } : {}), variant: str('variant'), config: config as Config,
    invariants: invariants as string[], semantics, seed: intOrNull('seed'), run: intOrNull('run'), runSeed: intOrNull('runSeed'),
    foundBy: typeof o['foundBy'] === 'string' ? (o['foundBy'] as string) : 'unknown',
    violation: { kind: v['kind'], invariant: v['invariant'] as string, message: v['message'] as string, step: v['step'] as number },
    originalSteps: int('originalSteps'), steps: int('steps'), fingerprint: str('fingerprint'), schedule: schedule as PortableEvent[],
  };
}

function validateEvent(e: unknown, at: string): void {
  if (typeof e !== 'object' || e === null) throw new InputError(`${at} must be an event object`);
  const o = e as Record<string, unknown>;
  if (typeof o['k'] !== 'string' || !EVENT_KINDS.has(o['k'])) throw new InputError(`${at} has unknown kind ${JSON.stringify(o['k'])}; accepted: ${[...EVENT_KINDS].join(', ')}`);
  const isInt = (k: string): boolean => typeof o[k] === 'number' && Number.isInteger(o[k]) && (o[k] as number) >= 0;
  const need = (ok: boolean, what: string): void => {
    if (!ok) throw new InputError(`${at} (${o['k']}) needs ${what}`);
  };
  switch (o['k']) {
    case 'deliver':
    case 'drop':
    case 'dup':
      need(isInt('from') && isInt('to') && typeof o['msg'] === 'string' && (o['nth'] === undefined || isInt('nth')), 'integer "from", "to", string "msg" and optional integer "nth"');
      break;
    case 'local':
      need(isInt('node') && typeof o['action'] === 'string', 'integer "node" and string "action"');
      break;
    case 'timer':
      need(isInt('node') && typeof o['timer'] === 'string', 'integer "node" and string "timer"');
      break;
    case 'crash':
    case 'recover':
      need(isInt('node'), 'integer "node"');
      break;
    case 'partition':
      need(Array.isArray(o['links']) && (o['links'] as unknown[]).every((l) => Array.isArray(l) && l.length === 2 && l.every((x) => Number.isInteger(x))), '"links": an array of [from, to] pairs');
      break;
  }
}
