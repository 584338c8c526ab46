import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { optimizerScriptsRegisteredFor, useDemoAndExtension } from './harness';

/**
 * Which of the extension's scripts run in a page: the page world's own flags, and the
 * extension's isolated world (found through the DevTools protocol, which lists every execution
 * context of the page) asked for the optimizer's seam.
 */
async function scriptsIn(page: Page, extensionId: string) {
  const cdp = await page.context().newCDPSession(page);
  const contexts: { id: number; origin: string; auxData?: { type?: string; frameId?: string; isDefault?: boolean } }[] = [];
  cdp.on('Runtime.executionContextCreated', (event) => contexts.push(event.context));
  await cdp.send('Runtime.enable');
  const isolated = contexts.find((c) => c.auxData?.type === 'isolated' && c.origin.includes(extensionId));
  const inIsolated = async (expression: string) =>
    isolated ? ((await cdp.send('Runtime.evaluate', { expression, contextId: isolated.id, returnByValue: true })).result.value as boolean) : false;
  const result = {
    capturePage: await page.evaluate(() => '__adminPerformancePage' in window),
    optimizerPage: await page.evaluate(() => '__adminPerformanceOptimizerPage' in window),
    capture: await inIsolated("'__adminPerformanceCapture' in globalThis"),
    optimizer: await inIsolated("'__adminPerformanceOptimizer' in globalThis"),
  };
  await cdp.detach();
  return result;
}

