/**
 * The soak's reports in its output directory, all written atomically:
 *
 * - `soak-summary.json`: the summary (summary.ts);
 * - `soak-junit.xml`: JUnit XML (junit-report-builder), one test case per
 *   protocol x variant x configuration, failing with the replay command and
 *   the invariant's explanation of every finding made there, plus one test
 *   case for the canary (passes when the mutant was caught) and one per
 *   worker incident;
 * - `soak-summary.md`: a Markdown summary for a CI job summary
 *   (`$GITHUB_STEP_SUMMARY`);
 * - `soak-index.html`: the HTML index linking every finding's report page
 *   (report/soak-index.ts).
 *
 * The status file (`soak-status.json`) is written by the running soak.
 */
import { join } from 'node:path';
import junitModule, { type Builder } from 'junit-report-builder';
import { writeFileAtomic } from '../cli/out-dir.js';
import { renderSoakIndex } from '../report/soak-index.js';
import type { SoakSummary } from './summary.js';

/** The builder (a CommonJS module whose typings describe an ES default export). */
const junit = junitModule as unknown as Builder;

export const SUMMARY_FILE = 'soak-summary.json';
export const JUNIT_FILE = 'soak-junit.xml';
export const MARKDOWN_FILE = 'soak-summary.md';
export const INDEX_FILE = 'soak-index.html';
export const STATUS_FILE = 'soak-status.json';
/** Where counterexamples go, under the output directory. */
export const FINDINGS_DIR = 'findings';

/** The replay command of a finding saved in `outDir`. */
export function replayCommand(outDir: string, file: string): string {
  return `npx paxos-sim replay ${join(outDir, file)}`;
}

/** JUnit XML of a summary. */
export function renderJunit(s: SoakSummary, outDir: string): string {
  const b = junit.newBuilder();
  const suite = b.testSuite().name(`paxos-sim soak seed ${s.seed} shard ${s.shard.index}/${s.shard.count}`).timestamp(new Date(s.startedAt)).time(s.elapsedMs / 1000);
  suite.property('seed', String(s.seed)).property('shard', `${s.shard.index}/${s.shard.count}`).property('strategy', s.strategy).property('runsPerItem', String(s.runsPerItem));
  const bySig = new Map(s.findings.map((f) => [f.signature, f]));
  for (const c of s.cases) {
    const tc = suite.testCase().className(`paxos-sim.soak.${c.protocol}.${c.variant}`).name(c.id).time(c.elapsedMs / 1000);
    tc.standardOutput(`${c.items} items, ${c.runs} runs, ${c.events} events`);
    const found = c.findings.map((g) => bySig.get(g)).filter((f) => f !== undefined);
    if (found.length > 0) {
      const head = found.map((f) => `${f.kind} violation of ${f.invariant}`).join('; ');
      const body = found.map((f) => [
        `${f.kind} violation of ${f.invariant} (signature ${f.signature}, ${f.count} item${f.count === 1 ? '' : 's'}, seeds ${f.seeds.join(' ')})`,
        f.message,
        `replay: ${f.file ? replayCommand(outDir, f.file) : '(not saved)'}`,
        `reproduce: ${f.reproduce}`,
      ].join('\n')).join('\n\n');
      tc.failure(head, found[0]!.kind).stacktrace(body);
    }
  }
  for (const k of s.canary) {
    const tc = suite.testCase().className('paxos-sim.soak.canary').name(`canary ${k.protocol}/${k.mutant} fails as expected`).time((k.timeToDetectMs ?? 0) / 1000);
    if (k.caught) tc.standardOutput(`caught: ${k.invariant} (seed ${k.seed}; ${k.command})`);
    else tc.failure(`the canary mutant ${k.mutant} was not caught in ${k.items} item(s), ${k.runs} runs: the soak may no longer be able to find bugs`, 'canary').stacktrace(k.command ?? '');
  }
  for (const i of s.incidents)
    suite.testCase().className('paxos-sim.soak.worker').name(`worker ${i.kind}: ${i.case} seed ${i.seed}`).error(i.message, i.kind, `${i.message}\nreproduce: ${i.command}`);
  return b.build();
}

