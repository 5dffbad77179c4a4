/**
 * Protocol `paxos`: single-decree Paxos from the thesis (seed
 * 000_fc46020ddf857937), in three variants — see classic.ts, thesis.ts and
 * pythonsim.ts for the sections each one follows.
 */
import type { ProtocolDef } from '../../kernel/definition.js';
import { classicProtocol } from './classic.js';
import { paxosDecided, paxosInvariants } from './invariants.js';
import { pythonSimProtocol } from './pythonsim.js';
import { thesisProtocol } from './thesis.js';

const SAFETY = ['agreement', 'validity', 'I1', 'I2', 'learner-safety'];

export const paxosDef: ProtocolDef = {
  name: 'paxos',
  description: 'single-decree Paxos as adapted in the thesis (chapter 4) and as in "Paxos Made Simple"',
  defaultVariant: 'classic',
  params: [
    { name: 'proposers', description: 'number of proposers', default: 2, min: 1, max: 8 },
    { name: 'acceptors', description: 'number of acceptors', default: 3, min: 1, max: 15 },
    { name: 'values', description: 'distinct client values; proposer i proposes (i mod values) + 1', default: 2, min: 1, max: 8 },
  ],
  invariants: paxosInvariants,
  decided: paxosDecided,
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
      semantics: 'multiset',
      build: pythonSimProtocol,
    },
  ],
};