describe('the optimizer is injected only where a strategy is on', () => {
  const env = useDemoAndExtension();

  const setToggles = async (toggles: Record<string, string[]>) => {
    const worker = await env.ext.worker();
    await worker.evaluate(async (t) => chrome.storage.local.set({ optimizer: { toggles: t, params: {} } }), toggles);
  };
  /** The optimizer's registrations: world and match patterns. */
  const registered = async () => {
    const worker = await env.ext.worker();
    return worker.evaluate(async () => {
      const scripts = await chrome.scripting.getRegisteredContentScripts();
      return scripts.filter((s) => s.id.startsWith('admin-performance-optimizer')).map((s) => `${s.world}:${[...(s.matches ?? [])].sort().join(',')}`).sort();
    });
  };
  const load = async (page: Page, url: string) => {
    await page.goto(url);
    await page.waitForSelector('body[data-ready="stress-blank"]');
  };

  it('gives a page with no strategy on capture alone, and a page with one on the appliers, the page-world hooks and the response-cache client', async () => {
    await setToggles({});
    await optimizerScriptsRegisteredFor(env.ext, []);
    const page = await env.ext.context.newPage();
    await load(page, `${env.demo.url}/stress/blank`);
    expect(await scriptsIn(page, env.ext.extensionId)).toEqual({ capturePage: true, optimizerPage: false, capture: true, optimizer: false });

    await setToggles({ [`${env.demo.url}/stress/*`]: ['cache-repeated-api-calls'] });
    await optimizerScriptsRegisteredFor(env.ext, ['http://127.0.0.1/*']);
    expect(await registered()).toEqual(['ISOLATED:http://127.0.0.1/*', 'MAIN:http://127.0.0.1/*']);
    await load(page, `${env.demo.url}/stress/blank`);
    expect(await scriptsIn(page, env.ext.extensionId)).toEqual({ capturePage: true, optimizerPage: true, capture: true, optimizer: true });

    // No lazy-loading on the site: no at-start hint in the page world.
    const hinted = () => page.evaluate(() => (window as unknown as Record<string, unknown>).__adminPerformanceLazyAtStart === true);
    expect(await hinted()).toBe(false);
    // Lazy-loading on for some page of the site: the page-world script is registered after the hint, so its hook is on from document_start.
    await setToggles({ [`${env.demo.url}/stress/*`]: ['cache-repeated-api-calls'], [`${env.demo.url}/stress/html-images`]: ['lazy-load-images'] });
    // Wait for the registration with the hint (the worlds and matches are the same before and after, so only the ids tell).
    const ids = async () => (await env.ext.worker()).evaluate(async () => (await chrome.scripting.getRegisteredContentScripts()).map((s) => `${s.id} ${s.js?.length}`).sort());
    await expect.poll(ids, { timeout: 10_000 }).toEqual(['admin-performance-optimizer 1', 'admin-performance-optimizer-page-lazy 2']);
    expect(await registered()).toEqual(['ISOLATED:http://127.0.0.1/*', 'MAIN:http://127.0.0.1/*']);
    await load(page, `${env.demo.url}/stress/blank`);
    expect(await hinted()).toBe(true);
    expect(await scriptsIn(page, env.ext.extensionId)).toEqual({ capturePage: true, optimizerPage: true, capture: true, optimizer: true });
    await setToggles({ [`${env.demo.url}/stress/*`]: ['cache-repeated-api-calls'] });
    await expect.poll(ids, { timeout: 10_000 }).toEqual(['admin-performance-optimizer 1', 'admin-performance-optimizer-page 1']);

    // Another host (the same demo through localhost) has no strategy on: capture alone there.
    const elsewhere = env.demo.url.replace('127.0.0.1', 'localhost');
    await load(page, `${elsewhere}/stress/blank`);
    expect(await scriptsIn(page, env.ext.extensionId)).toEqual({ capturePage: true, optimizerPage: false, capture: true, optimizer: false });

    // Switched off everywhere: the registrations go, and the next load is capture alone again.
    await setToggles({});
    await optimizerScriptsRegisteredFor(env.ext, []);
    await load(page, `${env.demo.url}/stress/blank`);
    expect(await scriptsIn(page, env.ext.extensionId)).toEqual({ capturePage: true, optimizerPage: false, capture: true, optimizer: false });
    await page.close();
  });

  it('a site that keeps its strategy is never without the optimizer while another site’s toggles change', async () => {
    const site = `${env.demo.url}/stress/*`;
    const other = `${env.demo.url.replace('127.0.0.1', 'localhost')}/stress/*`;
    await setToggles({ [site]: ['reduce-motion'] });
    await optimizerScriptsRegisteredFor(env.ext, ['http://127.0.0.1/*']);
    const page = await env.ext.context.newPage();
    const worker = await env.ext.worker();
    // The worker polls its own registrations as fast as the browser answers while the other
    // site's strategy goes on and off (each change rewrites the match patterns); pages of the
    // site load meanwhile.
    const watching = worker.evaluate(async ({ site, other, rounds }) => {
      const covered = (scripts: chrome.scripting.RegisteredContentScript[], host: string) =>
        ['admin-performance-optimizer', 'admin-performance-optimizer-page'].every((id) => scripts.some((s) => s.id === id && (s.matches ?? []).includes(host)));
      let stop = false;
      let polls = 0;
      let gaps = 0;
      const poller = (async () => {
        while (!stop) {
          const scripts = await chrome.scripting.getRegisteredContentScripts();
          polls++;
          if (!covered(scripts, 'http://127.0.0.1/*')) gaps++;
        }
      })();
      const settled = async (withOther: boolean) => {
        for (;;) {
          if (covered(await chrome.scripting.getRegisteredContentScripts(), 'http://localhost/*') === withOther) return;
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      };
      for (let i = 0; i < rounds; i++) {
        await chrome.storage.local.set({ optimizer: { toggles: { [site]: ['reduce-motion'], [other]: ['reduce-motion'] }, params: {} } });
        await settled(true);
        await chrome.storage.local.set({ optimizer: { toggles: { [site]: ['reduce-motion'] }, params: {} } });
        await settled(false);
      }
      stop = true;
      await poller;
      return { polls, gaps };
    }, { site, other, rounds: 8 });
    const loads: boolean[] = [];
    let done = false;
    void watching.finally(() => (done = true));
    while (!done) {
      await load(page, `${env.demo.url}/stress/blank`);
      loads.push((await scriptsIn(page, env.ext.extensionId)).optimizer);
    }
    const { polls, gaps } = await watching;
    expect(polls).toBeGreaterThan(16);
    expect(gaps).toBe(0);
    expect(loads.length).toBeGreaterThan(0);
    expect(loads.every(Boolean)).toBe(true);
    await setToggles({});
    await optimizerScriptsRegisteredFor(env.ext, []);
    await page.close();
  }, 60_000);

  it('injects the optimizer into an open page when a strategy is switched on, which applies and reverts live', async () => {
    await setToggles({});
    const page = await env.ext.context.newPage();
    await load(page, `${env.demo.url}/stress/blank`);
    expect((await scriptsIn(page, env.ext.extensionId)).optimizer).toBe(false);
    const motionRule = () => page.evaluate(() => document.adoptedStyleSheets.some((s) => [...s.cssRules].some((r) => r.cssText.includes('animation-duration'))));
    expect(await motionRule()).toBe(false);

    await setToggles({ [`${env.demo.url}/stress/blank`]: ['reduce-motion'] });
    await expect.poll(motionRule, { timeout: 5000 }).toBe(true);
    expect(await scriptsIn(page, env.ext.extensionId)).toMatchObject({ optimizerPage: true, optimizer: true });

    await setToggles({});
    await expect.poll(motionRule, { timeout: 5000 }).toBe(false);
    await page.close();
  });
});
