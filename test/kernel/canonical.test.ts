/**
 * The canonical policy's pick and the no-op cache are shortcuts: the first
 * effective event is found without listing the others, and a delivery's
 * effect is kept while its addressee's state is current. Both must agree
 * with the plain definitions (`effectiveEvents` without a cache) at every
 * step of runs of every built-in variant, under both network semantics.
 */
import { describe, expect, it } from 'vitest';
import { canonicalEvent } from '../../src/kernel/canonical.js';
import { defaultConfig } from '../../src/kernel/definition.js';
import { effectiveEvents } from '../../src/kernel/enabled.js';
import type { Observer } from '../../src/kernel/execution.js';
import { checkedInvariants, scheduleTarget } from '../../src/kernel/target.js';
import { NO_FAULTS } from '../../src/kernel/world.js';
import { protocols } from '../../src/protocols/index.js';
import { Prng } from '../../src/kernel/choice/prng.js';
import { swarmOptions } from '../../src/search/des/options.js';
import { runDes } from '../../src/search/des/simulator.js';

const NEVER = (): boolean => false;
const cases = protocols.flatMap((def) => def.variants.filter((v) => !v.mutant).map((v) => [def.name, v.name, def] as const));

describe('shortcuts of the enabled events agree with the plain definitions', () => {
  it.each(cases)('%s/%s: the canonical event is the first effective one, and cached no-op verdicts are the fresh ones', (_p, variantName, def) => {
    const variant = def.variants.find((v) => v.name === variantName)!;
    const t = scheduleTarget(def, variant, defaultConfig(def), checkedInvariants(def, variant));
    let compared = 0;
    const watch: Observer = {
      after(ex) {
        const w = ex.w;
        const fresh = effectiveEvents(w, NO_FAULTS, NEVER);
        expect(canonicalEvent(w, ex.noops)).toEqual(fresh[0]);
        // With the run's cache (kept across its steps) and with a new one: the same events as without any.
        expect(effectiveEvents(w, t.faults, t.crashable, ex.noops)).toEqual(effectiveEvents(w, t.faults, t.crashable));
        compared++;
      },
    };
    for (let r = 0; r < 12; r++) runDes(t, swarmOptions(new Prng(`canonical:${r}`), t.proto.nodeCount), r, { observers: [watch] });
    expect(compared).toBeGreaterThan(100);
  });
});
