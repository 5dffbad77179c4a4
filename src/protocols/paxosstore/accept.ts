/**
 * `Accept(p, b, v)` (PaxosStore.tla ll. 102-117): `p` starts the accept phase
 * for its ballot `b` with value `v`, once a quorum (in `p`'s view) has promised
 * exactly `b`.
 *
 * Guards, as written:
 * 1. `~\E m \in msgs : m.type = "Accept" /\ m.state[p].maxBal = b` (ll. 107-108;
 *    "TODO: delete it? to allow repeating Phase 2a?"). It ranges over EVERY
 *    Accept message, whoever sent it: `m.state[p]` is the sender's view of `p`.
 * 2. `b \in Bals(p)` (l. 109).
 * 3. `\E Q \in Quorum : \A q \in Q : state[p][q].maxBal = b` (l. 110).
 * 4. the value rule (ll. 111-114): every view has `maxVBal = -1` (any `v`), or
 *    `v` is the `maxVVal` of a view whose `maxVBal` is maximal (several views
 *    may tie, each offering its value).
 * The `tpaxos` variant adds `state[p][p].maxBal = b` and
 * `state[p][p].maxVBal < b` (TPaxos: accept only the ballot you hold, and never
 * overwrite a vote with a lower one).
 */
import { inBals, isQuorumSizeBy, type PsConfig } from './config.js';
import { except } from './except.js';
import { broadcast, type Msg, type SpecStep } from './messages.js';
import { SPEC, type PsRules } from './rules.js';
import type { Row } from './types.js';

/** Which Accept guards a variant uses: its `PsRules` (the name the tests know). */
export type AcceptRules = PsRules;

/** The rules guard 3 reads (l. 110, with `Quorum` of l. 25). */
type QuorumRules = Pick<PsRules, 'quorumGuard' | 'quorumBallot' | 'quorumSize'>;
/** The rules guard 4 reads (ll. 111-114). */
type ValueRules = Pick<PsRules, 'freeToPick' | 'valueRule'>;

/** Guard 1 (ll. 107-108) over a message set: no Accept message has `m.state[p].maxBal = b`. */
export function noAcceptAt(msgs: Iterable<Msg>, p: number, b: number): boolean {
  for (const m of msgs) if (m.type === 'Accept' && m.state[p]!.maxBal === b) return false;
  return true;
}

/**
 * Guard 3 (l. 110): a quorum of `p`'s views has `maxBal = b`. The mutant
 * rules drop it, count `maxBal <= b`, or count half as a quorum.
 */
export function quorumAt(row: Row, b: number, rules: QuorumRules = SPEC): boolean {
  if (!rules.quorumGuard) return true;
  let k = 0;
  if (rules.quorumBallot === 'equal') {
    for (let q = 0; q < row.length; q++) if (row[q]!.maxBal === b) k++;
  } else {
    for (let q = 0; q < row.length; q++) if (row[q]!.maxBal <= b) k++;
  }
  return isQuorumSizeBy(rules.quorumSize, row.length, k);
}

/** `\A q \in Participant : state[p][q].maxVBal = -1` (l. 111): free to pick its own value. */
export function freeToPick(row: Row): boolean {
  for (let q = 0; q < row.length; q++) if (row[q]!.maxVBal !== -1) return false;
  return true;
}

/**
 * The values allowed by ll. 112-114: `maxVVal` of every view `q` with
 * `\A r : state[p][q].maxVBal >= state[p][r].maxVBal`, in participant order,
 * without repeats.
 */
export function highestValues(row: Row): number[] {
  let top = -Infinity;
  for (let q = 0; q < row.length; q++) top = Math.max(top, row[q]!.maxVBal);
  return valuesAt(row, top);
}

/**
 * The mutant rule `valueRule: 'lowest'`: the `maxVVal` of every view whose vote
 * is the LOWEST vote in view (`maxVBal <= state[p][r].maxVBal` for every `r`
 * that voted; a view without a vote offers no value).
 */
export function lowestValues(row: Row): number[] {
  let low = Infinity;
  for (let q = 0; q < row.length; q++) if (row[q]!.maxVBal >= 0) low = Math.min(low, row[q]!.maxVBal);
  return valuesAt(row, low);
}

/** The `maxVVal`s of the views whose `maxVBal` is `vbal`, in participant order, without repeats. */
function valuesAt(row: Row, vbal: number): number[] {
  const out: number[] = [];
  for (let q = 0; q < row.length; q++) {
    const r = row[q]!;
    if (r.maxVBal === vbal && !out.includes(r.maxVVal)) out.push(r.maxVVal);
  }
  return out;
}

/** The values a vote in view allows (ll. 112-114, or the mutant `lowest` rule). */
export function votedValues(row: Row, rule: PsRules['valueRule'] = 'highest'): number[] {
  return rule === 'highest' ? highestValues(row) : lowestValues(row);
}

/** Free to pick any value (l. 111; always, under the mutant rule `freeToPick: 'always'`). */
export function freeUnder(row: Row, rule: PsRules['freeToPick'] = 'no-votes'): boolean {
  return rule === 'always' || freeToPick(row);
}

/** Guard 4 (ll. 111-114) for `v \in Value`. */
export function valueAllowed(cfg: PsConfig, row: Row, v: number, rules: ValueRules = SPEC): boolean {
  if (v < 1 || v > cfg.values) return false;
  return freeUnder(row, rules.freeToPick) || votedValues(row, rules.valueRule).includes(v);
}

/** TPaxos's extra guards: `state[p][p].maxBal = b /\ state[p][p].maxVBal < b`. */
export function tpaxosGuardsHold(row: Row, p: number, b: number): boolean {
  return row[p]!.maxBal === b && row[p]!.maxVBal < b;
}

/** Every guard of `Accept(p, b, v)` except guard 1 (the one over the message set). */
export function acceptLocallyEnabled(cfg: PsConfig, rules: AcceptRules, row: Row, p: number, b: number, v: number): boolean {
  return (
    inBals(cfg, p, b, rules.bals) &&
    quorumAt(row, b, rules) &&
    valueAllowed(cfg, row, v, rules) &&
    (!rules.tpaxosGuards || tpaxosGuardsHold(row, p, b))
  );
}

/** Every guard of `Accept(p, b, v)`, guard 1 evaluated over `msgs`. */
export function acceptEnabled(
  cfg: PsConfig,
  rules: AcceptRules,
  row: Row,
  p: number,
  b: number,
  v: number,
  msgs: Iterable<Msg>,
): boolean {
  return acceptLocallyEnabled(cfg, rules, row, p, b, v) && noAcceptAt(msgs, p, b);
}

/**
 * The effect of `Accept(p, b, v)` (ll. 115-117), assuming its guards hold:
 * `state' = [state EXCEPT ![p][p].maxVBal = b, ![p][p].maxVVal = v]`, then send
 * `[type |-> "Accept", from |-> p, to |-> Participant, state |-> state'[p]]`.
 * Ghost: `p` proposes `v` at `b` and votes `(b, v)`.
 */
export function Accept(cfg: PsConfig, row: Row, p: number, b: number, v: number): SpecStep {
  const next = except(row)
    .set(p, 'maxVBal', () => b)
    .set(p, 'maxVVal', () => v)
    .done();
  const m: Msg = { type: 'Accept', from: p, state: next };
  const out: SpecStep['out'] = [
    { kind: 'ghost', event: { kind: 'propose', b, v } },
    { kind: 'ghost', event: { kind: 'vote', b, v } },
  ];
  broadcast(cfg.np, m, out);
  return { row: next, out, msg: m };
}
