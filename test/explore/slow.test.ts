/**
 * Searches too long for every `npm test` (about a minute each); run with
 * `EXPLORE_SLOW=1 npx vitest run test/explore/slow.test.ts`.
 */
import { describe, expect, test } from 'vitest';
import { exploreVariant } from '../../src/search/explore/bfs.js';
import { paxosstoreDef } from './helpers.js';

describe.skipIf(!process.env['EXPLORE_SLOW'])('slow explorations', () => {
  test('PaxosStore seed-spec, 5 participants, 2 values, ballots 0..1: votes-safe breaks in 14 events', () => {
    // P1 prepares ballot 0 and collects three promises; P2 prepares ballot 1, reaching P1 and P3;
    // P2 accepts (1, v); then P1, although it promised 1, still sees three views at 0 and accepts
    // (0, v'), which makes P2's vote unsafe. ~11M states with value symmetry (~17M without).
    const r = exploreVariant({
      def: paxosstoreDef, variant: 'seed-spec', config: { participants: 5, values: 2, maxBallot: 1 },
      invariants: ['votes-safe', 'agreement', 'one-value-per-ballot', 'consistency'], symmetry: true,
    });
    expect(r.violation).toMatchObject({ invariant: 'votes-safe', steps: 14, confirmed: true });
  }, 600_000);
});
