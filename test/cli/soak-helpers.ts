/** Shared by the soak tests: run `paxos-sim soak`, read its reports, find stray processes. */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const tmp = (name = 'soak'): string => mkdtempSync(join(tmpdir(), `paxos-sim-${name}-`));

export interface Ran {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly json: Record<string, any>;
}

/** Runs `paxos-sim ...args --json` to the end (with `env` added). */
export function soak(args: readonly string[], env: Record<string, string> = {}): Ran {
  const r = spawnSync(process.execPath, ['bin/paxos-sim.js', ...args, '--json'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env }, timeout: 120_000 });
  let json: Record<string, any> = {};
  try {
    json = JSON.parse(r.stdout) as Record<string, any>;
  } catch {
    // left empty; the test says what it expected
  }
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, json };
}

/** Runs several `paxos-sim` processes at once; resolves when all have exited. */
export function soakAll(runs: readonly { args: readonly string[]; env?: Record<string, string> }[]): Promise<Ran[]> {
  return Promise.all(runs.map(({ args, env }) => new Promise<Ran>((resolve) => {
    const c = spawn(process.execPath, ['bin/paxos-sim.js', ...args, '--json'], { env: { ...process.env, NO_COLOR: '1', ...env } });
    let stdout = '';
    let stderr = '';
    c.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    c.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    c.on('close', (status) => {
      let json: Record<string, any> = {};
      try {
        json = JSON.parse(stdout) as Record<string, any>;
      } catch {
        // empty
      }
      resolve({ status, stdout, stderr, json });
    });
  })));
}

export const readJson = (path: string): any => JSON.parse(readFileSync(path, 'utf8'));

/** Pids of running processes whose command line contains `text` (Linux /proc). */
export function processesWith(text: string): number[] {
  const out: number[] = [];
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e) || Number(e) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${e}/cmdline`, 'utf8').includes(text)) out.push(Number(e));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** What must be equal between two soaks of the same seed space: distinct findings with counts and seeds, and per-case work. */
export function essence(s: Record<string, any>): { findings: unknown[]; cases: unknown[] } {
  return {
    findings: (s['findings'] as any[]).map((f) => [f.signature, f.invariant, f.count, f.seeds]).sort(),
    cases: (s['cases'] as any[]).map((c) => [c.id, c.items, c.runs, c.events, [...c.findings].sort()]).sort(),
  };
}
