/**
 * The Simulate view in the real product: the workload derived from captured traffic, a run in a
 * worker of the panel page with progress, the engine's errors, capture that keeps storing during a
 * long run and a Cancel that ends it, a comparison of two balancers, and the JSON/CSV exports.
 */
import { readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchWithExtension, openPanel, startDemo, storedSession, tabIdOf, waitFor, type DemoServer, type ExtensionBrowser } from './harness';

/** A table cell's number ("1,234.5" → 1234.5); NaN for "–" or text. */
function numberOf(text: string): number {
  const cleaned = text.replace(/,/g, '').trim();
  return /^-?\d+(\.\d+)?$/.test(cleaned) ? Number(cleaned) : NaN;
}

async function cellNumbers(row: Locator): Promise<number[]> {
  return (await row.locator('td').allInnerTexts()).map(numberOf);
}

/** Records every value the progress bar takes from now on (a short run can come and go between two polls). */
async function watchProgress(panel: Page): Promise<void> {
  await panel.evaluate(() => {
    const seen: number[] = [];
    (window as unknown as { __progressSeen: number[] }).__progressSeen = seen;
    const record = () => {
      const bar = document.querySelector<HTMLProgressElement>('progress[aria-label="Simulation progress"]');
      if (bar) seen.push(bar.value);
    };
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
}

/**
 * Counts the progress messages every simulation worker of the panel posts from now on (events
 * processed, in order), seen on the page's side of the worker whether or not the panel uses them.
 */
async function countWorkerProgress(panel: Page): Promise<void> {
  await panel.evaluate(() => {
    const seen: number[] = [];
    const NativeWorker = window.Worker;
    (window as unknown as { __workerProgress: number[] }).__workerProgress = seen;
    window.Worker = class extends NativeWorker {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        this.addEventListener('message', (event: MessageEvent<{ type?: string; events?: number }>) => {
          if (event.data?.type === 'progress') seen.push(event.data.events ?? -1);
        });
      }
    };
  });
}

async function workerProgress(panel: Page): Promise<number[]> {
  return panel.evaluate(() => [...(window as unknown as { __workerProgress: number[] }).__workerProgress]);
}

async function progressSeen(panel: Page): Promise<number[]> {
  return panel.evaluate(() => (window as unknown as { __progressSeen: number[] }).__progressSeen);
}

describe('the Simulate view in the real product', () => {
  let demo: DemoServer;
  let ext: ExtensionBrowser;
  beforeAll(async () => {
    demo = await startDemo();
    ext = await launchWithExtension();
  });
  afterAll(async () => {
    await ext?.close();
    await demo?.close();
  });

  it('simulates the captured workload, reports errors, cancels, compares and exports', async () => {
    // Capture: the dashboard, then an SPA navigation to /users (paged /api/users requests).
    const page = await ext.context.newPage();
    await page.goto(`${demo.url}/`);
    await page.waitForSelector('body[data-ready="dashboard"]');
    await page.getByRole('link', { name: 'Users' }).click();
    await page.waitForSelector('body[data-ready="users"]', { timeout: 60_000 });
    const tabId = await tabIdOf(ext, page);

    const panel = await openPanel(ext, tabId, 'simulate');
    const stored = await waitFor('the /users API requests stored', async () => {
      const d = await storedSession(panel, tabId);
      return d && d.requests.some((r) => r.initiatorType === 'fetch' && new URL(r.url).pathname === '/api/users') ? d : null;
    });
    const apiPaths = new Set(stored.requests.filter((r) => (r.initiatorType === 'fetch' || r.initiatorType === 'xmlhttprequest') && !r.cached).map((r) => new URL(r.url).pathname));
    expect(apiPaths.has('/api/users')).toBe(true);

    // The endpoints table is derived from that traffic: every captured API path is a route there.
    const endpoints = panel.getByRole('table', { name: 'Endpoints from the session' });
    await expect.poll(() => endpoints.getByRole('row').filter({ hasText: '/api/users' }).count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await expect
      .poll(async () => {
        const templates = await endpoints.locator('tbody th[scope="row"]').allInnerTexts();
        return [...apiPaths].filter((p) => !templates.includes(p));
      }, { timeout: 20_000 })
      .toEqual([]);
    const usersRow = endpoints.getByRole('row').filter({ has: panel.getByRole('rowheader', { name: '/api/users', exact: true }) });
    const usersCells = await usersRow.locator('td').allInnerTexts();
    expect(usersCells[0]).toBe('GET');
    expect(numberOf(usersCells[1]!)).toBeGreaterThan(0); // share (%)
    expect(numberOf(usersCells[3]!)).toBeGreaterThanOrEqual(0); // median service time (ms)
    expect(numberOf(usersCells[4]!)).toBeGreaterThanOrEqual(numberOf(usersCells[3]!)); // p95 ≥ median

    // Every input has an accessible name with its unit.
    for (const name of ['Users', 'Instances', 'Workers per instance', 'Duration (s)', 'Provisioning delay (s)', 'SLO latency (ms)', 'SLO share of requests (%)', 'Price per instance-hour']) {
      await expect.poll(() => panel.getByRole('spinbutton', { name, exact: true }).count(), { message: name }).toBe(1);
    }
    expect(await panel.getByRole('combobox', { name: 'Balancing strategy' }).locator('option').allInnerTexts()).toEqual([
      'round-robin',
      'weighted-round-robin',
      'least-connections',
      'random',
      'power-of-two',
      'peak-ewma',
      'consistent-hash',
    ]);

    // Run: 200 users, 2 instances.
    const users = panel.getByRole('spinbutton', { name: 'Users', exact: true });
    const instances = panel.getByRole('spinbutton', { name: 'Instances', exact: true });
    const duration = panel.getByRole('spinbutton', { name: 'Duration (s)', exact: true });
    const runButton = panel.getByRole('button', { name: 'Run simulation' });
    await users.fill('200');
    await instances.fill('2');
    await duration.fill('600');
    await watchProgress(panel);
    await runButton.click();
    const results = panel.getByRole('table', { name: 'Simulation results' });
    await results.waitFor({ timeout: 60_000 });
    expect((await progressSeen(panel)).length).toBeGreaterThan(0);
    const overall = await cellNumbers(results.locator('tr[data-scope="overall"]'));
    // issued, completed, p50, p90, p95, p99, max, mean, throughput, errors, timeouts, drops
    const [issued, completed, p50, p90, p95, p99, max, mean, throughput] = overall;
    expect(issued).toBeGreaterThan(1000);
    expect(completed).toBeGreaterThan(0);
    expect(p50).toBeGreaterThan(0);
    expect(p50).toBeLessThanOrEqual(p90!);
    expect(p90).toBeLessThanOrEqual(p95!);
    expect(p95).toBeLessThanOrEqual(p99!);
    expect(p99).toBeLessThanOrEqual(max!);
    expect(mean).toBeGreaterThan(0);
    expect(throughput).toBeGreaterThan(0);
    expect(await results.locator('tr[data-scope="endpoint"]').filter({ hasText: '/api/users' }).count()).toBeGreaterThan(0);
    // Two instances, each with a utilization in (0, 100] %.
    const instanceRows = panel.getByRole('table', { name: 'Instances' }).locator('tbody tr');
    expect(await instanceRows.count()).toBe(2);
    for (const row of await instanceRows.all()) {
      const utilization = (await cellNumbers(row))[1]!;
      expect(utilization).toBeGreaterThan(0);
      expect(utilization).toBeLessThanOrEqual(100);
    }
    await expect.poll(() => panel.getByRole('group', { name: 'SLO attainment', exact: true }).innerText()).toMatch(/95 % under 300 ms[\s\S]*\d+(\.\d+)? % of requests — (met|not met)/);
    await expect.poll(() => panel.getByRole('group', { name: 'Cost', exact: true }).innerText()).toMatch(/instance-hours × 0\.1/);
    for (const chart of ['Latency percentiles per endpoint', 'Replicas over time', 'Queue length over time']) {
      const img = panel.getByRole('img', { name: new RegExp(`^${chart}:`) });
      await img.waitFor();
      expect(await img.locator('canvas').count()).toBe(1);
    }
    const firstP95 = p95!;

    // The same configuration and seed again: answered by the cache engine (memoized), same numbers.
    await runButton.click();
    await expect.poll(() => panel.getByText(/came from the cache/).count(), { timeout: 20_000 }).toBe(1);
    expect((await cellNumbers(results.locator('tr[data-scope="overall"]')))[4]).toBe(firstP95);

    // An impossible configuration: the engine's error names the field, and the input is marked.
    await instances.fill('0');
    await runButton.click();
    const alert = panel.getByRole('alert');
    await expect.poll(() => alert.innerText(), { timeout: 20_000 }).toMatch(/^Instances: pool\.instances must be ≥ 1 \(got 0\)/);
    expect(await instances.getAttribute('aria-invalid')).toBe('true');
    await instances.fill('2');

    // An overloaded open model: the overload message with the utilization.
    await panel.getByRole('radio', { name: /open model/ }).check();
    await panel.getByRole('spinbutton', { name: 'Arrival rate (requests/s)' }).fill('100000');
    await runButton.click();
    await expect.poll(() => alert.innerText(), { timeout: 20_000 }).toMatch(/Overloaded: the offered load is \d[\d,]* % of the pool’s capacity \(utilization \d+(\.\d+)?\)[\s\S]*offered utilization is/);
    await panel.getByRole('radio', { name: /closed model/ }).check();

    // A long run, in a worker of the panel page: the progress bar moves, capture keeps storing the
    // page's requests while it runs, and Cancel ends it at once (the worker is gone, no progress after).
    await countWorkerProgress(panel);
    await duration.fill('2000000');
    await runButton.click();
    const progress = panel.getByRole('progressbar', { name: 'Simulation progress' });
    await progress.waitFor({ timeout: 20_000 });
    await expect.poll(() => progress.evaluate((bar) => (bar as HTMLProgressElement).value), { timeout: 30_000 }).toBeGreaterThan(0);
    const simulationWorkers = () => panel.workers().filter((w) => w.url().includes('simulation-worker'));
    expect(simulationWorkers()).toHaveLength(1);
    const probe = `/api/users?page=2&size=5&probe=${Date.now()}`;
    await page.evaluate((url) => fetch(url).then((r) => r.json()), probe);
    await waitFor('the request made during the run stored', async () => ((await storedSession(panel, tabId))?.requests.some((r) => r.url.endsWith(probe)) ? true : null), 60_000);
    // The record reached storage while the run was still going.
    expect(await progress.count()).toBe(1);
    expect(simulationWorkers()).toHaveLength(1);
    const progressBeforeCancel = (await workerProgress(panel)).length;
    expect(progressBeforeCancel).toBeGreaterThan(1);
    await panel.getByRole('button', { name: 'Cancel' }).click();
    const notice = await waitFor('the cancelled notice', async () => /Simulation cancelled after ([\d,]+) events/.exec(await panel.getByRole('status').innerText()));
    expect(await progress.count()).toBe(0);
    expect(await runButton.isEnabled()).toBe(true);
    await waitFor('the simulation worker gone', async () => simulationWorkers().length === 0);
    // The notice counts the events of the last progress message, and nothing arrived after it.
    const afterCancel = await workerProgress(panel);
    expect(Number(notice[1]!.replace(/,/g, ''))).toBe(afterCancel.at(-1));
    await panel.waitForTimeout(1500);
    expect(await workerProgress(panel)).toEqual(afterCancel);
    // The cancelled run left the previous results alone.
    expect((await cellNumbers(results.locator('tr[data-scope="overall"]')))[4]).toBe(firstP95);

    // Compare two balancers in one action: two result columns.
    await duration.fill('600');
    await panel.getByRole('button', { name: 'Add variant' }).click();
    await panel.getByRole('combobox', { name: 'Variant 1 balancing strategy' }).selectOption('least-connections');
    await panel.getByRole('button', { name: 'Compare' }).click();
    const comparison = panel.getByRole('table', { name: 'Comparison' });
    await comparison.waitFor({ timeout: 60_000 });
    const headers = await comparison.getByRole('columnheader').allInnerTexts();
    expect(headers.slice(1)).toEqual(['base (the form above)', 'least-connections']);
    const p95Cells = await comparison.locator('tr[data-metric="p95Ms"] td').allInnerTexts();
    expect(p95Cells).toHaveLength(2);
    for (const cell of p95Cells) expect(numberOf(cell.replace(/\s*\(.*\)$/, ''))).toBeGreaterThan(0);

    // Export as JSON: the run and the comparison, with latency fields.
    const [jsonDownload] = await Promise.all([panel.waitForEvent('download'), panel.getByRole('button', { name: 'Export results as JSON' }).click()]);
    expect(jsonDownload.suggestedFilename()).toMatch(/^simulation-.*\.json$/);
    const exported = JSON.parse(readFileSync((await jsonDownload.path())!, 'utf8'));
    expect(exported.format).toBe('admin-performance-simulation');
    expect(exported.run.config.pool.instances).toBe(2);
    expect(exported.run.config.workload.model).toMatchObject({ kind: 'closed', users: 200 });
    const latency = exported.run.result.latency;
    for (const key of ['p50Ms', 'p90Ms', 'p95Ms', 'p99Ms', 'maxMs', 'meanMs']) expect(typeof latency[key]).toBe('number');
    expect(Math.abs(latency.p95Ms - firstP95)).toBeLessThanOrEqual(Math.max(1, firstP95 * 0.01));
    expect(exported.run.result.endpoints.some((e: { name: string }) => e.name === 'GET /api/users')).toBe(true);
    expect(exported.comparison.comparison.rows.map((r: { name: string }) => r.name)).toEqual(['base', 'least-connections']);
    expect(exported.comparison.variants[0].config.balancer).toBe('least-connections');

    // Export as CSV: units in the headers, an overall row per configuration.
    const [csvDownload] = await Promise.all([panel.waitForEvent('download'), panel.getByRole('button', { name: 'Export results as CSV' }).click()]);
    const csv = readFileSync((await csvDownload.path())!, 'utf8').trim().split(/\r\n/);
    const header = csv[0]!.split(',');
    expect(header).toEqual(expect.arrayContaining(['p50 (ms)', 'p95 (ms)', 'throughput (requests/s)', 'utilization (%)', 'instance-hours (h)']));
    const overallRows = csv.slice(1).filter((line) => line.split(',')[1] === 'overall');
    expect(overallRows.map((line) => line.split(',')[0])).toEqual(['run', 'base', 'least-connections']);
    const p95Column = header.indexOf('p95 (ms)');
    expect(Number(overallRows[0]!.split(',')[p95Column])).toBeCloseTo(latency.p95Ms, 2);

    await panel.close();
    await page.close();
  }, 240_000);
});
