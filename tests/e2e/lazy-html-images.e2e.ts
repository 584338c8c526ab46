import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { optimizerScriptsRegisteredFor, useDemoAndExtension } from './harness';

const METHODS = ['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'template-clone', 'template-import', 'domparser-append', 'domparser-import', 'domparser-adopt'];

/** Bytes and count of the grids' images the page fetched (Resource Timing). */
const gridImages = (page: Page) =>
  page.evaluate(() => {
    const entries = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((e) => e.name.includes('/img/product-html-'));
    return { count: entries.length, bytes: entries.reduce((sum, e) => sum + e.encodedBodySize, 0) };
  });

describe('lazy-loading images inserted as HTML (demo /stress/html-images)', () => {
  const env = useDemoAndExtension();

  const setLazy = async (on: boolean) => {
    const worker = await env.ext.worker();
    await worker.evaluate(
      async ([pattern, enabled]) => {
        await chrome.storage.local.set({ optimizer: { toggles: enabled ? { [pattern as string]: ['lazy-load-images'] } : {}, params: {} } });
      },
      [`${env.demo.url}/stress/html-images`, on] as const,
    );
    await optimizerScriptsRegisteredFor(env.ext, on ? ['http://127.0.0.1/*'] : []);
  };

  const load = async (page: Page, method: string) => {
    await page.goto(`${env.demo.url}/stress/html-images?method=${method}`);
    await page.waitForSelector('body[data-ready="html-images"]');
    await page.waitForTimeout(1500);
    return gridImages(page);
  };

  it('defers the offscreen images of every HTML insertion method, and scrolling still loads them', async () => {
    const page = await env.ext.context.newPage();
    const results: Record<string, { off: number; on: number; offCount: number; onCount: number; afterScroll: number }> = {};
    for (const method of METHODS) {
      await setLazy(false);
      const off = await load(page, method);
      await setLazy(true);
      const on = await load(page, method);
      expect(await page.locator('#grid-b img[loading="lazy"]').count(), method).toBe(15);
      await page.locator('#grid-a').scrollIntoViewIfNeeded();
      await page.locator('#grid-b').scrollIntoViewIfNeeded();
      await expect.poll(async () => (await gridImages(page)).count, { timeout: 10_000, message: method }).toBeGreaterThan(on.count);
      results[method] = { off: off.bytes, on: on.bytes, offCount: off.count, onCount: on.count, afterScroll: (await gridImages(page)).count };
    }
    console.log('image bytes, strategy off -> on:', JSON.stringify(results));
    for (const method of METHODS) {
      const r = results[method]!;
      expect(r.offCount, `${method}: all 30 load without the strategy`).toBe(30);
      expect(r.onCount, `${method}: none of the offscreen images load with it`).toBe(0);
      expect(r.on, method).toBeLessThan(r.off * 0.1);
    }
    // On for another page of the site only: this page's script renders while the hook already
    // marks (the site's at-start hint); once the toggles arrive the marks are undone and all load.
    const worker = await env.ext.worker();
    await worker.evaluate(async (pattern) => chrome.storage.local.set({ optimizer: { toggles: { [pattern]: ['lazy-load-images'] }, params: {} } }), `${env.demo.url}/stress/blank`);
    await optimizerScriptsRegisteredFor(env.ext, ['http://127.0.0.1/*']);
    const elsewhere = await load(page, 'innerHTML');
    expect(await page.evaluate(() => (window as unknown as Record<string, unknown>).__adminPerformanceLazyAtStart)).toBe(true);
    expect(elsewhere.count).toBe(30);
    expect(await page.locator('img[loading="lazy"]').count()).toBe(0);
    await setLazy(false);
    // Off again: the hook is gone, the page loads every image at once as before.
    const again = await load(page, 'innerHTML');
    expect(again.count).toBe(30);
    expect(await page.locator('img[loading="lazy"]').count()).toBe(0);
    await page.close();
  });
});
