/**
 * A tiny protocol for kernel law tests: node 0 pings node 1; node 1 counts
 * pings and persists every other count; node 2 arms a `tick` timer at start
 * and counts its firings (it does not re-arm it).
 */
import { NO_COMMANDS, type Protocol } from '../../src/kernel/protocol.js';

export interface Toy {
  readonly count: number;
  readonly sent: number;
}

export const toy: Protocol<Toy, string, 'ping', never, null> = {
  nodeCount: 3,
  nodeName: (id) => `N${id}`,
  init: (id) => ({ state: { count: 0, sent: 0 }, out: id === 2 ? [{ kind: 'setTimer', timer: 'tick', delay: 1 }] : NO_COMMANDS }),
  onMessage: (s) => {
    const next = { ...s, count: s.count + 1 };
    return { state: next, out: next.count % 2 === 0 ? [{ kind: 'persist' }] : NO_COMMANDS };
  },
  onTimer: (s) => ({ state: { ...s, count: s.count + 1 }, out: NO_COMMANDS }),
  actions: (s, id) => (id === 0 && s.sent < 4 ? ['ping'] : []),
  onAction: (s) => ({ state: { ...s, sent: s.sent + 1 }, out: [{ kind: 'send', to: 1, msg: `ping${s.sent}` }] }),
  recover: (p) => ({ state: p ?? { count: 0, sent: 0 }, out: NO_COMMANDS }),
  stateKey: (s) => `${s.count}/${s.sent}`,
  msgKey: (m) => m,
  actionKey: (a) => a,
  showMsg: (m) => m,
  showState: (s) => `count=${s.count}`,
  showAction: (a) => a,
  ghost: { init: () => null, record: (h) => h, clone: (h) => h },
};
