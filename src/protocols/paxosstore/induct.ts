/**
 * How `induct` builds arbitrary global states of paxosstore at spec level
 * (`ProtocolDef.induct`): rows `state[p][q]`, the message set and the ghost
 * votes, built to satisfy the full inductive invariant (`inductive.ts`).
 *
 * The construction, as for paxos, follows the proof:
 * 1. fix every participant's final promise `state[a][a].maxBal`;
 * 2. go up the ballots; at a ballot whose owner (`b % NP`) has promised it,
 *    the owner may Accept a value `SafeAt` it (given the votes below and the
 *    promises), and participants that promised at least `b` may adopt it;
 * 3. each participant's own record then runs through a chain of snapshots,
 *    monotone in both `maxBal` and `maxVBal` (promise, vote, promise...),
 *    ending at its current `state[a][a]`;
 * 4. messages carry snapshots: a message of `a` carries one of `a`'s
 *    snapshots as `m.state[a]` (an Accept the owner's vote record, a Prepare
 *    a promise to one of its ballots, else an ACK to someone), and for every
 *    other `r` a sent snapshot of `r` or `InitState`; the last snapshot of
 *    `a` is always sent (AccInv: a view is a record some message carries).
 *    The exhaustive mode gives every other `r` `InitState`: a receiver reads
 *    only `m.state[m.from]` and `m.state[q]` (whether to ACK), and Accept's
 *    guard 1 reads `m.state[p].maxBal`, so `InitState` there allows every
 *    step any other view allows (ACK always; Accept never blocked) and
 *    loses no counterexample;
 * 5. views `state[p][q]` are snapshots of `q` that were sent, or `InitState`.
 *
 * Bounds: the configuration's ballots `0..maxBallot`; messages as the
 * snapshots chosen (at most `MAX_SENT` per participant, 2 in the exhaustive
 * mode besides the last). Spec level only: implementation-level variants
 * (`-impl`) have process states this does not build.
 *
 * `loose`: up to three perturbations (a vote, a message, a view, a rival
 * proposal one adoption away from a quorum).
 */
import type { Choose, Config, InductDef, InductMode, VariantDef } from '../../kernel/definition.js';
import type { WorldParts } from '../../kernel/assemble.js';
import { makeGhost, type History } from './ghost.js';
import type { PsNode } from './instance.js';
import type { Msg, MsgType } from './messages.js';
import { InitState, type Rec, type Row } from './types.js';
import { psConfig } from './variant-parts.js';

/** Snapshots a participant sends besides its last one (random mode). */
export const MAX_SENT = 3;

type Parts = WorldParts<PsNode, Msg, History>;

function pick<T>(choose: Choose, xs: readonly T[]): T {
  return xs[choose(xs.length)]!;
}

const rec = (maxBal: number, maxVBal: number, maxVVal: number): Rec => ({ maxBal, maxVBal, maxVVal });

