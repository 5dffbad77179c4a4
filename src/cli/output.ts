/**
 * Terminal output: colour (off with --no-color or NO_COLOR), tables, and the
 * readable trace of a counterexample. With --json, stdout carries exactly one
 * JSON object and all human text goes to stderr.
 */
import { Chalk, type ChalkInstance } from 'chalk';

export interface Out {
  readonly c: ChalkInstance;
  readonly json: boolean;
  /** Human text: stdout normally, stderr under --json. */
  say(line?: string): void;
}

export function makeOut(json: boolean, noColor: boolean): Out {
  const colour = !noColor && !('NO_COLOR' in process.env) && (json ? process.stderr.isTTY : process.stdout.isTTY);
  const c = new Chalk({ level: colour ? 1 : 0 });
  return { c, json, say: (line = '') => (json ? process.stderr : process.stdout).write(line + '\n') };
}

/** Plain-text table with padded columns. */
export function table(header: string[], rows: string[][]): string {
  const width = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]): string => r.map((x, i) => x.padEnd(width[i]!)).join('  ').trimEnd();
  return [line(header), width.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** A progress line on stderr, rewritten in place (a terminal only); cleared with spaces, so no escape sequence is printed. */
export interface ProgressLine {
  show(text: string): void;
  clear(): void;
}

export function progressLine(enabled: boolean): ProgressLine {
  let width = 0;
  return {
    show(text) {
      if (!enabled) return;
      process.stderr.write(`\r${text.padEnd(width)}`);
      width = Math.max(width, text.length);
    },
    clear() {
      if (!enabled || width === 0) return;
      process.stderr.write(`\r${' '.repeat(width)}\r`);
      width = 0;
    },
  };
}
