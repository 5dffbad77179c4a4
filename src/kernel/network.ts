/**
 * The network: in-flight envelopes under one of two semantics.
 *
 * - `multiset` (implementation level): delivering an envelope removes it; loss,
 *   duplication and delay are explicit fault events.
 * - `set` (TLA+ level): sent messages are never removed, equal messages merge,
 *   and an envelope may be delivered any number of times. A TLA+ message
 *   addressed to a set of participants becomes one envelope per addressee,
 *   which is isomorphic to the spec's single record because all of them are
 *   always sent together.
 *
 * Envelopes are kept in a `Map` keyed by id; ids only grow, so iteration order
 * is id order and therefore deterministic.
 */
import type { NodeId } from './protocol.js';

export type Semantics = 'set' | 'multiset';

export interface Envelope<M> {
  readonly id: number;
  readonly from: NodeId;
  readonly to: NodeId;
  readonly msg: M;
  /** Content key `from>to:msgKey` (set semantics only). */
  readonly key: string | undefined;
}

export class Network<M> {
  readonly inflight: Map<number, Envelope<M>>;
  /** Content key -> envelope id, set semantics only. */
  readonly byKey: Map<string, number>;
  nextId: number;

  constructor(readonly semantics: Semantics, inflight?: Map<number, Envelope<M>>, byKey?: Map<string, number>, nextId = 0) {
    this.inflight = inflight ?? new Map();
    this.byKey = byKey ?? new Map();
    this.nextId = nextId;
  }

  /**
   * The envelope `from -> to` carrying `msg`, not yet in flight: it takes the
   * next id, which `add` consumes (nothing else may happen in between).
   */
  envelope(from: NodeId, to: NodeId, msg: M, msgKey: (m: M) => string): Envelope<M> {
    const key = this.semantics === 'set' ? `${from}>${to}:${msgKey(msg)}` : undefined;
    return { id: this.nextId, from, to, msg, key };
  }

  /** A copy of `env` under the next id, not yet in flight (multiset duplication). */
  copy(env: Envelope<M>): Envelope<M> {
    return { id: this.nextId, from: env.from, to: env.to, msg: env.msg, key: undefined };
  }

  /** Puts an envelope made by `envelope` or `copy` in flight. */
  add(env: Envelope<M>): void {
    if (env.id !== this.nextId) throw new Error(`network: envelope ${env.id} is stale (next id ${this.nextId})`);
    this.nextId++;
    if (env.key !== undefined) this.byKey.set(env.key, env.id);
    this.inflight.set(env.id, env);
  }

  /** True if `env` is in flight; under set semantics, if a message with its content is. */
  has(env: Envelope<M>): boolean {
    return env.key !== undefined ? this.byKey.has(env.key) : this.inflight.has(env.id);
  }

  /** Puts a message on the wire; returns the new envelope, or undefined if it merged with an equal one. */
  send(from: NodeId, to: NodeId, msg: M, msgKey: (m: M) => string): Envelope<M> | undefined {
    if (this.semantics === 'set') {
      const key = `${from}>${to}:${msgKey(msg)}`;
      if (this.byKey.has(key)) return undefined;
      const env: Envelope<M> = { id: this.nextId++, from, to, msg, key };
      this.byKey.set(key, env.id);
      this.inflight.set(env.id, env);
      return env;
    }
    const env: Envelope<M> = { id: this.nextId++, from, to, msg, key: undefined };
    this.inflight.set(env.id, env);
    return env;
  }

  get(id: number): Envelope<M> | undefined {
    return this.inflight.get(id);
  }

  /** Removes an envelope (delivery or loss under multiset semantics). */
  remove(id: number): void {
    this.inflight.delete(id);
  }

  /** Adds a copy of an envelope under a fresh id (multiset semantics). */
  duplicate(env: Envelope<M>): Envelope<M> {
    const copy: Envelope<M> = { id: this.nextId++, from: env.from, to: env.to, msg: env.msg, key: undefined };
    this.inflight.set(copy.id, copy);
    return copy;
  }

  /** Every envelope in flight, in id order (the `NetView` protocols may read). */
  envelopes(): Iterable<Envelope<M>> {
    return this.inflight.values();
  }

  get size(): number {
    return this.inflight.size;
  }

  clone(): Network<M> {
    return new Network(this.semantics, new Map(this.inflight), new Map(this.byKey), this.nextId);
  }
}
