/**
 * The readable trace of a run as an observer: for each executed event, the
 * node it acted on with its state before and after, what it was, the
 * messages it sent, and for a delivery the step that sent the message (so
 * the story reads causally). Only the terminal and failure messages read it.
 */
import type { Event } from '../events.js';
import type { Execution, Observer } from '../execution.js';
import type { PortableEvent } from '../portable.js';
import type { AnyProtocol } from '../protocol.js';
import type { World } from '../world.js';

export interface TraceStep {
  readonly step: number;
  readonly node: string;
  readonly event: string;
  readonly before: string;
  readonly after: string;
  readonly sent: string[];
  /** Step at which a delivered message was sent (undefined: sent by a node's init), for causal reading. */
  readonly causedBy: number | undefined;
}

/** One-line description of a portable event. */
export function describe(proto: AnyProtocol, pe: PortableEvent): string {
  switch (pe.k) {
    case 'deliver':
    case 'drop':
    case 'dup':
      return `${pe.k} ${proto.nodeName(pe.from)} -> ${proto.nodeName(pe.to)} [${pe.msg}]`;
    case 'local':
      return `${proto.nodeName(pe.node)} does ${pe.action}`;
    case 'timer':
      return `${proto.nodeName(pe.node)} timer ${pe.timer} fires`;
    case 'crash':
    case 'recover':
      return `${pe.k} ${proto.nodeName(pe.node)}`;
    case 'partition':
      return `partition cuts ${pe.links.map(([a, b]) => `${proto.nodeName(a)}->${proto.nodeName(b)}`).join(' ')}`;
    case 'heal':
      return 'partition heals';
  }
}

function nodeState(w: World, node: number): string {
  return node < 0 ? '' : w.up[node] ? w.proto.showState(w.nodes[node]) : 'down';
}

export class Tracer implements Observer {
  readonly steps: TraceStep[] = [];
  /** Envelope id -> the step that sent it. */
  private readonly sentAt = new Map<number, number>();
  private what = '';
  private before_ = '';
  private causedBy: number | undefined;

  before(ex: Execution, e: Event, node: number): void {
    const w = ex.w;
    const proto = w.proto;
    const env = 'id' in e ? w.net.get(e.id) : undefined;
    this.before_ = nodeState(w, node);
    this.causedBy = e.k === 'deliver' ? this.sentAt.get(e.id) : undefined;
    this.what = env ? `${e.k} ${proto.nodeName(env.from)} -> ${proto.nodeName(env.to)} ${proto.showMsg(env.msg)}` : describe(proto, e as PortableEvent);
  }

  after(ex: Execution, _e: Event, node: number): void {
    const w = ex.w;
    for (const env of w.sent) this.sentAt.set(env.id, w.steps);
    this.steps.push({
      step: w.steps, node: node >= 0 ? w.proto.nodeName(node) : '-', event: this.what, before: this.before_, after: nodeState(w, node),
      sent: w.sent.map((env) => `${w.proto.nodeName(env.to)} <- ${w.proto.showMsg(env.msg)}`), causedBy: this.causedBy,
    });
  }
}
