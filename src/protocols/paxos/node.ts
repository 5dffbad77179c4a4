/** The node states, actions and ghost types of every paxos variant, as one protocol's types. */
import type { ClassicState } from './classic.js';
import type { PyAction, PyState } from './pythonsim.js';
import type { ThesisAction, ThesisState } from './thesis.js';

export type PaxosNode = ClassicState | ThesisState | PyState;
export type PaxosAction = ThesisAction | PyAction;
export type { PaxosMsg } from './messages.js';
export type { PaxosGhost, PaxosHistory } from './history.js';
