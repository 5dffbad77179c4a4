/**
 * The figures of `induct` (README, "Inductive invariants"):
 * - every safety mutant of the catalogue against the full inductive
 *   invariant: the CTI found (the conjunct that broke, the state's size);
 * - the early-warning table: each mutant's shrunk counterexample (found by
 *   its declared search) replayed with both the full inductive invariant
 *   and the invariants the bug is expected to break; the steps to the first
 *   violation of each;
 * - throughput: (state, event) checks per second of the full invariant on
 *   one core, per protocol, in the random mode.
 *
 *   npm run bench:induct -- [--seconds 20] [--only NAME,...] [--out docs/induct]
 *
 * Writes OUT.md and OUT.json atomically. Single-threaded on purpose (the
 * throughput is per core).
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname } from 'node:path';
import { induct } from '../api/induct.js';
import { breaksOnlyLiveness, catalogue, runMutant, type Mutant } from '../api/mutants.js';
import { findInvariant, type Config } from '../kernel/definition.js';
import { resolve, type PortableEvent } from '../kernel/portable.js';
import { scheduleTarget } from '../kernel/target.js';
import { runStrategyCampaign } from '../search/campaign.js';
import { minimize } from '../shrink/minimize.js';
import { createWorld, step } from '../kernel/world.js';
import { paxosDef } from '../protocols/paxos/index.js';
import { paxosstoreDef } from '../protocols/paxosstore/index.js';
import { protocols } from '../protocols/index.js';
import { fmt, markdownTable, scriptFlags } from './stats.js';

const flags = scriptFlags(process.argv.slice(2));
const seconds = Number(flags.get('seconds') ?? 20);
const only = flags.get('only')?.split(',') ?? [];
const outBase = flags.get('out') ?? 'docs/induct';

/** The sizes induct runs a mutant at: its bug's, with paxosstore ballots capped at 6. */
function inductConfig(m: Mutant): Config {
  const cfg = { ...m.bug.config };
  if (cfg['maxBallot'] !== undefined) cfg['maxBallot'] = Math.min(cfg['maxBallot'], 6);
  return cfg;
}

interface MutantRow {
  readonly name: string;
  readonly protocol: string;
  readonly cti: { conjunct: string; messages: number; states: number; ms: number; message: string } | 'unsupported' | 'none';
  readonly early: {
    inductive: number | null; inductiveConjunct: string | null; expected: number | null; expectedInvariant: string | null;
    agreement: number | null; consistency: number | null; steps: number; run: 'agreement' | 'expected';
  } | null;
}

/** First step (1-based) of `schedule` after which each invariant fails, replaying on a fresh world. */
function firstViolations(m: Mutant, schedule: readonly Parameters<typeof resolve>[1][], names: readonly string[]): Map<string, { step: number; message: string }> {
  const w = createWorld(m.variant.build(m.bug.config), m.variant.semantics);
  const invs = names.map((n) => findInvariant(m.def, n)!);
  const out = new Map<string, { step: number; message: string }>();
  for (const inv of invs) {
    const r = inv.check(w);
    if (r !== true) out.set(inv.name, { step: 0, message: r });
  }
  schedule.forEach((pe, i) => {
    if (out.has('threw')) return;
    const e = resolve(w, pe);
    try {
      if (e === undefined || !step(w, e)) return;
    } catch (err) {
      // The protocol threw (an implementation-level mutant drifting from the spec): the run ends here.
      out.set('threw', { step: i + 1, message: String(err) });
      return;
    }
    for (const inv of invs) {
      if (out.has(inv.name)) continue;
      const r = inv.check(w);
      if (r !== true) out.set(inv.name, { step: i + 1, message: r });
    }
  });
  return out;
}

async function mutantRow(m: Mutant): Promise<MutantRow> {
  const name = m.variant.name;
  let cti: MutantRow['cti'] = 'unsupported';
  if (m.def.induct?.supports?.(m.variant, m.bug.config) === undefined) {
    const r = await induct(m.def, { invariant: 'inductive', variant: name, config: inductConfig(m), seed: 1, runs: 200_000, timeLimitMs: seconds * 1000, reachability: false });
    cti = r.cti ? { conjunct: r.cti.conjunct, messages: r.cti.size.messages, states: r.states, ms: r.elapsedMs, message: r.cti.message } : 'none';
  }
  // A run that breaks agreement (minimised), else the bug's own finding.
  const agreementTarget = scheduleTarget(m.def, m.variant, m.bug.config, [findInvariant(m.def, 'agreement')!], { liveness: false });
  const search = runStrategyCampaign({ target: agreementTarget, strategy: m.bug.search.strategy, seed: 1, runs: Number.MAX_SAFE_INTEGER, timeLimitMs: seconds * 1000 });
  let schedule: readonly PortableEvent[] | null = null;
  let run: 'agreement' | 'expected' = 'agreement';
  if (search.found?.finding.kind === 'safety') {
    const t = agreementTarget;
    const shrunk = minimize({ proto: t.proto, invariants: t.invariants, semantics: t.semantics, decided: t.decided }, search.found.schedule, search.found.finding);
    schedule = shrunk && shrunk.schedule.length <= search.found.schedule.length ? shrunk.schedule : search.found.schedule;
  } else {
    schedule = runMutant(m, { seed: 1, timeLimitMs: seconds * 1000 }).schedule;
    run = 'expected';
  }
  const found = { schedule };
  let early: MutantRow['early'] = null;
  if (found.schedule) {
    const expected = m.bug.expect.filter((e) => e !== 'liveness');
    const headline = m.def.name === 'paxosstore' ? ['agreement', 'consistency'] : ['agreement'];
    const v = firstViolations(m, found.schedule, [...new Set(['inductive', ...expected, ...headline])]);
    const ind = v.get('inductive');
    const exp = expected.map((n) => ({ n, x: v.get(n) })).filter((x) => x.x).sort((a, b) => a.x!.step - b.x!.step)[0];
    early = {
      inductive: ind?.step ?? null, inductiveConjunct: ind ? (/^([A-Za-z0-9-]+):/.exec(ind.message)?.[1] ?? null) : null,
      expected: exp?.x!.step ?? null, expectedInvariant: exp?.n ?? null, steps: found.schedule.length,
      agreement: v.get('agreement')?.step ?? null, consistency: v.get('consistency')?.step ?? null, run,
    };
  }
  return { name, protocol: m.def.name, cti, early };
}

