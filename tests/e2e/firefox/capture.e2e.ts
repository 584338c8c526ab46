import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { Session, SessionData, VitalSample } from '../../../src/core/model';
import { parseCsv } from '../../unit/sessions/helpers';
import { storedSession, waitFor } from '../harness';
import { evaluator, textOf, useDemoAndFirefox } from './harness';

/** Every stored session row, from IndexedDB (run inside an extension page). */
async function allSessions(): Promise<Session[]> {
  const db: IDBDatabase = await new Promise((resolve, reject) => {
    const req = indexedDB.open('admin-performance');
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  const sessions: Session[] = await new Promise((resolve, reject) => {
    const req = db.transaction('sessions').objectStore('sessions').getAll();
    req.onsuccess = () => resolve(req.result as Session[]);
    req.onerror = () => reject(req.error);
  });
  db.close();
  return sessions;
}

describe('Firefox: capture on the demo app reaches the panel page', () => {
  // The demo tab has Firefox's real toolbox open, so the extension's DevTools page runs too.
  const env = useDemoAndFirefox({ devtools: true });

  it('records LCP, FCP, TTFB and INP after a real click; the panel shows them; export and import round trip', async () => {
    const page = await env.ff.newPage();
    await page.goto(`${env.demo.url}/`);
    await page.waitForSelector('body[data-ready="dashboard"]');
    // A real click (WebDriver BiDi input actions) for INP: the refresh handler works ~150 ms.
    await page.click('[data-testid="refresh-button"]');
    await new Promise((r) => setTimeout(r, 500));
    const tabId = await env.ff.tabIdOf(page);

    const panel = await env.ff.openPanel(tabId);
    const data = await waitFor('LCP, FCP, TTFB and INP stored, and DevTools network details attached', async () => {
      const d = await storedSession(evaluator(panel), tabId);
      const names = new Set(d?.samples.filter((s): s is VitalSample => s.kind === 'vital').map((s) => s.name));
      const enriched = d?.requests.some((r) => r.requestHeaders?.length && r.method === 'GET');
      return enriched && ['LCP', 'INP', 'FCP', 'TTFB'].every((n) => names.has(n as VitalSample['name'])) ? d : null;
    });
    const vitals = data.samples.filter((s): s is VitalSample => s.kind === 'vital');
    const last = (name: string) => vitals.filter((v) => v.name === name).at(-1)!;
    expect(last('LCP').value).toBeGreaterThan(0);
    expect(typeof last('LCP').attribution.target).toBe('string');
    expect(last('INP').value).toBeGreaterThanOrEqual(100);
    expect(last('INP').attribution).toHaveProperty('processingDuration');
    expect(last('TTFB').attribution).toHaveProperty('waitingDuration');
    expect(data.requests.filter((r) => r.url.includes('/api/')).length).toBeGreaterThan(2);

    // What Firefox exposes, as the page itself sees it, is what the session recorded.
    const pageSupport = await page.evaluate(() => ({ entryTypes: [...PerformanceObserver.supportedEntryTypes].sort(), memory: 'memory' in performance }));
    expect(data.session.support).toEqual(pageSupport);
    expect(data.views.find((v) => v.kind === 'hard')?.support).toEqual(pageSupport);
    expect(pageSupport.entryTypes).not.toContain('layout-shift');
    expect(data.samples.some((s) => s.kind === 'vital' && s.name === 'CLS')).toBe(false);

    // The Overview cards: a value with its unit and a rating word...
    for (const name of ['LCP', 'INP', 'FCP', 'TTFB']) {
      await expect.poll(() => textOf(panel, `[role="group"][aria-label="${name}"]`), { timeout: 10_000 }).toMatch(/\d[\d,.]* ms\s+(good|needs improvement|poor)/);
    }
    // ...and plain words, not zeros, for what Firefox does not expose.
    expect(await textOf(panel, '[role="group"][aria-label="CLS"]')).toMatch(/not measured in this browser\s+This browser exposes no layout-shift entries\./);
    expect(await textOf(panel, '[role="group"][aria-label="Long animation frames"]')).toMatch(/not measured in this browser/);
    expect(await textOf(panel, '[role="group"][aria-label="Long animation frames"]')).not.toMatch(/0\.0 ms/);
    expect(await textOf(panel, '[role="group"][aria-label="Heap"]')).toMatch(/not measured in this browser\s+This browser exposes no performance\.memory\./);
    await panel.click('[role="tab"]::-p-text(Timeline)');
    await expect.poll(() => textOf(panel, '[role="tabpanel"]')).toContain('Long animation frames: not measured in this browser (no long-animation-frame or longtask entries).');
    expect(await textOf(panel, '[role="tabpanel"]')).toContain('JS heap: not measured in this browser (no performance.memory).');

    // Export the session as JSON from the Sessions view (Firefox saves it to the run's folder)...
    await panel.click('[role="tab"]::-p-text(Sessions)');
    const row = `tr[data-session-id="${data.session.id}"]`;
    await panel.waitForSelector(row);
    await panel.click(`${row} button[aria-label^="Export "]`);
    await panel.click('button::-p-text(Export JSON)');
    const exported = await waitFor('the JSON export saved', async () => {
      const name = readdirSync(env.ff.downloadDir).find((f) => f.endsWith('.json'));
      return name && !existsSync(join(env.ff.downloadDir, `${name}.part`)) ? name : null;
    });
    const path = join(env.ff.downloadDir, exported);
    const json = await waitFor('the export written in full', async () => {
      try {
        return JSON.parse(readFileSync(path, 'utf8')) as SessionData & { format: string };
      } catch {
        return null;
      }
    });
    expect(json.format).toBe('admin-performance-session');
    expect((json as unknown as { notMeasured: string[] }).notMeasured).toEqual(['CLS', 'longFrames', 'heap']);
    expect(json.session.id).toBe(data.session.id);
    expect(json.samples.some((s) => s.kind === 'vital' && s.name === 'LCP')).toBe(true);

    // The trace too: its requests are read and written by a worker of the panel page.
    await panel.click('button::-p-text(Export Trace)');
    const tracePath = join(env.ff.downloadDir, await waitFor('the trace export saved', async () => {
      const name = readdirSync(env.ff.downloadDir).find((f) => f.endsWith('.trace.json'));
      return name && !existsSync(join(env.ff.downloadDir, `${name}.part`)) ? name : null;
    }));
    const trace = await waitFor('the trace written in full', async () => {
      try {
        return JSON.parse(readFileSync(tracePath, 'utf8')) as { traceEvents: { ph: string; cat: string }[]; metadata: { sanitized: boolean } };
      } catch {
        return null;
      }
    });
    expect(json.requests.length).toBeGreaterThan(0);
    expect(trace.traceEvents.filter((e) => e.ph === 'b' && e.cat === 'blink.user_timing')).toHaveLength(json.requests.length);
    expect(trace.metadata.sanitized).toBe(true);

    // The CSV zip (samples and requests each from a worker of their own) and the report (written whole by a worker).
    const saved = (label: string, suffix: string) =>
      waitFor(`the ${label} export saved`, async () => {
        const name = readdirSync(env.ff.downloadDir).find((f) => f.endsWith(suffix));
        return name && !existsSync(join(env.ff.downloadDir, `${name}.part`)) ? join(env.ff.downloadDir, name) : null;
      });
    await panel.click('button::-p-text(Export CSV (zip))');
    const zip = unzipSync(new Uint8Array(readFileSync(await saved('CSV', '.csv.zip'))));
    expect(Object.keys(zip).map((name) => name.replace(/^.*\.(\w+)\.csv$/, '$1'))).toEqual(['views', 'samples', 'requests', 'alerts', 'actions']);
    const csvRows = (table: string) => parseCsv(strFromU8(Object.entries(zip).find(([name]) => name.endsWith(`.${table}.csv`))![1])).filter((r) => r.length > 1).length - 1;
    expect(csvRows('samples')).toBe(json.samples.length);
    expect(csvRows('requests')).toBe(json.requests.length);
    await panel.click('button::-p-text(Export Report (HTML))');
    const report = await waitFor('the report written in full', async () => {
      const text = readFileSync(await saved('report', '.report.html'), 'utf8');
      return text.includes('</html>') ? text : null;
    });
    expect(report).toContain(`<dt>Page</dt><dd>${data.session.url}</dd>`);

    // ...and import it back: a new session with the same requests.
    const before = await panel.evaluate(allSessions);
    const input = (await panel.waitForSelector('input[type="file"][aria-label="Import session"]'))!;
    await input.uploadFile(path);
    await expect.poll(() => textOf(panel, 'section[aria-label="Import a session"]'), { timeout: 15_000 }).toContain(`Imported “${exported}” (session JSON`);
    const after = await panel.evaluate(allSessions);
    expect(after).toHaveLength(before.length + 1);
    const imported = after.find((s) => s.origin === 'imported-json')!;
    expect(imported.counts.requests).toBe(json.requests.length);
    expect(imported.counts.samples).toBe(json.samples.length);
    expect(imported.support).toEqual(pageSupport);
  });

  it('starts a view per SPA navigation, applies an optimization live and runs the simulator', async () => {
    const page = await env.ff.newPage();
    await page.goto(`${env.demo.url}/`);
    await page.waitForSelector('body[data-ready="dashboard"]');
    await page.click('a[href="/shifts"]');
    await page.waitForSelector('body[data-ready="shifts"]');
    const tabId = await env.ff.tabIdOf(page);
    const panel = await env.ff.openPanel(tabId, 'optimize');
    const data = await waitFor('the hard load and the SPA navigation stored as views', async () => {
      const d = await storedSession(evaluator(panel), tabId);
      return d && d.views.length >= 2 ? d : null;
    });
    expect(data.views.map((v) => v.kind)).toEqual(['hard', 'soft']);
    expect(new URL(data.views[1]!.url).pathname).toBe('/shifts');

    // A live strategy: Reduce motion adds a constructed stylesheet to the page, and reverts fully.
    const reduceMotion = 'input[role="switch"][aria-label^="Reduce motion"]';
    const motionRule = () => page.evaluate(() => document.adoptedStyleSheets.some((s) => [...s.cssRules].some((r) => r.cssText.includes('animation-duration'))));
    await panel.waitForSelector(`${reduceMotion}:not([disabled])`);
    expect(await motionRule()).toBe(false);
    await panel.click(reduceMotion);
    await expect.poll(motionRule, { timeout: 10_000 }).toBe(true);
    await panel.waitForSelector(`${reduceMotion}:not([disabled])`);
    await panel.click(reduceMotion);
    await expect.poll(motionRule, { timeout: 10_000 }).toBe(false);

    // The simulator runs in a worker of the panel page on the captured workload (the background derives it).
    await panel.click('[role="tab"]::-p-text(Simulate)');
    await panel.click('button::-p-text(Run simulation)');
    const overall = 'table[aria-label="Simulation results"] tr[data-scope="overall"]';
    await panel.waitForSelector(overall, { timeout: 60_000 });
    const issued = Number((await textOf(panel, `${overall} td`)).replace(/,/g, ''));
    expect(issued).toBeGreaterThan(0);
    await page.close();
  });
});
