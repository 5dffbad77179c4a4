/**
 * Two-phase commit, as Gray and Lamport describe it in "Consensus on
 * Transaction Commit" (ACM TODS 31(1), 2006; MSR-TR-2003-96), section 3,
 * written against paxos-sim's public API only.
 *
 * The problem (their section 2): a transaction spans N resource managers
 * (RMs). Each RM is `working`, then `prepared` (willing to commit, and no
 * longer allowed to abort on its own), then `committed` or `aborted`. The
 * two safety requirements are that no RM commits while another aborts
 * (consistency: the paper's TCConsistent), and that the transaction commits
 * only if every RM was willing to, i.e. prepared (the paper: "the transaction
 * can be committed only if all sites are willing to commit it").
 *
 * The protocol (their section 3, paraphrased): a transaction manager (TM)
 * coordinates. Any working RM may prepare at any time and tell the TM with a
 * Prepared message. The first Prepared moves the TM from `init` to
 * `preparing`, and it sends Prepare to every other RM — only a suggestion
 * that now is a good time to prepare. Once Prepared has arrived from every
 * RM the TM commits and sends Commit to all; RMs commit on Commit. A working
 * RM may abort on its own, and the TM may abort at any time before it
 * commits, sending Abort to all; the paper notes that in an implementation
 * these spontaneous aborts are triggered by timeouts, which is how they are
 * modelled here (the RM's `deadline` timer, the TM's `timeout` timer). An RM
 * that aborts on its own also tells the TM (an Aborted vote), so the TM need
 * not wait for its timeout. Stable storage (their section 3 on failures):
 * an RM records `prepared` durably before saying Prepared, and the TM its
 * decision before announcing it; after a restart a prepared RM asks the TM
 * again (it re-sends Prepared) and a TM that has decided re-announces its
 * decision, while an RM that restarts without a durable vote lost its work
 * and aborts, and a TM that restarts undecided forgot the votes and will time
 * out and abort. Two-phase commit blocks when the TM fails: a prepared RM can
 * only wait.
 *
 * Nodes: node 0 is the TM, nodes 1..rms are RM1..RMn.
 *
 * Invariants are stated over ghost history — every vote, every TM decision
 * and every RM outcome ever recorded — not over current node states, so an
 * outcome later forgotten by a crash still counts.
 *
 * Known-buggy variants, each with the bug the harness must keep finding:
 * - `eager-commit`: the TM commits once all RMs but one voted Prepared (an
 *   off-by-one: it counts against the number of *other* RMs).
 * - `forgetful-rm`: an RM does not make its Prepared vote durable; after a
 *   restart it has no vote, so it aborts on its own although the TM may
 *   already have committed on the strength of that vote.
 * - `volatile-decision`: the TM does not make its decision durable; after a
 *   restart it is undecided again, times out and aborts, although it
 *   committed and an RM may already have committed.
 * All three are mutants of `correct` in the sense of `paxos-sim mutants`:
 * one rule broken each, caught by `paxos-sim mutants --protocol ./dist/two-phase-commit.js`.
 */
import {
  defineProtocol, nonIdentityPermutations, NO_COMMANDS, unchanged,
  type Command, type Config, type Ghost, type InvariantDef, type Outcome, type Protocol, type VariantDef, type WorldView,
} from 'paxos-sim';

// ---------------------------------------------------------------- nodes, messages, ghost events

/** Node 0 is the transaction manager. */
export const TM = 0;

export type TmPhase = 'init' | 'preparing' | 'committed' | 'aborted';
export type RmPhase = 'working' | 'prepared' | 'committed' | 'aborted';

export interface TmState {
  readonly role: 'tm';
  readonly phase: TmPhase;
  /** RMs (node ids, ascending) whose Prepared has arrived since the TM last started. */
  readonly prepared: readonly number[];
}

export interface RmState {
  readonly role: 'rm';
  readonly phase: RmPhase;
}

