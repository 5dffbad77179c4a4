/**
 * `paxos-sim list`: protocols, their size flags, variants (known bugs marked),
 * the mutants of the catalogue (each with the rule it breaks) and invariants;
 * `--protocol ./module.js` lists a user's.
 */
import { protocols } from '../protocols/index.js';
import { paramFlag } from '../kernel/definition.js';
import { loadProtocol } from '../protocols/load.js';
import type { CommandSpec, ParsedArgs } from './args.js';
import { makeOut } from './output.js';

async function listCommand({ flags }: ParsedArgs): Promise<number> {
  const defs = flags.protocol !== undefined ? [(await loadProtocol(flags.protocol)).def] : protocols;
  const o = makeOut(flags.json ?? false, flags['no-color'] ?? false);
  if (o.json) {
    process.stdout.write(JSON.stringify({
      protocols: defs.map((p) => ({
        name: p.name, description: p.description, defaultVariant: p.defaultVariant,
        invariants: p.invariants.map((i) => ({ name: i.name, description: i.description })),
        params: p.params.map((x) => ({ ...x, flag: paramFlag(x) })),
        variants: p.variants.map((v) => ({ name: v.name, description: v.description, keeps: v.keeps, liveness: v.liveness, buggy: v.buggy, semantics: v.semantics, bugs: (v.bugs ?? []).map((b) => ({ name: b.name, story: b.story })), mutant: v.mutant ? { of: v.mutant.of, breaks: v.mutant.breaks, deep: v.mutant.deep ?? null } : null })),
      })),
    }) + '\n');
    return 0;
  }
  for (const p of defs) {
    o.say(o.c.bold(`${p.name}`) + ` — ${p.description}`);
    o.say(`  sizes: ${p.params.map((x) => `--${paramFlag(x)} ${x.min}..${x.max} (default ${x.default})`).join(', ')}`);
    o.say('  variants:');
    for (const v of p.variants.filter((x) => x.mutant === undefined))
      o.say(`    ${v.name}${v.name === p.defaultVariant ? ' (default)' : ''}${v.buggy ? o.c.red(' [known buggy]') : ''} — ${v.description}\n      keeps: ${v.keeps.join(', ')}; liveness: ${v.liveness}`);
    const mutants = p.variants.filter((x) => x.mutant !== undefined);
    if (mutants.length) o.say(`  mutants (${mutants.length}; run with --variant NAME, or all with paxos-sim mutants):`);
    for (const v of mutants)
      o.say(`    ${v.name}${o.c.red(` [mutant of ${v.mutant!.of}]`)}${v.mutant!.deep ? o.c.yellow(' [deep]') : ''} — ${v.description}\n      breaks: ${v.mutant!.breaks}`);
    o.say('  invariants:');
    for (const i of p.invariants) o.say(`    ${i.name} — ${i.description}`);
    o.say();
  }
  return 0;
}

export const listSpec: CommandSpec = {
  name: 'list',
  summary: 'protocols, their size flags, variants, mutants and invariants',
  usage: 'list [--protocol NAME|./module.js] [flags]',
  flags: { protocol: 'every built-in protocol', json: 'off', 'no-color': 'off' },
  run: listCommand,
};
