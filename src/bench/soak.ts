/**
 * Soak scaling on this machine: the same soak (same seed, the same `--items`
 * of the plan, so exactly the same work) with 1 worker thread and with 2 (or
 * `--workers-max`), its runs/s and events/s, and the ratio of each to the
 * 1-worker figure (the goal on a 2-core machine: at least 1.8).
 *
 *   npm run bench:soak -- [--items 64] [--runs 200] [--seed 1] [--workers-max 2]
 *
 * Prints a markdown table and one JSON line, with the process's CPU time
 * (all threads) next to the wall time: on a busy machine the wall-time ratio
 * says more about the neighbours than about the soak. Run it on a quiet machine.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { protocols } from '../protocols/index.js';
import { runSoak } from '../soak/run.js';
import { markdownTable, scriptFlags } from './stats.js';
import { noPretenuring } from '../search/pretenuring.js';

// Before any run, as the command line does (pretenuring.ts).
noPretenuring();

const flags = scriptFlags(process.argv.slice(2));
const items = Number(flags.get('items') ?? 64);
const runs = Number(flags.get('runs') ?? 200);
const seed = Number(flags.get('seed') ?? 1);
const max = Number(flags.get('workers-max') ?? 2);

const rows: { workers: number; seconds: number; cpuSeconds: number; runsPerSec: number; eventsPerSec: number; runs: number; events: number }[] = [];
for (let workers = 1; workers <= max; workers++) {
  const out = mkdtempSync(join(tmpdir(), 'paxos-sim-bench-soak-'));
  const cpu0 = process.cpuUsage();
  const s = await runSoak({
    seed, shard: { index: 1, count: 1 }, workers, runsPerItem: runs, strategy: 'all', items, protocols: protocols.map((def) => ({ def })), outDir: out,
    workerScript: new URL('../soak/worker.js', import.meta.url), say: () => undefined,
  });
  const cpu = process.cpuUsage(cpu0);
  rmSync(out, { recursive: true, force: true });
  rows.push({ workers, seconds: s.elapsedMs / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6, runsPerSec: s.totals.runsPerSec, eventsPerSec: s.totals.eventsPerSec, runs: s.totals.runs, events: s.totals.events });
  process.stderr.write(`${workers} worker(s): ${s.totals.items} items, ${s.totals.runs} runs, ${s.totals.events} events in ${(s.elapsedMs / 1000).toFixed(1)} s\n`);
}
const base = rows[0]!;
console.log(markdownTable(['workers', 'wall s', 'CPU s', 'runs', 'events', 'runs/s', 'events/s', 'runs/s ratio', 'events/s ratio'], rows.map((r) => [
  String(r.workers), r.seconds.toFixed(1), r.cpuSeconds.toFixed(1), String(r.runs), String(r.events), String(r.runsPerSec), String(r.eventsPerSec),
  (r.runsPerSec / base.runsPerSec).toFixed(2), (r.eventsPerSec / base.eventsPerSec).toFixed(2),
])));
console.log(JSON.stringify({ items, runsPerItem: runs, seed, rows, ratio: { runsPerSec: rows[rows.length - 1]!.runsPerSec / base.runsPerSec, eventsPerSec: rows[rows.length - 1]!.eventsPerSec / base.eventsPerSec } }));
