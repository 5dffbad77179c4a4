/**
 * Accept's guard 1 quantifies over every Accept message, including other
 * senders' views of p; the implementation level can only check its own.
 */
import { describe, expect, test } from 'vitest';
import { createWorld, type World } from '../../src/kernel/world.js';
import { buildSpec } from '../../src/protocols/paxosstore/spec.js';
import { TPAXOS_RULES } from '../../src/protocols/paxosstore/variants.js';
import { paxosstoreInvariants } from '../../src/protocols/paxosstore/invariants.js';
import type { AcceptRules } from '../../src/protocols/paxosstore/accept.js';
import { act, actionsOf, deliver, failing, randomWalks } from './helpers.js';

const OWN: AcceptRules = { ...TPAXOS_RULES, guard1Scope: 'own' };
const cfg = { np: 3, values: 2, maxBallot: 5 };

/** P1 gets a quorum {P1, P2} at 0; then P2 wins ballot 1 with P3 and sends Accept carrying its view of P1 (maxBal 0). */
function scenario(rules: AcceptRules): World {
  const w = createWorld(buildSpec(cfg, rules), 'set');
  act(w, 0, 'Prepare(0)');
  deliver(w, 0, 1, 'Prepare');
  deliver(w, 1, 0, 'ACK');
  act(w, 1, 'Prepare(1)');
  deliver(w, 1, 2, 'Prepare');
  deliver(w, 2, 1, 'ACK');
  act(w, 1, 'Accept(1,2)');
  return w;
}

describe('guard 1 scope', () => {
  test('as written, another participant\'s Accept message blocks P1 at 0 forever', () => {
    expect(actionsOf(scenario(TPAXOS_RULES), 0)).toEqual(['Prepare(3)']);
  });

  test('restricted to own messages, P1 may still accept at 0, and it is harmless', () => {
    const w = scenario(OWN);
    expect(actionsOf(w, 0)).toEqual(['Accept(0,1)', 'Accept(0,2)', 'Prepare(3)']);
    act(w, 0, 'Accept(0,1)');
    deliver(w, 0, 1, 'Accept'); // P2 and P3 promised 1: no vote at 0
    deliver(w, 0, 2, 'Accept');
    expect(failing(w, paxosstoreInvariants)).toEqual([]);
    expect(actionsOf(w, 0).filter((a) => a.startsWith('Accept'))).toEqual([]); // once only
  });

  test('the restricted spec keeps every invariant (random walks, 3 and 4 participants)', () => {
    for (const np of [3, 4]) {
      const v = randomWalks(buildSpec({ np, values: 2, maxBallot: 2 * np }, OWN), {
        walks: 150,
        steps: 150,
        seed: 100 + np,
        invariants: paxosstoreInvariants,
      });
      expect(v).toBeUndefined();
    }
  });
});
