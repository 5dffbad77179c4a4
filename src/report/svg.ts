/**
 * The space-time diagram of a report (ShiViz's picture): a vertical lane per
 * node, time flowing down one row per step, an arrow per delivered message
 * from the step that sent it to the step that delivered it, labelled with
 * its kind and ballot. Drawn distinctly: a re-received message (a second
 * delivery of one message, set semantics) dashed, a duplicate's copy
 * dotted, a dropped message as an arrow that stops short at a cross; on
 * the lanes, crashes (a cross, the lane greyed while down), recoveries,
 * timers, local actions and duplications; partitions and heals as bands
 * across every lane. The violating step's row is marked.
 *
 * The markup is static (it reads without scripts); every positioned element
 * carries its lanes and rows as data attributes, so the page's script can
 * re-project it onto chosen nodes (the page's script repeats `arrowPath`,
 * `labelAt` and `dropAt`; the browser test checks the projection).
 */
import type { ReportModel, ReportMessage } from './model.js';

/** Geometry: a step's row height, a lane's width, the margins. */
export const GEOMETRY = { rowH: 26, laneW: 124, left: 56, top: 8, right: 250 } as const;

/** Escapes text for XML/HTML content and attribute values. */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** The y of a step's row centre. */
export function rowY(step: number): number {
  return GEOMETRY.top + step * GEOMETRY.rowH + GEOMETRY.rowH / 2;
}

/** The x of a lane at position `slot` (its index among the lanes shown). */
export function laneX(slot: number): number {
  return GEOMETRY.left + slot * GEOMETRY.laneW + GEOMETRY.laneW / 2;
}

/** An arrow's path: a straight line, or a loop to the right for a message a node sends itself. */
export function arrowPath(x1: number, y1: number, x2: number, y2: number): string {
  if (x1 === x2) return `M${x1} ${y1} C${x1 + 46} ${y1} ${x2 + 46} ${y2} ${x2 + 3} ${y2}`;
  const dx = x2 > x1 ? -4 : 4;
  return `M${x1} ${y1} L${x2 + dx} ${y2}`;
}

/** Where an arrow's label sits: 60 % of the way, or beside a loop. */
export function labelAt(x1: number, y1: number, x2: number, y2: number): [number, number] {
  if (x1 === x2) return [x1 + 40, (y1 + y2) / 2];
  return [x1 + (x2 - x1) * 0.6, y1 + (y2 - y1) * 0.6 - 3];
}

/** The point where a dropped message's arrow stops. */
export function dropAt(x1: number, y1: number, x2: number, y2: number): [number, number] {
  return x1 === x2 ? [x1 + 30, y2] : [x1 + (x2 - x1) * 0.55, y2];
}

const r1 = (x: number): string => String(Math.round(x * 10) / 10);

/** The lanes' down intervals: [from step, to step) while the node is crashed. */
function downIntervals(m: ReportModel, node: number, last: number): [number, number][] {
  const out: [number, number][] = [];
  let since: number | undefined;
  for (const s of m.snapshots[node] ?? []) {
    if (!s.up && since === undefined) since = s.step;
    if (s.up && since !== undefined) {
      out.push([since, s.step]);
      since = undefined;
    }
  }
  if (since !== undefined) out.push([since, last + 1]);
  return out;
}

function eventMark(kind: string, step: number, y: number, threw: boolean): string {
  const a = `data-step="${step}"`;
  if (threw) return `<g class="ev ev-threw" ${a}><path d="M-6 ${y - 6} L6 ${y + 6} M6 ${y - 6} L-6 ${y + 6} M0 ${y - 8} L0 ${y + 8}"/><title>the protocol code threw</title></g>`;
  switch (kind) {
    case 'deliver':
      return `<circle class="ev ev-deliver" ${a} cx="0" cy="${y}" r="4"/>`;
    case 'local':
      return `<rect class="ev ev-local" ${a} x="-4.5" y="${y - 4.5}" width="9" height="9"/>`;
    case 'timer':
      return `<g class="ev ev-timer" ${a}><circle cx="0" cy="${y}" r="6"/><path d="M0 ${y} L0 ${y - 4} M0 ${y} L3 ${y}"/><title>timer fires</title></g>`;
    case 'crash':
      return `<g class="ev ev-crash" ${a}><path d="M-7 ${y - 7} L7 ${y + 7} M7 ${y - 7} L-7 ${y + 7}"/><text x="10" y="${y + 4}">crash</text></g>`;
    case 'recover':
      return `<g class="ev ev-recover" ${a}><circle cx="0" cy="${y}" r="6"/><text x="10" y="${y + 4}">recover</text></g>`;
    case 'dup':
      return `<g class="ev ev-dup" ${a}><path d="M0 ${y - 6} L6 ${y} L0 ${y + 6} L-6 ${y} Z"/><text x="9" y="${y + 4}">dup</text></g>`;
    case 'drop':
      return '';
    default:
      return `<circle class="ev" ${a} cx="0" cy="${y}" r="3"/>`;
  }
}

