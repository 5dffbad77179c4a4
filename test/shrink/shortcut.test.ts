/**
 * Shortcuts: stories of the seed spec at 5 participants that the default
 * saved with a detour where a copy of a delivered message would do. Dropping
 * events cannot shorten them (they are fixpoints of the minimiser and of
 * slippage); delivering a broadcast's copy to another node, then
 * minimising, does.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { targetOf } from '../../src/api/target.js';
import { replayTarget } from '../../src/cli/findings.js';
import { parseCounterexample } from '../../src/corpus/counterexample.js';
import { replaySchedule } from '../../src/corpus/replay.js';
import { paxosstoreDef } from '../../src/protocols/paxosstore/index.js';
import { isOneMinimal, shortcut, slip } from '../../src/shrink/minimize.js';

describe('a detour becomes a copy of a delivered message', () => {
  const cases: [string, string, number, string][] = [
    // Found by guided-des (seed 9 of bench:deep): P4 learns of ballot 20 through its own Prepare(13), answered by P1.
    ['seed-spec-5-detour.json', 'votes-safe', 17, 'votes-safe'],
    // Found by guided-des (seed 5, steering by the campaign's map): a double vote at ballot 19, 23 events.
    ['seed-spec-5-double-vote.json', 'one-value-per-ballot', 23, 'votes-safe'],
  ];
  for (const [file, invariant, steps, after] of cases)
    test(`${file}: ${steps} events to at most 16`, () => {
      const cx = parseCounterexample(readFileSync(new URL(`../fixtures/${file}`, import.meta.url), 'utf8'), 'fixture');
      const t = targetOf(paxosstoreDef, { variant: cx.variant, config: cx.config, invariants: [...cx.invariants] });
      const rt = replayTarget(t);
      const story = replaySchedule(rt, cx.schedule);
      expect(story.finding).toMatchObject({ invariant, step: steps });
      const m = { schedule: story.schedule, finding: story.finding! };
      // Neither dropping events nor slipping to another invariant shortens it.
      expect(isOneMinimal(rt, m)).toBe(true);
      expect(slip(rt, m).schedule).toHaveLength(steps);
      const s = shortcut(rt, m);
      expect(s.schedule.length).toBeLessThanOrEqual(16);
      const r = replaySchedule(rt, s.schedule);
      expect(r.divergence).toBeUndefined();
      expect(r.finding).toMatchObject({ kind: 'safety', invariant: after, step: s.schedule.length });
    });
});
