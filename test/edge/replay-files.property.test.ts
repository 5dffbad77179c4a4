/**
 * Property-based tests of replay files at the edge, with fast-check: any
 * JSON value, any byte string, and mutations of the saved counterexamples
 * of the corpus (fields set to values of the wrong type, huge or fractional
 * numbers, fields deleted, `__proto__` / `constructor` / `prototype` keys,
 * events inserted, node ids out of range, text cut short).
 *
 * In process (most inputs): `loadCounterexample` (bounded read, parse, every
 * event checked against the built protocol) throws nothing but `InputError`;
 * a file it accepts names only nodes that exist and replays without throwing
 * (reproduced or not); the built-in prototypes stay untouched.
 *
 * The real CLI (a sample): `replay FILE` exits 0, 1 or 2 (never 3), prints
 * no stack trace, one line on stderr on exit 2, one JSON object under
 * --json, and creates no file.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCounterexample, verifyCounterexample } from '../../src/api/replay.js';
import { InputError } from '../../src/kernel/input-error.js';
import { findProtocol } from '../../src/protocols/index.js';
import { findVariant } from '../../src/kernel/definition.js';
import { cliAsync, CORPUS, edgeRuns, edgeSeed, freshDir, lines, listing, polluted, pool, prototypeSnapshot, removeDir, STACK_LINE, Tally } from './helpers.js';

const SEED = edgeSeed(20240910);

/** The saved counterexamples of the corpus, with the node count of the protocol each is built for. */
const CORPUS_FILES = readdirSync(CORPUS)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => {
    const cx = JSON.parse(readFileSync(join(CORPUS, f), 'utf8')) as Record<string, unknown>;
    const def = findProtocol(cx['protocol'] as string)!;
    const nodes = findVariant(def, cx['variant'] as string)!.build(cx['config'] as Record<string, number>).nodeCount;
    return { name: f, cx, nodes };
  });

/** Values of every type, and the awkward numbers. */
const weird: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(1e308, -1e308, 2 ** 53 + 1, 2 ** 53, -1, 0.5, 1e21, -0, '', '0', '1', 'paxos', 'set', 'multiset', 'safety', 'liveness', 'crash', null, true, [], {}, [0, 1], [[0, 1]]),
  fc.integer(),
  fc.string(),
);

const CONTAINERS = ['top', 'violation', 'config', 'event', 'fastCheck'] as const;
const KEYS: Record<(typeof CONTAINERS)[number], string[]> = {
  top: ['format', 'protocol', 'module', 'variant', 'config', 'invariants', 'semantics', 'seed', 'run', 'runSeed', 'foundBy', 'violation', 'originalSteps', 'steps', 'fingerprint', 'schedule', 'fastCheck'],
  violation: ['kind', 'invariant', 'message', 'step'],
  config: ['proposers', 'acceptors', 'values', 'participants', 'maxBallot'],
  event: ['k', 'node', 'from', 'to', 'msg', 'nth', 'action', 'timer', 'links'],
  fastCheck: ['liveness', 'seed', 'path'],
};
const key = (c: (typeof CONTAINERS)[number]): fc.Arbitrary<string> => fc.oneof({ arbitrary: fc.constantFrom(...KEYS[c]), weight: 5 }, { arbitrary: fc.string({ maxLength: 6 }), weight: 1 });
const container = fc.constantFrom(...CONTAINERS);

type Mutation =
  | { op: 'set'; c: (typeof CONTAINERS)[number]; i: number; key: string; value: unknown }
  | { op: 'delete'; c: (typeof CONTAINERS)[number]; i: number; key: string }
  | { op: 'proto'; c: (typeof CONTAINERS)[number]; i: number; key: '__proto__' | 'constructor' | 'prototype'; value: unknown }
  | { op: 'insert'; i: number; event: unknown }
  | { op: 'node'; i: number; field: 'node' | 'from' | 'to' | 'link'; beyond: number };

