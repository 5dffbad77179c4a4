/**
 * The HTML reports in a real browser: headless Chromium (Debian's
 * `chromium` package, or `CHROMIUM_PATH`) driven by playwright-core loads
 * reports made from real counterexamples of the corpus, takes screenshots
 * and checks what rendered — a lane per node, an arrow per delivered
 * message, the violating step marked, the step control (slider, keys,
 * buttons) moving the highlighted step and the state panel, the node filter
 * projecting the diagram — and that the page requested nothing but itself.
 *
 * Without the browser: under CI (`CI` set) this fails, saying how to
 * install it; elsewhere it is skipped with that message printed.
 * Screenshots go to a temporary directory (or `REPORT_SCREENSHOTS`, to keep
 * them).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { ReportModel } from '../../src/report/model.js';
import { writeHtmlReport } from '../../src/report/write.js';
import { load, PAXOS_AGREEMENT, PAXOSSTORE_SEED_SPEC, randomRun } from './helpers.js';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p)) ?? '/usr/bin/chromium';
const HOW = `install it with "sudo apt-get install -y chromium" (Debian/Ubuntu), or point CHROMIUM_PATH at a Chromium or Chrome binary`;
const present = existsSync(CHROMIUM);
const inCI = process.env['CI'] !== undefined && process.env['CI'] !== '' && process.env['CI'] !== 'false';

if (!present) {
  const why = `the browser test needs Chromium at ${CHROMIUM}, which does not exist: ${HOW}`;
  if (inCI)
    test('Chromium is installed for the browser test', () => {
      throw new Error(why);
    });
  else {
    console.warn(`SKIPPED test/report/browser.test.ts: ${why}`);
    test.skip(`browser test (skipped: ${why})`, () => {});
  }
} else {
  describe('HTML reports in headless Chromium', () => {
    let browser: Browser;
    const work = mkdtempSync(join(tmpdir(), 'paxos-sim-browser-'));
    const shots = process.env['REPORT_SCREENSHOTS'] ?? join(work, 'screenshots');
    mkdirSync(shots, { recursive: true });

    beforeAll(async () => {
      const { chromium } = await import('playwright-core');
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
    });
    afterAll(async () => {
      await browser?.close();
      rmSync(work, { recursive: true, force: true });
    });

    /** Writes the report of a corpus file and opens it; records every request and script error. */
    async function open(file: string, name: string): Promise<{ page: Page; m: ReportModel; requests: string[]; errors: string[] }> {
      const { cx, target } = await load(file);
      const out = join(work, `${name}.html`);
      const m = writeHtmlReport(out, cx, target);
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      const requests: string[] = [];
      const errors: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('console', (msg) => void (msg.type() === 'error' && errors.push(msg.text())));
      await page.goto(pathToFileURL(out).href);
      await page.waitForSelector('#diagram .row.current', { state: 'attached', timeout: 10_000 });
      return { page, m, requests, errors };
    }

    /** Lanes shown (a lane is a line, zero pixels wide: "visible" in playwright's sense needs an area, so ask the style). */
    const shownLanes = (page: Page): Promise<number> => page.$$eval('#diagram .lane', (gs) => gs.filter((g) => getComputedStyle(g).display !== 'none').length);
    const current = (page: Page): Promise<string | null> => page.getAttribute('#diagram .row.current', 'data-step');
    const panel = (page: Page): Promise<string> => page.innerText('#states');

    async function shoot(page: Page, name: string): Promise<void> {
      const path = join(shots, `${name}.png`);
      await page.screenshot({ path });
      expect(statSync(path).size).toBeGreaterThan(10_000);
    }

    for (const [name, file] of [['paxos-agreement', PAXOS_AGREEMENT], ['paxosstore-seed-spec', PAXOSSTORE_SEED_SPEC]] as const) {
      test(`${name}: lanes, arrows, the violating step, nothing loaded from the network`, async () => {
        const { page, m, requests, errors } = await open(file, name);
        const delivered = m.messages.reduce((a, x) => a + x.deliveries.length, 0);
        expect(delivered).toBeGreaterThan(0);
        expect(await page.locator('#diagram .lane').count()).toBe(m.nodes.length);
        expect(await page.locator('#diagram .arrow').count()).toBe(delivered);
        expect(await page.locator('#diagram .arrow path[d]').count()).toBe(delivered);
        const v = m.violation!;
        expect(await page.getAttribute('#diagram .row.violation', 'data-step')).toBe(String(v.step));
        expect(await page.locator('#diagram .row.violation').count()).toBe(1);
        expect(await page.isVisible('#violation-mark')).toBe(true);
        expect(await page.innerText('#violated')).toBe(v.invariant);
        expect(await page.innerText('#explanation')).toContain(v.message);
        // The page opens at the violating step, with the broken invariant failing in the panel.
        expect(await current(page)).toBe(String(v.step));
        expect(await page.innerText(`#invariants li[data-invariant="${v.invariant}"]`)).toContain(v.message);
        await shoot(page, `${name}-violation`);
        await page.locator('#diagram .row.violation').scrollIntoViewIfNeeded();
        await shoot(page, `${name}-violation-row`);
        expect(errors).toEqual([]);
        expect(requests.every((u) => u.startsWith('file:') || u.startsWith('data:'))).toBe(true);
        await page.close();
      });
    }

    test('the step control: keys, slider and buttons move the highlighted step and the state panel', async () => {
      const { page, m, errors } = await open(PAXOS_AGREEMENT, 'paxos-steps');
      const v = m.violation!.step;
      const atViolation = await panel(page);
      await page.keyboard.press('ArrowLeft');
      expect(await current(page)).toBe(String(v - 1));
      expect(await page.innerText('#step-label')).toMatch(new RegExp(`^step ${v - 1} of ${v}`));
      expect(await panel(page)).not.toBe(atViolation);
      // Before the violating step agreement still holds.
      expect(await page.getAttribute('#invariants li[data-invariant="agreement"]', 'class')).toBe('ok');
      await page.keyboard.press('Home');
      expect(await current(page)).toBe('0');
      await page.keyboard.press('ArrowRight');
      expect(await current(page)).toBe('1');
      // The slider: step 3 is A3 promising P2's ballot 2; the fields that changed are the ones marked.
      await page.locator('#step').evaluate((el: HTMLInputElement) => {
        el.value = '3';
        el.dispatchEvent(new Event('input', { bubbles: true }));
      });
      expect(await current(page)).toBe('3');
      const changed = await page.$$eval('#states .node[data-node="3"] tr.changed', (rows) => rows.map((r) => (r as HTMLElement).dataset['field']));
      expect(changed).toEqual(m.snapshots[3]!.find((s) => s.step === 3)!.changed);
      expect(await page.getAttribute('#states .node.actor', 'data-node')).toBe('3');
      expect(await page.locator('#diagram .arrow.active').count()).toBe(1);
      await shoot(page, 'paxos-step-3');
      await page.click('#next');
      expect(await current(page)).toBe('4');
      await page.click('#goto-violation');
      expect(await current(page)).toBe(String(v));
      expect(errors).toEqual([]);
      await page.close();
    });

    test('the node filter projects the diagram onto the chosen nodes', async () => {
      const { page, m } = await open(PAXOS_AGREEMENT, 'paxos-filter');
      const keep = new Set([0, 3, 4]); // P1, A3, A4: the story of <1,1> being chosen
      for (const n of m.nodes) if (!keep.has(n.index)) await page.uncheck(`input.node-filter[data-node="${n.index}"]`);
      expect(await shownLanes(page)).toBe(keep.size);
      const between = m.messages.reduce((a, x) => a + (keep.has(x.from) && keep.has(x.to) ? x.deliveries.length : 0), 0);
      expect(await page.locator('#diagram .arrow:visible').count()).toBe(between);
      expect(await page.locator('#states .node').count()).toBe(keep.size);
      const labelled = m.steps.filter((s) => s.node >= 0 && s.step !== m.violation!.step);
      expect(await page.locator('#diagram .step-label[data-node]:visible').count()).toBe(labelled.filter((s) => keep.has(s.node)).length);
      // Projected lanes are packed side by side.
      const xs = await page.$$eval('#diagram .lane', (gs) => gs.filter((g) => (g as SVGGElement).style.display !== 'none').map((g) => g.getAttribute('transform')));
      expect(new Set(xs).size).toBe(keep.size);
      await shoot(page, 'paxos-filtered');
      await page.click('#filter-all');
      expect(await shownLanes(page)).toBe(m.nodes.length);
      await page.close();
    });

    test('a 240-event run under every fault: under 2 MB, every delivery drawn, drops and duplicates distinct', async () => {
      const { cx, target } = randomRun('paxos', 'classic', { proposers: 3, acceptors: 5, values: 3 }, 240, 7);
      expect(cx.schedule.length).toBe(240);
      const out = join(work, 'long.html');
      const m = writeHtmlReport(out, cx, target);
      expect(statSync(out).size).toBeLessThan(2 * 1024 * 1024);
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      await page.goto(pathToFileURL(out).href);
      await page.waitForSelector('#diagram .row.current', { state: 'attached', timeout: 10_000 });
      const delivered = m.messages.reduce((a, x) => a + x.deliveries.length, 0);
      expect(await page.locator('#diagram .arrow').count()).toBe(delivered);
      expect(await page.locator('#diagram .dropped').count()).toBe(m.messages.filter((x) => x.dropStep !== null).length);
      expect(await page.locator('#diagram .arrow.dup-copy').count()).toBe(m.messages.filter((x) => x.dupOf !== null).reduce((a, x) => a + x.deliveries.length, 0));
      expect(await page.locator('#diagram .ev-crash').count()).toBe(cx.schedule.filter((e) => e.k === 'crash').length);
      expect(await page.locator('#diagram .net-ev.partition').count()).toBe(cx.schedule.filter((e) => e.k === 'partition').length);
      await page.keyboard.press('End');
      expect(await current(page)).toBe('240');
      await shoot(page, 'paxos-classic-long');
      await page.close();
    });
  });
}
