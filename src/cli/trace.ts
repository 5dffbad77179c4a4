/**
 * The readable trace of a counterexample on the terminal: findings and
 * `replay` print the story in columns, one per node
 * (`printCounterexampleStory`, drawn by `report/terminal.ts`).
 */
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
