/**
 * The HTML report of a counterexample: one self-contained page (inline CSS
 * and script, system fonts, nothing loaded from the network) with the
 * space-time diagram, a step control (slider, buttons, arrow keys) that
 * highlights a step and shows every node's state there with the fields that
 * changed marked and every checked invariant's status, a node filter that
 * projects the diagram onto chosen nodes, the violation explained with its
 * witnesses, the replay command, and the counterexample file itself
 * embedded (`<script type="application/json" id="counterexample">`), so
 * `paxos-sim replay REPORT.html` replays the page.
 */
import type { CounterexampleFile } from '../corpus/counterexample.js';
import type { ReportModel } from './model.js';
import { esc, GEOMETRY, renderLaneHeads, renderSvg } from './svg.js';

/** The id of the element that embeds the counterexample file. */
export const EMBED_ID = 'counterexample';

/** JSON that is safe inside a `<script>` element (no `<`, so no `</script>` or `<!--`). */
export function scriptJson(v: unknown, indent?: number): string {
  return JSON.stringify(v, null, indent).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

const CSS = `
:root{--fg:#1d2330;--muted:#667085;--line:#d0d5dd;--bad:#c62828;--badbg:#fde4e4;--cur:#fff2b8;--accent:#2f6db5}
*{box-sizing:border-box}
body{margin:0;font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:#fafbfc}
header{padding:14px 20px 6px}
h1{font-size:19px;margin:0 0 2px}
h2{font-size:16px;margin:0 0 6px}
h3{font-size:13px;margin:12px 0 4px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
.sub{color:var(--muted);margin:0}
section{margin:8px 20px;padding:10px 14px;background:#fff;border:1px solid var(--line);border-radius:6px}
.verdict{border-left:5px solid var(--bad)}
.verdict.ok{border-left-color:#2e7d32}
.verdict p{margin:4px 0}
code,pre,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}
code.cmd{display:inline-block;background:#f2f4f7;padding:3px 8px;border-radius:4px;user-select:all}
table{border-collapse:collapse}
td,th{padding:2px 8px;border-bottom:1px solid #eef0f3;text-align:left;vertical-align:top}
.votes td.v{font-weight:600}
.chosen-row td{background:#fff7e0}
a.step-link{color:var(--accent);cursor:pointer;text-decoration:underline}
#controls{position:sticky;top:0;z-index:5;display:flex;flex-wrap:wrap;gap:10px 18px;align-items:center}
#controls input[type=range]{width:min(480px,60vw)}
#controls button{font:inherit;padding:2px 10px}
#step-label{font-weight:600;min-width:9em}
#step-text{flex-basis:100%;margin:0}
#filter label{margin-right:8px;white-space:nowrap}
.keys{color:var(--muted);font-size:12px}
main{display:flex;gap:12px;margin:8px 20px 20px;align-items:flex-start}
#diagram-wrap{flex:1 1 auto;overflow:auto;max-height:calc(100vh - 120px);background:#fff;border:1px solid var(--line);border-radius:6px}
#panel{flex:0 0 380px;max-height:calc(100vh - 120px);overflow:auto;background:#fff;border:1px solid var(--line);border-radius:6px;padding:8px 12px}
.node{border:1px solid #eef0f3;border-radius:5px;padding:4px 8px;margin:6px 0}
.node.actor{border-color:var(--accent);box-shadow:0 0 0 1px var(--accent) inset}
.node .name{font-weight:700}
.node .down{color:var(--bad);font-weight:700}
.node table{width:100%}
.node td.k{color:var(--muted);width:30%;white-space:nowrap}
.node td.val{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;word-break:break-all}
tr.changed td{background:#fff1c2}
tr.changed td.k::after{content:" ●";color:#d08700}
.inv li{list-style:none;margin:2px 0}
.inv{padding-left:0;margin:0}
.inv .ok::before{content:"✓ ";color:#2e7d32;font-weight:700}
.inv .fail{color:var(--bad)}
.inv .fail::before{content:"✗ ";font-weight:700}
.legend span{margin-right:14px;white-space:nowrap}
.sw{display:inline-block;width:22px;height:0;border-top:2px solid;vertical-align:middle;margin-right:4px}
svg.diagram{display:block;font:11px system-ui,sans-serif}
.row{fill:#fff}
.row.odd{fill:#f7f8fa}
.row.violation{fill:var(--badbg)}
.row.current{fill:var(--cur);stroke:#d9a400;stroke-width:1}
.row.violation.current{fill:#ffd0c8}
.stepno{text-anchor:end;fill:var(--muted)}
.lane-heads{position:sticky;top:0;z-index:2;display:block;background:rgba(255,255,255,.94);box-shadow:0 1px 0 var(--line);font:700 13px system-ui,sans-serif}
.lane-head{text-anchor:middle;fill:var(--fg)}
.lane-line{stroke:#98a2b3;stroke-width:1.5}
.lane-down{stroke:var(--bad);stroke-width:4;stroke-dasharray:2 3;opacity:.55}
.ev{fill:#475467}
.ev-deliver{fill:var(--accent)}
.ev-local{fill:#6941c6}
.ev-timer circle{fill:#fff;stroke:#c77700;stroke-width:1.5}.ev-timer path{stroke:#c77700;stroke-width:1.5}
.ev-crash path{stroke:var(--bad);stroke-width:2.5}.ev-crash text{fill:var(--bad);font-weight:700}
.ev-recover circle{fill:#fff;stroke:#2e7d32;stroke-width:2.5}.ev-recover text{fill:#2e7d32;font-weight:700}
.ev-dup path{fill:#c77700}.ev-dup text{fill:#c77700}
.ev-threw path{stroke:var(--bad);stroke-width:3}
.arrow path{fill:none;stroke:var(--accent);stroke-width:1.3}
.arrow.re-received path{stroke:#8a4fbf;stroke-dasharray:6 3}
.arrow.dup-copy path{stroke:#c77700;stroke-dasharray:2 2}
.arrow text,.dropped text{fill:#344054;font-size:10px;paint-order:stroke;stroke:#fff;stroke-width:3px}
.arrow.active path{stroke-width:3}
.arrow.active text{font-weight:700}
.dropped path{fill:none;stroke:var(--bad);stroke-width:1.2;stroke-dasharray:4 3}
.dropped path.x{stroke-dasharray:none;stroke-width:2}
.net-ev line{stroke-width:2;stroke-dasharray:8 4}
.net-ev.partition line{stroke:var(--bad)}.net-ev.partition text{fill:var(--bad)}
.net-ev.heal line{stroke:#2e7d32}.net-ev.heal text{fill:#2e7d32}
.violation-mark text{fill:var(--bad);font-weight:700;font-size:13px}
.step-label{fill:#667085;font-size:10.5px}
.step-label.current{fill:var(--fg);font-weight:700}
@media print{#controls,#panel{display:none}#diagram-wrap{max-height:none}}
`;

/** The page's script: step control, state panel, invariant status, node filter. Reads `#report-data`. */
function script(): string {
  return `(function(){
"use strict";
const D = JSON.parse(document.getElementById('report-data').textContent);
const G = ${JSON.stringify(GEOMETRY)};
// The geometry of svg.ts (arrowPath, labelAt, dropAt), written out: the page must not depend on how the TypeScript was compiled.
const arrowPath = (x1, y1, x2, y2) => x1 === x2 ? 'M' + x1 + ' ' + y1 + ' C' + (x1 + 46) + ' ' + y1 + ' ' + (x2 + 46) + ' ' + y2 + ' ' + (x2 + 3) + ' ' + y2 : 'M' + x1 + ' ' + y1 + ' L' + (x2 + (x2 > x1 ? -4 : 4)) + ' ' + y2;
const labelAt = (x1, y1, x2, y2) => x1 === x2 ? [x1 + 40, (y1 + y2) / 2] : [x1 + (x2 - x1) * 0.6, y1 + (y2 - y1) * 0.6 - 3];
const dropAt = (x1, y1, x2, y2) => x1 === x2 ? [x1 + 30, y2] : [x1 + (x2 - x1) * 0.55, y2];
const laneX = (slot) => G.left + slot * G.laneW + G.laneW / 2;
const $ = (s, r) => (r || document).querySelector(s);
const $$ = (s, r) => Array.from((r || document).querySelectorAll(s));
const el = (tag, cls, text) => { const e = document.createElement(tag); if (cls) e.className = cls; if (text !== undefined) e.textContent = text; return e; };
const svg = $('#diagram');
const slider = $('#step');
const msgs = new Map(D.messages.map((m) => [m.id, m]));
const name = (n) => (D.nodes[n] ? D.nodes[n].name : '#' + n);
const shown = new Set(D.nodes.map((n) => n.index));
let cur = 0;

function snapAt(node, step) {
  const a = D.snapshots[node]; let i = 0;
  while (i + 1 < a.length && a[i + 1].step <= step) i++;
  return [a[i], i > 0 ? a[i - 1] : undefined];
}

function renderStates(s) {
  const box = $('#states'); box.textContent = '';
  for (const n of D.nodes) {
    if (!shown.has(n.index)) continue;
    const [snap, prev] = snapAt(n.index, s.step);
    const fresh = snap.step === s.step && s.step > 0;
    const changed = new Set(fresh ? snap.changed : []);
    const card = el('div', 'node' + (s.node === n.index ? ' actor' : ''));
    card.dataset.node = String(n.index);
    const head = el('div'); head.append(el('span', 'name', n.name + ' '));
    if (!snap.up) head.append(el('span', 'down', 'down'));
    if (fresh && changed.size > 0) head.append(el('span', 'changed-count', ' — ' + changed.size + ' field' + (changed.size === 1 ? '' : 's') + ' changed'));
    card.append(head);
    const t = el('table');
    if (changed.has('up')) { const tr = el('tr', 'changed'); tr.dataset.field = 'up'; tr.append(el('td', 'k', 'up'), el('td', 'val', snap.up ? 'up (recovered)' : 'down (crashed)')); t.append(tr); }
    for (const k of Object.keys(snap.fields)) {
      const tr = el('tr', changed.has(k) ? 'changed' : ''); tr.dataset.field = k;
      const v = el('td', 'val', plain(snap.fields[k]));
      if (changed.has(k) && prev) v.title = 'was: ' + (k in prev.fields ? plain(prev.fields[k]) : '(absent)');
      tr.append(el('td', 'k', k), v); t.append(tr);
    }
    card.append(t); box.append(card);
  }
}

function renderInvariants(s) {
  const ul = $('#invariants'); ul.textContent = '';
  if (D.invariants.length === 0) ul.append(el('li', '', 'no invariant checked'));
  for (const inv of D.invariants) {
    const v = inv.violations.find((x) => x[0] === s.step);
    const li = el('li', v ? 'fail' : 'ok', inv.name + (v ? ': ' + v[1] : ''));
    li.dataset.invariant = inv.name; li.title = inv.description; ul.append(li);
  }
  if (D.violation && D.violation.kind !== 'safety' && s.step === D.violation.step) ul.append(el('li', 'fail', D.violation.invariant + ': ' + D.violation.message));
}

const wrap = $('#diagram-wrap');
/** Scrolls the diagram (only the diagram, never the page) so that the row at y is in view below the lane names. */
function reveal(y, h) {
  const top = wrap.scrollTop + 30, bottom = wrap.scrollTop + wrap.clientHeight - 4;
  if (y < top) wrap.scrollTop = Math.max(0, y - 40);
  else if (y + h > bottom) wrap.scrollTop = y + h - wrap.clientHeight + 40;
}
const plain = (v) => { try { const x = JSON.parse(v); return typeof x === 'string' ? x : v; } catch (e) { return v; } };

function setStep(i) {
  i = Math.max(0, Math.min(D.steps.length - 1, i)); cur = i;
  const s = D.steps[i];
  slider.value = String(i);
  $('#step-label').textContent = 'step ' + s.step + ' of ' + D.steps[D.steps.length - 1].step + (D.violation && s.step === D.violation.step ? ' — violation' : '');
  $('#step-text').textContent = (s.node >= 0 ? name(s.node) + ': ' : '') + s.text;
  for (const r of $$('.row.current, .step-label.current', svg)) r.classList.remove('current');
  const label = $('.step-label[data-step="' + s.step + '"]', svg);
  if (label) label.classList.add('current');
  const row = $('.row[data-step="' + s.step + '"]', svg);
  if (row) { row.classList.add('current'); reveal(Number(row.getAttribute('y')), G.rowH); }
  for (const a of $$('.arrow.active', svg)) a.classList.remove('active');
  for (const a of $$('.arrow[data-step="' + s.step + '"]', svg)) a.classList.add('active');
  const sent = $('#sent'); sent.textContent = '';
  for (const id of s.sent) { const m = msgs.get(id); if (m) sent.append(el('div', 'mono', (m.dupOf !== null ? 'copy ' : 'send ') + name(m.from) + ' -> ' + name(m.to) + ' ' + m.text)); }
  renderStates(s); renderInvariants(s);
  document.body.dataset.step = String(s.step);
}

function relayout() {
  const slot = new Map(); let k = 0;
  for (const n of D.nodes) if (shown.has(n.index)) slot.set(n.index, k++);
  const width = G.left + k * G.laneW + G.right;
  svg.setAttribute('width', String(width));
  const heads = $('#lane-heads');
  heads.setAttribute('width', String(width)); heads.setAttribute('viewBox', '0 0 ' + width + ' 26');
  for (const t of $$('.lane-head', heads)) { const n = Number(t.dataset.node); if (slot.has(n)) { t.style.display = ''; t.setAttribute('x', String(laneX(slot.get(n)))); } else t.style.display = 'none'; }
  svg.setAttribute('viewBox', '0 0 ' + width + ' ' + svg.getAttribute('height'));
  for (const r of $$('.row', svg)) r.setAttribute('width', String(width));
  for (const g of $$('.lane', svg)) {
    const n = Number(g.dataset.node);
    if (slot.has(n)) { g.style.display = ''; g.setAttribute('transform', 'translate(' + laneX(slot.get(n)) + ',0)'); } else g.style.display = 'none';
  }
  for (const g of $$('.arrow, .dropped', svg)) {
    const f = Number(g.dataset.from), t = Number(g.dataset.to);
    if (!slot.has(f) || !slot.has(t)) { g.style.display = 'none'; continue; }
    g.style.display = '';
    const x1 = laneX(slot.get(f)), x2 = laneX(slot.get(t)), y1 = Number(g.dataset.y1), y2 = Number(g.dataset.y2);
    const paths = $$('path', g), text = $('text', g);
    if (g.classList.contains('arrow')) {
      paths[0].setAttribute('d', arrowPath(x1, y1, x2, y2));
      const p = labelAt(x1, y1, x2, y2); text.setAttribute('x', String(p[0])); text.setAttribute('y', String(p[1]));
    } else {
      const p = dropAt(x1, y1, x2, y2);
      paths[0].setAttribute('d', 'M' + x1 + ' ' + y1 + ' L' + p[0] + ' ' + p[1]);
      paths[1].setAttribute('d', 'M' + (p[0] - 5) + ' ' + (p[1] - 5) + ' L' + (p[0] + 5) + ' ' + (p[1] + 5) + ' M' + (p[0] + 5) + ' ' + (p[1] - 5) + ' L' + (p[0] - 5) + ' ' + (p[1] + 5));
      text.setAttribute('x', String(p[0] + 8)); text.setAttribute('y', String(p[1] + 4));
    }
  }
  const right = G.left + k * G.laneW;
  for (const g of $$('.net-ev', svg)) { $('line', g).setAttribute('x2', String(right)); $('text', g).setAttribute('x', String(right + 6)); }
  for (const t of $$('.violation-mark text, .step-label', svg)) t.setAttribute('x', String(right + 6));
  // A step acted by a node left out of the projection keeps its row, without its label.
  for (const t of $$('.step-label[data-node]', svg)) t.style.display = slot.has(Number(t.dataset.node)) ? '' : 'none';
  setStep(cur);
}

slider.max = String(D.steps.length - 1);
slider.addEventListener('input', () => setStep(Number(slider.value)));
$('#prev').addEventListener('click', () => setStep(cur - 1));
$('#next').addEventListener('click', () => setStep(cur + 1));
const vbtn = $('#goto-violation');
if (vbtn) vbtn.addEventListener('click', () => setStep(D.steps.findIndex((s) => s.step === D.violation.step)));
document.addEventListener('keydown', (e) => {
  if (e.target === slider || e.altKey || e.ctrlKey || e.metaKey) return;
  const to = { ArrowRight: cur + 1, ArrowDown: cur + 1, ArrowLeft: cur - 1, ArrowUp: cur - 1, Home: 0, End: D.steps.length - 1 }[e.key];
  if (to === undefined) return;
  e.preventDefault(); setStep(to);
});
svg.addEventListener('click', (e) => {
  const t = e.target.closest('[data-step]');
  if (t) setStep(D.steps.findIndex((s) => s.step === Number(t.dataset.step)));
});
for (const a of $$('a.step-link')) a.addEventListener('click', (e) => { e.preventDefault(); setStep(D.steps.findIndex((s) => s.step === Number(a.dataset.step))); });
for (const box of $$('input.node-filter')) box.addEventListener('change', () => { const n = Number(box.dataset.node); if (box.checked) shown.add(n); else shown.delete(n); relayout(); });
$('#filter-all').addEventListener('click', () => { for (const box of $$('input.node-filter')) { box.checked = true; shown.add(Number(box.dataset.node)); } relayout(); });
const start = D.violation ? D.steps.findIndex((s) => s.step === D.violation.step) : 0;
setStep(start < 0 ? 0 : start);
})();`;
}

function stepLinks(steps: readonly number[]): string {
  return [...new Set(steps)].map((s) => `<a class="step-link" href="#" data-step="${s}">${s}</a>`).join(', ');
}

function verdict(m: ReportModel): string {
  const v = m.violation;
  if (v === null) return `<section id="verdict" class="verdict ok"><h2>No violation</h2><p>The schedule ran to its end without breaking a checked invariant${m.divergence ? `: ${esc(m.divergence)}` : ''}.</p></section>`;
  const chosenVals = new Set(v.chosen ?? []);
  const voteRows = v.votes.map((g) => {
    const isChosen = chosenVals.has(`<${g.ballot},${g.value}>`) || chosenVals.has(g.value);
    return `<tr${isChosen ? ' class="chosen-row"' : ''}><td>${g.ballot}</td><td class="v">${esc(g.value)}</td><td>${esc(g.voters.join(', '))}</td><td>${stepLinks(g.steps)}</td></tr>`;
  }).join('');
  return `<section id="verdict" class="verdict">
<h2>✗ ${esc(v.kind)} violation of <span id="violated">${esc(v.invariant)}</span> at step <a class="step-link" href="#" data-step="${v.step}">${v.step}</a></h2>
<p><b>${esc(v.invariant)}</b> states: ${esc(v.statement)}</p>
<p id="explanation"><b>What broke:</b> ${esc(v.message)}</p>
${v.chosen !== null ? `<p id="chosen"><b>Chosen at step ${v.step}:</b> ${v.chosen.length > 0 ? esc(v.chosen.join(', ')) : 'nothing'}</p>` : ''}
${v.votes.length > 0 ? `<h3>Witnesses: votes up to step ${v.step}, by ballot and value${chosenVals.size > 0 ? ' (chosen ones highlighted)' : ''}</h3><table class="votes"><tr><th>ballot</th><th>value</th><th>voters (the quorum when chosen)</th><th>cast at steps</th></tr>${voteRows}</table>` : ''}
<p>${m.reproduced ? 'The replay for this page reproduced it.' : `<b>Not reproduced:</b> ${esc(m.divergence ?? '')}`}</p>
</section>`;
}

function summary(m: ReportModel): string {
  const count = (k: string): number => m.steps.filter((s) => s.kind === k).length;
  const reRecv = m.messages.reduce((a, x) => a + Math.max(0, x.deliveries.length - 1), 0);
  const parts = [
    `${m.steps.length - 1} steps`, `${m.nodes.length} nodes`, `${count('deliver')} deliveries (${m.messages.length} messages sent${reRecv > 0 ? `, ${reRecv} re-received` : ''})`,
    count('drop') ? `${count('drop')} dropped` : '', count('dup') ? `${count('dup')} duplicated` : '', count('crash') ? `${count('crash')} crashes` : '',
    count('recover') ? `${count('recover')} recoveries` : '', count('timer') ? `${count('timer')} timers` : '', count('partition') ? `${count('partition')} partitions` : '',
    `${m.inFlight} in flight at the end`, `${m.semantics} semantics`,
  ];
  return parts.filter(Boolean).join(' · ');
}

/** The whole page. `cx` is embedded verbatim (as JSON) for `replay REPORT.html`. */
export function renderHtml(m: ReportModel, cx: CounterexampleFile, o: { readonly jsonFile?: string } = {}): string {
  const filter = m.nodes.map((n) => `<label><input type="checkbox" class="node-filter" data-node="${n.index}" checked> ${esc(n.name)}</label>`).join('');
  const data = { ...m };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="paxos-sim">
<title>${esc(m.title)}</title>
<style>${CSS}</style>
</head>
<body>
<header><h1>${esc(m.protocol)}/${esc(m.variant)} — counterexample</h1><p class="sub">${esc(Object.entries(m.config).map(([k, v]) => `${k} ${v}`).join(', '))} · ${esc(summary(m))}</p></header>
${verdict(m)}
<section id="replay"><b>Replay:</b> <code class="cmd">${esc(m.replay)}</code>${o.jsonFile ? ` or <code class="cmd">${esc(`npx paxos-sim replay ${o.jsonFile}`)}</code>` : ''} <span class="keys">(this page embeds the counterexample file; replay reads it from here)</span></section>
<section id="controls">
<button id="prev" title="previous step (←)">◀</button><input type="range" id="step" min="0" max="${m.steps.length - 1}" value="0" aria-label="step"><button id="next" title="next step (→)">▶</button>
<span id="step-label"></span>${m.violation ? '<button id="goto-violation">go to violation</button>' : ''}
<span id="filter"><b>Nodes:</b> ${filter}<button id="filter-all">all</button></span>
<span class="keys">keys: ← → step, Home / End; click a row to jump</span>
<p id="step-text" class="mono"></p>
</section>
<main>
<div id="diagram-wrap">
${renderLaneHeads(m)}
${renderSvg(m)}
</div>
<aside id="panel"><h3>Sent at this step</h3><div id="sent"></div><h3>Nodes (● changed since the previous step)</h3><div id="states"></div><h3>Invariants after this step</h3><ul id="invariants" class="inv"></ul></aside>
</main>
<section class="legend"><span><i class="sw" style="border-color:#2f6db5"></i>delivered</span><span><i class="sw" style="border-top-style:dashed;border-color:#8a4fbf"></i>received again</span><span><i class="sw" style="border-top-style:dotted;border-color:#c77700"></i>duplicate copy</span><span><i class="sw" style="border-top-style:dashed;border-color:#c62828"></i>dropped (✕)</span><span>● delivery ■ local action ◯ timer ✕ crash ◯ recover ◆ dup; dashed bands: partition / heal</span></section>
<script type="application/json" id="report-data">${scriptJson(data)}</script>
<script type="application/json" id="${EMBED_ID}">
${scriptJson(cx, 1)}
</script>
<script>${script()}</script>
</body>
</html>
`;
}
