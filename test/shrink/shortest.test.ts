/**
 * The breadth-first shrink stage (src/shrink/shortest.ts): on a finding the
 * minimiser leaves at a local minimum it returns a story exactly as short as
 * the explorer's shortest at that configuration, which strictly replays to
 * the same violation at its last step; on a story that is already shortest
 * it proves so; without budget it keeps its input and proves nothing; a
 * story with faults is searched again with the explorer's faults; a
 * liveness finding (the explorer checks safety only) passes through.
 */
import { describe, expect, test } from 'vitest';
import { exploreTarget } from '../../src/api/explore.js';
import { catalogue, mutantTarget, runMutant, type Mutant } from '../../src/api/mutants.js';
import { replayTarget } from '../../src/cli/findings.js';
import { replaySchedule } from '../../src/corpus/replay.js';
import { isFault } from '../../src/kernel/observers/faults.js';
import { protocols } from '../../src/protocols/index.js';
import { minimize } from '../../src/shrink/minimize.js';
import { shortestStory } from '../../src/shrink/shortest.js';

const mutant = (name: string): Mutant => catalogue(protocols).find((m) => m.variant.name === name)!;

/** A mutant's finding from seed 1, as the search found it and after the event-level minimiser. */
function found(name: string) {
  const m = mutant(name);
  const r = runMutant(m, { seed: 1, shrink: false, timeLimitMs: 20_000 });
  expect(r.finding, `${name}: nothing found from seed 1`).not.toBeNull();
  const t = mutantTarget(m);
  const rt = replayTarget(t);
  const minimized = minimize(rt, r.schedule!.slice(), r.finding!)!;
  return { t, rt, minimized, raw: { schedule: r.schedule!.slice(), finding: r.finding! } };
}

describe('paxos phase1-minority', () => {
  const { t, rt, minimized } = found('phase1-minority');
  // The explorer's shortest at the finding's configuration, computed on its own: no depth bound, its default settings.
  const inv = t.invariants.find((i) => i.name === minimized.finding.invariant)!;
  const bfs = exploreTarget({ ...t, invariants: [inv] }, { faults: 'off', timeLimitMs: 30_000 });

  test('the minimiser stops above the explorer\'s shortest; the stage reaches it, and the story replays strictly to the same violation', () => {
    expect(bfs.schedule, 'the explorer finds the bug at its configuration').not.toBeNull();
    const shortest = bfs.schedule!.length;
    expect(minimized.schedule.length).toBeGreaterThan(shortest);
    const s = shortestStory(t, rt, minimized);
    expect(s.schedule).toHaveLength(shortest);
    expect(s.shortest).toMatchObject({ before: minimized.schedule.length, steps: shortest, proved: true, searchedDepth: shortest - 1, faults: 'off' });
    const r = replaySchedule(rt, s.schedule);
    expect(r.divergence).toBeUndefined();
    expect(r.finding).toMatchObject({ kind: 'safety', invariant: minimized.finding.invariant, step: shortest });
    expect(s.finding).toEqual(r.finding);
  });

  test('a story that is already shortest is proved so and kept', () => {
    const story = { schedule: bfs.schedule!, finding: replaySchedule(rt, bfs.schedule!).finding! };
    const s = shortestStory(t, rt, story);
    expect(s.schedule).toEqual(story.schedule);
    expect(s.shortest).toMatchObject({ before: story.schedule.length, steps: story.schedule.length, proved: true, searchedDepth: story.schedule.length - 1 });
    expect(s.shortest.note).toBeUndefined();
  });

  test('without budget the input is kept and nothing is proved', () => {
    const none = shortestStory(t, rt, minimized, { timeLimitMs: 0 });
    expect(none.schedule).toBe(minimized.schedule);
    expect(none.shortest).toMatchObject({ steps: minimized.schedule.length, proved: false, searchedDepth: null, note: 'no time budget' });
    // A states cap cuts the search short the same way, reporting how deep it got.
    const capped = shortestStory(t, rt, minimized, { maxStates: 50 });
    expect(capped.schedule).toBe(minimized.schedule);
    expect(capped.shortest.proved).toBe(false);
    expect(capped.shortest.searchedDepth).toBeLessThan(bfs.schedule!.length - 1);
  });
});

test('a story that needs a crash: the fault-free search finds nothing shorter, the search with faults does', () => {
  // The story as found (the minimiser alone already reaches the shortest here).
  const { t, rt, raw } = found('amnesia-on-crash');
  expect(raw.schedule.some(isFault)).toBe(true);
  const s = shortestStory(t, rt, raw);
  expect(s.shortest).toMatchObject({ faults: 'on', proved: true });
  expect(s.schedule.length).toBeLessThan(raw.schedule.length);
  expect(s.schedule.some(isFault)).toBe(true);
  const r = replaySchedule(rt, s.schedule);
  expect(r.divergence).toBeUndefined();
  expect(r.finding).toMatchObject({ kind: 'safety', invariant: raw.finding.invariant, step: s.schedule.length });
});

test('a liveness finding is returned unchanged, without a search', () => {
  const { t, rt, minimized } = found('never-retry');
  expect(minimized.finding.kind).toBe('liveness');
  const s = shortestStory(t, rt, minimized);
  expect(s.schedule).toBe(minimized.schedule);
  expect(s.finding).toBe(minimized.finding);
  expect(s.shortest).toMatchObject({ steps: minimized.schedule.length, proved: false, searchedDepth: null, states: 0, faults: null });
  expect(s.shortest.note).toMatch(/liveness/);
});
