/** The soak reports from a summary (src/soak/reports.ts): a canary not caught fails the soak, in the JUnit XML and the Markdown too. */
import { describe, expect, it } from 'vitest';
import { renderJunit, renderMarkdown } from '../../src/soak/reports.js';
import { SUMMARY_FORMAT, verdict, type SoakSummary } from '../../src/soak/summary.js';

function summary(caught: boolean): SoakSummary {
  return {
    format: SUMMARY_FORMAT, ok: false, command: 'soak', seed: 1, shard: { index: 2, count: 3 }, workers: 2, strategy: 'all', runsPerItem: 200, durationS: 60, itemsBudget: null,
    startedAt: '2026-12-01T00:00:00.000Z', elapsedMs: 60_000, interrupted: null,
    totals: { items: 10, partialItems: 0, runs: 2000, events: 100_000, runsPerSec: 33, eventsPerSec: 1667 },
    cases: [{ id: 'paxos/classic {"proposers":2}', protocol: 'paxos', variant: 'classic', config: { proposers: 2 }, items: 10, partialItems: 0, runs: 2000, events: 100_000, elapsedMs: 59_000, findings: [] }],
    findings: [],
    canary: [{ mutant: 'accept-below-promise', protocol: 'paxos', expect: ['agreement'], caught, items: 3, runs: 3000, events: 1, timeToDetectMs: caught ? 40 : null, invariant: caught ? 'agreement' : null, seed: 7, command: 'npx paxos-sim mutants --only accept-below-promise --seed 7' }],
    incidents: [], incidentCount: 0, memory: { peakRssMb: 100, samples: [] },
  };
}

describe('soak reports', () => {
  it('a caught canary passes; one not caught fails the verdict, the JUnit XML and the Markdown', () => {
    expect(verdict(summary(true))).toBe(true);
    const s = summary(false);
    expect(verdict(s)).toBe(false);
    const xml = renderJunit(s, 'out');
    expect(xml).toMatch(/<testsuite name="paxos-sim soak seed 1 shard 2\/3"[^>]* tests="2" failures="1"/);
    expect(xml).toMatch(/<failure message="the canary mutant accept-below-promise was not caught in 3 item\(s\), 3000 runs/);
    const md = renderMarkdown(s, 'out');
    expect(md).toMatch(/^## paxos-sim soak — ❌ the canary was not caught/);
    expect(md).toMatch(/\*\*not caught\*\*/);
  });

  it('XML special characters in a case or a message are escaped by the builder', () => {
    const s = summary(true);
    s.cases[0]!.findings.push('abc');
    s.findings.push({ signature: 'abc', protocol: 'paxos', variant: 'classic', config: {}, kind: 'safety', invariant: 'agreement', message: 'a <b> & "c" ]]> d', shape: 'x', steps: 3, file: 'findings/f.json', html: null, shrunk: true, count: 2, seeds: [1, 2], cases: ['c'], reproduce: 'npx paxos-sim fuzz' });
    const xml = renderJunit(s, 'out');
    expect(xml).toMatch(/<failure message="safety violation of agreement" type="safety">/);
    expect(xml).toMatch(/replay: npx paxos-sim replay out\/findings\/f\.json/);
    expect(xml).not.toMatch(/a <b> & "c" \]\]> d\]\]>/);
  });
});
