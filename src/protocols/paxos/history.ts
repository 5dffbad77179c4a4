/**
 * Ghost history of a paxos run: every value proposed, every accept ever
 * performed (acceptor, proposal), every value learned. Invariants are stated
 * over this history, not over learners or current acceptor state, so a value
 * that was chosen and later overwritten still counts as chosen.
 *
 * Bookkeeping is incremental: `record` updates the verdict of every invariant
 * as events arrive, and the invariant checks only read the verdicts (O(1) per
 * step).
 */
import type { Ghost } from '../../kernel/protocol.js';
import { popcount } from './layout.js';

export type PaxosGhost =
  | { readonly k: 'propose'; readonly val: number }
  | { readonly k: 'accept'; readonly acc: number; readonly no: number; readonly val: number }
  | { readonly k: 'learn'; readonly val: number };

export interface Accepted {
  readonly acc: number;
  readonly no: number;
  readonly val: number;
}

/** The first violation found of each history invariant (undefined = holds so far). */
export interface Verdicts {
  agreement?: string;
  validity?: string;
  I1?: string;
  I2?: string;
  'I2-literal'?: string;
  'learner-safety'?: string;
}

export class PaxosHistory {
  proposed = new Set<number>();
  /** Every accept in order. */
  accepts: Accepted[] = [];
  /** `${no}:${val}` -> bitmask of acceptors that accepted that proposal. */
  votes = new Map<string, number>();
  /** Proposal number -> the value first accepted with it (for I1). */
  valueOf = new Map<number, number>();
  /** Chosen proposals in the order they became chosen. */
  chosen: { no: number; val: number }[] = [];
  learned: number[] = [];
  verdicts: Verdicts = {};

  constructor(readonly quorum: number) {}

  clone(): PaxosHistory {
    const h = new PaxosHistory(this.quorum);
    h.proposed = new Set(this.proposed);
    h.accepts = this.accepts.slice();
    h.votes = new Map(this.votes);
    h.valueOf = new Map(this.valueOf);
    h.chosen = this.chosen.slice();
    h.learned = this.learned.slice();
    h.verdicts = { ...this.verdicts };
    return h;
  }

  isChosen(val: number): boolean {
    for (const c of this.chosen) if (c.val === val) return true;
    return false;
  }

  record(e: PaxosGhost): void {
    if (e.k === 'propose') this.proposed.add(e.val);
    else if (e.k === 'accept') this.accept(e.acc, e.no, e.val);
    else this.learn(e.val);
  }

  private learn(val: number): void {
    this.learned.push(val);
    if (!this.isChosen(val))
      this.verdicts['learner-safety'] ??= `a learner learned value ${val}, which no majority of acceptors has accepted at one proposal number`;
  }

  private accept(acc: number, no: number, val: number): void {
    const v = this.verdicts;
    // I1: one value per proposal number among accepted proposals.
    const first = this.valueOf.get(no);
    if (first === undefined) this.valueOf.set(no, val);
    else if (first !== val) v.I1 ??= `proposal number ${no} was accepted with two values, ${first} and ${val} (A${acc + 1} accepted <${no},${val}>)`;
    // I2 as printed: within one acceptor's accepted proposals, higher numbers keep the value.
    for (const a of this.accepts) {
      if (a.acc !== acc || a.val === val) continue;
      if (a.no < no || a.no > no)
        v['I2-literal'] ??= `A${acc + 1} accepted <${a.no},${a.val}> and later <${no},${val}>: a higher-numbered accepted proposal of one acceptor has a different value`;
    }
    // I2 in words: once <p1,v1> is chosen, every accepted proposal numbered above p1 has value v1.
    for (const c of this.chosen)
      if (no > c.no && val !== c.val)
        v.I2 ??= `<${c.no},${c.val}> was chosen, then A${acc + 1} accepted the higher-numbered <${no},${val}> with a different value`;
    this.accepts.push({ acc, no, val });
    const key = `${no}:${val}`;
    const before = this.votes.get(key) ?? 0;
    const mask = before | (1 << acc);
    this.votes.set(key, mask);
    if (popcount(before) < this.quorum && popcount(mask) >= this.quorum) this.becomeChosen(no, val);
  }

  private becomeChosen(no: number, val: number): void {
    const v = this.verdicts;
    for (const c of this.chosen)
      if (c.val !== val) v.agreement ??= `two values chosen: <${c.no},${c.val}> and <${no},${val}> were each accepted by a majority`;
    if (!this.proposed.has(val)) v.validity ??= `value ${val} was chosen at proposal number ${no} but no proposer was given it`;
    for (const a of this.accepts)
      if (a.no > no && a.val !== val)
        v.I2 ??= `<${no},${val}> became chosen while A${a.acc + 1} had accepted the higher-numbered <${a.no},${a.val}> with a different value`;
    this.chosen.push({ no, val });
  }
}

export function paxosGhost(quorum: number): Ghost<PaxosHistory, PaxosGhost> {
  return {
    init: () => new PaxosHistory(quorum),
    record: (h, _node, e) => {
      h.record(e);
      return h;
    },
    clone: (h) => h.clone(),
  };
}