const cell = (x: unknown): string => String(x).replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The Markdown summary. */
export function renderMarkdown(s: SoakSummary, outDir: string): string {
  const t = s.totals;
  const lines: string[] = [];
  const verdict = s.ok ? '✅ nothing found' : s.findings.length > 0 ? `❌ ${s.findings.length} distinct finding${s.findings.length === 1 ? '' : 's'}` : s.incidentCount > 0 ? '❌ worker incidents' : s.interrupted ? `⚠️ stopped by ${s.interrupted}` : '❌ the canary was not caught';
  lines.push(`## paxos-sim soak — ${verdict}`, '');
  lines.push(`Seed ${s.seed}, shard ${s.shard.count > 1 || !s.shards ? `${s.shard.index}/${s.shard.count}` : `merged from ${s.shards.length}`}${s.shards ? ` (${s.shards.length} shard outputs merged)` : ''}, ${s.workers} worker${s.workers === 1 ? '' : 's'}, strategy ${s.strategy}, ${s.runsPerItem} runs per item; ${Math.round(s.elapsedMs / 1000)} s${s.interrupted ? `, **stopped by ${s.interrupted}**` : ''}.`, '');
  lines.push(`**${t.items}** items, **${t.runs}** runs, **${t.events}** events (${t.runsPerSec} runs/s, ${t.eventsPerSec} events/s); peak memory ${s.memory.peakRssMb} MB.`, '');
  lines.push('### Canary', '');
  for (const k of s.canary) lines.push(k.caught ? `- ✅ \`${k.protocol}/${k.mutant}\` failed as expected: ${k.invariant}, seed ${k.seed}, ${k.timeToDetectMs} ms` : `- ❌ \`${k.protocol}/${k.mutant}\` was **not caught** (${k.items} items, ${k.runs} runs)`);
  if (s.canary.length === 0) lines.push('- ❌ no canary ran');
  lines.push('', '### Findings', '');
  if (s.findings.length === 0) lines.push('None.');
  else {
    lines.push('| signature | protocol/variant | invariant | steps | items | seeds | replay |', '|---|---|---|---|---|---|---|');
    for (const f of s.findings)
      lines.push(`| \`${f.signature}\` | ${cell(`${f.protocol}/${f.variant}`)} | ${cell(`${f.kind} ${f.invariant}`)} | ${f.steps} | ${f.count} | ${cell(f.seeds.slice(0, 5).join(' '))}${f.seeds.length > 5 ? ' …' : ''} | ${f.file ? `\`${cell(replayCommand(outDir, f.file))}\`` : '-'} |`);
    lines.push('');
    for (const f of s.findings) lines.push(`<details><summary><code>${f.signature}</code> ${f.invariant}</summary>`, '', '```', f.message, '```', '', `Reproduce: \`${f.reproduce}\``, '', '</details>', '');
  }
  lines.push('', '### Cases', '', '| case | items | runs | events | findings |', '|---|---|---|---|---|');
  for (const c of s.cases) lines.push(`| ${cell(c.id)} | ${c.items} | ${c.runs} | ${c.events} | ${c.findings.length} |`);
  if (s.incidentCount > 0) {
    lines.push('', `### Worker incidents (${s.incidentCount})`, '');
    for (const i of s.incidents) lines.push(`- ${i.kind} on ${cell(i.case)} seed ${i.seed}: ${cell(i.message)} — \`${cell(i.command)}\``);
  }
  return lines.join('\n') + '\n';
}

/** Writes the summary JSON, JUnit XML, Markdown and HTML index into `outDir`. */
export function writeReports(s: SoakSummary, outDir: string): { summary: string; junit: string; markdown: string; index: string } {
  const paths = { summary: join(outDir, SUMMARY_FILE), junit: join(outDir, JUNIT_FILE), markdown: join(outDir, MARKDOWN_FILE), index: join(outDir, INDEX_FILE) };
  writeFileAtomic(paths.summary, JSON.stringify(s, null, 1) + '\n');
  writeFileAtomic(paths.junit, renderJunit(s, outDir));
  writeFileAtomic(paths.markdown, renderMarkdown(s, outDir));
  const bySig = new Map(s.findings.map((f) => [f.signature, f]));
  const rows = s.cases.map((c) => {
    const f = c.findings.map((g) => bySig.get(g)).find((x) => x !== undefined);
    return {
      protocol: c.protocol, variant: c.variant, seed: JSON.stringify(c.config), runs: c.runs, events: c.events, ok: f === undefined,
      violation: f ? { kind: f.kind, invariant: f.invariant, steps: f.steps, ...(f.file ? { file: join(outDir, f.file) } : {}), ...(f.html ? { html: join(outDir, f.html) } : {}) } : null,
    };
  });
  writeFileAtomic(paths.index, renderSoakIndex(paths.index, { seed: s.seed, ok: s.ok, elapsedMs: s.elapsedMs, interrupted: s.interrupted, shards: rows }));
  return paths;
}
