/**
 * Node layout shared by the paxos variants: proposers are nodes
 * 0..P-1, acceptors P..P+A-1 (the thesis's client has two proposers and three
 * acceptors, chapter 5). Proposer i starts with proposal number i+1 and client
 * value ((i mod V) + 1), so with the defaults P1 proposes <1,1> and P2 <2,2>,
 * exactly the thesis's client (section 5.3) and Python simulator (D.1).
 */
import type { Config } from '../../kernel/definition.js';

export interface Layout {
  readonly proposers: number;
  readonly acceptors: number;
  readonly values: number;
  /** Smallest majority of acceptors. */
  readonly quorum: number;
}

export function layout(cfg: Config): Layout {
  const proposers = cfg['proposers'] ?? 2;
  const acceptors = cfg['acceptors'] ?? 3;
  const values = cfg['values'] ?? 2;
  return { proposers, acceptors, values, quorum: Math.floor(acceptors / 2) + 1 };
}

export const isProposer = (l: Layout, node: number): boolean => node < l.proposers;
export const acceptorNode = (l: Layout, j: number): number => l.proposers + j;
export const acceptorIndex = (l: Layout, node: number): number => node - l.proposers;
export const clientValue = (l: Layout, proposer: number): number => (proposer % l.values) + 1;

export function nodeName(l: Layout, node: number): string {
  if (node < l.proposers) return `P${node + 1}`;
  if (node < l.proposers + l.acceptors) return `A${node - l.proposers + 1}`;
  return 'Env';
}

/** Number of set bits (acceptor sets are bitmasks). */
export function popcount(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}
