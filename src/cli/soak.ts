/**
 * `paxos-sim soak`: long multi-core fuzzing for nightly jobs. Every correct
 * variant of every protocol becomes a shard (a `fuzz` child process with its
 * own seed); shards run `--workers` at a time (at most one worker per shard),
 * and the whole soak keeps to `--time-limit`: the shards run in waves, each
 * shard gets its wave's share of the time less a reserve for starting the
 * process and printing its summary, none is started with less time than is
 * left, and one that overruns its share is stopped with SIGTERM (it saves
 * what it found and reports). Each shard's JSON is kept in a report written
 * atomically under `--out` (with an HTML index linking every finding's
 * report page), along with any counterexample. Exit 1 if any shard found
 * something.
 *
 * On SIGINT or SIGTERM no further shard starts, the signal is forwarded to
 * the running shards (which stop, save and report), the soak waits for them
 * (SIGKILL for any still running after `SHARD_STOP_MS`), writes its report
 * with the shards that ran, and exits 130 or 143 (1 if a shard found
 * something). No child process outlives it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { protocols } from '../protocols/index.js';
import { intFlag, secondsFlag, seedFlag, type CommandSpec, type ParsedArgs } from './args.js';
import { outDirFlag, writeFileAtomic } from './out-dir.js';
import { makeOut, table } from './output.js';
import { exitStatus, watchSignals, type StopSignal } from './signals.js';
import { renderSoakIndex } from '../report/soak-index.js';

interface Shard {
  readonly protocol: string;
  readonly variant: string;
  readonly seed: number;
}

/** Seconds of each shard's share kept for starting its process and printing its summary (at most half the share). */
const SHARD_RESERVE_S = 1;
/** Fewest seconds of fuzzing a shard is started with. */
const MIN_SHARD_S = 0.1;
/** How long a shard may run past the end of its share before it is sent SIGTERM (it then stops, saves and reports). */
const OVERRUN_MS = 250;
/** How long a signalled shard may take to stop (it stops within 5 s) before it is killed. */
const SHARD_STOP_MS = 5000;

type ShardResult = Record<string, unknown>;

/** The signal each shard was first sent by the soak. */
const signalled = new WeakMap<ChildProcess, StopSignal>();

/**
 * Runs one shard (a `fuzz` child process, kept in `children` while it runs)
 * with `seconds` of fuzzing; if it still runs `OVERRUN_MS` after `stopAt`
 * (the end of its share of the soak) it is sent SIGTERM, and its report
 * says `stoppedAtTimeLimit`. Resolves with its JSON when it has exited.
 */
function runShard(bin: string, s: Shard, seconds: number, stopAt: number, outDir: string, children: Set<ChildProcess>): Promise<ShardResult> {
  return new Promise((resolve) => {
    const args = [bin, 'fuzz', '--protocol', s.protocol, '--variant', s.variant, '--seed', String(s.seed), '--time-limit', String(seconds), '--out', outDir, '--json', '--quiet'];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    children.add(child);
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    let overran = false;
    const overrun = setTimeout(() => {
      overran = true;
      stopShard(child, 'SIGTERM');
    }, Math.max(0, stopAt - Date.now()) + OVERRUN_MS);
    child.on('close', (code, signal) => {
      clearTimeout(overrun);
      children.delete(child);
      const budget = overran ? { stoppedAtTimeLimit: true } : {};
      const sent = signalled.get(child);
      try {
        resolve({ ...JSON.parse(out), exit: code, ...budget });
      } catch {
        const id = { protocol: s.protocol, variant: s.variant, seed: s.seed };
        // Our signal reached it before it had taken over signals (still starting): nothing was lost.
        if (sent !== undefined && signal === sent) resolve({ ...id, ok: true, exit: code, signal, interrupted: sent, ...budget, note: 'stopped while starting, before it had run anything' });
        else
          resolve({ ...id, ok: false, exit: code, ...(signal ? { signal } : {}), ...budget,
            error: signal === 'SIGKILL' ? 'shard did not stop in time and was killed' : 'shard produced no JSON (harness failure)' });
      }
    });
  });
}

/** Sends `signal` to a shard, and SIGKILL if it is still running `SHARD_STOP_MS` later. */
function stopShard(child: ChildProcess, signal: StopSignal): void {
  if (child.exitCode !== null || child.signalCode !== null) return;
  if (!signalled.has(child)) signalled.set(child, signal);
  child.kill(signal);
  const kill = setTimeout(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }, SHARD_STOP_MS);
  kill.unref();
  child.once('close', () => clearTimeout(kill));
}

/** Each shard's share of `total` seconds (shards run in waves of `workers`), and its seconds of fuzzing: the share less the reserve. */
export function shardShare(total: number, shards: number, workers: number): { share: number; seconds: number } {
  const waves = Math.ceil(shards / Math.max(1, Math.min(workers, shards)));
  const share = total / waves;
  return { share, seconds: Math.max(MIN_SHARD_S, Math.floor((share - Math.min(SHARD_RESERVE_S, share / 2)) * 10) / 10) };
}