export type NodeState = TmState | RmState;

export type Msg =
  /** RM -> TM: I am (durably) prepared: my vote is yes. Re-sent after a restart to ask for the outcome. */
  | { readonly type: 'Prepared' }
  /** RM -> TM: I aborted on my own: my vote is no. */
  | { readonly type: 'Aborted' }
  /** TM -> RM: a good time to prepare. */
  | { readonly type: 'Prepare' }
  /** TM -> RM: the decision. */
  | { readonly type: 'Commit' }
  | { readonly type: 'Abort' };

/** The one spontaneous action: a working RM finishes its work and prepares. */
export type Action = 'prepare';

export type Vote = 'prepared' | 'aborted';
export type Decision = 'commit' | 'abort';

export type GhostEvent =
  | { readonly k: 'vote'; readonly rm: number; readonly vote: Vote }
  | { readonly k: 'decide'; readonly decision: Decision }
  | { readonly k: 'outcome'; readonly rm: number; readonly outcome: 'committed' | 'aborted' };

/** How the known-buggy variants differ from the correct protocol. */
export interface Bugs {
  /** The TM commits on rms - 1 Prepared votes. */
  readonly eagerCommit?: boolean;
  /** An RM does not persist its Prepared vote. */
  readonly forgetfulRm?: boolean;
  /** The TM does not persist its decision. */
  readonly volatileDecision?: boolean;
}

/** Virtual ticks (the simulator's clock): the TM gives up after TM_TIMEOUT, an RM still working after RM_DEADLINE aborts. */
export const TM_TIMEOUT = 120;
export const RM_DEADLINE = 60;

export const nodeName = (id: number): string => (id === TM ? 'TM' : `RM${id}`);

// ---------------------------------------------------------------- ghost history

/** Everything that ever happened, with the first violation of each invariant (undefined: holds so far). */
export class History {
  /** Each RM's ghost events in order, for the explanations. */
  log = new Map<number, string[]>();
  /** RMs that ever voted Prepared. */
  votedPrepared = new Set<number>();
  /** Every decision the TM ever made. */
  decisions = new Set<Decision>();
  committed = new Set<number>();
  aborted = new Set<number>();
  verdicts: { consistency?: string; 'commit-validity'?: string } = {};

  constructor(readonly rms: number) {}

  clone(): History {
    const h = new History(this.rms);
    h.log = new Map([...this.log].map(([rm, l]) => [rm, l.slice()]));
    h.votedPrepared = new Set(this.votedPrepared);
    h.decisions = new Set(this.decisions);
    h.committed = new Set(this.committed);
    h.aborted = new Set(this.aborted);
    h.verdicts = { ...this.verdicts };
    return h;
  }

  record(e: GhostEvent): void {
    if (e.k === 'vote') {
      if (e.vote === 'prepared') this.votedPrepared.add(e.rm);
      this.note(e.rm, `voted ${e.vote === 'prepared' ? 'Prepared' : 'Aborted'}`);
    } else if (e.k === 'outcome') {
      (e.outcome === 'committed' ? this.committed : this.aborted).add(e.rm);
      this.note(e.rm, e.outcome);
      if (e.outcome === 'committed') this.checkCommitValidity(nodeName(e.rm));
    } else {
      this.decisions.add(e.decision);
      if (e.decision === 'commit') this.checkCommitValidity('TM');
    }
    this.checkConsistency();
  }

  private note(rm: number, what: string): void {
    const l = this.log.get(rm);
    if (l) l.push(what);
    else this.log.set(rm, [what]);
  }

  /** "RM1: voted Prepared, committed; RM2: nothing" for every RM. */
  story(): string {
    const parts: string[] = [];
    for (let rm = 1; rm <= this.rms; rm++) parts.push(`${nodeName(rm)}: ${this.log.get(rm)?.join(', ') ?? 'nothing yet'}`);
    return `${parts.join('; ')}; TM: ${this.decisions.size === 0 ? 'undecided' : [...this.decisions].join(', then ')}`;
  }

