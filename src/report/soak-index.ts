/**
 * The soak summary as an HTML index (`reports/soak-SEED.html`, next to the
 * JSON report): one row per shard with its runs, events and verdict, and
 * every finding linked to its report page (or its counterexample file when
 * no page was written), by paths relative to the index so the directory can
 * be moved or archived whole. Self-contained like the reports themselves.
 */
import { dirname, relative, resolve, sep } from 'node:path';
import { esc } from './svg.js';
import { htmlPathFor } from './write.js';

type Shard = Record<string, unknown>;

const href = (from: string, to: string): string => relative(dirname(resolve(from)), resolve(to)).split(sep).map(encodeURIComponent).join('/');

/** The index page of a soak report written at `indexPath`. */
export function renderSoakIndex(indexPath: string, report: { readonly seed: number; readonly ok: boolean; readonly elapsedMs: number; readonly interrupted: string | null; readonly shards: readonly Shard[] }): string {
  const rows = report.shards.map((s) => {
    const v = s['violation'] as Record<string, unknown> | null | undefined;
    let verdict: string;
    if (v) {
      const file = typeof v['file'] === 'string' ? v['file'] : undefined;
      const page = typeof v['html'] === 'string' ? v['html'] : file !== undefined ? htmlPathFor(file) : undefined;
      const link = page ?? file;
      const what = `${String(v['kind'])} ${String(v['invariant'])}, ${String(v['steps'])} steps`;
      verdict = `<span class="bad">${esc(what)}</span>${link !== undefined ? ` — <a href="${esc(href(indexPath, link))}">${esc(page !== undefined ? 'report' : 'counterexample')}</a>` : ''}${file !== undefined && page !== undefined ? ` (<a href="${esc(href(indexPath, file))}">json</a>)` : ''}`;
    } else verdict = s['ok'] === true ? 'none' : `<span class="bad">${esc(String(s['error'] ?? 'failed'))}</span>`;
    return `<tr><td>${esc(String(s['protocol']))}</td><td>${esc(String(s['variant']))}</td><td>${esc(String(s['seed']))}</td><td>${esc(String(s['runs'] ?? '-'))}</td><td>${esc(String(s['events'] ?? '-'))}</td><td>${verdict}</td></tr>`;
  });
  const found = report.shards.filter((s) => s['violation']).length;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>paxos-sim soak ${report.seed}</title>
<style>body{font:14px/1.4 system-ui,sans-serif;margin:20px;color:#1d2330}table{border-collapse:collapse}td,th{padding:3px 10px;border-bottom:1px solid #e4e7ec;text-align:left}.bad{color:#c62828;font-weight:600}</style></head>
<body><h1>paxos-sim soak, seed ${report.seed}</h1>
<p>${report.shards.length} shards, ${found} finding${found === 1 ? '' : 's'}, ${Math.round(report.elapsedMs / 1000)} s${report.interrupted ? `, stopped by ${esc(report.interrupted)}` : ''} — ${report.ok ? 'nothing found' : 'see the findings below'}.</p>
<table><tr><th>protocol</th><th>variant</th><th>seed</th><th>runs</th><th>events</th><th>finding</th></tr>
${rows.join('\n')}
</table></body></html>
`;
}