const KINDS = ['deliver', 'drop', 'dup', 'local', 'timer', 'crash', 'recover', 'partition', 'heal'];
/** An event of any kind with fields that may or may not fit it. */
const anyEvent: fc.Arbitrary<unknown> = fc.oneof(
  fc.record(
    {
      k: fc.oneof({ arbitrary: fc.constantFrom(...KINDS), weight: 5 }, { arbitrary: weird, weight: 1 }),
      node: fc.oneof(fc.integer({ min: -2, max: 9 }), weird),
      from: fc.integer({ min: -1, max: 9 }),
      to: fc.integer({ min: -1, max: 9 }),
      msg: fc.oneof(fc.string(), weird),
      nth: fc.oneof(fc.nat(3), weird),
      action: fc.oneof(fc.constantFrom('add_proc', 'send_prepare_req', 'propose'), fc.string()),
      timer: fc.oneof(fc.constantFrom('start', 'retry', 'timeout'), fc.string()),
      links: fc.oneof(fc.array(fc.tuple(fc.integer({ min: -1, max: 9 }), fc.integer({ min: -1, max: 9 })), { maxLength: 4 }), weird),
    },
    { requiredKeys: ['k'] },
  ),
  weird,
);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('set' as const), c: container, i: fc.nat(40), value: weird }).chain((m) => key(m.c).map((k) => ({ ...m, key: k }))),
  fc.record({ op: fc.constant('delete' as const), c: container, i: fc.nat(40) }).chain((m) => key(m.c).map((k) => ({ ...m, key: k }))),
  fc.record({ op: fc.constant('proto' as const), c: container, i: fc.nat(40), key: fc.constantFrom('__proto__' as const, 'constructor' as const, 'prototype' as const), value: fc.oneof(fc.constant({ polluted: 1, isAdmin: true }), weird) }),
  fc.record({ op: fc.constant('insert' as const), i: fc.nat(40), event: anyEvent }),
  fc.record({ op: fc.constant('node' as const), i: fc.nat(40), field: fc.constantFrom('node' as const, 'from' as const, 'to' as const, 'link' as const), beyond: fc.oneof(fc.nat(3), fc.constantFrom(99, 2 ** 31, 2 ** 53 - 1)) }),
);

/** Sets `o[k] = v` as an own property, even for `__proto__` (as JSON.parse would make it). */
function put(o: Record<string, unknown>, k: string, v: unknown): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

function apply(base: Record<string, unknown>, nodes: number, ms: readonly Mutation[]): Record<string, unknown> {
  const cx = structuredClone(base);
  const obj = (v: unknown): Record<string, unknown> | undefined => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : undefined);
  const schedule = (): unknown[] | undefined => (Array.isArray(cx['schedule']) ? (cx['schedule'] as unknown[]) : undefined);
  const target = (c: (typeof CONTAINERS)[number], i: number): Record<string, unknown> | undefined => {
    if (c === 'top') return cx;
    if (c === 'event') {
      const s = schedule();
      return s && s.length > 0 ? obj(s[i % s.length]) : undefined;
    }
    return obj(Object.hasOwn(cx, c) ? cx[c] : undefined);
  };
  for (const m of ms) {
    if (m.op === 'insert') {
      const s = schedule();
      if (s) s.splice(m.i % (s.length + 1), 0, m.event);
    } else if (m.op === 'node') {
      const s = schedule();
      if (!s || s.length === 0) continue;
      const e = obj(s[m.i % s.length]);
      if (!e) continue;
      const id = nodes + m.beyond;
      if (m.field === 'link') put(e, 'links', [[0, id]]);
      else put(e, m.field, id);
    } else {
      const t = target(m.c, m.i);
      if (!t) continue;
      if (m.op === 'delete') delete t[m.key];
      else put(t, m.key, m.value);
    }
  }
  return cx;
}

/** A replay file's text: a mutated corpus file (sometimes cut short), any JSON value, or any bytes. */
type Input = { kind: 'intact' | 'mutated'; base: number; text: string } | { kind: 'json'; text: string } | { kind: 'bytes'; bytes: Uint8Array };

/** A corpus file as saved, or with a well-formed event (nodes in range) inserted: files that must be accepted. */
const intact: fc.Arbitrary<Input> = fc
  .record({ base: fc.nat(CORPUS_FILES.length - 1), at: fc.option(fc.nat(40), { freq: 2 }), kind: fc.constantFrom('heal', 'crash', 'recover', 'partition', 'timer', 'local'), n: fc.nat(40) })
  .map(({ base, at, kind, n }) => {
    const b = CORPUS_FILES[base]!;
    const cx = structuredClone(b.cx);
    if (at !== null) {
      const node = n % b.nodes;
      const event = kind === 'heal' ? { k: kind } : kind === 'partition' ? { k: kind, links: [[node, (node + 1) % b.nodes]] } : kind === 'timer' ? { k: kind, node, timer: 'start' } : kind === 'local' ? { k: kind, node, action: 'propose' } : { k: kind, node };
      const s = cx['schedule'] as unknown[];
      s.splice(at % (s.length + 1), 0, event);
    }
    return { kind: 'intact' as const, base, text: JSON.stringify(cx) };
  });