  /** A commit (by the TM or an RM) needs a Prepared vote from every RM, already recorded when the commit is. */
  private checkCommitValidity(who: string): void {
    const missing: string[] = [];
    for (let rm = 1; rm <= this.rms; rm++) if (!this.votedPrepared.has(rm)) missing.push(nodeName(rm));
    if (missing.length > 0)
      this.verdicts['commit-validity'] ??= `${who} committed, but ${missing.join(', ')} never voted Prepared (${this.story()})`;
  }

  /** No RM committed while another aborted, and the TM's decision agrees with every RM's outcome. */
  private checkConsistency(): void {
    const v = this.verdicts;
    if (v.consistency !== undefined) return;
    const names = (s: Set<number>): string => [...s].sort((a, b) => a - b).map(nodeName).join(', ');
    if (this.committed.size > 0 && this.aborted.size > 0) v.consistency = `${names(this.committed)} committed while ${names(this.aborted)} aborted (${this.story()})`;
    else if (this.decisions.size > 1) v.consistency = `the TM decided both commit and abort (${this.story()})`;
    else if (this.decisions.has('commit') && this.aborted.size > 0) v.consistency = `the TM decided commit while ${names(this.aborted)} aborted (${this.story()})`;
    else if (this.decisions.has('abort') && this.committed.size > 0) v.consistency = `the TM decided abort while ${names(this.committed)} committed (${this.story()})`;
  }
}

export function historyGhost(rms: number): Ghost<History, GhostEvent> {
  return {
    init: () => new History(rms),
    record: (h, _node, e) => {
      h.record(e);
      return h;
    },
    clone: (h) => h.clone(),
  };
}

// ---------------------------------------------------------------- the protocol

type Out = Outcome<NodeState, Msg, GhostEvent>;
type Cmd = Command<Msg, GhostEvent>;

const PREPARE_ONLY: readonly Action[] = ['prepare'];
const NO_ACTIONS: readonly Action[] = [];

