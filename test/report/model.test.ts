/**
 * The report model is the one input of every rendering, so its accounting is
 * checked against the schedules themselves: one delivery per `deliver`
 * event, drops, duplicates' copies, re-receptions under set semantics,
 * crashes and partitions where the schedule put them; node states as fields
 * with exactly the changed ones named; every checked invariant's status
 * after every step; the violation explained with its witnesses.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { targetOf } from '../../src/api/target.js';
import { FORMAT, type CounterexampleFile } from '../../src/corpus/counterexample.js';
import type { PortableEvent } from '../../src/kernel/portable.js';
import { findProtocol } from '../../src/protocols/index.js';
import { changedFields, stateFields } from '../../src/report/fields.js';
import { messageBallot } from '../../src/report/message-label.js';
import { buildReport, type ReportModel } from '../../src/report/model.js';
import { counterexampleText, isHtml } from '../../src/report/embed.js';
import { renderHtml } from '../../src/report/html.js';
import { renderShiviz } from '../../src/report/shiviz.js';
import { load, PAXOS_AGREEMENT, PAXOS_LIVENESS, PAXOSSTORE_SEED_SPEC, ROOT } from './helpers.js';

const deliveries = (m: ReportModel): number => m.messages.reduce((a, x) => a + x.deliveries.length, 0);
const count = (schedule: readonly PortableEvent[], k: string): number => schedule.filter((e) => e.k === k).length;

/** A hand-written scenario of `scenarios/` (or an edited schedule) as a counterexample file with no violation to reach. */
function scenario(name: string, edit?: (s: PortableEvent[]) => PortableEvent[]): { cx: CounterexampleFile; m: ReportModel } {
  const sc = JSON.parse(readFileSync(join(ROOT, 'scenarios', name), 'utf8')) as { protocol: string; variant: string; config: Record<string, number>; schedule: PortableEvent[] };
  const def = findProtocol(sc.protocol)!;
  const target = targetOf(def, { variant: sc.variant, config: sc.config });
  const schedule = edit ? edit(sc.schedule) : sc.schedule;
  const cx: CounterexampleFile = {
    format: FORMAT, protocol: sc.protocol, variant: sc.variant, config: target.cfg, invariants: target.invariants.map((i) => i.name), semantics: target.variant.semantics,
    seed: null, run: null, runSeed: null, foundBy: 'hand-written', violation: { kind: 'safety', invariant: 'agreement', step: 999, message: 'none' },
    originalSteps: schedule.length, steps: schedule.length, fingerprint: '0', schedule,
  };
  return { cx, m: buildReport(cx, target) };
}

