/** `paxos-sim list`: protocols, variants, invariants. */
import { protocols } from '../protocols/index.js';
import { parseFlags } from './args.js';
import { makeOut } from './output.js';

export function listCommand(argv: string[]): number {
  const { flags } = parseFlags('list', argv, ['json', 'no-color']);
  const o = makeOut(flags.json ?? false, flags['no-color'] ?? false);
  if (o.json) {
    process.stdout.write(JSON.stringify({
      protocols: protocols.map((p) => ({
        name: p.name, description: p.description, defaultVariant: p.defaultVariant,
        params: p.params, invariants: p.invariants.map((i) => ({ name: i.name, description: i.description })),
        variants: p.variants.map((v) => ({ name: v.name, description: v.description, keeps: v.keeps, liveness: v.liveness, buggy: v.buggy, semantics: v.semantics })),
      })),
    }) + '\n');
    return 0;
  }
  for (const p of protocols) {
    o.say(o.c.bold(`${p.name}`) + ` — ${p.description}`);
    o.say(`  sizes: ${p.params.map((x) => `--${x.name === 'maxBallot' ? 'max-ballot' : x.name} (default ${x.default})`).join(', ')}`);
    o.say('  variants:');
    for (const v of p.variants)
      o.say(`    ${v.name}${v.name === p.defaultVariant ? ' (default)' : ''}${v.buggy ? o.c.red(' [known buggy]') : ''} — ${v.description}\n      keeps: ${v.keeps.join(', ')}; liveness: ${v.liveness}`);
    o.say('  invariants:');
    for (const i of p.invariants) o.say(`    ${i.name} — ${i.description}`);
    o.say();
  }
  return 0;
}
