/**
 * The regression corpus: every hand-written scenario of `scenarios/` replays
 * strictly and meets its expected outcome, and every saved counterexample of
 * `scenarios/counterexamples/` reproduces (same violation at the same step,
 * same fingerprint) and is no longer than the run it was shrunk from.
 * Regenerate the hand-written ones with `node dist/corpus/make-scenarios.js`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadCounterexample, verifyCounterexample } from '../../src/api/replay.js';
import { parseScenario, runScenario } from '../../src/corpus/scenario.js';

const DIR = join(import.meta.dirname, '..', '..', 'scenarios');
const CX = join(DIR, 'counterexamples');
const json = (dir: string): string[] => readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

describe('hand-written scenarios', () => {
  test('there are scenarios', () => expect(json(DIR).length).toBeGreaterThanOrEqual(6));
  for (const f of json(DIR))
    test(f, () => {
      const sc = parseScenario(readFileSync(join(DIR, f), 'utf8'), f);
      const r = runScenario(sc, f);
      expect(r.problems, `${sc.name}: ${sc.description}`).toEqual([]);
    });
});

describe('saved counterexamples', () => {
  test('there are counterexamples', () => expect(json(CX).length).toBeGreaterThanOrEqual(3));
  for (const f of json(CX))
    test(f, async () => {
      const { cx, target } = await loadCounterexample(join(CX, f));
      const v = verifyCounterexample(cx, target);
      expect(v.reason ?? null).toBeNull();
      expect(v.reproduced).toBe(true);
      expect(cx.steps).toBe(cx.schedule.length);
      expect(cx.steps).toBeLessThanOrEqual(cx.originalSteps);
    });
});