export function twoPhaseCommit(cfg: Config, bugs: Bugs = {}): Protocol<NodeState, Msg, Action, GhostEvent, History> {
  const rms = cfg['rms'] ?? 3;
  const RMS = Array.from({ length: rms }, (_, i) => i + 1);
  const toAll = (msg: Msg): Cmd[] => RMS.map((to) => ({ kind: 'send', to, msg }));
  // Prepared votes the TM needs before it commits. The eager-commit bug compares with the number
  // of *other* RMs, as if the RM whose Prepared just arrived were not one of them.
  const votesToCommit = bugs.eagerCommit ? rms - 1 : rms;

  // ---- transaction manager

  function tmInit(): Out {
    return { state: { role: 'tm', phase: 'init', prepared: [] }, out: [{ kind: 'setTimer', timer: 'timeout', delay: TM_TIMEOUT }] };
  }

  /** Record the decision durably, then announce it to every RM. */
  function tmDecide(s: TmState, decision: Decision): Out {
    const phase: TmPhase = decision === 'commit' ? 'committed' : 'aborted';
    return {
      state: { ...s, phase },
      out: [
        ...(bugs.volatileDecision ? [] : [{ kind: 'persist' } as const]),
        { kind: 'cancelTimer', timer: 'timeout' },
        { kind: 'ghost', event: { k: 'decide', decision } },
        ...toAll({ type: decision === 'commit' ? 'Commit' : 'Abort' }),
      ],
    };
  }

  const decided = (s: TmState): boolean => s.phase === 'committed' || s.phase === 'aborted';
  const announcement = (s: TmState): Msg => ({ type: s.phase === 'committed' ? 'Commit' : 'Abort' });

  function tmOnPrepared(s: TmState, from: number): Out {
    // Already decided: the RM is asking again (after a restart, or its vote came late).
    if (decided(s)) return { state: s, out: [{ kind: 'send', to: from, msg: announcement(s) }] };
    if (s.prepared.includes(from)) return unchanged(s);
    const prepared = [...s.prepared, from].sort((a, b) => a - b);
    const next: TmState = { ...s, phase: 'preparing', prepared };
    if (prepared.length >= votesToCommit) return tmDecide(next, 'commit');
    // The first Prepared: suggest to every other RM that now is a good time to prepare.
    const out: Cmd[] = s.phase === 'init' ? RMS.filter((rm) => !prepared.includes(rm)).map((to) => ({ kind: 'send', to, msg: { type: 'Prepare' } })) : [];
    return { state: next, out };
  }

  function tmOnAborted(s: TmState): Out {
    return decided(s) ? unchanged(s) : tmDecide(s, 'abort');
  }

  function tmOnTimeout(s: TmState): Out {
    return decided(s) ? unchanged(s) : tmDecide(s, 'abort');
  }

  function tmRecover(p: TmState | undefined): Out {
    // A durable decision is announced again, so RMs that missed it (or were down) learn it.
    if (p !== undefined && decided(p)) return { state: p, out: toAll(announcement(p)) };
    // Undecided: the votes were never durable; start over (and time out to abort).
    return tmInit();
  }

  // ---- resource managers

  function rmInit(): Out {
    return { state: { role: 'rm', phase: 'working' }, out: [{ kind: 'setTimer', timer: 'deadline', delay: RM_DEADLINE }] };
  }

  /** Working -> prepared: make the vote durable (unless forgetful), then say Prepared. */
  function rmPrepare(s: RmState, id: number): Out {
    if (s.phase !== 'working') return unchanged(s);
    const out: Cmd[] = bugs.forgetfulRm ? [] : [{ kind: 'persist' }];
    out.push(
      { kind: 'cancelTimer', timer: 'deadline' },
      { kind: 'ghost', event: { k: 'vote', rm: id, vote: 'prepared' } },
      { kind: 'send', to: TM, msg: { type: 'Prepared' } },
    );
    return { state: { role: 'rm', phase: 'prepared' }, out };
  }

  /** Working -> aborted on the RM's own initiative: vote no. */
  function rmAbortOnItsOwn(id: number): Out {
    return {
      state: { role: 'rm', phase: 'aborted' },
      out: [
        { kind: 'persist' },
        { kind: 'cancelTimer', timer: 'deadline' },
        { kind: 'ghost', event: { k: 'vote', rm: id, vote: 'aborted' } },
        { kind: 'ghost', event: { k: 'outcome', rm: id, outcome: 'aborted' } },
        { kind: 'send', to: TM, msg: { type: 'Aborted' } },
      ],
    };
  }

  /** The TM's decision arrives. */
  function rmLearn(s: RmState, id: number, outcome: 'committed' | 'aborted'): Out {
    if (s.phase !== 'working' && s.phase !== 'prepared') return unchanged(s);
    return {
      state: { role: 'rm', phase: outcome },
      out: [{ kind: 'persist' }, { kind: 'cancelTimer', timer: 'deadline' }, { kind: 'ghost', event: { k: 'outcome', rm: id, outcome } }],
    };
  }

  function rmOnDeadline(s: RmState, id: number): Out {
    return s.phase === 'working' ? rmAbortOnItsOwn(id) : unchanged(s);
  }

  function rmRecover(p: RmState | undefined, id: number): Out {
    // No durable vote: the work in progress is lost, so the RM aborts (and tells the TM).
    if (p === undefined || p.phase === 'working') return rmAbortOnItsOwn(id);
    // Prepared: only the TM can decide; ask it again.
    if (p.phase === 'prepared') return { state: p, out: [{ kind: 'send', to: TM, msg: { type: 'Prepared' } }] };
    return { state: p, out: NO_COMMANDS };
  }

  // ---- one handler per message kind

  function onMessage(s: NodeState, id: number, from: number, m: Msg): Out {
    switch (m.type) {
      case 'Prepared':
        return s.role === 'tm' ? tmOnPrepared(s, from) : unchanged(s);
      case 'Aborted':
        return s.role === 'tm' ? tmOnAborted(s) : unchanged(s);
      case 'Prepare':
        return s.role === 'rm' ? rmPrepare(s, id) : unchanged(s);
      case 'Commit':
        return s.role === 'rm' ? rmLearn(s, id, 'committed') : unchanged(s);
      case 'Abort':
        return s.role === 'rm' ? rmLearn(s, id, 'aborted') : unchanged(s);
    }
  }

  return {
    nodeCount: rms + 1,
    nodeName,
    init: (id) => (id === TM ? tmInit() : rmInit()),
    onMessage,
    onTimer: (s, id, timer) => {
      if (s.role === 'tm' && timer === 'timeout') return tmOnTimeout(s);
      if (s.role === 'rm' && timer === 'deadline') return rmOnDeadline(s, id);
      return unchanged(s);
    },
    actions: (s) => (s.role === 'rm' && s.phase === 'working' ? PREPARE_ONLY : NO_ACTIONS),
    onAction: (s, id) => (s.role === 'rm' ? rmPrepare(s, id) : unchanged(s)),
    recover: (p, id) => (id === TM ? tmRecover(p as TmState | undefined) : rmRecover(p as RmState | undefined, id)),
    stateKey: showState,
    msgKey: (m) => m.type,
    actionKey: (a) => a,
    showMsg: (m) => m.type,
    showState,
    showAction: (a) => a,
    ghost: historyGhost(rms),
  };
}

