/**
 * The soak plan: a deterministic sequence of work items derived from the soak
 * seed and the shard, so any item can be re-run alone and N machines never
 * repeat each other's work.
 *
 * The rotation is a list of cases (protocol x variant x size), interleaved
 * across protocols. The seed space is a sequence of blocks, each holding one
 * item per case: global item `g` is case `g mod C` of block `floor(g / C)`,
 * run with seed `runSeed(soakSeed, g)`. Shard I/N (1-based) takes the blocks
 * `b` with `b mod N = I - 1`, so every shard rotates through every case, the
 * shards are disjoint, and the first K items of each of the N shards (K a
 * multiple of C) are exactly the first N*K items of one unsharded soak.
 *
 * Each item is a bounded fuzz campaign (`--runs` runs, strategy `all` by
 * default), the same campaign as `paxos-sim fuzz` with the item's flags:
 * `command` reproduces it exactly.
 */
import { configProblem, defaultConfig, paramFlag, type AnyProtocolDef, type Config, type VariantDef } from '../kernel/definition.js';
import { InputError } from '../kernel/input-error.js';
import { runSeed } from '../kernel/choice/prng.js';
import type { StrategyChoice } from '../search/strategy.js';
import { modulePathForCommand } from '../api/fuzz-target.js';

/** Which part of the seed space this process runs: shard `index` (1-based) of `count`. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** A protocol in the rotation: its definition, and the module it came from (user protocols). */
export interface RotationProtocol {
  readonly def: AnyProtocolDef;
  readonly module?: string;
}

/** One protocol variant at one size. */
export interface SoakCase {
  /** `protocol/variant {sizes}`, unique within a plan. */
  readonly id: string;
  readonly protocol: string;
  /** Absolute path of a user's protocol module. */
  readonly module?: string;
  readonly variant: string;
  readonly config: Config;
}

/** One bounded fuzz campaign of the plan. */
export interface WorkItem {
  readonly kind: 'case';
  /** Index within this shard's items (0, 1, 2...). */
  readonly local: number;
  /** Index in the whole seed space. */
  readonly global: number;
  readonly case: SoakCase;
  readonly seed: number;
  readonly runs: number;
  readonly strategy: StrategyChoice;
  /** The `paxos-sim fuzz` command that runs exactly this item. */
  readonly command: string;
}

/** Parses `I/N` (1 <= I <= N <= 10000); `what` names the source in the error. */
export function parseShard(value: string, what = '--shard'): Shard {
  const m = /^\s*(\d{1,5})\s*\/\s*(\d{1,5})\s*$/.exec(value);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || count > 10_000 || index < 1 || index > count) throw new InputError(`${what} must be I/N with 1 <= I <= N <= 10000 (e.g. 1/4), got ${JSON.stringify(value)}`);
  return { index, count };
}

/**
 * The shard: `--shard I/N` if given; else a Kubernetes Indexed Job's
 * `JOB_COMPLETION_INDEX` (0-based) with `PAXOS_SIM_SHARDS` (the shard count);
 * else 1/1.
 */
export function shardOf(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): Shard {
  if (flag !== undefined) return parseShard(flag);
  const idx = env['JOB_COMPLETION_INDEX'];
  if (idx === undefined || idx === '') return { index: 1, count: 1 };
  const count = env['PAXOS_SIM_SHARDS'];
  if (count === undefined || count === '') throw new InputError('JOB_COMPLETION_INDEX is set but PAXOS_SIM_SHARDS (the number of shards, the Job\'s completions) is not; set it, or give --shard I/N');
  if (!/^\d{1,5}$/.test(idx.trim())) throw new InputError(`JOB_COMPLETION_INDEX must be an integer from 0, got ${JSON.stringify(idx)}`);
  return parseShard(`${Number(idx.trim()) + 1}/${count}`, `JOB_COMPLETION_INDEX ${idx} with PAXOS_SIM_SHARDS`);
}

/** A case id: `protocol/variant {"size":n,...}`. */
export function caseId(protocol: string, variant: string, config: Config): string {
  return `${protocol}/${variant} ${JSON.stringify(config)}`;
}

/**
 * The sizes a variant is soaked at: the protocol's `soak.sizes` when it
 * declares them; else its defaults, the variant's campaign sizes and the
 * property suites' size caps (each on top of the defaults); for a known-buggy
 * variant, also the sizes where its bugs show. Sizes the variant
 * rejects are left out; duplicates are dropped.
 */
