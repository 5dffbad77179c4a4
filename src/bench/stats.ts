/** Small helpers shared by the measurement scripts: medians, flags, markdown tables. */

/** Median of numbers (Infinity counts as larger than everything; "—" when undefined). */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** A number for a table: integers plain, Infinity as "not found", NaN as "—". */
export function fmt(x: number, digits = 0): string {
  if (Number.isNaN(x)) return '—';
  if (!Number.isFinite(x)) return 'not found';
  return digits === 0 ? String(Math.round(x)) : x.toFixed(digits);
}

/** `--name value` flags of a script. */
export function scriptFlags(argv: readonly string[]): Map<string, string> {
  const m = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) continue;
    const next = argv[i + 1];
    if (next !== undefined && !next.startsWith('--')) {
      m.set(a.slice(2), next);
      i++;
    } else m.set(a.slice(2), 'true');
  }
  return m;
}

/** A markdown table. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (r: readonly string[]): string => `| ${r.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