function arrow(m: ReportMessage, step: number, nth: number, x: (n: number) => number, name: (n: number) => string): string {
  const x1 = x(m.from), y1 = rowY(m.sentStep), x2 = x(m.to), y2 = rowY(step);
  const cls = ['arrow', nth > 0 ? 're-received' : '', m.dupOf !== null ? 'dup-copy' : ''].filter(Boolean).join(' ');
  const [lx, ly] = labelAt(x1, y1, x2, y2);
  const what = `${name(m.from)} -> ${name(m.to)} ${m.text}: sent at step ${m.sentStep}, delivered at step ${step}${nth > 0 ? ` (received again, delivery ${nth + 1})` : ''}${m.dupOf !== null ? ' (a duplicate copy)' : ''}`;
  const head = nth > 0 ? 'head-re' : m.dupOf !== null ? 'head-dup' : 'head';
  return `<g class="${cls}" data-msg="${m.id}" data-from="${m.from}" data-to="${m.to}" data-y1="${y1}" data-y2="${y2}" data-step="${step}" data-sent="${m.sentStep}">`
    + `<path d="${arrowPath(x1, y1, x2, y2)}" marker-end="url(#${head})"/><text x="${r1(lx)}" y="${r1(ly)}">${esc(m.label)}</text><title>${esc(what)}</title></g>`;
}

function dropped(m: ReportMessage, x: (n: number) => number, name: (n: number) => string): string {
  const x1 = x(m.from), y1 = rowY(m.sentStep), x2 = x(m.to), y2 = rowY(m.dropStep!);
  const [ex, ey] = dropAt(x1, y1, x2, y2);
  return `<g class="dropped" data-msg="${m.id}" data-from="${m.from}" data-to="${m.to}" data-y1="${y1}" data-y2="${y2}" data-step="${m.dropStep}" data-sent="${m.sentStep}">`
    + `<path d="M${x1} ${y1} L${r1(ex)} ${ey}"/><path class="x" d="M${r1(ex - 5)} ${ey - 5} L${r1(ex + 5)} ${ey + 5} M${r1(ex + 5)} ${ey - 5} L${r1(ex - 5)} ${ey + 5}"/>`
    + `<text x="${r1(ex + 8)}" y="${ey + 4}">${esc(m.label)} lost</text><title>${esc(`${name(m.from)} -> ${name(m.to)} ${m.text}: sent at step ${m.sentStep}, dropped at step ${m.dropStep}`)}</title></g>`;
}

/** The lane names as a strip of their own, kept in view above the diagram while it scrolls. */
export function renderLaneHeads(m: ReportModel): string {
  const { laneW, left, right } = GEOMETRY;
  const width = left + m.nodes.length * laneW + right;
  const heads = m.nodes.map((n) => `<text class="lane-head" data-node="${n.index}" x="${laneX(n.index)}" y="18">${esc(n.name)}</text>`).join('');
  return `<svg id="lane-heads" class="lane-heads" width="${width}" height="26" viewBox="0 0 ${width} 26">${heads}</svg>`;
}

/** A step's action in a few words: `A3 ← prepare_req b=2`, `P1 send_prepare_req`, `crash A3`. */
export function stepLabel(m: ReportModel, s: ReportModel['steps'][number]): string {
  const name = (n: number): string => m.nodes[n]?.name ?? `#${n}`;
  const msg = s.message !== null ? m.messages.find((x) => x.id === s.message) : undefined;
  let label: string;
  if (msg !== undefined && s.kind === 'deliver') label = `${name(msg.to)} ← ${msg.label} from ${name(msg.from)}`;
  else if (msg !== undefined) label = `${s.kind} ${msg.label} ${name(msg.from)}→${name(msg.to)}`;
  else label = s.text;
  return label.length > 38 ? `${label.slice(0, 37)}…` : label;
}

