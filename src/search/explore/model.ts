/**
 * The compact model of a protocol that the explorer searches: every node
 * state, message, timer, action and ghost event is interned to a small int,
 * and handler outcomes are compiled to `Effect`s and memoised.
 *
 * Why: protocol handlers are pure functions of (node state, input). A node
 * state id and a message id therefore determine `onMessage`'s outcome, and in
 * a BFS the same (state, message) pair is delivered in thousands of global
 * states. Calling the handler once per pair, and the canonical-key functions
 * (`stateKey`, `msgKey`) once per new object, moves all string work out of
 * the inner loop, which then only moves ints.
 *
 * Node states are interned per node (`node|stateKey`), so a state id also
 * names its node: two acceptors both in `AInit` get different ids, which keeps
 * the fingerprint of "node i is in state s" a single key.
 *
 * Identity: the kernel asks `stateKey`/`msgKey` to be canonical keys, and the
 * search is only sound if they are injective. With identity `key` the model
 * checks that on every interning hit with a different object, by comparing
 * `JSON.stringify` of both, and throws `KeyCollision` otherwise (`explore`
 * then retries with identity `structural`, which appends the JSON to the
 * key, and reports a warning). Why not always structural: a protocol's key may
 * legitimately be coarser than its object (e.g. ignore a cache field), and
 * TLC conformance is stated in terms of the protocol's own keys.
 */
import type { AnyProtocol, NetView, NodeId, Outcome } from '../../kernel/protocol.js';
import type { Semantics } from '../../kernel/network.js';
import { CMD_BIND, CMD_CANCEL_TIMER, CMD_GHOST, CMD_PERSIST, CMD_SEND, CMD_SET_TIMER } from '../../kernel/rules.js';
import { Kind, KeyTable } from './zobrist.js';

/**
 * A compiled outcome's `ops` is a flat list of (command, a, b) triples in
 * outbox order, with the command codes of `kernel/rules.ts`:
 * - `CMD_SEND`: a = the addressee node and b = its content id (protocols
 *   without addresses, so the content is known at compile time; -1 for a node
 *   that does not exist), or a = the logical address and b = the payload id
 *   (protocols with addresses: the addressee is resolved at send time);
 * - `CMD_SET_TIMER`, `CMD_CANCEL_TIMER`: a = timer id;
 * - `CMD_PERSIST`;
 * - `CMD_GHOST`: a = ghost event id;
 * - `CMD_BIND`: a = address, b = node (-1 unbinds).
 */

/** A handler outcome, compiled. */
export interface Effect {
  /** Node state id after the step. */
  readonly next: number;
  /** The handler returned its input state object and an empty outbox. */
  readonly noop: boolean;
  /** (command, a, b) triples. */
  readonly ops: Int32Array;
  /** Number of commands (ops.length / 3). */
  readonly count: number;
}

/** An envelope as the `NetView` shows it. */
export interface ViewEnvelope {
  readonly from: NodeId;
  readonly to: NodeId;
  readonly msg: unknown;
}

/**
 * A `NetView` over the messages of one explored state that records whether
 * the protocol looked at it: results computed without looking can be memoised
 * per node state; results that looked depend on the message set and cannot.
 */
export class TrackingNet implements NetView<unknown> {
  read = false;
  private list: ViewEnvelope[] | undefined;

  constructor(private readonly build: () => ViewEnvelope[]) {}

  /** Forget the cached envelope list (the explored state changed). */
  reset(): void {
    this.list = undefined;
    this.read = false;
  }

  envelopes(): Iterable<ViewEnvelope> {
    this.read = true;
    return (this.list ??= this.build());
  }
}

const NO_OPS = new Int32Array(0);

/** How node states and messages are identified (see `Model`). */
export type Identity = 'key' | 'structural';

/**
 * Thrown when two node states (or messages) have the same `stateKey`
 * (`msgKey`) but different contents: the protocol's key is not injective,
 * so a search keyed by it would merge different states and be unsound.
 */
export class KeyCollision extends Error {
  constructor(what: string, key: string, a: string, b: string) {
    super(`${what} key '${key}' is not injective: it names both ${a} and ${b}`);
  }
}

/** Interning tables and memoised handler outcomes for one protocol instance. */
export class Model {
  readonly n: number;
  /** Logical addresses (protocols that declare `addresses`), else 0. */
  readonly addrCount: number;

  // Node states (interned per node).
  private readonly stateIds = new Map<string, number>();
  readonly stateObj: unknown[] = [];
  readonly stateNode: number[] = [];
  readonly zState = new KeyTable(Kind.Node);
  readonly zPersisted = new KeyTable(Kind.Persisted);

  // Message payloads (by msgKey) and contents (from, to, payload).
  private readonly payloadIds = new Map<string, number>();
  readonly payloadObj: unknown[] = [];
  readonly payloadKey: string[] = [];
  private readonly contentIds = new Map<number, number>();
  readonly contentFrom: number[] = [];
  readonly contentTo: number[] = [];
  readonly contentPayload: number[] = [];
  readonly contentEnv: ViewEnvelope[] = [];
  readonly zMsg = new KeyTable(Kind.Msg);