async function soakCommand({ flags }: ParsedArgs): Promise<number> {
  const seed = seedFlag(flags.seed);
  const total = secondsFlag('time-limit', flags['time-limit']) ?? 600;
  const asked = intFlag('workers', flags.workers, 1, 256) ?? availableParallelism();
  const outDir = outDirFlag(flags.out);
  const o = makeOut(flags.json ?? false, flags['no-color'] ?? false);
  const shards: Shard[] = [];
  for (const def of protocols) for (const v of def.variants) if (!v.buggy) shards.push({ protocol: def.name, variant: v.name, seed: (seed + shards.length * 7919) >>> 0 });
  const workers = Math.min(asked, shards.length);
  const { share, seconds: perShard } = shardShare(total, shards.length, workers);
  o.say(`soak: ${shards.length} shards, ${workers} workers${asked > workers ? ` (${asked} asked; one per shard at most)` : ''}, ${perShard}s of fuzzing per shard within ${total}s, seed ${seed}`);
  const bin = fileURLToPath(new URL('../../bin/paxos-sim.js', import.meta.url));
  const start = Date.now();
  const deadline = start + total * 1000;
  const results: (ShardResult | undefined)[] = new Array(shards.length);
  const children = new Set<ChildProcess>();
  const watch = watchSignals(o.json);
  watch.onStop((s) => {
    for (const c of children) stopShard(c, s);
  });
  try {
    let next = 0;
    await Promise.all(Array.from({ length: workers }, async () => {
      while (next < shards.length && watch.signal === undefined) {
        // A shard's share ends with the soak at the latest; it never starts with more time than is left.
        const now = Date.now();
        if (now >= deadline) break;
        const stopAt = Math.min(now + share * 1000, deadline);
        const left = (stopAt - now) / 1000 - Math.min(SHARD_RESERVE_S, share / 2);
        const seconds = Math.max(MIN_SHARD_S, Math.min(perShard, Math.floor(left * 10) / 10));
        const i = next++;
        results[i] = await runShard(bin, shards[i]!, seconds, stopAt, outDir, children);
        const r = results[i]!;
        o.say(`  done ${shards[i]!.protocol}/${shards[i]!.variant}: ${r['violation'] ? 'FINDING' : r['ok'] ? (r['note'] ? String(r['note']) : r['stoppedAtTimeLimit'] ? 'ok (stopped at the time limit)' : r['interrupted'] ? `stopped by ${r['interrupted']}` : 'ok') : 'FAILED'}`);
      }
    }));
    const interrupted = watch.signal;
    const ran = results.filter((r): r is ShardResult => r !== undefined);
    const notRun = shards.filter((_, i) => results[i] === undefined);
    const found = ran.some((r) => r['violation']);
    const failed = ran.some((r) => r['ok'] !== true && !r['violation']);
    const ok = !found && !failed;
    const report = {
      ok, command: 'soak', seed, workers, timeLimit: total, secondsPerShard: perShard, elapsedMs: Date.now() - start, interrupted: interrupted ?? null,
      shards: ran, ...(notRun.length > 0 ? { notRun } : {}),
    };
    const path = join(outDir, 'reports', `soak-${seed}.json`);
    writeFileAtomic(path, JSON.stringify(report, null, 1) + '\n');
    const index = join(outDir, 'reports', `soak-${seed}.html`);
    writeFileAtomic(index, renderSoakIndex(index, report));
    o.say(table(['protocol', 'variant', 'seed', 'runs', 'events', 'events/s', 'finding'], ran.map((r) => [
      String(r['protocol']), String(r['variant']), String(r['seed']), String(r['runs'] ?? '-'), String(r['events'] ?? '-'), String(r['eventsPerSec'] ?? '-'),
      r['violation'] ? `${(r['violation'] as Record<string, unknown>)['invariant']} -> ${(r['violation'] as Record<string, unknown>)['file']}` : r['error'] ? String(r['error']) : r['stoppedAtTimeLimit'] ? 'none (stopped at the time limit)' : r['interrupted'] ? `none (stopped by ${r['interrupted']})` : 'none',
    ])));
    if (interrupted) o.say(o.c.yellow(`stopped by ${interrupted}: ${ran.length} of ${shards.length} shards ran${notRun.length > 0 ? `; not run: ${notRun.map((s) => `${s.protocol}/${s.variant}`).join(', ')}` : ''}`));
    o.say(`report: ${path} (index of findings: ${index})`);
    if (o.json) process.stdout.write(JSON.stringify({ ...report, report: path }) + '\n');
    return exitStatus(!ok, interrupted, 0);
  } finally {
    for (const c of children) c.kill('SIGKILL');
    watch.dispose();
  }
}

export const soakSpec: CommandSpec = {
  name: 'soak',
  summary: 'long multi-core fuzzing of every correct built-in variant for nightly jobs, with a report',
  usage: 'soak [flags]',
  flags: { seed: 'random, printed', 'time-limit': '600 (seconds, for the whole soak)', workers: 'every core (at most one per shard)', out: 'counterexamples', json: 'off', 'no-color': 'off' },
  run: soakCommand,
};
