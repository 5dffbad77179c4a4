/**
 * `paxos-sim soak merge DIR... --out DIR`: one report from the outputs of
 * several soak shards (or several soaks). Per-case totals are added up;
 * findings are deduplicated across shards by signature (counts added, seeds
 * and cases united) and each distinct one's counterexample and report page
 * are copied once into the merged `findings/`; every shard's canary and
 * incidents are kept. The merged summary has the same shape as a shard's,
 * so the same JSON, JUnit and Markdown reports are written.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { InputError } from '../kernel/input-error.js';
import { FINDINGS_DIR, SUMMARY_FILE, writeReports } from './reports.js';
import { addSeed, MAX_INCIDENTS, SUMMARY_FORMAT, verdict, withRates, type CaseTotals, type FindingEntry, type SoakSummary } from './summary.js';

/** Reads and checks a shard's summary (`InputError`, one line, when it is missing or not a soak summary). */
export function readSummary(dir: string): SoakSummary {
  const path = join(dir, SUMMARY_FILE);
  if (!existsSync(path)) throw new InputError(`soak merge: ${dir} holds no ${SUMMARY_FILE}; give the --out directories of soak runs`);
  let s: unknown;
  try {
    s = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new InputError(`soak merge: ${path} is not valid JSON (${String((e as Error).message).split('\n')[0]})`);
  }
  const o = s as Partial<SoakSummary>;
  if (typeof s !== 'object' || s === null || o.format !== SUMMARY_FORMAT) throw new InputError(`soak merge: ${path} is not a ${SUMMARY_FORMAT} summary`);
  if (!Array.isArray(o.cases) || !Array.isArray(o.findings) || !Array.isArray(o.canary) || typeof o.totals !== 'object') throw new InputError(`soak merge: ${path} is missing its cases, findings, canary or totals`);
  return s as SoakSummary;
}

/** Merges the summaries in `dirs` into `outDir` (findings copied there) and writes the reports. */
export function mergeSoaks(dirs: readonly string[], outDir: string): SoakSummary {
  if (dirs.length === 0) throw new InputError('soak merge needs at least one directory: paxos-sim soak merge DIR... --out DIR');
  const parts = dirs.map((d) => ({ dir: d, s: readSummary(d) }));
  const cases = new Map<string, CaseTotals>();
  const findings = new Map<string, FindingEntry>();
  const incidents: SoakSummary['incidents'] = [];
  let incidentCount = 0;
  const totals = { items: 0, partialItems: 0, runs: 0, events: 0 };
  let peak = 0;
  mkdirSync(join(outDir, FINDINGS_DIR), { recursive: true });
  const copy = (dir: string, file: string | null): string | null => {
    if (file === null) return null;
    const from = join(dir, file);
    if (!existsSync(from)) return null;
    const to = join(FINDINGS_DIR, basename(file));
    if (!existsSync(join(outDir, to))) copyFileSync(from, join(outDir, to));
    return to;
  };
  for (const { dir, s } of parts) {
    for (const k of ['items', 'partialItems', 'runs', 'events'] as const) totals[k] += s.totals[k];
    peak = Math.max(peak, s.memory?.peakRssMb ?? 0);
    for (const c of s.cases) {
      const m = cases.get(c.id);
      if (m === undefined) cases.set(c.id, { ...c, findings: [...c.findings] });
      else {
        m.items += c.items;
        m.partialItems += c.partialItems;
        m.runs += c.runs;
        m.events += c.events;
        m.elapsedMs += c.elapsedMs;
        for (const f of c.findings) if (!m.findings.includes(f)) m.findings.push(f);
      }
    }
    for (const f of s.findings) {
      const m = findings.get(f.signature);
      if (m === undefined) findings.set(f.signature, { ...f, seeds: [...f.seeds], cases: [...f.cases], file: copy(dir, f.file), html: copy(dir, f.html) });
      else {
        m.count += f.count;
        for (const x of f.seeds) addSeed(m.seeds, x);
        for (const c of f.cases) if (!m.cases.includes(c)) m.cases.push(c);
      }
    }
    incidentCount += s.incidentCount;
    for (const i of s.incidents) if (incidents.length < MAX_INCIDENTS) incidents.push(i);
  }
  const first = parts[0]!.s;
  const elapsedMs = Math.max(...parts.map((p) => p.s.elapsedMs));
  const counts = new Set(parts.map((p) => p.s.shard.count));
  const summary: SoakSummary = {
    format: SUMMARY_FORMAT, ok: false, command: 'soak merge', seed: first.seed, shard: { index: 1, count: counts.size === 1 ? first.shard.count : parts.length },
    workers: parts.reduce((a, p) => a + p.s.workers, 0), strategy: first.strategy, runsPerItem: first.runsPerItem, durationS: first.durationS, itemsBudget: first.itemsBudget,
    startedAt: parts.map((p) => p.s.startedAt).sort()[0]!, elapsedMs, interrupted: parts.map((p) => p.s.interrupted).find((x) => x !== null) ?? null,
    totals: withRates(totals, elapsedMs), cases: [...cases.values()], findings: [...findings.values()].sort((a, b) => a.signature.localeCompare(b.signature)),
    canary: parts.flatMap((p) => p.s.canary), incidents, incidentCount, memory: { peakRssMb: peak, samples: [] },
    shards: parts.map((p) => ({ dir: p.dir, shard: p.s.shard, seed: p.s.seed, ok: p.s.ok })),
  };
  summary.ok = verdict(summary) && parts.every((p) => p.s.interrupted === null);
  writeReports(summary, outDir);
  return summary;
}