  // Timers (node, name), actions (node, actionKey), ghost events (node, JSON).
  private readonly timerIds = new Map<string, number>();
  readonly timerNode: number[] = [];
  readonly timerName: string[] = [];
  readonly zTimer = new KeyTable(Kind.Timer);
  private readonly actionIds = new Map<string, number>();
  readonly actionObj: unknown[] = [];
  readonly actionNode: number[] = [];
  readonly actionKeyOf: string[] = [];
  private readonly ghostEventIds = new Map<string, number>();
  readonly ghostEventObj: unknown[] = [];
  readonly ghostEventNode: number[] = [];

  // Memo tables, indexed [state id][input id].
  private readonly deliverMemo: (Effect | undefined)[][] = [];
  private readonly timerMemo: (Effect | undefined)[][] = [];
  private readonly actionMemo: (Effect | undefined)[][] = [];
  private readonly actionsMemo: (Int32Array | undefined)[] = [];
  private readonly recoverMemo: (Effect | undefined)[][] = [];

  /** Handler calls made (memo misses), for the bench. */
  handlerCalls = 0;

  /** JSON of each interned state / payload (identity `key`: collision checks). */
  private readonly stateJson: string[] = [];
  readonly payloadJson: string[] = [];

  constructor(
    readonly proto: AnyProtocol,
    readonly semantics: Semantics,
    readonly identity: Identity = 'key',
  ) {
    this.n = proto.nodeCount;
    this.addrCount = proto.addresses ? proto.addresses.initial.length : 0;
  }

  /** Interns a node state of `node`. */
  internState(node: NodeId, s: unknown): number {
    const sk = this.proto.stateKey(s);
    const json = JSON.stringify(s);
    const key = this.identity === 'key' ? `${node}|${sk}` : `${node}|${sk}|${json}`;
    let id = this.stateIds.get(key);
    if (id === undefined) {
      id = this.stateObj.length;
      this.stateIds.set(key, id);
      this.stateObj.push(s);
      this.stateJson.push(json);
      this.stateNode.push(node);
      this.zState.ensure(id);
      this.zPersisted.ensure(id);
    } else if (s !== this.stateObj[id] && json !== this.stateJson[id]) {
      throw new KeyCollision(`state of node ${node}`, sk, json, this.stateJson[id]!);
    }
    return id;
  }

  /** Interns a message payload. */
  internPayload(m: unknown): number {
    const mk = this.proto.msgKey(m);
    const json = JSON.stringify(m);
    const key = this.identity === 'key' ? mk : `${mk}|${json}`;
    let id = this.payloadIds.get(key);
    if (id === undefined) {
      id = this.payloadObj.length;
      this.payloadIds.set(key, id);
      this.payloadObj.push(m);
      this.payloadJson.push(json);
      this.payloadKey.push(mk);
    } else if (m !== this.payloadObj[id] && json !== this.payloadJson[id]) {
      throw new KeyCollision('message', mk, json, this.payloadJson[id]!);
    }
    return id;
  }

  /** Interns a message content (from, to, payload): the identity of a message under set semantics. */
  internContent(from: NodeId, to: NodeId, payload: number): number {
    const n = this.n;
    const k = (payload * n + from) * n + to;
    let id = this.contentIds.get(k);
    if (id === undefined) {
      id = this.contentFrom.length;
      this.contentIds.set(k, id);
      this.contentFrom.push(from);
      this.contentTo.push(to);
      this.contentPayload.push(payload);
      this.contentEnv.push({ from, to, msg: this.payloadObj[payload] });
      this.zMsg.ensure(id);
    }
    return id;
  }

  /** The kernel's content key `from>to:msgKey` of a content id. */
  contentKey(c: number): string {
    return `${this.contentFrom[c]}>${this.contentTo[c]}:${this.payloadKey[this.contentPayload[c]!]}`;
  }

  internTimer(node: NodeId, name: string): number {
    const key = `${node}:${name}`;
    let id = this.timerIds.get(key);
    if (id === undefined) {
      id = this.timerNode.length;
      this.timerIds.set(key, id);
      this.timerNode.push(node);
      this.timerName.push(name);
      this.zTimer.ensure(id);
    }
    return id;
  }

  internAction(node: NodeId, a: unknown): number {
    const ak = this.proto.actionKey(a);
    const key = `${node}|${ak}`;
    let id = this.actionIds.get(key);
    if (id === undefined) {
      id = this.actionObj.length;
      this.actionIds.set(key, id);
      this.actionObj.push(a);
      this.actionNode.push(node);
      this.actionKeyOf.push(ak);
    }
    return id;
  }

