/**
 * The report model: a replayed counterexample as plain data, the one input
 * of every rendering (the SVG diagram, the HTML page, the ShiViz log). It
 * holds lanes (one per node), steps (acting node, event, what it sent),
 * messages (send step, delivery steps; drops, duplicates and re-receptions),
 * each node's state as fields whenever it changed (with the changed field
 * names), every checked invariant's status after every step, the ghost
 * events (votes) and the violation explained: the invariant's statement,
 * its message naming the witnesses, the values chosen at that step and the
 * votes grouped by ballot and value (for agreement: the two values, their
 * ballots and the quorums that chose them).
 *
 * Building it replays the schedule strictly with a `ReportRecorder`, so the
 * picture is of the run as it executes now, and says whether it reproduced
 * the saved violation.
 */
import type { CounterexampleFile } from '../corpus/counterexample.js';
import { describe, replaySchedule } from '../corpus/replay.js';
import { replayTarget } from '../cli/findings.js';
import type { Target } from '../api/target.js';
import type { Event } from '../kernel/events.js';
import type { AnyProtocol } from '../kernel/protocol.js';
import type { PortableEvent } from '../kernel/portable.js';
import { changedFields, renderValue, safeShow, stateFields, type Fields } from './fields.js';
import { messageBallot, messageKind, messageLabel, showMessage } from './message-label.js';
import { ReportRecorder, withGhostLog, type RecordedStep } from './record.js';

export type StepKind = Event['k'] | 'init';

export interface ReportNode {
  readonly index: number;
  readonly name: string;
}

export interface ReportMessage {
  readonly id: number;
  readonly from: number;
  readonly to: number;
  readonly kind: string;
  readonly ballot: number | null;
  /** `kind b=N`: the arrow's label. */
  readonly label: string;
  /** The protocol's full rendering (`showMsg`). */
  readonly text: string;
  readonly sentStep: number;
  readonly deliveries: readonly number[];
  readonly dropStep: number | null;
  /** A duplicate's copy: the message it copies. */
  readonly dupOf: number | null;
}

export interface ReportStep {
  readonly step: number;
  readonly kind: StepKind;
  /** Acting node (-1: the network: partition, heal). */
  readonly node: number;
  /** One line: what happened (`deliver P1 -> A2 prepare_req<1,1>`). */
  readonly text: string;
  /** The message it delivered, dropped or duplicated. */
  readonly message: number | null;
  /** Messages it created. */
  readonly sent: readonly number[];
  /** Partition: the directed links it cut, as node pairs. */
  readonly links?: readonly (readonly [number, number])[];
  readonly threw?: boolean;
}

/** A node's state from `step` on (until its next snapshot). */
export interface ReportSnapshot {
  readonly step: number;
  readonly up: boolean;
  /** `showState`, or `down`. */
  readonly text: string;
  readonly fields: Fields;
  /** Fields that differ from the previous snapshot (`up` when it crashed or recovered). */
  readonly changed: readonly string[];
}

export interface ReportInvariant {
  readonly name: string;
  readonly description: string;
  /** Steps after which it failed, with its explanation there. */
  readonly violations: readonly (readonly [number, string])[];
}

/** Votes of one ballot and value: who cast them and at which steps. */
export interface VoteGroup {
  readonly ballot: number;
  readonly value: string;
  readonly voters: readonly string[];
  readonly steps: readonly number[];
}

export interface ReportViolation {
  readonly kind: 'safety' | 'liveness' | 'crash';
  readonly invariant: string;
  readonly step: number;
  readonly message: string;
  /** The invariant's statement (or what a liveness or crash finding means). */
  readonly statement: string;
  /** Values chosen at the violating step (`ProtocolDef.chosen`), when the protocol says. */
  readonly chosen: readonly string[] | null;
  /** Votes up to the violating step, grouped by ballot and value. */
  readonly votes: readonly VoteGroup[];
}

