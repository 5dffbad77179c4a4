/**
 * The readable trace of a counterexample on the terminal. Findings and
 * `replay` print the story in columns, one per node
 * (`printCounterexampleStory`, drawn by `report/terminal.ts`); the older
 * one-line-per-step trace (`printCounterexampleTrace`: number, node, event,
 * the state change highlighted, the messages sent, the invariant that broke)
 * stays for callers that hold only a `TraceStep` list.
 */
import type { Finding } from '../kernel/finding.js';
import type { World } from '../kernel/world.js';
import type { TraceStep } from '../corpus/replay.js';
import type { Target } from './args.js';
import type { Out } from './output.js';
import type { CounterexampleFile } from '../corpus/counterexample.js';
import { buildReport, type ReportModel } from '../report/model.js';
import { printReportTrace } from '../report/terminal.js';

/**
 * The story of a counterexample as `replay` and every finding print it: one
 * column per node, only the changed state fields per step, the violating
 * step highlighted and the violation explained (`report/terminal.ts`).
 * Returns the report model (built here unless given), for the HTML page.
 */
export function printCounterexampleStory(o: Out, cx: CounterexampleFile, t: Target, model?: ReportModel): ReportModel {
  const m = model ?? buildReport(cx, t);
  printReportTrace(o, m);
  return m;
}

/** Highlights the whitespace-separated tokens of `after` that differ from `before` at the same position. */
export function highlightChange(o: Out, before: string, after: string): string {
  const b = before.split(' ');
  const a = after.split(' ');
  if (b[0] !== a[0] && a.length !== b.length) return o.c.yellow(after);
  return a.map((tok, i) => (tok === b[i] ? o.c.gray(tok) : o.c.yellow(tok))).join(' ');
}

/** Prints the trace of a counterexample and the violation it ends in. */
export function printCounterexampleTrace(o: Out, trace: readonly TraceStep[], f: Finding | undefined, t: Pick<Target, 'def' | 'variant' | 'invariants'>, world?: World): void {
  const { c } = o;
  o.say(c.gray(`  step  node  event`));
  for (const s of trace) {
    const last = f !== undefined && s.step === f.step;
    const cause = s.causedBy !== undefined ? c.gray(` (sent at step ${s.causedBy})`) : '';
    const num = String(s.step).padStart(6);
    o.say(`${last ? c.red.bold(num) : c.bold(num)}  ${c.cyan(s.node.padEnd(4))}  ${s.event}${cause}`);
    if (s.before !== s.after) o.say(`${' '.repeat(14)}${c.gray(s.before)} ${c.yellow('=>')} ${highlightChange(o, s.before, s.after)}`);
    for (const m of s.sent) o.say(`${' '.repeat(14)}${c.green('send')} ${m}`);
  }
  if (f === undefined) return;
  o.say();
  o.say(c.red.bold(`  ${f.kind} violation: ${f.invariant}`) + c.red(` at step ${f.step}`));
  const inv = t.invariants.find((i) => i.name === f.invariant) ?? t.def.invariants.find((i) => i.name === f.invariant);
  if (inv) o.say(`  ${c.bold(inv.name)} states: ${inv.description}`);
  else if (f.kind === 'liveness') o.say(`  ${c.bold('liveness')}: once faults stop, partitions heal and crashed nodes restart, some value must be chosen (${t.variant.name}: liveness ${t.variant.liveness})`);
  else if (f.kind === 'crash') o.say(`  ${c.bold('crash')}: the protocol code threw an exception`);
  o.say(`  ${c.red('what broke:')} ${f.message}`);
  const chosen = world !== undefined ? t.def.chosen?.(world) : undefined;
  if (chosen !== undefined) o.say(`  ${c.bold('chosen')} at the end: ${chosen.length > 0 ? chosen.join(', ') : 'nothing'}`);
  if (f.kind === 'liveness' && world !== undefined) printFinalState(o, world);
}

/** Every node's final state and the messages still in flight (why nothing can happen). */
export function printFinalState(o: Out, w: World): void {
  const { c } = o;
  o.say(c.gray('  final state:'));
  for (let n = 0; n < w.n; n++) o.say(`    ${c.cyan(w.proto.nodeName(n).padEnd(4))} ${w.up[n] ? w.proto.showState(w.nodes[n]) : c.red('down')}`);
  const inflight = [...w.net.inflight.values()];
  if (inflight.length === 0) o.say(c.gray('  no message in flight'));
  for (const env of inflight)
    o.say(`    ${c.gray('in flight')} ${w.proto.nodeName(env.from)} -> ${w.proto.nodeName(env.to)} ${w.proto.showMsg(env.msg)}${w.up[env.to] ? '' : c.red(' (addressee down)')}`);
}
