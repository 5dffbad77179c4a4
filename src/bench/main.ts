/**
 * `npm run bench`: throughput figures as one JSON object on stdout.
 * BENCH_SECONDS sets the measuring time per figure (default 10).
 */
import { benchDes } from './des.js';

const seconds = Number(process.env['BENCH_SECONDS'] ?? 10);
const out: Record<string, unknown> = { node: process.version, seconds };
out['des'] = [benchDes(3, seconds), benchDes(5, seconds)];
process.stdout.write(JSON.stringify(out, null, 2) + '\n');
