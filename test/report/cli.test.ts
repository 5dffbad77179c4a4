/**
 * The reports through the command line, as a user meets them: `fuzz --out
 * DIR` on a known-buggy variant leaves an HTML page next to the saved file,
 * with an SVG diagram and nothing to load from the network; `replay
 * PAGE.html` replays the counterexample it embeds; `--html OUT` and
 * `--shiviz OUT` write the page and the log; a page without an embedded
 * counterexample, or an output path that is a directory, is one line and
 * exit 2. The trace is plain under NO_COLOR and coloured on request.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { Chalk } from 'chalk';
import { cli, freshDir, removeDir } from '../edge/helpers.js';
import { fuzz, paxosDef, replay } from '../../src/index.js';
import { buildReport } from '../../src/report/model.js';
import { printReportTrace } from '../../src/report/terminal.js';
import { load, PAXOS_AGREEMENT, PAXOSSTORE_SEED_SPEC } from './helpers.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));
const dir = (): string => {
  const d = freshDir('report');
  dirs.push(d);
  return d;
};
const json = (s: string): Record<string, unknown> => JSON.parse(s) as Record<string, unknown>;

describe('reports from the command line', () => {
  test('fuzz --out DIR leaves DIR/X.html next to X.json: an SVG, no network reference, and replay X.html --json reproduces', () => {
    const out = dir();
    const r = cli(['fuzz', '--protocol', 'paxos', '--variant', 'thesis-python-sim', '--seed', '1', '--out', out, '--json']);
    expect(r.status).toBe(1);
    const v = json(r.stdout)['violation'] as Record<string, unknown>;
    const files = readdirSync(out).sort();
    const base = String(v['file']).slice(out.length + 1, -'.json'.length);
    expect(files).toEqual([`${base}.html`, `${base}.json`]);
    expect(v['html']).toBe(join(out, `${base}.html`));
    const page = readFileSync(join(out, `${base}.html`), 'utf8');
    expect(page).toContain('<svg');
    expect(page).not.toMatch(/https?:\/\//);
    expect(page).not.toMatch(/\b(?:src|href)\s*=\s*["']?(?!#)[a-z]+:/i);
    expect(r.stderr).toContain(`report: ${join(out, `${base}.html`)}`);

    const rep = cli(['replay', join(out, `${base}.html`), '--json']);
    expect(rep.status).toBe(1);
    expect(json(rep.stdout)).toMatchObject({ reproduced: true, invariant: v['invariant'], steps: v['steps'] });
  });

  test('replay FILE --html OUT --shiviz OUT writes both (atomically) and still replays; the page replays anywhere', () => {
    const out = dir();
    const html = join(out, 'sub', 'agreement.html');
    const log = join(out, 'agreement.log');
    const r = cli(['replay', PAXOS_AGREEMENT, '--html', html, '--shiviz', log, '--json']);
    expect(r.status).toBe(1);
    expect(json(r.stdout)).toMatchObject({ reproduced: true, invariant: 'agreement', steps: 34 });
    expect(readFileSync(html, 'utf8')).toContain('id="counterexample"');
    expect(readFileSync(log, 'utf8').split('\n')[0]).toBe(String.raw`(?<host>\S+) (?<clock>\{[^}]*\}) (?<event>.*)`);
    expect(readdirSync(join(out, 'sub'))).toEqual(['agreement.html']);
    const again = cli(['replay', html, '--json'], out);
    expect(json(again.stdout)).toMatchObject({ reproduced: true, steps: 34 });
  });

  test('bad inputs: a page without the embedded file, an output path that is a directory — one line, exit 2', () => {
    const out = dir();
    const page = join(out, 'empty.html');
    writeFileSync(page, '<!doctype html><html><body><svg></svg></body></html>');
    const r = cli(['replay', page]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/empty\.html is an HTML page without an embedded counterexample/);
    mkdirSync(join(out, 'd'));
    const d = cli(['replay', PAXOS_AGREEMENT, '--html', join(out, 'd')]);
    expect(d.status).toBe(2);
    expect(d.stderr.trim().split('\n')).toHaveLength(1);
    expect(d.stderr).toMatch(/--html .* is a directory/);
    expect(d.stdout).toBe('');
    // A page whose embedded file is broken is checked exactly like a JSON file.
    const bad = join(out, 'bad.html');
    writeFileSync(bad, readFileSync(PAXOS_AGREEMENT, 'utf8').replace('"paxos-sim/counterexample@1"', '"paxos-sim/counterexample@9"').replace(/^/, '<!doctype html><script type="application/json" id="counterexample">') + '</script>');
    const b = cli(['replay', bad]);
    expect(b.status).toBe(2);
    expect(b.stderr).toMatch(/has format "paxos-sim\/counterexample@9"/);
  });
});

describe('the library', () => {
  test("fuzz() saves X.html next to X.json too, and replay() reads the page", async () => {
    const out = dir();
    const r = fuzz(paxosDef, { variant: 'thesis-python-sim', seed: 1, out });
    const f = r.finding!;
    expect(f.html).toBe(f.file!.replace(/\.json$/, '.html'));
    expect(readFileSync(f.html!, 'utf8')).toContain('<svg id="diagram"');
    expect(await replay(f.html!)).toMatchObject({ reproduced: true, steps: f.steps });
  });
});

describe('the terminal trace', () => {
  test('NO_COLOR: plain text, one column per node, the violating step marked, only changed fields, the explanation at the end', () => {
    const r = cli(['replay', PAXOS_AGREEMENT]);
    expect(r.stdout).not.toMatch(/\x1b\[/);
    expect(r.stdout).toMatch(/step {2}P1 {2}P2 {2}P3 {2}A3 {2}A4 {2}A5 +event/);
    expect(r.stdout).toMatch(/ {5}3 {2}│ {3}○──────▶● {3}│ {3}│ {5}deliver P2 -> A3 prepare_req<2,2> \(sent at step 2\)/);
    expect(r.stdout).toContain('        A3 phase: AInit → APromised');
    expect(r.stdout).toMatch(/ {4}34 .*✗ agreement/);
    expect(r.stdout).toContain('what broke: two values chosen: <2,2> and <1,1> were each accepted by a majority');
    expect(r.stdout).toContain('ballot 2 value 2: A3, A4 (steps 12, 16)');
  });

  test('with colour the violating step is highlighted; chalk level 0 prints no escape at all', async () => {
    const { cx, target } = await load(PAXOSSTORE_SEED_SPEC);
    const m = buildReport(cx, target);
    const say = (level: 0 | 1): string[] => {
      const lines: string[] = [];
      printReportTrace({ c: new Chalk({ level }), json: false, say: (l = '') => void lines.push(l) }, m);
      return lines;
    };
    const coloured = say(1);
    const row = coloured.find((l) => l.includes('✗ one-value-per-ballot'))!;
    expect(row).toContain('\x1b[41m'); // red background on the step number
    expect(say(0).join('\n')).not.toMatch(/\x1b\[/);
    expect(say(0).map((l) => l.replace(/\x1b\[[0-9;]*m/g, ''))).toEqual(coloured.map((l) => l.replace(/\x1b\[[0-9;]*m/g, '')));
  });
});
