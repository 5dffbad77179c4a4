/**
 * Writing reports: the HTML page and the ShiViz log of a counterexample,
 * each written atomically (temporary file, then rename), so a reader never
 * sees half a page. A finding's page goes next to its file (`X.json` ->
 * `X.html`); a page written elsewhere (`replay FILE --html OUT`) records a
 * user's module path relative to its own directory, so it replays from
 * where it lies.
 */
import { dirname } from 'node:path';
import type { Target } from '../api/target.js';
import type { CounterexampleFile } from '../corpus/counterexample.js';
import { moduleFrom } from '../cli/findings.js';
import { writeFileAtomic } from '../cli/out-dir.js';
import { renderHtml } from './html.js';
import { buildReport, type ReportModel } from './model.js';
import { renderShiviz } from './shiviz.js';

/** `X.json` -> `X.html` (any other name gets `.html` appended). */
export function htmlPathFor(jsonPath: string): string {
  return jsonPath.endsWith('.json') ? `${jsonPath.slice(0, -'.json'.length)}.html` : `${jsonPath}.html`;
}

/** The counterexample as a page at `out` embeds it: a user's module path made relative to the page's directory. */
function embedded(cx: CounterexampleFile, target: Target, out: string): CounterexampleFile {
  return target.module !== undefined ? { ...cx, module: moduleFrom(dirname(out), target.module) } : cx;
}

/** Builds the model and writes the page to `out`; `jsonFile` (if any) is named as the other replay command. Returns the model. */
export function writeHtmlReport(out: string, cx: CounterexampleFile, target: Target, o: { readonly jsonFile?: string; readonly model?: ReportModel } = {}): ReportModel {
  const model = o.model ?? buildReport(cx, target, { replayPath: out });
  const page = renderHtml({ ...model, replay: `npx paxos-sim replay ${out}` }, embedded(cx, target, out), o.jsonFile ? { jsonFile: o.jsonFile } : {});
  writeFileAtomic(out, page);
  return model;
}

/** Writes the ShiViz log of `cx` to `out`. */
export function writeShivizLog(out: string, cx: CounterexampleFile, target: Target, model?: ReportModel): void {
  writeFileAtomic(out, renderShiviz(model ?? buildReport(cx, target)));
}