describe('the report model of a real counterexample', () => {
  test('paxos agreement: lanes, one delivery per deliver event, the violation and its witnesses', async () => {
    const { cx, target } = await load(PAXOS_AGREEMENT);
    const m = buildReport(cx, target, { replayPath: 'x.html' });
    expect(m.reproduced).toBe(true);
    expect(m.nodes.map((n) => n.name)).toEqual(['P1', 'P2', 'P3', 'A3', 'A4', 'A5']);
    expect(m.steps).toHaveLength(cx.schedule.length + 1);
    expect(m.steps.map((s) => s.step)).toEqual(m.steps.map((_, i) => i));
    expect(deliveries(m)).toBe(count(cx.schedule, 'deliver'));
    for (const msg of m.messages) for (const d of msg.deliveries) expect(d).toBeGreaterThan(msg.sentStep);
    expect(m.steps.filter((s) => s.kind === 'crash').map((s) => s.step)).toEqual([13, 17, 19]);
    expect(m.violation).toMatchObject({ kind: 'safety', invariant: 'agreement', step: 34, chosen: ['<2,2>', '<1,1>'] });
    expect(m.violation!.message).toMatch(/two values chosen: <2,2> and <1,1>/);
    // The witnesses: the quorums that chose each value, with the steps their votes were cast.
    expect(m.violation!.votes).toEqual([
      { ballot: 2, value: '2', voters: ['A3', 'A4'], steps: [12, 16] },
      { ballot: 1, value: '1', voters: ['A3', 'A4'], steps: [32, 34] },
    ]);
    expect(m.replay).toBe('npx paxos-sim replay x.html');
  });

  test('every checked invariant has a status after every step: agreement fails exactly at the violating step', async () => {
    const { cx, target } = await load(PAXOS_AGREEMENT);
    const m = buildReport(cx, target);
    expect(m.invariants.map((i) => i.name)).toEqual(cx.invariants);
    const agreement = m.invariants.find((i) => i.name === 'agreement')!;
    expect(agreement.violations.map(([s]) => s)).toEqual([34]);
    // A file checked for several: each has its own status (seed spec: the others still hold when one-value-per-ballot breaks).
    const ps = await load(PAXOSSTORE_SEED_SPEC);
    const mp = buildReport(ps.cx, ps.target);
    expect(mp.invariants.length).toBe(ps.cx.invariants.length);
    const broken = mp.invariants.filter((i) => i.violations.length > 0).map((i) => i.name);
    expect(broken).toContain('one-value-per-ballot');
    for (const i of mp.invariants) for (const [s] of i.violations) expect(s).toBeLessThanOrEqual(ps.cx.violation.step);
  });

  test('node states as fields, and only the fields that changed are named', async () => {
    const { cx, target } = await load(PAXOS_AGREEMENT);
    const m = buildReport(cx, target);
    const a3 = m.snapshots[3]!;
    const at3 = a3.find((s) => s.step === 3)!; // A3 promises P2's <2,2>
    expect(at3.changed).toEqual(['phase', 'no', 'val']);
    expect(at3.fields['phase']).toBe('"APromised"');
    const crashed = a3.find((s) => s.step === 13)!;
    expect(crashed).toMatchObject({ up: false, text: 'down', changed: ['up'] });
    const recovered = a3.find((s) => s.step === 14)!;
    expect(recovered.up).toBe(true);
    expect(recovered.changed[0]).toBe('up');
    // A node nothing happened to keeps its one initial snapshot.
    expect(m.snapshots[2]).toHaveLength(1);
  });

  test('PaxosStore seed spec (message set): re-received messages, self-sends, arrows labelled with kind and ballot', async () => {
    const { cx, target } = await load(PAXOSSTORE_SEED_SPEC);
    const m = buildReport(cx, target);
    expect(m.reproduced).toBe(true);
    expect(m.nodes).toHaveLength(5);
    expect(deliveries(m)).toBe(count(cx.schedule, 'deliver'));
    expect(m.violation).toMatchObject({ invariant: 'one-value-per-ballot', step: cx.violation.step });
    for (const msg of m.messages) {
      expect(['Prepare', 'Accept', 'ACK']).toContain(msg.kind);
      expect(msg.label).toMatch(/^(Prepare|Accept|ACK) b=-?\d+$/);
    }
    // A view row is an array with one entry per participant: its fields are named by participant.
    expect(Object.keys(m.snapshots[0]![0]!.fields)).toEqual(['[P1]', '[P2]', '[P3]', '[P4]', '[P5]']);
  });

  test('a liveness finding: no invariant fails, the violation is the liveness goal', async () => {
    const { cx, target } = await load(PAXOS_LIVENESS);
    const m = buildReport(cx, target);
    expect(m.reproduced).toBe(true);
    expect(m.violation).toMatchObject({ kind: 'liveness', invariant: 'liveness' });
    expect(m.invariants.every((i) => i.violations.length === 0)).toBe(true);
  });
});

describe('faults in the model (hand-written scenarios)', () => {
  test('drops: the message is never delivered and its drop step is kept', () => {
    const { cx, m } = scenario('lost-accept.json');
    const dropped = m.messages.filter((x) => x.dropStep !== null);
    expect(dropped).toHaveLength(count(cx.schedule, 'drop'));
    for (const x of dropped) {
      expect(x.deliveries).toEqual([]);
      expect(m.steps[x.dropStep!]!.kind).toBe('drop');
      expect(m.steps[x.dropStep!]!.message).toBe(x.id);
    }
    expect(deliveries(m)).toBe(count(cx.schedule, 'deliver'));
    expect(m.violation).toBeNull();
    expect(m.reproduced).toBe(false);
  });

  test('partition and heal are network steps with their links', () => {
    const { m } = scenario('minority-partition.json');
    const p = m.steps.find((s) => s.kind === 'partition')!;
    expect(p.node).toBe(-1);
    expect(p.links!.length).toBeGreaterThan(0);
    expect(m.steps.some((s) => s.kind === 'heal')).toBe(true);
  });

  test('a duplicate: its copy is a message of its own, marked as a copy, delivered too', () => {
    const { cx, m } = scenario('lost-accept.json', (s) => {
      const first = s.findIndex((e) => e.k === 'deliver');
      const d = s[first] as PortableEvent & { from: number; to: number; msg: string };
      return [...s.slice(0, first), { k: 'dup', from: d.from, to: d.to, msg: d.msg }, d, d, ...s.slice(first + 1)];
    });
    const copy = m.messages.find((x) => x.dupOf !== null)!;
    expect(copy).toBeDefined();
    const orig = m.messages.find((x) => x.id === copy.dupOf)!;
    expect([copy.from, copy.to, copy.text]).toEqual([orig.from, orig.to, orig.text]);
    expect(m.steps[copy.sentStep]!.kind).toBe('dup');
    expect(orig.deliveries).toHaveLength(1);
    expect(copy.deliveries).toHaveLength(1);
    expect(deliveries(m)).toBe(count(cx.schedule, 'deliver'));
  });
});

