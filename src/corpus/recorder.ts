/**
 * Writing scenarios by running the kernel: each call picks an event that is
 * enabled right now (by node names and message kinds, as a reader would say
 * it) and executes it in the one execution loop, which records it in
 * portable form — the author is the policy. An event that is not enabled
 * throws at once, so a recorded schedule is valid by construction.
 */
import type { Event } from '../kernel/events.js';
import type { Config, ProtocolDef } from '../kernel/definition.js';
import { findInvariant, findVariant } from '../kernel/definition.js';
import { canonicalEvent } from '../kernel/canonical.js';
import { Execution } from '../kernel/execution.js';
import { SCENARIO_FORMAT, type Scenario, type ScenarioExpect } from './scenario.js';
import { checkedInvariants, scheduleTarget, type ScheduleTarget } from '../kernel/target.js';
import type { PortableEvent } from '../kernel/portable.js';
import { isolate } from '../kernel/world.js';

export class ScenarioRecorder {
  readonly ex: Execution<ScheduleTarget>;

  constructor(readonly def: ProtocolDef, readonly variant: string, readonly config: Config, readonly invariants?: string[]) {
    const v = findVariant(def, variant);
    if (!v) throw new Error(`unknown variant ${variant}`);
    const invs = invariants ? invariants.map((n) => findInvariant(def, n)!) : checkedInvariants(def, v);
    const t = scheduleTarget(def, v, config, invs, { liveness: false });
    this.ex = new Execution(t);
  }

  /** Node id by its trace name ("P1", "A2"). */
  node(name: string): number {
    const w = this.ex.w;
    for (let i = 0; i < w.n; i++) if (w.proto.nodeName(i) === name) return i;
    throw new Error(`no node named ${name}`);
  }

  private run(what: string, pred: (e: Event) => boolean): this {
    if (this.ex.done) throw new Error(`${what}: the run already ended with ${this.ex.finding!.invariant}`);
    const e = this.ex.enabled().find(pred);
    if (e === undefined) throw new Error(`${what} is not enabled now (after ${this.ex.steps} events)`);
    this.ex.exec(e);
    return this;
  }

  private envelope(e: Event, from: string, to: string, kind?: string): boolean {
    if (!('id' in e)) return false;
    const env = this.ex.w.net.get(e.id)!;
    return env.from === this.node(from) && env.to === this.node(to) && (kind === undefined || this.ex.w.proto.showMsg(env.msg).startsWith(kind));
  }

  /** Deliver the oldest in-flight `kind` message from `from` to `to`. */
  deliver(from: string, to: string, kind?: string): this {
    return this.run(`deliver ${from}->${to} ${kind ?? ''}`, (e) => e.k === 'deliver' && this.envelope(e, from, to, kind));
  }

  /** Lose the oldest in-flight `kind` message from `from` to `to`. */
  drop(from: string, to: string, kind?: string): this {
    return this.run(`drop ${from}->${to} ${kind ?? ''}`, (e) => e.k === 'drop' && this.envelope(e, from, to, kind));
  }

  /** Node takes a spontaneous action (the first enabled one, or the named one). */
  local(name: string, action?: string): this {
    const n = this.node(name);
    return this.run(`${name} ${action ?? 'local action'}`, (e) => e.k === 'local' && e.node === n && (action === undefined || e.action === action));
  }

  timer(name: string, timer: string): this {
    const n = this.node(name);
    return this.run(`${name} timer ${timer}`, (e) => e.k === 'timer' && e.node === n && e.timer === timer);
  }

  crash(name: string): this {
    const n = this.node(name);
    return this.run(`crash ${name}`, (e) => e.k === 'crash' && e.node === n);
  }

  recover(name: string): this {
    const n = this.node(name);
    return this.run(`recover ${name}`, (e) => e.k === 'recover' && e.node === n);
  }

  /** Cut `name` off from every other node, both ways. */
  isolate(name: string): this {
    const links = isolate(this.ex.w.n, this.node(name));
    if (!this.ex.exec({ k: 'partition', links })) throw new Error(`cannot isolate ${name}`);
    return this;
  }

  heal(): this {
    return this.run('heal', (e) => e.k === 'heal');
  }

  /** Canonical protocol events (first enabled, no faults) until none is left, or `max` ran; `only` restricts them. */
  settle(only?: (e: Event) => boolean, max = 1000): this {
    for (let i = 0; i < max && !this.ex.done; i++) {
      const e = only ? this.ex.enabled({ drop: false, duplicate: false, crash: false, partition: false, maxCrashed: 0 }).find(only) : canonicalEvent(this.ex.w);
      if (e === undefined) return this;
      this.ex.exec(e);
    }
    return this;
  }

  get schedule(): PortableEvent[] {
    return this.ex.schedule;
  }

  toScenario(name: string, description: string, expect: ScenarioExpect): Scenario {
    return {
      format: SCENARIO_FORMAT, name, description, protocol: this.def.name, variant: this.variant, config: this.config,
      ...(this.invariants ? { invariants: this.invariants } : {}), schedule: this.ex.schedule, expect,
    };
  }
}