/** A well-typed spec-level state (see the essay). */
export function generatePaxosstore(variant: VariantDef, cfg: Config, choose: Choose, mode: InductMode): Parts {
  const { np, values: V, maxBallot: B } = psConfig(cfg);
  const quorum = Math.floor(np / 2) + 1;
  const owner = (b: number): number => b % np;

  // 1. Final promises.
  const maxBal = Array.from({ length: np }, () => choose(B + 2) - 1);
  // 2. Votes, up the ballots.
  const vote: Map<number, number>[] = Array.from({ length: np }, () => new Map());
  const proposals: { b: number; v: number }[] = [];
  const safe = (b: number, v: number): boolean => {
    for (let c = 0; c < b; c++) {
      let k = 0;
      for (let a = 0; a < np; a++) {
        const x = vote[a]!.get(c);
        if (x === v || (x === undefined && maxBal[a]! > c)) k++;
      }
      if (k < quorum) return false;
    }
    return true;
  };
  for (let b = 0; b <= B; b++) {
    const o = owner(b);
    if (maxBal[o]! < b || choose(2) === 0) continue;
    const ok: number[] = [];
    for (let v = 1; v <= V; v++) if (safe(b, v)) ok.push(v);
    if (ok.length === 0) continue;
    const v = pick(choose, ok);
    proposals.push({ b, v });
    vote[o]!.set(b, v);
    for (let a = 0; a < np; a++) if (a !== o && maxBal[a]! >= b && choose(2) === 1) vote[a]!.set(b, v);
  }

  // 3. Chains of own records.
  const chain: Rec[][] = [];
  for (let a = 0; a < np; a++) {
    const c: Rec[] = [];
    let cur = InitState;
    const votes = [...vote[a]!].sort((x, y) => x[0] - y[0]);
    for (let i = 0; i < votes.length; i++) {
      const [b, v] = votes[i]!;
      const next = i + 1 < votes.length ? votes[i + 1]![0] : maxBal[a]!;
      if (owner(b) === a && proposals.some((p) => p.b === b)) {
        // Accept(a, b, v): a held exactly b (its Prepare), then voted at it.
        if (cur.maxBal < b) c.push((cur = rec(b, cur.maxVBal, cur.maxVVal)));
        c.push((cur = rec(b, b, v)));
      } else {
        if (cur.maxBal < b && choose(2) === 1) c.push((cur = rec(cur.maxBal + 1 + choose(b - cur.maxBal), cur.maxVBal, cur.maxVVal)));
        const hi = Math.max(b, Math.min(next, maxBal[a]!));
        c.push((cur = rec(b + choose(hi - b + 1), b, v)));
      }
    }
    if (cur.maxBal < maxBal[a]!) {
      if (cur.maxBal + 1 < maxBal[a]! && choose(2) === 1) c.push((cur = rec(cur.maxBal + 1 + choose(maxBal[a]! - cur.maxBal - 1), cur.maxVBal, cur.maxVVal)));
      c.push((cur = rec(maxBal[a]!, cur.maxVBal, cur.maxVVal)));
    }
    chain.push(c);
  }

  // 4. Sent snapshots: the last one always, some others.
  const sentLimit = mode === 'exhaustive' ? 2 : MAX_SENT;
  const sent: Rec[][] = chain.map((c) => {
    if (c.length === 0) return [];
    const out: Rec[] = [];
    let budget = sentLimit;
    for (let i = 0; i < c.length - 1 && budget > 0; i++) if (choose(2) === 1) (out.push(c[i]!), budget--);
    out.push(c[c.length - 1]!);
    return out;
  });
  const known = (r: number): Rec[] => [InitState, ...sent[r]!];
  const messages: { from: number; to: number; msg: Msg }[] = [];
  for (let a = 0; a < np; a++) {
    for (const s of sent[a]!) {
      const row: Rec[] = [];
      for (let r = 0; r < np; r++) row.push(r === a ? s : mode === 'exhaustive' ? InitState : pick(choose, known(r)));
      const accept = s.maxBal === s.maxVBal && owner(s.maxBal) === a && proposals.some((p) => p.b === s.maxBal && p.v === s.maxVVal);
      const prepare = !accept && s.maxBal >= 0 && owner(s.maxBal) === a && s.maxVBal < s.maxBal && choose(2) === 1;
      const type: MsgType = accept ? 'Accept' : prepare ? 'Prepare' : 'ACK';
      const msg: Msg = { type, from: a, state: Object.freeze(row) };
      if (type === 'ACK') messages.push({ from: a, to: choose(np), msg });
      else for (let q = 0; q < np; q++) messages.push({ from: a, to: q, msg });
    }
  }

  // 5. Rows.
  const nodes: Row[] = [];
  for (let p = 0; p < np; p++) {
    const row: Rec[] = [];
    for (let q = 0; q < np; q++) row.push(q === p ? chainTop(chain[p]!) : pick(choose, known(q)));
    nodes.push(Object.freeze(row));
  }

  // Ghost: proposals and votes, up the ballots.
  const g = makeGhost(quorum);
  const h = g.init();
  for (let b = 0; b <= B; b++) {
    const p = proposals.find((x) => x.b === b);
    if (p) g.record(h, owner(b), { kind: 'propose', b, v: p.v });
    for (let a = 0; a < np; a++) if (vote[a]!.has(b)) g.record(h, a, { kind: 'vote', b, v: vote[a]!.get(b)! });
  }
  const parts: Parts = { nodes, messages, ghost: h };
  return mode === 'loose' ? perturb(parts, np, V, B, choose) : parts;
}

function chainTop(c: readonly Rec[]): Rec {
  return c.length === 0 ? InitState : c[c.length - 1]!;
}

/** Up to three random changes: a vote, a message, a view, a rival proposal one adoption from a quorum. */
function perturb(parts: Parts, np: number, V: number, B: number, choose: Choose): Parts {
  const nodes = (parts.nodes as Row[]).map((r) => r.slice());
  const messages = parts.messages.slice();
  const g = makeGhost(Math.floor(np / 2) + 1);
  const h = parts.ghost;
  const n = choose(4);
  for (let j = 0; j < n; j++) {
    const a = choose(np), b = choose(B + 1), v = 1 + choose(V);
    const ownVote = (x: number): void => {
      const own = nodes[x]![x]!;
      nodes[x]![x] = rec(Math.max(own.maxBal, b), b, v);
      g.record(h, x, { kind: 'vote', b, v });
    };
    const send = (from: number, type: MsgType): void => {
      const row = Object.freeze(nodes[from]!.slice());
      if (type === 'ACK') messages.push({ from, to: choose(np), msg: { type, from, state: row } });
      else for (let q = 0; q < np; q++) messages.push({ from, to: q, msg: { type, from, state: row } });
    };
    switch (choose(4)) {
      case 0:
        ownVote(a);
        send(a, 'ACK');
        break;
      case 1:
        nodes[a]![choose(np)] = rec(b, b - choose(2), v);
        break;
      case 2: {
        const o = b % np;
        nodes[o]![o] = rec(b, b, v);
        g.record(h, o, { kind: 'vote', b, v });
        send(o, 'Accept');
        break;
      }
      default: {
        // A rival: the owner of b votes (b, v), quorum - 2 others adopt it, and its Accept is in flight.
        const o = b % np;
        nodes[o]![o] = rec(b, b, v);
        g.record(h, o, { kind: 'vote', b, v });
        for (let k = 1; k < Math.floor(np / 2); k++) ownVote((o + k) % np);
        send(o, 'Accept');
      }
    }
  }
  return { ...parts, nodes: nodes.map((r) => Object.freeze(r)), messages };
}

/** `ProtocolDef.induct` of paxosstore (spec-level variants). */
export const paxosstoreInduct: InductDef<PsNode, Msg, History> = {
  target: 'inductive',
  supports: (v) => (v.semantics === 'set' ? undefined : `${v.name} is implementation level (process states); induct generates spec-level states (tpaxos, seed-spec and their mutants)`),
  bounds: (_v, cfg) => `ballots 0..${cfg['maxBallot']}, each participant sends its latest record and up to ${MAX_SENT} older ones (2 when exhaustive)`,
  generate: generatePaxosstore,
  ghostKey: (h) => `votes {${h.votes.map((x) => `P${x.node + 1}(${x.b},${x.v})`).sort().join(' ')}}`,
};