const input: fc.Arbitrary<Input> = fc.oneof(
  {
    arbitrary: fc
      .record({ base: fc.nat(CORPUS_FILES.length - 1), ms: fc.array(mutation, { minLength: 0, maxLength: 4 }), cut: fc.option(fc.nat(), { freq: 8 }) })
      .map(({ base, ms, cut }) => {
        const b = CORPUS_FILES[base]!;
        let text = JSON.stringify(apply(b.cx, b.nodes, ms));
        if (cut !== null) text = text.slice(0, cut % (text.length + 1));
        return { kind: 'mutated' as const, base, text };
      }),
    weight: 6,
  },
  { arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => ({ kind: 'json' as const, text: JSON.stringify(v) ?? 'null' })), weight: 2 },
  { arbitrary: fc.uint8Array({ maxLength: 300 }).map((bytes) => ({ kind: 'bytes' as const, bytes })), weight: 1 },
  { arbitrary: intact, weight: 1 },
);

const write = (path: string, x: Input): void => writeFileSync(path, x.kind === 'bytes' ? x.bytes : x.text);

const inProcess = new Tally('replay files, in process');
const spawned = new Tally('replay files, real CLI');
const dir = freshDir('replay-prop');
afterAll(() => {
  removeDir(dir);
  console.log(inProcess.report());
  console.log(spawned.report());
});

/** The node ids an event names. */
function nodeIds(e: Record<string, unknown>): number[] {
  const ids: number[] = [];
  for (const f of ['node', 'from', 'to']) if (typeof e[f] === 'number') ids.push(e[f] as number);
  if (Array.isArray(e['links'])) for (const l of e['links'] as number[][]) ids.push(...l);
  return ids;
}

describe('replay files, in process', () => {
  it('loading throws only InputError; an accepted file names only existing nodes and replays without throwing; prototypes untouched', async () => {
    const before = prototypeSnapshot();
    const path = join(dir, 'cx.json');
    inProcess.begin();
    await fc.assert(
      fc.asyncProperty(input, async (x) => {
        write(path, x);
        let loaded;
        try {
          loaded = await loadCounterexample(path);
        } catch (e) {
          if (!(e instanceof InputError)) throw e;
          expect(e.message).not.toMatch(/\n/);
          inProcess.add(`${x.kind}: rejected`);
        }
        if (x.kind === 'intact') expect(loaded, 'a well-formed file must be accepted').toBeDefined();
        if (loaded) {
          const { cx, target } = loaded;
          const n = target.variant.build(target.cfg).nodeCount;
          for (const e of cx.schedule) for (const id of nodeIds(e as unknown as Record<string, unknown>)) expect(id).toBeLessThan(n);
          const v = verifyCounterexample(cx, target);
          inProcess.add(`${x.kind}: accepted, ${v.reproduced ? 'reproduced' : 'did not reproduce'}`);
        }
        expect(prototypeSnapshot()).toBe(before);
        expect(polluted()).toBe(false);
      }),
      { seed: SEED, numRuns: edgeRuns(2500) },
    );
    inProcess.end();
  });
});

describe('replay files, the real CLI', () => {
  it('exit 0, 1 or 2; no stack trace; one line on exit 2; one JSON object under --json; no file created', async () => {
    const flags = fc.subarray(['--json', '--quiet', '--no-color']);
    spawned.begin();
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.oneof({ arbitrary: input, weight: 3 }, { arbitrary: intact, weight: 1 }), flags), { minLength: 4, maxLength: 4 }), async (batch) => {
        const results = await pool(batch, 2, async ([x, fl]) => {
          const cwd = freshDir('replay-cli');
          try {
            write(join(cwd, 'cx.json'), x);
            const args = ['replay', 'cx.json', ...fl];
            const r = await cliAsync(args, cwd, 60_000);
            return { x, args, r, after: listing(cwd) };
          } finally {
            removeDir(cwd);
          }
        });
        for (const { x, args, r, after } of results) {
          const ctx = `${x.kind} input; paxos-sim ${args.join(' ')}\nstatus ${r.status}\nstdout: ${r.stdout.slice(0, 1500)}\nstderr: ${r.stderr.slice(0, 1500)}`;
          spawned.add(`${x.kind}: exit ${r.status}`);
          expect([0, 1, 2], ctx).toContain(r.status);
          expect(r.stdout + r.stderr, ctx).not.toMatch(STACK_LINE);
          if (r.status === 2) expect(lines(r.stderr), ctx).toHaveLength(1);
          if (args.includes('--json')) {
            expect(lines(r.stdout), ctx).toHaveLength(1);
            expect(JSON.parse(r.stdout), ctx).toMatchObject({ ok: false });
          }
          expect(after, ctx).toEqual(['cx.json']);
        }
      }),
      { seed: SEED, numRuns: edgeRuns(6) },
    );
    spawned.end();
  });
});