/** The diagram as an `<svg>` element (no namespace declaration needed inline in HTML). */
export function renderSvg(m: ReportModel): string {
  const { rowH, laneW, left, top, right } = GEOMETRY;
  const last = m.steps[m.steps.length - 1]?.step ?? 0;
  const width = left + m.nodes.length * laneW + right;
  const height = top + (last + 1) * rowH + 12;
  const x = (n: number): number => laneX(n);
  const name = (n: number): string => m.nodes[n]?.name ?? `#${n}`;
  const vstep = m.violation?.step;
  const out: string[] = [];
  out.push(`<svg id="diagram" class="diagram" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="space-time diagram">`);
  out.push('<defs>'
    + '<marker id="head" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" fill="#2f6db5"/></marker>'
    + '<marker id="head-re" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" fill="#8a4fbf"/></marker>'
    + '<marker id="head-dup" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" fill="#c77700"/></marker>'
    + '</defs>');
  out.push('<g class="rows">');
  for (const s of m.steps) {
    const cls = `row${s.step === vstep ? ' violation' : ''}${s.step % 2 === 1 ? ' odd' : ''}`;
    out.push(`<rect class="${cls}" data-step="${s.step}" x="0" y="${top + s.step * rowH}" width="${width}" height="${rowH}"><title>${esc(`step ${s.step}: ${s.text}`)}</title></rect>`
      + `<text class="stepno" x="${left - 10}" y="${rowY(s.step) + 4}">${s.step}</text>`);
  }
  out.push('</g>');
  out.push('<g class="lanes">');
  for (const n of m.nodes) {
    // The lane's name is drawn in the strip above (renderLaneHeads), which stays in view while the diagram scrolls.
    const parts = [`<g class="lane" data-node="${n.index}" transform="translate(${x(n.index)},0)">`, `<title>${esc(n.name)}</title>`, `<line class="lane-line" x1="0" y1="${top}" x2="0" y2="${height - 6}"/>`];
    for (const [a, b] of downIntervals(m, n.index, last)) parts.push(`<line class="lane-down" x1="0" y1="${rowY(a)}" x2="0" y2="${Math.min(height - 6, rowY(b))}"><title>${esc(`${n.name} is down from step ${a}${b <= last ? ` to step ${b}` : ''}`)}</title></line>`);
    for (const s of m.steps) if (s.node === n.index) parts.push(eventMark(s.kind, s.step, rowY(s.step), s.threw === true));
    parts.push('</g>');
    out.push(parts.join(''));
  }
  out.push('</g>');
  out.push('<g class="net">');
  for (const s of m.steps) {
    if (s.kind !== 'partition' && s.kind !== 'heal') continue;
    const y = rowY(s.step);
    const label = s.kind === 'heal' ? 'partition heals' : `partition: ${(s.links ?? []).map(([a, b]) => `${name(a)}↛${name(b)}`).join(' ')}`;
    out.push(`<g class="net-ev ${s.kind}" data-step="${s.step}"><line x1="${left}" y1="${y}" x2="${left + m.nodes.length * laneW}" y2="${y}"/><text x="${left + m.nodes.length * laneW + 6}" y="${y + 4}">${esc(label.length > 60 ? `${label.slice(0, 59)}…` : label)}</text><title>${esc(`step ${s.step}: ${label}`)}</title></g>`);
  }
  out.push('</g>');
  out.push('<g class="msgs">');
  for (const msg of m.messages) {
    msg.deliveries.forEach((d, i) => out.push(arrow(msg, d, i, x, name)));
    if (msg.dropStep !== null) out.push(dropped(msg, x, name));
  }
  out.push('</g>');
  // Each step labelled with its action at the right (partitions and the violation carry their own labels there).
  out.push('<g class="step-labels">');
  for (const s of m.steps) {
    if (s.kind === 'partition' || s.kind === 'heal' || s.step === vstep) continue;
    const label = s.kind === 'init' ? 'init' : stepLabel(m, s);
    out.push(`<text class="step-label" data-step="${s.step}"${s.node >= 0 ? ` data-node="${s.node}"` : ''} x="${left + m.nodes.length * laneW + 6}" y="${rowY(s.step) + 4}">${esc(label)}</text>`);
  }
  out.push('</g>');
  if (m.violation !== null) {
    const y = rowY(m.violation.step);
    out.push(`<g id="violation-mark" class="violation-mark" data-step="${m.violation.step}"><text x="${left + m.nodes.length * laneW + 6}" y="${y + 4}">✗ ${esc(m.violation.invariant)}</text></g>`);
  }
  out.push('</svg>');
  return out.join('\n');
}
