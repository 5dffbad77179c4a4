/**
 * Reading a counterexample out of an HTML report: the page embeds the file
 * verbatim in `<script type="application/json" id="counterexample">`, so
 * `replay REPORT.html` replays exactly what `replay FILE.json` would. The
 * extracted text is then validated like any counterexample file; a page
 * without the element is one clear line (exit 2), never a guess.
 */
import { FORMAT } from '../corpus/counterexample.js';
import { InputError } from '../kernel/input-error.js';

/** True when `text` looks like an HTML page rather than JSON. */
export function isHtml(text: string): boolean {
  return /^\uFEFF?\s*</.test(text);
}

const EMBED = /<script\b[^>]*\bid\s*=\s*["']?counterexample["']?[^>]*>([\s\S]*?)<\/script\s*>/i;

/**
 * The counterexample text of a file: the file itself when it is JSON, the
 * embedded element's content when it is an HTML page (throws `InputError`
 * when the page embeds none).
 */
export function counterexampleText(text: string, where: string): string {
  if (!isHtml(text)) return text;
  const m = EMBED.exec(text);
  if (m === null) throw new InputError(`${where} is an HTML page without an embedded counterexample (<script type="application/json" id="counterexample">); give a paxos-sim report or a ${FORMAT} JSON file`);
  return m[1]!.trim();
}
