/** Determinism is the product: same seed, same fingerprint, in one process and across processes. */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { findVariant } from '../../src/kernel/definition.js';
import { paxosDef } from '../../src/protocols/paxos/index.js';
import { runCampaign } from '../../src/search/des/campaign.js';
import { runDes } from '../../src/search/des/simulator.js';
import { swarmOptions } from '../../src/search/des/options.js';
import { Prng } from '../../src/kernel/choice/prng.js';
import { replaySchedule } from '../../src/corpus/replay.js';
import { Hasher } from '../../src/kernel/hash.js';

const classic = findVariant(paxosDef, 'classic')!;
const cfg = { proposers: 2, acceptors: 3, values: 2 };
const campaign = (seed: number) => runCampaign({ def: paxosDef, variant: classic, cfg, invariants: paxosDef.invariants.filter((i) => classic.keeps.includes(i.name)), seed, runs: 300, faults: 'swarm' });

describe('determinism', () => {
  it('same seed gives the same fingerprint; another seed another one', () => {
    const a = campaign(11), b = campaign(11), c = campaign(12);
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(a.events).toBe(b.events);
    expect(c.fingerprint).not.toBe(a.fingerprint);
  });

  it('same seed gives the same fingerprint across two processes, for every strategy', () => {
    const run = (...extra: string[]) => JSON.parse(execFileSync('node', ['bin/paxos-sim.js', 'fuzz', '--protocol', 'paxos', '--runs', '500', '--seed', '3', '--json', ...extra], { encoding: 'utf8' }));
    const [x, y] = [run(), run()];
    expect(x.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(x.fingerprint).toBe(y.fingerprint);
    expect(run('--strategy', 'des').fingerprint).toBe(campaign3()); // the DES strategy is the in-process campaign
  });

  it('replaying the executed schedule reproduces the run exactly', () => {
    const options = swarmOptions(new Prng('swarm:5'), 5);
    const h = new Hasher();
    const r = runDes({ proto: classic.build(cfg), invariants: [], options, seed: 5, record: true, hasher: h });
    const rep = replaySchedule({ proto: classic.build(cfg), invariants: [], semantics: 'multiset' }, r.schedule);
    expect(rep.divergence).toBeUndefined();
    expect(rep.executed).toBe(r.events);
    expect(rep.fingerprint).toBe(h.hex());
    expect(JSON.stringify(rep.world.nodes)).toBe(JSON.stringify(r.world.nodes));
  });
});

function campaign3(): string {
  return runCampaign({ def: paxosDef, variant: classic, cfg, invariants: paxosDef.invariants.filter((i) => classic.keeps.includes(i.name)), seed: 3, runs: 500, faults: 'swarm' }).fingerprint;
}