/** Every field, so equal keys mean equal states. */
export function showState(s: NodeState): string {
  if (s.role === 'rm') return s.phase;
  return s.prepared.length === 0 ? s.phase : `${s.phase}, Prepared from ${s.prepared.map(nodeName).join(',')}`;
}

// ---------------------------------------------------------------- invariants and liveness goal

export type View = WorldView<NodeState, Msg, History>;

export const invariants: InvariantDef<NodeState, Msg, History>[] = [
  {
    name: 'consistency',
    description: 'no RM commits while another aborts, and the TM decision agrees with every RM outcome (Gray & Lamport, TCConsistent)',
    check: (w) => w.ghost.verdicts.consistency ?? true,
  },
  {
    name: 'commit-validity',
    description: 'nothing commits (TM or RM) unless every RM has voted Prepared',
    check: (w) => w.ghost.verdicts['commit-validity'] ?? true,
  },
];

/** The liveness goal: the TM has decided, or every RM has. */
export function isDecided(w: View): boolean {
  const tm = w.nodes[TM];
  if (tm?.role === 'tm' && (tm.phase === 'committed' || tm.phase === 'aborted')) return true;
  return w.nodes.every((s) => s.role === 'tm' || s.phase === 'committed' || s.phase === 'aborted');
}

// ---------------------------------------------------------------- variants

const BOTH = ['consistency', 'commit-validity'];

