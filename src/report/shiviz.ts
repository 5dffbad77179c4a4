/**
 * The trace in ShiViz's log format, so it opens in that tool (upload the
 * file, or paste it, on ShiViz's input page).
 * A ShiViz file is the parser regular expression on its first line, the
 * multiple-executions delimiter on the second (empty: one execution), then
 * the log: here one line per event, `HOST CLOCK EVENT`, where CLOCK is the
 * event's vector clock as JSON. Each node is a host; every node's init is
 * its first event; a delivery merges the clock its message was sent with;
 * partitions and heals are events of a host `net`. A host's own entry
 * starts at 1 and grows by exactly 1 per event, as ShiViz requires.
 */
import type { ReportModel } from './model.js';

/** The parser expression on the first line (named groups host, clock, event). */
export const SHIVIZ_REGEX = String.raw`(?<host>\S+) (?<clock>\{[^}]*\}) (?<event>.*)`;

type Clock = Record<string, number>;

const hostName = (s: string): string => s.replace(/\s+/g, '_') || '_';
const oneLine = (s: string): string => s.replace(/[\r\n]+/g, ' ');

function merge(a: Clock, b: Clock): Clock {
  const out: Clock = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = Math.max(out[k] ?? 0, v);
  return out;
}

/** The ShiViz file of a report model. */
export function renderShiviz(m: ReportModel): string {
  const hosts = m.nodes.map((n) => hostName(n.name));
  const clocks: Clock[] = hosts.map(() => ({}));
  let net: Clock = {};
  const sendClock = new Map<number, Clock>();
  const msgs = new Map(m.messages.map((x) => [x.id, x]));
  const lines: string[] = [SHIVIZ_REGEX, ''];
  const emit = (host: string, clock: Clock, text: string): void => void lines.push(`${host} ${JSON.stringify(clock)} ${oneLine(text)}`);
  const tick = (n: number): Clock => {
    const c = clocks[n]!;
    c[hosts[n]!] = (c[hosts[n]!] ?? 0) + 1;
    return c;
  };
  const violationAt = m.violation?.step;
  const mark = (step: number): string => (step === violationAt && m.violation ? ` ✗ ${m.violation.kind} violation of ${m.violation.invariant}: ${m.violation.message}` : '');
  for (const s of m.steps) {
    if (s.kind === 'init') {
      for (let n = 0; n < hosts.length; n++) {
        const c = tick(n);
        const sent = s.sent.filter((id) => msgs.get(id)?.from === n);
        for (const id of sent) sendClock.set(id, { ...c });
        emit(hosts[n]!, c, `step 0: init ${m.snapshots[n]?.[0]?.text ?? ''}${sent.length ? ` (sends ${sent.length})` : ''}`);
      }
      continue;
    }
    if (s.node < 0) {
      net = { ...net, net: (net['net'] ?? 0) + 1 };
      emit('net', net, `step ${s.step}: ${s.text}${mark(s.step)}`);
      continue;
    }
    const n = s.node;
    if (s.kind === 'deliver' && s.message !== null) {
      const from = sendClock.get(s.message);
      if (from !== undefined) clocks[n] = merge(clocks[n]!, from);
    }
    const c = tick(n);
    for (const id of s.sent) {
      const x = msgs.get(id);
      // A duplicate's copy carries its original's send clock: it is the same message, sent once.
      const orig = x?.dupOf !== null && x?.dupOf !== undefined ? sendClock.get(x.dupOf) : undefined;
      sendClock.set(id, orig ?? { ...c });
    }
    emit(hosts[n]!, c, `step ${s.step}: ${s.text}${mark(s.step)}`);
  }
  return lines.join('\n') + '\n';
}
