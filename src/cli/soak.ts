/**
 * `paxos-sim soak`: long multi-core fuzzing for nightly jobs. Every correct
 * variant of every protocol becomes a shard (a `fuzz` child process with its
 * own seed); shards run `--workers` at a time, sharing the time budget. Each
 * shard's JSON is kept in a report written atomically under `--out`, along
 * with any counterexample. Exit 1 if any shard found something.
 */
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { protocols } from '../protocols/index.js';
import { intFlag, secondsFlag, seedFlag, type CommandSpec, type ParsedArgs } from './args.js';
import { makeOut, table } from './output.js';

interface Shard {
  readonly protocol: string;
  readonly variant: string;
  readonly seed: number;
}

function runShard(bin: string, s: Shard, seconds: number, outDir: string): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const args = [bin, 'fuzz', '--protocol', s.protocol, '--variant', s.variant, '--seed', String(s.seed), '--time-limit', String(seconds), '--out', outDir, '--json', '--quiet'];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => {
      try {
        resolve({ ...JSON.parse(out), exit: code });
      } catch {
        resolve({ protocol: s.protocol, variant: s.variant, seed: s.seed, ok: false, exit: code, error: 'shard produced no JSON (harness failure)' });
      }
    });
  });
}

async function soakCommand({ flags }: ParsedArgs): Promise<number> {
  const seed = seedFlag(flags.seed);
  const total = secondsFlag('time-limit', flags['time-limit']) ?? 600;
  const workers = intFlag('workers', flags.workers, 1, 256) ?? availableParallelism();
  const outDir = flags.out ?? 'counterexamples';
  const o = makeOut(flags.json ?? false, flags['no-color'] ?? false);
  const shards: Shard[] = [];
  for (const def of protocols) for (const v of def.variants) if (!v.buggy) shards.push({ protocol: def.name, variant: v.name, seed: (seed + shards.length * 7919) >>> 0 });
  const perShard = Math.max(1, Math.floor((total * workers) / shards.length));
  o.say(`soak: ${shards.length} shards, ${workers} workers, ${perShard}s each, seed ${seed}`);
  const bin = fileURLToPath(new URL('../../bin/paxos-sim.js', import.meta.url));
  const results: Record<string, unknown>[] = new Array(shards.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(workers, shards.length) }, async () => {
    while (next < shards.length) {
      const i = next++;
      results[i] = await runShard(bin, shards[i]!, perShard, outDir);
      o.say(`  done ${shards[i]!.protocol}/${shards[i]!.variant}: ${results[i]!['ok'] ? 'ok' : 'FINDING'}`);
    }
  }));
  const ok = results.every((r) => r['ok'] === true);
  const report = { ok, command: 'soak', seed, workers, secondsPerShard: perShard, shards: results };
  mkdirSync(join(outDir, 'reports'), { recursive: true });
  const path = join(outDir, 'reports', `soak-${seed}.json`);
  writeFileSync(`${path}.tmp`, JSON.stringify(report, null, 1) + '\n');
  renameSync(`${path}.tmp`, path);
  o.say(table(['protocol', 'variant', 'seed', 'runs', 'events', 'events/s', 'finding'], results.map((r) => [
    String(r['protocol']), String(r['variant']), String(r['seed']), String(r['runs'] ?? '-'), String(r['events'] ?? '-'), String(r['eventsPerSec'] ?? '-'),
    r['violation'] ? `${(r['violation'] as Record<string, unknown>)['invariant']} -> ${(r['violation'] as Record<string, unknown>)['file']}` : r['error'] ? String(r['error']) : 'none',
  ])));
  o.say(`report: ${path}`);
  if (o.json) process.stdout.write(JSON.stringify({ ...report, report: path }) + '\n');
  return ok ? 0 : 1;
}

export const soakSpec: CommandSpec = {
  name: 'soak',
  summary: 'long multi-core fuzzing of every correct built-in variant for nightly jobs, with a report',
  usage: 'soak [flags]',
  flags: { seed: 'random, printed', 'time-limit': '600 (seconds, shared by the shards)', workers: 'every core', out: 'counterexamples', json: 'off', 'no-color': 'off' },
  run: soakCommand,
};
