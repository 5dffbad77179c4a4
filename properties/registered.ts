/**
 * The protocols the property suites check, each exactly as its definition
 * says (variants, kept invariants, known bugs, suite budgets): the built-in
 * ones, the user-style module of the test fixtures (so the suites show that
 * nothing is looked up by name), and any modules listed in the environment
 * variable `PAXOS_SIM_PROTOCOLS` (comma-separated paths to JavaScript modules),
 * e.g. `PAXOS_SIM_PROTOCOLS=./dist/my-protocol.js npx vitest run properties`.
 */
import { join } from 'node:path';
import type { AnyProtocolDef } from '../src/kernel/definition.js';
import { protocols } from '../src/protocols/index.js';
import { loadProtocol } from '../src/protocols/load.js';

const FIXTURE = join(import.meta.dirname, '..', 'test', 'fixtures', 'quorum.mjs');
const extra = (process.env['PAXOS_SIM_PROTOCOLS'] ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');

export const suiteProtocols: readonly AnyProtocolDef[] = [
  ...protocols,
  ...(await Promise.all([FIXTURE, ...extra].map((p) => loadProtocol(p)))).map((l) => l.def),
];
