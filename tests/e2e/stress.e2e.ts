import { describe, expect, it } from 'vitest';
import { openPanel, storedCounts, storedSession, tabIdOf, waitFor, useDemoAndExtension } from './harness';

// 20,000 requests take about two minutes in Chromium on a 2-core machine (about 6 ms each,
// with or without the extension), so this file has its own, longer timeout.
describe('a page with 20,000 resources, a strict CSP, or scripts that throw', () => {
  const env = useDemoAndExtension();

  it('keeps working on a page with 20,000 resources, a strict CSP, and one that throws', async () => {
    const page = await env.ext.context.newPage();
    await page.goto(`${env.demo.url}/stress/resources?n=20000&mode=fetch&c=32`);
    await page.waitForSelector('body[data-ready="stress-resources"]', { timeout: 300_000 });
    const tabId = await tabIdOf(env.ext, page);
    const panel = await openPanel(env.ext, tabId);
    await waitFor('20,000 requests stored', async () => ((await storedCounts(panel, tabId))?.counts.requests ?? 0) >= 20_001, 90_000);
    const data = (await storedSession(panel, tabId))!;
    expect(new Set(data.requests.filter((r) => r.url.includes('/api/ping?i=')).map((r) => r.url)).size).toBe(20_000);

    // The Network view lists all of them, virtualized: only the visible rows are in the DOM.
    const network = await openPanel(env.ext, tabId, 'network');
    await expect.poll(() => network.getByTestId('network-count').innerText(), { timeout: 30_000 }).toMatch(/^20,0\d\d of 20,0\d\d requests/);
    expect(await network.locator('.grid .body [role="row"]').count()).toBeLessThan(120);
    await network.getByRole('button', { name: /^Duration/ }).click();
    await network.locator('.grid .body').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await expect.poll(() => network.locator('.grid .body [role="row"]').last().getAttribute('aria-rowindex')).toBe(String(data.requests.length + 1));
    await network.close();

    await page.goto(`${env.demo.url}/stress/csp`);
    await page.waitForSelector('body[data-ready="stress-csp"]');
    expect(await page.locator('html').getAttribute('data-csp-violations')).toBe('0');
    await page.goto(`${env.demo.url}/stress/throws`);
    await page.waitForSelector('body[data-ready="stress-throws"]');
    const later = await waitFor('the CSP and throwing pages captured', async () => {
      if (((await storedCounts(panel, tabId))?.counts.views ?? 0) < 3) return null;
      const d = await storedSession(panel, tabId);
      const paths = new Set(d?.views.map((v) => new URL(v.url).pathname));
      return paths.has('/stress/csp') && paths.has('/stress/throws') && d?.samples.some((s) => s.kind === 'vital' && s.name === 'FCP' && s.viewId === d.views.at(-1)!.id) ? d : null;
    });
    expect(later.views.length).toBeGreaterThanOrEqual(3);
    await panel.close();
    await page.close();
  }, 400_000);
});
