import { describe, expect, it } from 'vitest';
import { defaultResponseCacheSettings } from '../../../src/core/cache/rules';
import { waitFor } from '../harness';
import { useDemoAndFirefox } from './harness';

/** What the page got from one fetch. */
interface Fetched {
  status: number;
  headers: [string, string][];
  body: string;
}

describe('Firefox: the response cache in the real product', () => {
  const env = useDemoAndFirefox({ latencyScale: 0.25 });
  const backend = (route: string) => ((env.demo as unknown as { backendHits(): Record<string, number> }).backendHits()[route] ?? 0);

  it('answers a repeated GET from the cache with the same status, headers and body, also on a reload, and a POST invalidates it', async () => {
    const origin = env.demo.url;
    // Switched on for the demo's origin, as the Optimize view's switch stores it; lookups may wait 5 s on a loaded machine.
    await env.ff.tool.evaluate(
      async (origin: string, rules: object) => {
        const api = (globalThis as unknown as { browser: { storage: { local: { set(v: object): Promise<void> } } } }).browser;
        await api.storage.local.set({ optimizer: { toggles: { [`${origin}/*`]: ['cache-repeated-api-calls'] }, params: {} }, responseCache: { [`${origin}/*`]: { ...rules, lookupTimeoutMs: 5000 } } });
      },
      origin,
      defaultResponseCacheSettings() as unknown as object,
    );
    await waitFor('the optimizer scripts registered', async () =>
      env.ff.tool.evaluate(async () => {
        const api = (globalThis as unknown as { browser: { scripting: { getRegisteredContentScripts(): Promise<{ id: string }[]> } } }).browser;
        return (await api.scripting.getRegisteredContentScripts()).some((s) => s.id === 'admin-performance-optimizer-page') || null;
      }),
    );
    const page = await env.ff.newPage();
    await page.goto(`${origin}/stress/blank`);
    await page.waitForSelector('body[data-ready="stress-blank"]');
    const api = (path: string, init?: { method: string; body: string }) =>
      page.evaluate(
        async (path: string, init?: { method: string; body: string }) => {
          const response = await fetch(path, { headers: { Accept: 'application/json', ...(init ? { 'Content-Type': 'application/json' } : {}) }, ...init });
          return { status: response.status, headers: [...response.headers], body: await response.text() } as Fetched;
        },
        path,
        init,
      );
    const list = '/api/users?page=1&size=5';
    const before = backend('GET /api/users');
    await api(list);
    const second = await api(list);
    const third = await api(list);
    // Cached from the second call (the default rule: an endpoint called more than once).
    expect(backend('GET /api/users')).toBe(before + 2);
    expect(third).toEqual(second);
    expect(third.status).toBe(200);

    await page.reload();
    await page.waitForSelector('body[data-ready="stress-blank"]');
    expect(await api(list)).toEqual(second);
    expect(backend('GET /api/users')).toBe(before + 2);

    const created = await api('/api/users', { method: 'POST', body: JSON.stringify({ name: 'Firefox Cache', email: `ff-cache-${Date.now()}@example.com`, role: 'viewer' }) });
    expect(created.status).toBe(201);
    const after = await api(list);
    expect(backend('GET /api/users')).toBe(before + 3);
    expect(JSON.parse(after.body).total).toBe(JSON.parse(second.body).total + 1);
    await page.close();
  }, 120_000);
});
