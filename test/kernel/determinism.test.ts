/** Determinism is the product: same seed, same fingerprint, in one process and across processes. */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { findVariant } from '../../src/kernel/definition.js';
import { paxosDef } from '../../src/protocols/paxos/index.js';
import { runStrategyCampaign } from '../../src/search/campaign.js';
import { runDes } from '../../src/search/des/simulator.js';
import { swarmOptions } from '../../src/search/des/options.js';
import { Prng } from '../../src/kernel/choice/prng.js';
import { replaySchedule } from '../../src/corpus/replay.js';
import { Hasher } from '../../src/kernel/hash.js';
import { scheduleTarget } from '../../src/kernel/target.js';

const classic = findVariant(paxosDef, 'classic')!;
const cfg = { proposers: 2, acceptors: 3, values: 2 };
const target = scheduleTarget(paxosDef, classic, cfg, paxosDef.invariants.filter((i) => classic.keeps.includes(i.name)));
const campaign = (seed: number, runs = 300) => runStrategyCampaign({ target, strategy: 'des', desFaults: 'swarm', seed, runs });

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
    expect(run('--strategy', 'des').fingerprint).toBe(campaign(3, 500).fingerprint); // the DES strategy is the in-process campaign
  });

  it('replaying the executed schedule reproduces the run exactly (liveness phase included)', () => {
    const options = swarmOptions(new Prng('swarm:5'), 5);
    const t = scheduleTarget(paxosDef, classic, cfg, []);
    const h = new Hasher();
    const r = runDes(t, options, 5, { record: true, hasher: h });
    expect(r.ending).toBe(true); // the liveness phase ran: its heal and restarts are in the schedule too
    const rep = replaySchedule(t, r.schedule);
    expect(rep.divergence).toBeUndefined();
    expect(rep.executed).toBe(r.steps);
    expect(rep.fingerprint).toBe(h.hex());
    expect(JSON.stringify(rep.world.nodes)).toBe(JSON.stringify(r.w.nodes));
  });
});