export function soakSizes(def: AnyProtocolDef, variant: VariantDef): Config[] {
  const base = defaultConfig(def);
  const wanted = [...(def.soak?.sizes ?? [{}, variant.campaignConfig ?? {}, def.suite?.sizeCaps ?? {}]), ...(variant.bugs ?? []).map((b) => b.config ?? {})];
  const out: Config[] = [];
  const seen = new Set<string>();
  for (const w of wanted) {
    const cfg = { ...base, ...w };
    const key = JSON.stringify(cfg);
    if (seen.has(key) || configProblem(def, variant, cfg) !== undefined) continue;
    try {
      variant.build(cfg);
    } catch {
      continue;
    }
    seen.add(key);
    out.push(cfg);
  }
  return out;
}

/**
 * The rotation: for each protocol, its selected variants (the correct ones
 * by default, or those named in `variants`) at each of their soak sizes;
 * interleaved across protocols. An unknown variant name is an `InputError`.
 */
export function soakCases(protos: readonly RotationProtocol[], variants?: readonly string[]): SoakCase[] {
  if (variants !== undefined) {
    const all = new Set(protos.flatMap((p) => p.def.variants.map((v) => v.name)));
    for (const n of variants) if (!all.has(n)) throw new InputError(`unknown variant "${n}"; the protocols soaked (${protos.map((p) => p.def.name).join(', ')}) have: ${[...all].join(', ')}`);
  }
  const lists = protos.map((p) =>
    p.def.variants
      .filter((v) => (variants === undefined ? !v.buggy : variants.includes(v.name)))
      .flatMap((v) => soakSizes(p.def, v).map((config): SoakCase => ({ id: caseId(p.def.name, v.name, config), protocol: p.def.name, ...(p.module ? { module: p.module } : {}), variant: v.name, config }))),
  );
  const out: SoakCase[] = [];
  for (let i = 0; lists.some((l) => i < l.length); i++) for (const l of lists) if (i < l.length) out.push(l[i]!);
  if (out.length === 0) throw new InputError('nothing to soak: no variant at any size (give --variant NAME, comma-separated for several)');
  return out;
}

/** Global index of this shard's `local`-th item (see the file comment). */
export function globalIndex(local: number, cases: number, shard: Shard): number {
  const block = shard.index - 1 + Math.floor(local / cases) * shard.count;
  return block * cases + (local % cases);
}

/** The size flags of a configuration, e.g. `--proposers 2 --acceptors 3`. */
export function sizeArgs(def: AnyProtocolDef, config: Config): string {
  return def.params.map((p) => `--${paramFlag(p)} ${config[p.name]}`).join(' ');
}

/** The `paxos-sim fuzz` command that runs an item. */
export function fuzzCommand(def: AnyProtocolDef, c: SoakCase, seed: number, runs: number, strategy: StrategyChoice): string {
  const protocol = c.module ? modulePathForCommand(c.module) : c.protocol;
  return `npx paxos-sim fuzz --protocol ${protocol} --variant ${c.variant} ${sizeArgs(def, c.config)} --seed ${seed} --runs ${runs} --strategy ${strategy}`;
}

/** The plan: the item at any local index of this shard. */
export interface SoakPlan {
  readonly seed: number;
  readonly shard: Shard;
  readonly cases: readonly SoakCase[];
  readonly runs: number;
  readonly strategy: StrategyChoice;
  item(local: number): WorkItem;
}

export function soakPlan(o: { seed: number; shard: Shard; cases: readonly SoakCase[]; runs: number; strategy: StrategyChoice; defs: ReadonlyMap<string, AnyProtocolDef> }): SoakPlan {
  return {
    seed: o.seed, shard: o.shard, cases: o.cases, runs: o.runs, strategy: o.strategy,
    item(local) {
      const global = globalIndex(local, o.cases.length, o.shard);
      const c = o.cases[global % o.cases.length]!;
      const seed = runSeed(o.seed, global);
      return { kind: 'case', local, global, case: c, seed, runs: o.runs, strategy: o.strategy, command: fuzzCommand(o.defs.get(c.protocol)!, c, seed, o.runs, o.strategy) };
    },
  };
}

/** Seed of the shard's `n`-th canary item (its own stream, apart from the plan's). */
export function canarySeed(seed: number, shard: Shard, n: number): number {
  return runSeed(runSeed(seed ^ 0x0ca4a41, shard.index), n);
}
