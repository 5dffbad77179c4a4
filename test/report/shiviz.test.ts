/**
 * The ShiViz export obeys what ShiViz checks when it parses a log: the
 * parser expression on the first line, the delimiter on the second, every
 * event line matched by the expression, each host's own clock entry
 * starting at 1 and growing by exactly 1, clocks never going backwards on a
 * host, and every delivery's clock dominating the clock its message was
 * sent with (so ShiViz draws the arrow).
 */
import { describe, expect, test } from 'vitest';
import { buildReport, type ReportModel } from '../../src/report/model.js';
import { renderShiviz, SHIVIZ_REGEX } from '../../src/report/shiviz.js';
import { load, PAXOS_AGREEMENT, PAXOSSTORE_IMPL, PAXOSSTORE_SEED_SPEC } from './helpers.js';

interface Line { host: string; clock: Record<string, number>; event: string }

function parse(text: string): Line[] {
  const lines = text.split('\n');
  expect(lines[0]).toBe(SHIVIZ_REGEX);
  expect(lines[1]).toBe('');
  expect(lines[lines.length - 1]).toBe('');
  const re = new RegExp(`^${lines[0]}$`);
  return lines.slice(2, -1).map((l) => {
    const m = re.exec(l);
    expect(m, l).not.toBeNull();
    return { host: m!.groups!['host']!, clock: JSON.parse(m!.groups!['clock']!) as Record<string, number>, event: m!.groups!['event']! };
  });
}

const leq = (a: Record<string, number>, b: Record<string, number>): boolean => Object.entries(a).every(([k, v]) => (b[k] ?? 0) >= v);

function checkLog(m: ReportModel): Line[] {
  const log = parse(renderShiviz(m));
  const last = new Map<string, Record<string, number>>();
  for (const l of log) {
    const prev = last.get(l.host);
    expect(l.clock[l.host]).toBe((prev?.[l.host] ?? 0) + 1);
    if (prev) expect(leq(prev, l.clock)).toBe(true);
    last.set(l.host, l.clock);
  }
  // Every node's init is an event; then one event per step.
  expect(log).toHaveLength(m.nodes.length + m.steps.length - 1);
  // A delivery at step d happens after the send at step s: its clock dominates the sender's at s.
  const byStep = new Map<number, Line>();
  for (const l of log) {
    const s = Number(/^step (\d+):/.exec(l.event)![1]);
    if (s > 0) byStep.set(s, l);
  }
  for (const msg of m.messages)
    for (const d of msg.deliveries) {
      const at = byStep.get(d)!;
      expect(at.host).toBe(m.nodes[msg.to]!.name);
      const sender = msg.sentStep === 0 ? log.find((l) => l.host === m.nodes[msg.from]!.name)! : byStep.get(msg.sentStep)!;
      expect(leq(sender.clock, at.clock)).toBe(true);
    }
  return log;
}

describe('ShiViz export', () => {
  test('paxos agreement: parseable, clocks valid, the violation marked on its event', async () => {
    const { cx, target } = await load(PAXOS_AGREEMENT);
    const log = checkLog(buildReport(cx, target));
    expect(new Set(log.map((l) => l.host))).toEqual(new Set(['P1', 'P2', 'P3', 'A3', 'A4', 'A5']));
    expect(log.filter((l) => l.event.includes('✗ safety violation of agreement'))).toHaveLength(1);
    expect(log[log.length - 1]!.event).toMatch(/^step 34: deliver P1 -> A4/);
  });

  test('PaxosStore, spec and implementation level: every delivery causally after its send', async () => {
    for (const f of [PAXOSSTORE_SEED_SPEC, PAXOSSTORE_IMPL]) {
      const { cx, target } = await load(f);
      checkLog(buildReport(cx, target));
    }
  });
});
