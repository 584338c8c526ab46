import { describe, expect, it } from 'vitest';
import type { LongFrameSample, MemorySample, VitalSample } from '../../src/core/model';
import { demoVitalsWorkload, openPanel, storedSession, tabIdOf, waitFor, useDemoAndExtension } from './harness';

describe('capture on the demo app reaches IndexedDB and the panel', () => {
  const env = useDemoAndExtension();

  it('records vitals, long frames, requests, heap and views, and shows them live', async () => {
    const page = await env.ext.context.newPage();
    await demoVitalsWorkload(page, env.demo.url);
    const tabId = await tabIdOf(env.ext, page);

    const panel = await openPanel(env.ext, tabId);
    const data = await waitFor('all vitals stored', async () => {
      const d = await storedSession(panel, tabId);
      const names = new Set(d?.samples.filter((s): s is VitalSample => s.kind === 'vital').map((s) => s.name));
      const clsDone = d?.samples.some((s) => s.kind === 'vital' && s.name === 'CLS' && s.value > 0.1);
      return clsDone && ['LCP', 'CLS', 'INP', 'FCP', 'TTFB'].every((n) => names.has(n as VitalSample['name'])) ? d : null;
    });

    const vitals = data.samples.filter((s): s is VitalSample => s.kind === 'vital');
    const lcp = vitals.filter((v) => v.name === 'LCP').at(-1)!;
    expect(lcp.value).toBeGreaterThan(0);
    expect(typeof lcp.attribution.target).toBe('string');
    expect(lcp.attribution).toHaveProperty('resourceLoadDuration');
    const inp = vitals.filter((v) => v.name === 'INP').at(-1)!;
    expect(inp.value).toBeGreaterThanOrEqual(100);
    expect(inp.attribution).toHaveProperty('processingDuration');
    const cls = vitals.filter((v) => v.name === 'CLS').at(-1)!;
    expect(cls.value).toBeGreaterThan(0.1);
    // Attribution is plain data only.
    for (const v of vitals) for (const value of Object.values(v.attribution)) expect(['string', 'number', 'boolean'].includes(typeof value) || value === null).toBe(true);

    const frames = data.samples.filter((s): s is LongFrameSample => s.kind === 'loaf');
    expect(frames.length).toBeGreaterThan(0);
    expect(frames[0]!.duration).toBeGreaterThan(50);

    const memory = data.samples.filter((s): s is MemorySample => s.kind === 'memory');
    expect(memory.length).toBeGreaterThan(1);
    expect(memory.at(-1)!.domNodes).toBeGreaterThan(50);
    expect(memory.at(-1)!.heapUsed).toBeGreaterThan(0);

    const api = data.requests.filter((r) => r.url.includes('/api/'));
    expect(api.length).toBeGreaterThan(2);
    const stats = api.find((r) => r.url.includes('/api/stats'))!;
    expect(stats.method).toBe('GET');
    expect(stats.status).toBe(200);
    expect(stats.serverTiming.length).toBeGreaterThan(0);
    expect(stats.phases.waiting).toBeGreaterThan(0);
    expect(data.requests.some((r) => r.initiatorType === 'navigation')).toBe(true);
    expect(data.requests.some((r) => r.initiatorType === 'img' && r.transferSize > 1000)).toBe(true);

    // Views: the hard load and the soft navigation, each sample in its view.
    expect(data.views.map((v) => v.kind)).toEqual(['hard', 'soft']);
    expect(new URL(data.views[1]!.url).pathname).toBe('/shifts');
    expect(cls.viewId).toBe(data.views[1]!.id);
    expect(lcp.viewId).toBe(data.views[0]!.id);

    // The panel shows each vital card with its value, unit and rating word.
    for (const name of ['LCP', 'INP', 'FCP', 'TTFB']) {
      await expect.poll(async () => panel.getByRole('group', { name, exact: true }).innerText(), { timeout: 10_000 }).toMatch(/\d[\d,]* ms\s+(good|needs improvement|poor)/);
    }
    await expect.poll(async () => panel.getByRole('group', { name: 'CLS', exact: true }).innerText()).toMatch(/0\.\d{3}\s+(needs improvement|poor)/);
    await expect.poll(async () => panel.getByRole('group', { name: 'Requests' }).innerText()).toMatch(/\d+/);

    // Live: a new request in the page appears in the panel within a second or two.
    const before = Number((await panel.getByRole('group', { name: 'Requests' }).locator('.value').innerText()).replace(/,/g, ''));
    await page.evaluate(() => fetch('/api/ping?live=1').then((r) => r.text()));
    await expect.poll(async () => Number((await panel.getByRole('group', { name: 'Requests' }).locator('.value').innerText()).replace(/,/g, '')), { timeout: 5000 }).toBeGreaterThan(before);

    // Network view lists the requests; the Timeline draws its charts.
    await panel.getByRole('tab', { name: 'Network' }).click();
    await panel.getByRole('searchbox', { name: /Filter requests/ }).fill('/api/stats');
    await expect.poll(async () => panel.getByRole('row').count()).toBeGreaterThan(1);
    expect(await panel.getByRole('cell').first().innerText()).toContain('/api/stats');
    await panel.getByRole('tab', { name: 'Timeline' }).click();
    await expect.poll(async () => panel.locator('.chart canvas').count()).toBeGreaterThanOrEqual(3);

    // Closing and reopening the panel shows the same history.
    const count = data.requests.length;
    await panel.close();
    const again = await openPanel(env.ext, tabId, 'network');
    await expect.poll(async () => Number((await again.getByTestId('network-count').innerText()).split(' ')[2]!.replace(/,/g, '')), { timeout: 10_000 }).toBeGreaterThanOrEqual(count);
    await again.close();
    await page.close();
  });
});
