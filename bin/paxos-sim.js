#!/usr/bin/env node
// Entry point: runs the compiled CLI. An installed package ships it built; in a
// source checkout (after `npm ci`) the first run builds it with the checkout's
// TypeScript, so `npx paxos-sim` works with no build step to remember.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'dist', 'cli', 'main.js');
if (!existsSync(entry)) {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const config = join(root, 'tsconfig.build.json');
  if (!existsSync(tsc) || !existsSync(config)) {
    process.stderr.write(`paxos-sim: the CLI is not built and cannot be: run \`npm ci\` in ${root}\n`);
    process.exit(3);
  }
  process.stderr.write('paxos-sim: building the CLI (first run in this checkout)...\n');
  const r = spawnSync(process.execPath, [tsc, '-p', config], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0 || !existsSync(entry)) {
    process.stderr.write('paxos-sim: building the CLI failed\n');
    process.exit(3);
  }
}
await import(pathToFileURL(entry).href);
