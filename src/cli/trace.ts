/**
 * The readable trace of a counterexample on the terminal: one line per step
 * (number, node, event; a delivery names the step that sent it, so the story
 * reads causally), the node's state change with the changed parts
 * highlighted, the messages the step sent, and at the end the invariant that
 * broke — its statement and the explanation of this violation. A liveness
 * finding ends with every node's final state and what is still in flight.
 */
import type { Finding } from '../kernel/finding.js';
import type { World } from '../kernel/world.js';
import type { TraceStep } from '../corpus/replay.js';
import type { Target } from './args.js';
import type { Out } from './output.js';

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
