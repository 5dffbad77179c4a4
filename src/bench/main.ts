/**
 * `npm run bench`: throughput figures as one JSON object on stdout.
 * BENCH_SECONDS sets the DES measuring time per figure (default 10),
 * BENCH_EXPLORE_SECONDS the explorer's (default 60, as the target is stated).
 * `guided`: what coverage steering costs in events per second (`guided.ts`).
 */
import { benchDes } from './des.js';
import { benchExplore } from './explore.js';
import { benchGuided } from './guided.js';
import { noPretenuring } from '../search/pretenuring.js';

// Before any run, as the command line does (pretenuring.ts).
noPretenuring();

const seconds = Number(process.env['BENCH_SECONDS'] ?? 10);
const exploreSeconds = Number(process.env['BENCH_EXPLORE_SECONDS'] ?? 60);
const out: Record<string, unknown> = { node: process.version, seconds };
out['des'] = [benchDes(3, seconds), benchDes(5, seconds)];
out['guided'] = benchGuided(seconds);
out['explore'] = await benchExplore(exploreSeconds);
process.stdout.write(JSON.stringify(out, null, 2) + '\n');
