/**
 * The rules run on two stores: the kernel's object world and the explorer's
 * integer store. Seeded random walks drive both through the same events —
 * enabled ones, and many that are not (a down addressee, a cut link, an
 * unarmed timer, an unlisted action, a bad partition...) — and after every
 * step the two must agree on whether the event was enabled and on the whole
 * decoded state (node states, up flags, persisted states, timers, messages,
 * routes, cut links, ghost events), and the integer store's incremental
 * fingerprint must equal its recomputation.
 */
import { describe, expect, test } from 'vitest';
import { Prng } from '../../src/kernel/choice/prng.js';
import { eventKey, type Event } from '../../src/kernel/events.js';
import type { AnyProtocol, Outcome } from '../../src/kernel/protocol.js';
import type { Semantics } from '../../src/kernel/network.js';
import type { Config, ProtocolDef } from '../../src/kernel/definition.js';
import { createWorld, enabledEvents, step, type FaultMask, type World } from '../../src/kernel/world.js';
import { CompactWorld, type DecodedState } from '../../src/search/explore/compact.js';
import { build, paxosDef, paxosstoreDef } from './helpers.js';

/** Wraps every handler so that the ghost events of the outcomes applied so far accumulate in `ghost`. */
function tap(proto: AnyProtocol, ghost: Set<string>): AnyProtocol {
  const grab = (node: number, o: Outcome<unknown, unknown, unknown>) => {
    for (const c of o.out) if (c.kind === 'ghost') ghost.add(`${node}|${JSON.stringify(c.event)}`);
    return o;
  };
  return {
    ...proto,
    init: (id) => grab(id, proto.init(id)),
    onMessage: (s, id, from, m) => grab(id, proto.onMessage(s, id, from, m)),
    onTimer: (s, id, t) => grab(id, proto.onTimer(s, id, t)),
    onAction: (s, id, a, net) => grab(id, proto.onAction(s, id, a, net)),
    recover: (p, id) => grab(id, proto.recover(p, id)),
  };
}

/** The kernel world in the form `CompactWorld.decode` gives. */
function decodeWorld(w: World, ghost: Set<string>): DecodedState {
  const p = w.proto;
  const key = (s: unknown) => `${p.stateKey(s)}|${JSON.stringify(s)}`;
  const cut: string[] = [];
  for (let a = 0; a < w.n; a++) for (let b = 0; b < w.n; b++) if (w.blocked[a * w.n + b] === 1) cut.push(`${a}>${b}`);
  return {
    nodes: w.nodes.map(key),
    up: w.up.slice(),
    persisted: w.persisted.map((s) => (s === undefined ? null : key(s))),
    timers: [...w.timers.keys()].sort(),
    messages: [...w.net.inflight.values()].map((e) => `${e.from}>${e.to}:${p.msgKey(e.msg)}|${JSON.stringify(e.msg)}`).sort(),
    route: w.route ? Array.from(w.route) : [],
    cut: cut.sort(),
    ghost: [...ghost].sort(),
  };
}

const ALL: FaultMask = { drop: true, duplicate: true, crash: true, partition: true, maxCrashed: 2 };

/** Events worth trying: the enabled ones, and others of every kind that may well be refused. */
function candidates(w: World, actions: Set<string>, timers: Set<string>): Event[] {
  const p = w.proto;
  const out: Event[] = [];
  for (const id of [...w.net.inflight.keys(), w.net.nextId]) for (const k of ['deliver', 'drop', 'dup'] as const) out.push({ k, id });
  for (let node = 0; node < w.n; node++) {
    if (w.up[node]) for (const a of p.actions(w.nodes[node], node, w.net)) actions.add(p.actionKey(a));
    out.push({ k: 'crash', node }, { k: 'recover', node }, { k: 'partition', links: [[node, node]] });
    for (const action of actions) out.push({ k: 'local', node, action });
    for (const timer of timers) out.push({ k: 'timer', node, timer });
  }
  for (const t of w.timers.values()) timers.add(t.timer);
  out.push({ k: 'heal' });
  return out;
}

interface Case {
  readonly def: ProtocolDef;
  readonly variant: string;
  readonly cfg: Config;
  readonly semantics: Semantics;
}

const CASES: Case[] = [
  { def: paxosDef, variant: 'classic', cfg: { proposers: 2, acceptors: 3, values: 2 }, semantics: 'multiset' },
  { def: paxosDef, variant: 'thesis', cfg: { proposers: 2, acceptors: 3, values: 2 }, semantics: 'multiset' },
  { def: paxosDef, variant: 'thesis-python-sim', cfg: { proposers: 3, acceptors: 2, values: 3 }, semantics: 'multiset' },
  { def: paxosstoreDef, variant: 'seed-spec', cfg: { participants: 3, values: 2, maxBallot: 1 }, semantics: 'set' },
  { def: paxosstoreDef, variant: 'tpaxos', cfg: { participants: 3, values: 2, maxBallot: 2 }, semantics: 'set' },
  { def: paxosstoreDef, variant: 'tpaxos-impl', cfg: { participants: 3, values: 2, maxBallot: 1 }, semantics: 'multiset' },
  { def: paxosstoreDef, variant: 'seed-spec-impl', cfg: { participants: 3, values: 2, maxBallot: 1 }, semantics: 'multiset' },
];

const SEEDS = 4;
const STEPS = 120;

describe('the object world and the explorer\'s integer store agree step by step', () => {
  for (const c of CASES) {
    test(`${c.def.name} ${c.variant} (${c.semantics}, every fault)`, () => {
      let executed = 0, refused = 0;
      const kinds = new Set<string>();
      for (let seed = 1; seed <= SEEDS; seed++) {
        const ghost = new Set<string>();
        const proto = build(c.def, c.variant, c.cfg);
        const w = createWorld(tap(proto, ghost), c.semantics);
        const cw = new CompactWorld(proto, c.semantics);
        const rng = new Prng(`stores-${seed}`);
        const actions = new Set<string>(), timers = new Set<string>();
        expect(cw.decode()).toEqual(decodeWorld(w, ghost));
        for (let i = 0; i < STEPS; i++) {
          // Mostly enabled events (duplication rarely: it grows the state), sometimes anything.
          const enabled = enabledEvents(w, { ...ALL, duplicate: rng.chance(0.05) });
          const pool = enabled.length > 0 && rng.chance(0.7) ? enabled : candidates(w, actions, timers);
          const e = pool[rng.choose(pool.length)]!;
          const ce = cw.translate(w, e);
          const ok = step(w, e);
          expect(cw.step(ce), `step ${i} of seed ${seed}: ${eventKey(e)}`).toBe(ok);
          if (ok) {
            executed++;
            kinds.add(e.k);
          } else refused++;
          expect(cw.decode(), `after step ${i} of seed ${seed}: ${eventKey(e)}`).toEqual(decodeWorld(w, ghost));
          expect(cw.fingerprint()).toEqual(cw.recomputedFingerprint());
        }
      }
      expect(executed).toBeGreaterThan(SEEDS * STEPS * 0.4);
      expect(refused).toBeGreaterThan(0);
      expect(kinds.has('deliver') && kinds.has('crash') && kinds.has('recover') && kinds.has('partition')).toBe(true);
    });
  }
});