describe('fields, ballots, the embedded file', () => {
  const proto = { nodeCount: 3, nodeName: (i: number) => `N${i}`, showState: (s: unknown) => `S(${String(s)})` } as never;
  test('fields: own keys of objects, entries of arrays, showState otherwise; changes by rendering', () => {
    expect(stateFields(proto, { a: 1, b: 'x', c: new Set([2]) })).toEqual({ a: '1', b: '"x"', c: '[2]' });
    expect(stateFields(proto, [{ x: 1 }, 2])).toEqual({ '[0]': '{"x":1}', '[1]': '2' });
    expect(stateFields(proto, [1, 2, 3])).toEqual({ '[N0]': '1', '[N1]': '2', '[N2]': '3' });
    expect(stateFields(proto, 7)).toEqual({ state: 'S(7)' });
    expect(stateFields(proto, {})).toEqual({ state: 'S([object Object])' });
    expect(changedFields({ a: '1', b: '2' }, { a: '1', b: '3', c: '4' })).toEqual(['b', 'c']);
    expect(changedFields(undefined, { a: '1' })).toEqual([]);
  });

  test('ballots: a ballot-like field, or the sender\'s entry of a carried state row', () => {
    expect(messageBallot({ tag: 0, no: 3, val: 1 }, 0)).toBe(3);
    expect(messageBallot({ type: 'Prepare', from: 1, state: [{ maxBal: 0 }, { maxBal: 4 }] }, 1)).toBe(4);
    expect(messageBallot({ type: 'x' }, 0)).toBeUndefined();
  });

  test('the page embeds the counterexample verbatim and it reads back; a page without it is refused in one line', async () => {
    const { cx, target } = await load(PAXOS_AGREEMENT);
    const page = renderHtml(buildReport(cx, target), cx);
    expect(isHtml(page)).toBe(true);
    expect(JSON.parse(counterexampleText(page, 'p.html'))).toEqual(cx);
    expect(() => counterexampleText('<!doctype html><p>hi</p>', 'p.html')).toThrow(/^p\.html is an HTML page without an embedded counterexample/);
    expect(counterexampleText('{"a":1}', 'f.json')).toBe('{"a":1}');
  });

  test('the page is self-contained: its script parses, nothing refers to the network', async () => {
    const { cx, target } = await load(PAXOS_AGREEMENT);
    const page = renderHtml(buildReport(cx, target), cx);
    const scripts = [...page.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((x) => x[1]!);
    expect(scripts).toHaveLength(1);
    expect(() => new Function(scripts[0]!)).not.toThrow();
    expect(page).not.toMatch(/https?:\/\//);
    expect(page).not.toMatch(/<link\b|@import|url\((?!#)/);
    expect(page).toContain('<svg id="diagram"');
  });

  test('deterministic: the same counterexample gives the same page and the same ShiViz log, byte for byte', async () => {
    const { cx, target } = await load(PAXOSSTORE_SEED_SPEC);
    const a = buildReport(cx, target), b = buildReport(cx, target);
    expect(renderHtml(a, cx)).toBe(renderHtml(b, cx));
    expect(renderShiviz(a)).toBe(renderShiviz(b));
  });

  test('text that looks like markup inside the embedded file cannot end its script element', async () => {
    const { cx, target } = await load(PAXOS_AGREEMENT);
    const evil = { ...cx, violation: { ...cx.violation, message: '</script><script>alert(1)</script>' } };
    const page = renderHtml(buildReport(cx, target), evil);
    expect(page.match(/<\/script>/g)).toHaveLength(3);
    expect(JSON.parse(counterexampleText(page, 'p.html'))).toEqual(evil);
  });
});
