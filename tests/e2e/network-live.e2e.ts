import type { RequestRecord } from '../../src/core/model';
import { describe, expect, it } from 'vitest';
import { openPanel, storedSession, tabIdOf, useDemoAndExtension, waitFor } from './harness';

/** Past the 5,000 from which the Network view makes its orders ahead in a worker. */
const PINGS = 6_000;

/** The first `n` URLs a plain comparator sort by duration, descending, gives (the exact reverse of ascending: duration, start time, position). */
const slowestUrls = (requests: readonly RequestRecord[], n: number) =>
  requests
    .map((r, i) => ({ r, i }))
    .sort((a, b) => a.r.duration - b.r.duration || a.r.t - b.r.t || a.i - b.i)
    .reverse()
    .slice(0, n)
    .map((x) => x.r.url);

describe('the Network view of a live session growing past 5,000 requests', () => {
  const env = useDemoAndExtension();

  it('keeps one order worker while requests arrive (not one per update), and sorts and filters every request', async () => {
    const page = await env.ext.context.newPage();
    await page.goto(`${env.demo.url}/stress/blank`);
    const tabId = await tabIdOf(env.ext, page);
    const panel = await openPanel(env.ext, tabId, 'network');
    const orderWorkers: string[] = [];
    panel.on('worker', (worker) => {
      if (worker.url().includes('column-order-worker')) orderWorkers.push(worker.url());
    });
    const count = panel.getByTestId('network-count');
    await expect.poll(() => count.innerText(), { timeout: 30_000 }).toMatch(/ of [1-9][\d,]* requests/);

    // About 6 ms per request on a 2-core machine: the view gets dozens of updates meanwhile.
    await page.goto(`${env.demo.url}/stress/resources?n=${PINGS}&mode=fetch&c=32`);
    await page.waitForSelector('body[data-ready="stress-resources"]', { timeout: 300_000 });
    const stored = await waitFor('every ping stored', async () => {
      const data = await storedSession(panel, tabId);
      return data && data.requests.filter((r) => r.url.includes('/api/ping?i=')).length >= PINGS ? data : null;
    }, 90_000);
    const total = stored.requests.length.toLocaleString('en-US');
    await expect.poll(() => count.innerText(), { timeout: 60_000 }).toMatch(new RegExp(`^${total} of ${total} requests`));
    expect(orderWorkers.length).toBeGreaterThanOrEqual(1);
    expect(orderWorkers.length).toBeLessThanOrEqual(2);

    // Records arrive in the order they are stored, so positions (the last tie-break) agree.
    await panel.getByRole('columnheader').getByRole('button', { name: /^Duration/ }).click();
    await expect.poll(() => panel.getByRole('columnheader', { name: /^Duration/ }).getAttribute('aria-sort')).toBe('descending');
    const shownUrls = () => panel.evaluate(() => [...document.querySelectorAll('.network .body [role=row] .c-name')].slice(0, 8).map((cell) => cell.getAttribute('title')));
    await expect.poll(shownUrls).toEqual(slowestUrls(stored.requests, 8));

    const search = panel.getByRole('searchbox', { name: 'Filter requests by URL' });
    await search.fill('ping?i=12');
    const matching = stored.requests.filter((r) => r.url.toLowerCase().includes('ping?i=12'));
    await expect.poll(() => count.innerText()).toMatch(new RegExp(`^${matching.length.toLocaleString('en-US')} of ${total} requests`));
    await expect.poll(shownUrls).toEqual(slowestUrls(matching, 8));
    expect(orderWorkers.length).toBeLessThanOrEqual(2);
    await panel.close();
    await page.close();
  }, 420_000);
});
