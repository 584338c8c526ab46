import { describe, expect, it } from 'vitest';
import { openPanel, stopServiceWorkers, storedSession, tabIdOf, waitFor, useDemoAndExtension } from './harness';

const TOTAL = 160;

describe('stopping the service worker mid-session', () => {
  const env = useDemoAndExtension();

  it('loses no batch and stores none twice', async () => {
    const page = await env.ext.context.newPage();
    await page.goto(`${env.demo.url}/stress/blank`);
    const tabId = await tabIdOf(env.ext, page);
    // The page issues a numbered request every 40 ms while the worker is stopped twice.
    const done = page.evaluate(async (total: number) => {
      for (let i = 0; i < total; i++) {
        await fetch(`/api/ping?i=${i}`).then((r) => r.text());
        await new Promise((r) => setTimeout(r, 40));
      }
    }, TOTAL);
    await page.waitForTimeout(1500);
    await stopServiceWorkers(page, env.ext.extensionId);
    await page.waitForTimeout(2000);
    await stopServiceWorkers(page, env.ext.extensionId);
    const afterLastStop = Date.now();
    await done;

    const panel = await openPanel(env.ext, tabId);
    const data = await waitFor('every numbered request stored', async () => {
      const d = await storedSession(panel, tabId);
      return (d?.requests.filter((r) => r.url.includes('/api/ping?i=')).length ?? 0) >= TOTAL ? d : null;
    });
    const numbers = data.requests.filter((r) => r.url.includes('/api/ping?i=')).map((r) => Number(new URL(r.url).searchParams.get('i')));
    expect(numbers.length).toBe(TOTAL);
    expect(new Set(numbers).size).toBe(TOTAL);
    expect(numbers.sort((a, b) => a - b)).toEqual(Array.from({ length: TOTAL }, (_, i) => i));
    // One session and one hard view survived the restarts.
    expect(data.views.filter((v) => v.kind === 'hard')).toHaveLength(1);
    // Memory samples kept flowing after the restarts too (an ordering check, not a duration).
    expect(data.samples.some((s) => s.kind === 'memory' && s.t > afterLastStop)).toBe(true);
    await panel.close();
    await page.close();
  });
});
