/** The soak index links each finding's report page by a path relative to the index, and loads nothing. */
import { describe, expect, test } from 'vitest';
import { renderSoakIndex } from '../../src/report/soak-index.js';

describe('soak index', () => {
  test('findings link their pages (or files) relatively; clean shards say none', () => {
    const page = renderSoakIndex('nightly/reports/soak-5.html', {
      seed: 5, ok: false, elapsedMs: 61_000, interrupted: null,
      shards: [
        { protocol: 'paxos', variant: 'classic', seed: 5, runs: 10, events: 100, ok: true, violation: null },
        { protocol: 'paxosstore', variant: 'tpaxos', seed: 7, runs: 3, events: 50, ok: false, violation: { kind: 'safety', invariant: 'agreement', steps: 9, file: 'nightly/x y.json', html: 'nightly/x y.html' } },
        { protocol: 'paxos', variant: 'thesis', seed: 9, ok: false, violation: { kind: 'liveness', invariant: 'liveness', steps: 4, file: 'nightly/z.json' } },
      ],
    });
    expect(page).toContain('<a href="../x%20y.html">report</a>');
    expect(page).toContain('<a href="../x%20y.json">json</a>');
    expect(page).toContain('<a href="../z.html">report</a>');
    expect(page).toMatch(/<td>classic<\/td>.*<td>none<\/td>/);
    expect(page).toContain('3 shards, 2 findings, 61 s');
    expect(page).not.toMatch(/https?:\/\//);
  });
});