  /**
   * Interns a ghost event. Its identity is `node|JSON.stringify(event)`: ghost
   * events are plain data built by protocol code in a fixed field order.
   */
  internGhostEvent(node: NodeId, e: unknown): number {
    const key = `${node}|${JSON.stringify(e)}`;
    let id = this.ghostEventIds.get(key);
    if (id === undefined) {
      id = this.ghostEventObj.length;
      this.ghostEventIds.set(key, id);
      this.ghostEventObj.push(e);
      this.ghostEventNode.push(node);
    }
    return id;
  }

  /** Compiles a handler outcome of `node`; `input` is the state the handler was given (undefined for init/recover). */
  compile(node: NodeId, o: Outcome<unknown, unknown, unknown>, input: unknown, inputId: number): Effect {
    const next = o.state === input ? inputId : this.internState(node, o.state);
    const out = o.out;
    if (out.length === 0) return { next, noop: o.state === input, ops: NO_OPS, count: 0 };
    const ops = new Int32Array(out.length * 3);
    for (let i = 0; i < out.length; i++) {
      const c = out[i]!;
      const j = i * 3;
      switch (c.kind) {
        case 'send': {
          const payload = this.internPayload(c.msg);
          ops[j] = CMD_SEND;
          ops[j + 1] = c.to;
          if (this.addrCount > 0) ops[j + 2] = payload;
          else ops[j + 2] = c.to >>> 0 === c.to && c.to < this.n ? this.internContent(node, c.to, payload) : -1;
          break;
        }
        case 'setTimer':
          ops[j] = CMD_SET_TIMER;
          ops[j + 1] = this.internTimer(node, c.timer);
          break;
        case 'cancelTimer':
          ops[j] = CMD_CANCEL_TIMER;
          ops[j + 1] = this.internTimer(node, c.timer);
          break;
        case 'persist':
          ops[j] = CMD_PERSIST;
          break;
        case 'ghost':
          ops[j] = CMD_GHOST;
          ops[j + 1] = this.internGhostEvent(node, c.event);
          break;
        case 'bind':
          ops[j] = CMD_BIND;
          ops[j + 1] = c.address;
          ops[j + 2] = c.node;
          break;
      }
    }
    return { next, noop: false, ops, count: out.length };
  }

  /** `onMessage` of content `c` in node state `s` (memoised: a pure function of both ids). */
  deliver(s: number, c: number): Effect {
    let row = this.deliverMemo[s];
    if (row === undefined) this.deliverMemo[s] = row = [];
    let e = row[c];
    if (e === undefined) {
      this.handlerCalls++;
      const node = this.contentTo[c]!;
      const st = this.stateObj[s];
      const o = this.proto.onMessage(st, node, this.contentFrom[c]!, this.payloadObj[this.contentPayload[c]!]);
      row[c] = e = this.compile(node, o, st, s);
    }
    return e;
  }

  /** `onTimer` of timer `t` in node state `s` (memoised). */
  timer(s: number, t: number): Effect {
    let row = this.timerMemo[s];
    if (row === undefined) this.timerMemo[s] = row = [];
    let e = row[t];
    if (e === undefined) {
      this.handlerCalls++;
      const node = this.timerNode[t]!;
      const st = this.stateObj[s];
      row[t] = e = this.compile(node, this.proto.onTimer(st, node, this.timerName[t]!), st, s);
    }
    return e;
  }

  /** `recover` of `node` from persisted state id `p` (-1: never persisted), memoised. */
  recover(node: NodeId, p: number): Effect {
    let row = this.recoverMemo[node];
    if (row === undefined) this.recoverMemo[node] = row = [];
    let e = row[p + 1];
    if (e === undefined) {
      this.handlerCalls++;
      const o = this.proto.recover(p < 0 ? undefined : this.stateObj[p], node);
      row[p + 1] = e = this.compile(node, o, undefined, -1);
    }
    return e;
  }

  /**
   * Action ids enabled in node state `s`. Memoised per state only when the
   * protocol did not read the net (spec-level guards like PaxosStore's Accept
   * do; then the answer depends on the message set and is recomputed).
   */
  actions(s: number, net: TrackingNet): Int32Array {
    const hit = this.actionsMemo[s];
    if (hit !== undefined) return hit;
    this.handlerCalls++;
    const node = this.stateNode[s]!;
    net.read = false;
    const acts = this.proto.actions(this.stateObj[s], node, net);
    const ids = new Int32Array(acts.length);
    for (let i = 0; i < acts.length; i++) ids[i] = this.internAction(node, acts[i]);
    if (!net.read) this.actionsMemo[s] = ids;
    return ids;
  }

  /** `onAction` of action `a` in node state `s`; memoised when the protocol did not read the net. */
  action(s: number, a: number, net: TrackingNet): Effect {
    let row = this.actionMemo[s];
    if (row === undefined) this.actionMemo[s] = row = [];
    const hit = row[a];
    if (hit !== undefined) return hit;
    this.handlerCalls++;
    const node = this.stateNode[s]!;
    const st = this.stateObj[s];
    net.read = false;
    const e = this.compile(node, this.proto.onAction(st, node, this.actionObj[a], net), st, s);
    if (!net.read) row[a] = e;
    return e;
  }
}