export interface ReportModel {
  readonly title: string;
  readonly protocol: string;
  readonly variant: string;
  readonly config: Readonly<Record<string, number>>;
  readonly semantics: 'set' | 'multiset';
  readonly nodes: readonly ReportNode[];
  /** Step 0 is the initial world (`init`); then one per executed event. */
  readonly steps: readonly ReportStep[];
  readonly messages: readonly ReportMessage[];
  /** Per node, in step order. */
  readonly snapshots: readonly (readonly ReportSnapshot[])[];
  readonly invariants: readonly ReportInvariant[];
  readonly violation: ReportViolation | null;
  /** Whether the replay reached the saved violation at the saved step; if not, why. */
  readonly reproduced: boolean;
  readonly divergence: string | null;
  /** The command that replays it (the report itself, or the JSON file). */
  readonly replay: string;
  /** Messages still in flight at the end. */
  readonly inFlight: number;
}

export interface ReportOptions {
  /** The path `replay` should be given in the printed command (default: `REPORT.html`). */
  readonly replayPath?: string;
}

function stepText(proto: AnyProtocol, s: RecordedStep, msgs: Map<number, ReportMessage>): string {
  const e = s.event;
  if ('id' in e) {
    const m = msgs.get(e.id);
    if (m !== undefined) return `${e.k} ${proto.nodeName(m.from)} -> ${proto.nodeName(m.to)} ${m.text}${m.dupOf !== null ? ' (duplicate copy)' : ''}`;
    return `${e.k} #${e.id}`;
  }
  return describe(proto, e as PortableEvent);
}

const ACCEPTED_BALLOT = ['no', 'b', 'ballot', 'bal', 'maxVBal', 'mbal'];
const ACCEPTED_VALUE = ['val', 'v', 'value', 'maxVVal'];

/**
 * Ghost events that are votes — objects with a ballot-like and a
 * value-like field, tagged (`k` or `kind`) as an accept or a vote if tagged
 * at all (`{k:'accept', acc, no, val}`, `{kind:'vote', b, v}`) — grouped by
 * ballot and value, in the order first cast; the voter is the node that
 * recorded the event.
 */
export function voteGroups(proto: AnyProtocol, ghosts: readonly { step: number; node: number; event: unknown }[], upTo: number): VoteGroup[] {
  const groups = new Map<string, { ballot: number; value: string; voters: string[]; steps: number[] }>();
  for (const g of ghosts) {
    if (g.step > upTo || typeof g.event !== 'object' || g.event === null) continue;
    const r = g.event as Record<string, unknown>;
    const bk = ACCEPTED_BALLOT.find((k) => typeof r[k] === 'number');
    const vk = ACCEPTED_VALUE.find((k) => r[k] !== undefined);
    if (bk === undefined || vk === undefined) continue;
    const tag = typeof r['k'] === 'string' ? r['k'] : typeof r['kind'] === 'string' ? r['kind'] : undefined;
    if (tag !== undefined && !/accept|vote/i.test(tag)) continue;
    const voter = proto.nodeName(g.node);
    const ballot = r[bk] as number;
    const value = renderValue(r[vk]);
    const key = `${ballot}:${value}`;
    let grp = groups.get(key);
    if (grp === undefined) groups.set(key, (grp = { ballot, value, voters: [], steps: [] }));
    if (!grp.voters.includes(voter)) grp.voters.push(voter);
    grp.steps.push(g.step);
  }
  return [...groups.values()];
}

