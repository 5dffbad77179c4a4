/**
 * A soak worker thread: takes work items from its supervisor (pool.ts) one
 * at a time and runs them (item.ts), posting progress after every slice of
 * the search (the supervisor's watchdog listens for it), a finding as soon
 * as it is made, and the result. The shared stop flag (non-zero: stop) is
 * read between slices.
 *
 * `PAXOS_SIM_SOAK_FAULT=crash@N` or `hang@N` makes the worker crash (throw
 * outside any handler) or hang (spin without progress) on the item whose
 * local index is N (`@all`: on every item): the tests use it to show a failed worker is reported
 * and replaced.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runItem, type ItemSpec } from './item.js';
import { noPretenuring } from '../search/pretenuring.js';

// In the thread that runs the items, before any run (pretenuring.ts).
noPretenuring();

const { stop } = workerData as { stop: SharedArrayBuffer };
const flag = new Int32Array(stop);
const port = parentPort!;
const fault = /^(crash|hang)@(\d+|all)$/.exec(process.env['PAXOS_SIM_SOAK_FAULT'] ?? '');

port.on('message', (m: { item: ItemSpec; local: number }) => {
  if (fault && m.item.kind === 'case' && (fault[2] === 'all' || Number(fault[2]) === m.local)) {
    if (fault[1] === 'crash') setImmediate(() => { throw new Error(`injected crash on item ${m.local} (PAXOS_SIM_SOAK_FAULT)`); });
    else for (const idle = new Int32Array(new SharedArrayBuffer(4)); ; ) Atomics.wait(idle, 0, 0, 1000);
    return;
  }
  runItem(m.item, {
    shouldStop: () => Atomics.load(flag, 0) !== 0,
    onProgress: (runs, events) => port.postMessage({ t: 'progress', id: m.item.id, runs, events }),
    onFound: (raw) => port.postMessage({ t: 'found', id: m.item.id, raw }),
  }).then(
    (result) => port.postMessage({ t: 'done', id: m.item.id, result }),
    (e: unknown) => port.postMessage({ t: 'error', id: m.item.id, message: String((e as Error)?.message ?? e), stack: (e as Error)?.stack }),
  );
});
