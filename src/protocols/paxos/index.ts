/**
 * Protocol `paxos`: single-decree Paxos from the thesis (seed
 * 000_fc46020ddf857937), in three variants — see classic.ts, thesis.ts and
 * pythonsim.ts for the sections each one follows — and the mutation
 * catalogue of mutants.ts, each a correct variant with one rule broken.
 */
import type { ProtocolDef } from '../../kernel/definition.js';
import { paxosExplore } from './explore.js';
import type { PaxosAction, PaxosGhost, PaxosHistory, PaxosMsg, PaxosNode } from './node.js';
import { classicProtocol } from './classic.js';
import { paxosInduct } from './induct.js';
import { inductiveInvariant, paxosConjuncts, thesisI1I2 } from './inductive.js';
import { paxosDecided, paxosInvariants, PAXOS_SAFETY } from './invariants.js';
import { paxosMutants } from './mutants.js';
import { pythonSimProtocol } from './pythonsim.js';
import { thesisProtocol } from './thesis.js';

const SAFETY = PAXOS_SAFETY;

export const paxosDef: ProtocolDef<PaxosNode, PaxosMsg, PaxosAction, PaxosGhost, PaxosHistory> = {
  name: 'paxos',
  description: 'single-decree Paxos as adapted in the thesis (chapter 4) and as in "Paxos Made Simple"',
  defaultVariant: 'classic',
  params: [
    { name: 'proposers', description: 'number of proposers', default: 2, min: 1, max: 8 },
    { name: 'acceptors', description: 'number of acceptors', default: 3, min: 1, max: 15 },
    { name: 'values', description: 'distinct client values; proposer i proposes (i mod values) + 1', default: 2, min: 1, max: 8 },
  ],
  // The inductive invariant and its conjuncts (inductive.ts) are checked on request (`--invariant`, `induct`), not kept by default.
  invariants: [...paxosInvariants, thesisI1I2(paxosInvariants), ...paxosConjuncts, inductiveInvariant(paxosInvariants.filter((i) => PAXOS_SAFETY.includes(i.name)))],
  induct: paxosInduct,
  decided: paxosDecided,
  chosen: (w) => w.ghost.chosen.map((c) => `<${c.no},${c.val}>`),
  explore: paxosExplore,
  suite: { runsPerInvariant: 1000, sizeCaps: { proposers: 3, acceptors: 5, values: 3 } },
  variants: [
    {
      name: 'classic',
      description: 'full single-decree Paxos: majority quorums, durable acceptors, retries with backoff, learners',
      keeps: SAFETY,
      liveness: 'always',
      buggy: false,
      semantics: 'multiset',
      build: classicProtocol,
    },
    {
      name: 'thesis',
      description: 'the adapted protocol of thesis chapter 4: promises from all acceptors, one-shot proposers, no learner',
      keeps: [...SAFETY, 'I2-literal'],
      liveness: 'never',
      buggy: false,
      semantics: 'multiset',
      build: thesisProtocol,
    },
    {
      name: 'thesis-python-sim',
      description: 'the Python simulator of appendix D as written: overlapping node ids, lowest promise adopted, values compared as numbers, no durability',
      keeps: [...SAFETY, 'I2-literal'],
      liveness: 'fault-free',
      buggy: true,
      bugs: [
        {
          name: 'python-sim 2x3 liveness',
          story: "proposer 2 registers Python id 2, which is acceptor 2's: prepares meant for acceptor 2 land in a proposer inbox, nobody gets every promise",
          config: { proposers: 2, acceptors: 3, values: 2 },
          expect: ['liveness'],
          search: { strategy: 'all', runs: 500 },
          fastCheckRuns: 200,
        },
        {
          name: 'python-sim 3x3 agreement',
          story: 'acceptors persist nothing: two acceptors that accepted <1,1> restart empty and then accept <2,2> — two values chosen',
          config: { proposers: 3, acceptors: 3, values: 2 },
          invariants: ['agreement'],
          expect: ['agreement'],
          search: { strategy: 'pct', runs: 20000 },
          fastCheckRuns: 5000,
        },
      ],
      semantics: 'multiset',
      build: pythonSimProtocol,
    },
    ...paxosMutants,
  ],
};
