/**
 * `defineProtocol`: the typed way to write a protocol definition, and the
 * check every definition passes before the harness uses it — built-in ones,
 * a user's module loaded by `--protocol ./module.js`, and those handed to the
 * library. A definition is data plus pure functions, so everything that can
 * be wrong with its shape is caught here, once, with one line saying what.
 */
import type { AnyProtocolDef, ProtocolDef } from './definition.js';
import { InputError } from './input-error.js';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const STRATEGIES = ['des', 'uniform', 'swarm', 'pct', 'fast-check', 'guided', 'guided-des', 'all', 'round-robin'];

/**
 * Returns `def` unchanged, typed by its node state `S`, message `M`, action
 * `A`, ghost event `G` and ghost history `H` (inferred from `variants[].build`
 * and the invariants); throws `InputError` if the definition is malformed.
 */
export function defineProtocol<S, M, A, G, H>(def: ProtocolDef<S, M, A, G, H>): ProtocolDef<S, M, A, G, H> {
  const problem = protocolDefProblem(def);
  if (problem !== undefined) throw new InputError(problem);
  return def;
}

/** The first problem with a would-be protocol definition, or undefined when it is well-formed. */
export function protocolDefProblem(x: unknown): string | undefined {
  if (typeof x !== 'object' || x === null) return 'a protocol definition must be an object (see defineProtocol)';
  const def = x as AnyProtocolDef;
  if (typeof def.name !== 'string' || !NAME.test(def.name)) return 'protocol definition: "name" must be a non-empty word (letters, digits, . _ -)';
  const where = `protocol ${def.name}`;
  if (typeof def.description !== 'string') return `${where}: "description" must be a string`;
  if (typeof def.decided !== 'function') return `${where}: "decided(world)" (the liveness goal) must be a function`;
  for (const f of ['validate', 'chosen', 'crashable'] as const)
    if (def[f] !== undefined && typeof def[f] !== 'function') return `${where}: "${f}" must be a function when given`;
  if (!Array.isArray(def.params)) return `${where}: "params" must be an array of size parameters`;
  const params = new Set<string>();
  for (const p of def.params) {
    if (typeof p !== 'object' || p === null || typeof p.name !== 'string' || !/^[A-Za-z][A-Za-z0-9]*$/.test(p.name)) return `${where}: every param needs a "name" (letters and digits, e.g. "acceptors")`;
    if (params.has(p.name)) return `${where}: param "${p.name}" is declared twice`;
    params.add(p.name);
    if (![p.min, p.max, p.default].every(Number.isInteger) || p.min > p.max || p.default < p.min || p.default > p.max)
      return `${where}: param "${p.name}" needs integers min <= default <= max`;
    if (p.flag !== undefined && (typeof p.flag !== 'string' || !/^[a-z][a-z0-9-]*$/.test(p.flag))) return `${where}: param "${p.name}" has flag "${p.flag}"; a flag is lowercase words joined by -`;
  }
  if (!Array.isArray(def.invariants)) return `${where}: "invariants" must be an array`;
  const invariants = new Set<string>();
  for (const i of def.invariants) {
    if (typeof i !== 'object' || i === null || typeof i.name !== 'string' || i.name === '') return `${where}: every invariant needs a "name"`;
    if (i.name === 'liveness' || i.name === 'crash') return `${where}: invariant name "${i.name}" is reserved for findings of that kind`;
    if (invariants.has(i.name)) return `${where}: invariant "${i.name}" is declared twice`;
    invariants.add(i.name);
    if (typeof i.check !== 'function') return `${where}: invariant "${i.name}" needs a check(world) function`;
    if (typeof i.description !== 'string') return `${where}: invariant "${i.name}" needs a description`;
  }
  if (def.induct !== undefined) {
    const g = def.induct;
    if (typeof g !== 'object' || g === null || typeof g.generate !== 'function' || typeof g.bounds !== 'function' || typeof g.ghostKey !== 'function')
      return `${where}: "induct" needs generate(variant, config, choose, mode), bounds(variant, config) and ghostKey(history) functions`;
    if (!invariants.has(g.target)) return `${where}: "induct.target" must name one of its invariants, got ${JSON.stringify(g.target)}`;
  }
  if (!Array.isArray(def.variants) || def.variants.length === 0) return `${where}: "variants" must list at least one variant`;
  const variants = new Set<string>();
  for (const v of def.variants) {
    if (typeof v !== 'object' || v === null || typeof v.name !== 'string' || !NAME.test(v.name)) return `${where}: every variant needs a "name" (a word)`;
    const vw = `${where}, variant ${v.name}`;
    if (variants.has(v.name)) return `${where}: variant "${v.name}" is declared twice`;
    variants.add(v.name);
    if (typeof v.build !== 'function') return `${vw}: "build(config)" must be a function`;
    if (v.validate !== undefined && typeof v.validate !== 'function') return `${vw}: "validate" must be a function when given`;
    if (v.semantics !== 'set' && v.semantics !== 'multiset') return `${vw}: "semantics" must be "set" or "multiset"`;
    if (!['always', 'fault-free', 'never'].includes(v.liveness)) return `${vw}: "liveness" must be always, fault-free or never`;
    if (typeof v.buggy !== 'boolean') return `${vw}: "buggy" must be true or false`;
    if (!Array.isArray(v.keeps)) return `${vw}: "keeps" must list invariant names`;
    for (const k of v.keeps) if (!invariants.has(k)) return `${vw}: keeps "${k}", which is not one of the protocol's invariants (${[...invariants].join(', ')})`;
    for (const k of Object.keys(v.campaignConfig ?? {})) if (!params.has(k)) return `${vw}: campaignConfig names "${k}", which is not a param`;
    if (v.buggy && (!Array.isArray(v.bugs) || v.bugs.length === 0)) return `${vw}: a buggy variant must declare its "bugs" (where and how the harness finds them)`;
    for (const b of v.bugs ?? []) {
      if (typeof b.name !== 'string' || typeof b.story !== 'string') return `${vw}: every bug needs a "name" and a "story"`;
      if (!Array.isArray(b.expect) || b.expect.length === 0) return `${vw}, bug ${b.name}: "expect" must list the findings that count (invariant names or "liveness")`;
      for (const e of b.expect) if (e !== 'liveness' && e !== 'crash' && !invariants.has(e)) return `${vw}, bug ${b.name}: expects "${e}", which is not an invariant`;
      for (const k of b.invariants ?? []) if (!invariants.has(k)) return `${vw}, bug ${b.name}: checks "${k}", which is not an invariant`;
      for (const k of Object.keys(b.config ?? {})) if (!params.has(k)) return `${vw}, bug ${b.name}: config names "${k}", which is not a param`;
      if (typeof b.search !== 'object' || !STRATEGIES.includes(b.search.strategy) || !Number.isInteger(b.search.runs) || b.search.runs < 1)
        return `${vw}, bug ${b.name}: "search" must be { strategy: ${STRATEGIES.join('|')}, runs: a positive integer }`;
    }
  }
  for (const v of def.variants) {
    if (v.mutant === undefined) continue;
    const vw = `${where}, variant ${v.name}`;
    const base = def.variants.find((x) => x.name === v.mutant!.of);
    if (base === undefined || base.buggy) return `${vw}: a mutant's "of" must name a correct variant of the protocol, got "${v.mutant.of}"`;
    if (!v.buggy || v.bugs?.length !== 1) return `${vw}: a mutant is buggy and declares exactly one bug`;
    if (typeof v.mutant.breaks !== 'string' || v.mutant.breaks === '') return `${vw}: a mutant must say what it "breaks" (the seed section or spec line)`;
  }
  if (def.soak !== undefined) {
    if (typeof def.soak !== 'object' || def.soak === null || !Array.isArray(def.soak.sizes) || def.soak.sizes.length === 0) return `${where}: "soak" must be { sizes: [ {param: n, ...}, ... ] } with at least one size`;
    for (const c of def.soak.sizes) {
      if (typeof c !== 'object' || c === null) return `${where}: every soak size must be an object of params`;
      for (const [k, n] of Object.entries(c)) if (!params.has(k) || !Number.isInteger(n)) return `${where}: soak size ${JSON.stringify(c)} names "${k}", which is not an integer param`;
    }
  }
  if (typeof def.defaultVariant !== 'string' || !variants.has(def.defaultVariant)) return `${where}: "defaultVariant" must name one of its variants (${[...variants].join(', ')})`;
  return undefined;
}