/** Replays `cx` on `target` and builds its report model. */
export function buildReport(cx: CounterexampleFile, target: Target, o: ReportOptions = {}): ReportModel {
  const base = { ...replayTarget(target), semantics: target.variant.semantics };
  const log: { node: number; event: unknown }[] = [];
  const proto = withGhostLog(base.proto, log);
  const rec = new ReportRecorder(target.invariants, log);
  const r = replaySchedule({ ...base, proto }, cx.schedule, { checkLiveness: cx.violation.kind === 'liveness', observers: [rec] });
  const nodes = Array.from({ length: proto.nodeCount }, (_, i) => ({ index: i, name: proto.nodeName(i) }));

  const messages = new Map<number, ReportMessage>();
  for (const m of rec.messages.values()) {
    const kind = messageKind(proto, m.msg);
    const ballot = messageBallot(m.msg, m.from);
    messages.set(m.id, {
      id: m.id, from: m.from, to: m.to, kind, ballot: ballot ?? null, label: messageLabel(kind, ballot), text: showMessage(proto, m.msg),
      sentStep: m.sentStep, deliveries: m.deliveries, dropStep: m.dropStep ?? null, dupOf: m.dupOf ?? null,
    });
  }
  const initSent = [...messages.values()].filter((m) => m.sentStep === 0).map((m) => m.id);
  const steps: ReportStep[] = [{ step: 0, kind: 'init', node: -1, text: 'initial state (every node ran init)', message: null, sent: initSent }];
  for (const s of rec.steps) {
    const e = s.event;
    steps.push({
      step: s.step, kind: e.k, node: s.node, text: stepText(proto, s, messages) + (s.threw ? ' — the protocol code threw' : ''),
      message: s.envelope ?? null, sent: s.sent, ...(e.k === 'partition' ? { links: e.links.map(([a, b]) => [a, b] as const) } : {}), ...(s.threw ? { threw: true } : {}),
    });
  }

  const snapshots = rec.snapshots.map((snaps) => {
    let prev: ReportSnapshot | undefined;
    return snaps.map((sn) => {
      const fields = stateFields(proto, sn.state);
      const changed = changedFields(prev?.fields, fields);
      if (prev !== undefined && prev.up !== sn.up) changed.unshift('up');
      const snap: ReportSnapshot = { step: sn.step, up: sn.up, text: sn.up ? safeShow(proto, sn.state) : 'down', fields, changed };
      prev = snap;
      return snap;
    });
  });

  const invariants = target.invariants.map((inv, i) => ({ name: inv.name, description: inv.description, violations: rec.violations[i]! }));
  const f = r.finding;
  let violation: ReportViolation | null = null;
  if (f !== undefined) {
    const inv = target.invariants.find((i) => i.name === f.invariant) ?? target.def.invariants.find((i) => i.name === f.invariant);
    const statement = inv?.description
      ?? (f.kind === 'liveness' ? `once faults stop, partitions heal and crashed nodes restart, some value must be chosen (${target.variant.name}: liveness ${target.variant.liveness})` : 'the protocol code must not throw');
    let chosen: readonly string[] | null = null;
    try {
      chosen = target.def.chosen?.(r.world) ?? null;
    } catch {
      chosen = null;
    }
    violation = { kind: f.kind, invariant: f.invariant, step: f.step, message: f.message, statement, chosen, votes: voteGroups(proto, rec.ghosts, f.step) };
  }
  const want = cx.violation;
  const divergence = r.divergence
    ? `diverged at schedule[${r.divergence.index}]: ${r.divergence.reason}`
    : f === undefined ? `ran all ${r.executed} events without the ${want.kind} violation of ${want.invariant}`
      : f.invariant !== want.invariant || f.kind !== want.kind || f.step !== want.step ? `${f.kind} ${f.invariant} at step ${f.step} instead of ${want.kind} ${want.invariant} at step ${want.step}` : null;
  const cfg = Object.entries(cx.config).map(([k, v]) => `${k}=${v}`).join(' ');
  return {
    title: `${cx.protocol}/${cx.variant} ${cfg}: ${want.kind} ${want.invariant} at step ${want.step}`,
    protocol: cx.protocol, variant: cx.variant, config: cx.config, semantics: cx.semantics, nodes, steps, messages: [...messages.values()],
    snapshots, invariants, violation, reproduced: divergence === null, divergence,
    replay: `npx paxos-sim replay ${o.replayPath ?? 'REPORT.html'}`, inFlight: r.world.net.size,
  };
}
