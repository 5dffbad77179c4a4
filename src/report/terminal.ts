/**
 * The replayed trace on the terminal, one column per node: each step is a
 * row whose columns show who acted (● the acting node; a delivery draws
 * ○──▶● from sender to addressee; ✕ crash, ↺ recover, ◷ timer, ◆ duplicate,
 * ✕ at the end of a dropped message, ═ partition or heal across every
 * column), then the event in words. Under each step only the state fields
 * that changed, old → new, and what it sent. The violating step is
 * highlighted, and the violation is explained at the end: the invariant's
 * statement, its witnesses, the values chosen and the votes by ballot.
 * Colour comes from the `Out` (chalk level 0 prints plain text).
 */
import type { Out } from '../cli/output.js';
import type { ReportModel, ReportSnapshot, ReportStep } from './model.js';

/** A JSON-rendered field value as a reader wants it: plain strings unquoted. */
function plain(v: string | undefined): string {
  if (v === undefined) return '(none)';
  return /^"[^"\\]*"$/.test(v) ? v.slice(1, -1) : v;
}

function cut(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** The column glyphs of a step: one cell of width `w` per node. */
function cells(m: ReportModel, s: ReportStep, w: number): string[] {
  const n = m.nodes.length;
  const out = Array.from({ length: n }, () => '│'.padEnd(w));
  const put = (i: number, g: string): void => {
    if (i >= 0 && i < n) out[i] = g.padEnd(w);
  };
  const msg = s.message !== null ? m.messages.find((x) => x.id === s.message) : undefined;
  if (s.kind === 'partition' || s.kind === 'heal') return out.map(() => '═'.repeat(w));
  if ((s.kind === 'deliver' || s.kind === 'drop') && msg !== undefined && msg.from !== msg.to) {
    const [a, b] = [msg.from, msg.to];
    const end = s.kind === 'drop' ? '✕' : '●';
    for (let i = Math.min(a, b) + 1; i < Math.max(a, b); i++) out[i] = '─'.repeat(w);
    if (a < b) {
      out[a] = `○${'─'.repeat(w - 1)}`;
      out[b - 1] = `${out[b - 1]!.slice(0, w - 1)}▶`;
      out[b] = end.padEnd(w);
    } else {
      out[b] = `${end}◀${'─'.repeat(w - 2)}`;
      out[a] = '○'.padEnd(w);
    }
    return out;
  }
  const glyph: Record<string, string> = { deliver: '●', drop: '✕', local: '●', timer: '◷', crash: '✕', recover: '↺', dup: '◆' };
  put(s.node, s.threw ? '✗' : glyph[s.kind] ?? '●');
  return out;
}

/** The lines of changed fields of every node whose snapshot is from step `step`. */
function changes(o: Out, m: ReportModel, step: number, indent: string): string[] {
  const { c } = o;
  const lines: string[] = [];
  m.snapshots.forEach((snaps, node) => {
    const i = snaps.findIndex((x) => x.step === step);
    if (i <= 0) return;
    const now: ReportSnapshot = snaps[i]!, prev: ReportSnapshot = snaps[i - 1]!;
    const name = m.nodes[node]!.name;
    for (const f of now.changed) {
      if (f === 'up') lines.push(`${indent}${c.cyan(name)} ${now.up ? c.green('is up again (recovered from what it persisted)') : c.red('is down (volatile state lost)')}`);
      else if (now.up) lines.push(`${indent}${c.cyan(name)} ${c.bold(f)}: ${c.gray(cut(plain(prev.fields[f]), 60))} ${c.yellow('→')} ${c.yellow(cut(plain(now.fields[f]), 80))}`);
    }
  });
  return lines;
}

/** Groups identical sends: `A1 A2 A3 <- prepare_req<1,1>`. */
function sends(m: ReportModel, s: ReportStep): string[] {
  const byText = new Map<string, string[]>();
  for (const id of s.sent) {
    const x = m.messages.find((y) => y.id === id);
    if (x === undefined) continue;
    const key = (x.dupOf !== null ? 'copy of ' : '') + x.text;
    byText.set(key, [...(byText.get(key) ?? []), m.nodes[x.to]?.name ?? String(x.to)]);
  }
  return [...byText].map(([text, to]) => `${to.join(' ')} <- ${text}`);
}

/** Prints the trace of a report model, then the violation explained. */
export function printReportTrace(o: Out, m: ReportModel): void {
  const { c } = o;
  const w = Math.max(4, ...m.nodes.map((n) => n.name.length + 2));
  const indent = ' '.repeat(8);
  const vstep = m.violation?.step;
  o.say(c.gray(`  step  ${m.nodes.map((n) => n.name.padEnd(w)).join('')}  event`));
  for (const s of m.steps) {
    if (s.kind === 'init' && s.sent.length === 0) continue;
    const bad = s.step === vstep;
    const num = String(s.step).padStart(6);
    const cols = cells(m, s, w).join('');
    const msg = s.message !== null ? m.messages.find((x) => x.id === s.message) : undefined;
    const cause = s.kind === 'deliver' && msg !== undefined ? c.gray(` (sent at step ${msg.sentStep}${msg.deliveries.indexOf(s.step) > 0 ? ', received again' : ''})`) : '';
    const text = s.kind === 'init' ? c.gray(s.text) : s.text;
    o.say(`${bad ? c.bgRed.white.bold(num) : c.bold(num)}  ${c.gray(cols)}  ${bad ? c.red.bold(text) : text}${cause}${bad && m.violation ? c.red.bold(`  ✗ ${m.violation.invariant}`) : ''}`);
    if (s.kind !== 'init') for (const l of changes(o, m, s.step, indent)) o.say(l);
    for (const l of sends(m, s)) o.say(`${indent}${c.green('send')} ${l}`);
  }
  printViolation(o, m);
}

/** The violation explained: statement, witnesses, chosen values, votes by ballot and value. */
export function printViolation(o: Out, m: ReportModel): void {
  const { c } = o;
  const v = m.violation;
  if (v === null) return;
  o.say();
  o.say(c.red.bold(`  ${v.kind} violation: ${v.invariant}`) + c.red(` at step ${v.step}`));
  o.say(`  ${c.bold(v.invariant)} states: ${v.statement}`);
  o.say(`  ${c.red('what broke:')} ${v.message}`);
  if (v.chosen !== null) o.say(`  ${c.bold('chosen')} at step ${v.step}: ${v.chosen.length > 0 ? v.chosen.join(', ') : 'nothing'}`);
  if (v.votes.length > 0) {
    o.say(`  ${c.bold('votes')} by ballot and value (witnesses):`);
    for (const g of v.votes) o.say(`    ballot ${g.ballot} value ${g.value}: ${g.voters.join(', ')} ${c.gray(`(steps ${[...new Set(g.steps)].join(', ')})`)}`);
  }
  if (v.kind === 'liveness') printFinalState(o, m);
}

/** Every node's final state and the messages never delivered (why nothing more happens). */
function printFinalState(o: Out, m: ReportModel): void {
  const { c } = o;
  o.say(c.gray('  final state:'));
  for (const n of m.nodes) {
    const last = m.snapshots[n.index]![m.snapshots[n.index]!.length - 1]!;
    o.say(`    ${c.cyan(n.name.padEnd(4))} ${last.up ? last.text : c.red('down')}`);
  }
  const waiting = m.messages.filter((x) => x.deliveries.length === 0 && x.dropStep === null);
  if (waiting.length === 0) o.say(c.gray('  no message in flight'));
  for (const x of waiting) o.say(`    ${c.gray('never delivered')} ${m.nodes[x.from]?.name} -> ${m.nodes[x.to]?.name} ${x.text} ${c.gray(`(sent at step ${x.sentStep})`)}`);
}