const variants: VariantDef<NodeState, Msg, Action, GhostEvent, History>[] = [
  {
    name: 'correct',
    description: 'two-phase commit: durable votes and decisions, the TM commits only on every RM\'s Prepared, timeouts abort',
    keeps: BOTH,
    // The TM's timeout is re-armed on every restart, so once faults stop it always decides.
    liveness: 'always',
    buggy: false,
    semantics: 'multiset',
    build: (cfg) => twoPhaseCommit(cfg),
  },
  {
    name: 'eager-commit',
    description: 'the TM commits once all RMs but one have voted Prepared (off-by-one vote count)',
    keeps: BOTH,
    liveness: 'always',
    buggy: true,
    mutant: { of: 'correct', breaks: 'Gray & Lamport, section 3: the TM commits only after receiving Prepared from every RM', shortest: { config: { rms: 3 } } },
    validate: (cfg) => ((cfg['rms'] ?? 3) < 2 ? 'eager-commit needs rms >= 2: with one RM, "all but one" Prepared votes is reached only by that RM\'s own vote' : undefined),
    bugs: [
      {
        name: 'eager commit',
        story: 'the TM commits on rms - 1 Prepared votes, while the last RM is still working (and may abort on its own)',
        config: { rms: 3 },
        expect: ['commit-validity', 'consistency'],
        search: { strategy: 'all', runs: 200 },
        fastCheckRuns: 200,
      },
    ],
    semantics: 'multiset',
    build: (cfg) => twoPhaseCommit(cfg, { eagerCommit: true }),
  },
  {
    name: 'forgetful-rm',
    description: 'an RM does not make its Prepared vote durable; restarted, it aborts on its own although the TM may have committed',
    keeps: BOTH,
    liveness: 'always',
    buggy: true,
    mutant: { of: 'correct', breaks: 'Gray & Lamport, section 3: an RM records its Prepared vote in stable storage before sending it', shortest: { config: { rms: 2 }, faults: 'on' } },
    bugs: [
      {
        name: 'forgetful participant',
        story: 'an RM votes Prepared without persisting it, crashes, restarts with no vote and aborts, while the TM commits on that vote',
        config: { rms: 2 },
        expect: ['consistency'],
        search: { strategy: 'all', runs: 1000 },
      },
    ],
    semantics: 'multiset',
    build: (cfg) => twoPhaseCommit(cfg, { forgetfulRm: true }),
  },
  {
    name: 'volatile-decision',
    description: 'the TM does not make its decision durable; restarted, it times out and aborts although it had committed',
    keeps: BOTH,
    liveness: 'always',
    buggy: true,
    mutant: { of: 'correct', breaks: 'Gray & Lamport, section 3: the TM records its decision in stable storage before announcing it', shortest: { config: { rms: 2 }, faults: 'on' } },
    bugs: [
      {
        name: 'volatile decision',
        story: 'the TM commits, an RM learns it, the TM crashes, restarts undecided, times out and aborts',
        config: { rms: 2 },
        expect: ['consistency'],
        search: { strategy: 'all', runs: 2000 },
      },
    ],
    semantics: 'multiset',
    build: (cfg) => twoPhaseCommit(cfg, { volatileDecision: true }),
  },
];

// ---------------------------------------------------------------- the definition

export const protocol = defineProtocol({
  name: 'two-phase-commit',
  description: 'two-phase commit (Gray & Lamport, "Consensus on Transaction Commit", section 3): a TM and N resource managers',
  defaultVariant: 'correct',
  params: [{ name: 'rms', description: 'resource managers (RM1..RMn; node 0 is the TM)', default: 3, min: 1, max: 6 }],
  invariants,
  decided: isDecided,
  chosen: (w) => [...w.ghost.decisions],
  explore: {
    // RMs are interchangeable: rename them (the TM stays node 0), along with the TM's vote list and the ghost events.
    symmetry: (_variant, cfg) => ({
      name: 'RMs',
      perms: nonIdentityPermutations(cfg['rms'] ?? 3).map((p) => {
        const rename = (rm: number): number => p[rm - 1]! + 1;
        return {
          nodes: [TM, ...p.map((x) => x + 1)],
          state: (s: NodeState): NodeState => (s.role === 'tm' ? { ...s, prepared: s.prepared.map(rename).sort((a, b) => a - b) } : s),
          msg: (m: Msg): Msg => m,
          ghostEvent: (e: GhostEvent): GhostEvent => (e.k === 'decide' ? e : { ...e, rm: rename(e.rm) }),
        };
      }),
    }),
  },
  variants,
});

export default protocol;
