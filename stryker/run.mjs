/**
 * `npm run mutation` / `npm run mutation:properties`: runs Stryker with the
 * score's configuration, passing any further arguments on (e.g. `--mutate
 * src/protocols/paxosstore/prepare.ts --concurrency 1`), and keeps a copy of
 * its terminal output, the clear-text report included, in
 * reports/mutation/<score>.txt next to the html and json reports.
 *
 * Usage: node stryker/run.mjs whole|properties [stryker run options...]
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const CONFIGS = { whole: 'stryker.config.mjs', properties: 'stryker/properties.config.mjs' };
const [score, ...args] = process.argv.slice(2);
if (!Object.hasOwn(CONFIGS, score ?? '')) {
  console.error(`usage: node stryker/run.mjs ${Object.keys(CONFIGS).join('|')} [stryker run options...]`);
  process.exit(2);
}
mkdirSync('reports/mutation', { recursive: true });
const log = createWriteStream(`reports/mutation/${score}.txt`);
const bin = join(dirname(createRequire(import.meta.url).resolve('@stryker-mutator/core/package.json')), 'bin', 'stryker.js');
const child = spawn(process.execPath, [bin, 'run', CONFIGS[score], ...args], { stdio: ['inherit', 'pipe', 'inherit'] });
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  log.write(chunk);
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('close', (code, signal) => log.end(() => process.exit(code ?? (signal ? 1 : 0))));