async function throughput(): Promise<{ protocol: string; variant: string; config: Config; checksPerSec: number; perMinute: number; states: number; ms: number }[]> {
  const out = [];
  for (const [def, variant, config] of [
    [paxosDef, 'classic', { proposers: 2, acceptors: 3, values: 2 }],
    [paxosDef, 'thesis', { proposers: 2, acceptors: 3, values: 2 }],
    [paxosstoreDef, 'tpaxos', { participants: 3, values: 2, maxBallot: 6 }],
  ] as const) {
    const r = await induct(def, { invariant: 'inductive', variant, config, seed: 3, runs: 10_000_000, timeLimitMs: seconds * 1000, reachability: false });
    if (r.cti) throw new Error(`${def.name}/${variant}: CTI of the full invariant: ${r.cti.message}`);
    out.push({ protocol: def.name, variant, config, checksPerSec: r.checksPerSec, perMinute: r.checksPerSec * 60, states: r.states, ms: r.elapsedMs });
  }
  return out;
}

const all = catalogue(protocols).filter((m) => !breaksOnlyLiveness(m) && (only.length === 0 || only.includes(m.variant.name)));
const rows: MutantRow[] = [];
for (const m of all) {
  const row = await mutantRow(m);
  rows.push(row);
  process.stderr.write(`${row.protocol}/${row.name}: ${JSON.stringify(row)}\n`);
}
const tp = only.length ? [] : await throughput();


const cell = (r: MutantRow): string => (typeof r.cti === 'string' ? r.cti : `${r.cti.conjunct} (${r.cti.messages} msgs, after ${r.cti.states} states, ${fmt(r.cti.ms)} ms)`);
const md = [
  `# induct figures`, '',
  `\`npm run bench:induct -- --seconds ${seconds}${only.length ? ` --only ${only.join(',')}` : ''}\` on ${cpus()[0]?.model ?? 'unknown CPU'} (one core).`, '',
  '## Safety mutants against the full inductive invariant, and the early-warning table', '',
  'CTI: the first counterexample to induction of `inductive` (random mode, seed 1, the bug\'s sizes, paxosstore ballots capped at 6). ' +
    'Early warning: a run of the mutant that breaks `agreement` (seed 1, its declared strategy, minimised), or its own bug\'s shrunk run when none breaks agreement, ' +
    'replayed with `inductive`, the invariants the bug expects, `agreement` and (paxosstore) `consistency`: the step after which each first fails.', '',
  markdownTable(
    ['protocol', 'mutant', 'CTI of inductive (conjunct)', 'steps', 'inductive fails at', 'first expected fails at', 'agreement at', 'consistency at', 'earlier than agreement/consistency by'],
    rows.map((r) => {
      const e = r.early;
      const headline = e ? [e.agreement, e.consistency].filter((x): x is number => x !== null) : [];
      const first = headline.length ? Math.min(...headline) : null;
      return [
        r.protocol, r.name, cell(r), e ? `${e.steps}${e.run === 'expected' ? ' (its own bug\'s run)' : ''}` : '-',
        e?.inductive != null ? `${e.inductive} (${e.inductiveConjunct})` : '-',
        e?.expected != null ? `${e.expected} (${e.expectedInvariant})` : '-',
        e?.agreement != null ? String(e.agreement) : '-', e?.consistency != null ? String(e.consistency) : '-',
        e?.inductive != null && first !== null ? String(first - e.inductive) : '-',
      ];
    }),
  ),
  '',
  ...(tp.length ? ['## Throughput (full invariant, random mode, one core)', '', markdownTable(['protocol', 'variant', 'sizes', 'checks/s', 'checks/min', 'states'], tp.map((t) => [t.protocol, t.variant, JSON.stringify(t.config), fmt(t.checksPerSec), fmt(t.perMinute), fmt(t.states)])), ''] : []),
].join('\n');
for (const [path, text] of [[`${outBase}.md`, md + '\n'], [`${outBase}.json`, JSON.stringify({ seconds, rows, throughput: tp }, null, 1) + '\n']] as const) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}
process.stdout.write(md + '\n');
