import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { defaultResponseCacheSettings } from '../../src/core/cache/rules';
import { openPanel, optimizerScriptsRegisteredFor, stopServiceWorkers, storedCounts, tabIdOf, useDemoAndExtension, waitFor } from './harness';

/** What the page got from one fetch. */
interface Fetched {
  status: number;
  statusText: string;
  headers: [string, string][];
  body: string;
}

const api = (page: Page, path: string, init?: { method?: string; body?: string }) =>
  page.evaluate(
    async ({ path, init }) => {
      const response = await fetch(path, { headers: { Accept: 'application/json', ...(init?.body ? { 'Content-Type': 'application/json' } : {}) }, ...init });
      return { status: response.status, statusText: response.statusText, headers: [...response.headers], body: await response.text() } as Fetched;
    },
    { path, init },
  );

async function setSwitch(sw: Locator, on: boolean): Promise<void> {
  await expect.poll(() => sw.isEnabled(), { timeout: 10_000 }).toBe(true);
  if ((await sw.isChecked()) !== on) await sw.dispatchEvent('click');
  await expect.poll(() => sw.isChecked(), { timeout: 10_000 }).toBe(on);
}

describe('the response cache in the real product', () => {
  const env = useDemoAndExtension({ latencyScale: 0.25 });
  const backend = (route: string) => ((env.demo as unknown as { backendHits(): Record<string, number> }).backendHits()[route] ?? 0);

  /**
   * These tests check what is answered, not the fallback: a lookup slowed past the default 400 ms
   * by a loaded machine would go to the network and count as a backend hit. So every test's
   * settings wait up to 5 s (the panel's "Wait for the cache at most" setting).
   */
  const WAIT_MS = 5000;
  const withWait = (settings: object) => ({ lookupTimeoutMs: WAIT_MS, ...settings });
  async function storeSettings(settings: object): Promise<void> {
    const worker = await env.ext.worker();
    await worker.evaluate(
      async ({ origin, settings }) => {
        const stored = (await chrome.storage.local.get('responseCache')) as { responseCache?: Record<string, object> };
        await chrome.storage.local.set({ responseCache: { ...(stored.responseCache ?? {}), [`${origin}/*`]: settings } });
      },
      { origin: env.demo.url, settings },
    );
  }

  /** Switches the cache on for the whole demo origin (what the Optimize switch does for one pattern), with optional rules. */
  async function cacheOn(rules?: object): Promise<void> {
    rules = withWait(rules ?? defaultResponseCacheSettings());
    const worker = await env.ext.worker();
    await worker.evaluate(
      async ({ origin, rules }) => {
        const stored = (await chrome.storage.local.get('responseCache')) as { responseCache?: Record<string, object> };
        // One pattern for the whole origin (a narrower one, e.g. from the first test's switch, would win).
        const optimizer = { toggles: { [`${origin}/*`]: ['cache-repeated-api-calls'] }, params: {} };
        const responseCache = stored.responseCache ?? {};
        responseCache[`${origin}/*`] = rules;
        await chrome.storage.local.set({ optimizer, responseCache });
      },
      { origin: env.demo.url, rules },
    );
    await optimizerScriptsRegisteredFor(env.ext, ['http://127.0.0.1/*']);
  }

  async function blankPage(): Promise<Page> {
    const page = await env.ext.context.newPage();
    await page.goto(`${env.demo.url}/stress/blank`);
    await page.waitForSelector('body[data-ready="stress-blank"]');
    return page;
  }

  it('answers a repeated GET from the cache with the same status, headers and body and no backend hit; off reverts', async () => {
    await storeSettings(withWait(defaultResponseCacheSettings()));
    const page = await blankPage();
    const tabId = await tabIdOf(env.ext, page);
    const panel = await openPanel(env.ext, tabId, 'optimize');
    const sw = panel.getByRole('switch', { name: /^Cache repeated API calls/ });
    await sw.waitFor();
    expect(await sw.isChecked()).toBe(false);
    // The optimizer's analysis is memoized through the same cache engine: the same page, data and
    // strategies give the stored plan, and the view says so.
    await expect.poll(async () => {
      await panel.reload();
      return panel.getByTestId('plan-source').innerText();
    }, { timeout: 20_000 }).toContain('came from the cache');
    await setSwitch(sw, true);
    await page.reload();
    await page.waitForSelector('body[data-ready="stress-blank"]');

    const before = backend('GET /api/users/:id');
    const first = await api(page, '/api/users/11');
    const second = await api(page, '/api/users/11');
    // The default rule caches an endpoint once the page has called it twice: the third call is answered.
    expect(backend('GET /api/users/:id')).toBe(before + 2);
    // Answered by the page's content script, which holds what it stored: the worker answers no lookup for it.
    const worker = await env.ext.worker();
    const workerHits = () => worker.evaluate(() => performance.getEntriesByName('rc-lookup:hit').length);
    const workerHitsBefore = await workerHits();
    const third = await api(page, '/api/users/11');
    expect(backend('GET /api/users/:id')).toBe(before + 2);
    expect(await workerHits()).toBe(workerHitsBefore);
    expect(third).toEqual(second);
    expect(JSON.parse(third.body).id).toBe(11);
    expect(first.status).toBe(200);

    // A new load of the page: its content script is handed the fresh answers to what the page
    // asked before (warm start), so even the first request of the new document needs no lookup.
    await page.reload();
    await page.waitForSelector('body[data-ready="stress-blank"]');
    const hitsBeforeReloaded = await workerHits();
    const reloaded = await api(page, '/api/users/11');
    expect(reloaded).toEqual(second);
    expect(backend('GET /api/users/:id')).toBe(before + 2);
    expect(await workerHits()).toBe(hitsBeforeReloaded);

    // Off: the next load goes to the network every time.
    await setSwitch(sw, false);
    await page.reload();
    await page.waitForSelector('body[data-ready="stress-blank"]');
    await api(page, '/api/users/11');
    expect(backend('GET /api/users/:id')).toBe(before + 3);
    await panel.close();
    await page.close();
  }, 90_000);

  it('answers XMLHttpRequest from the cache too, with the same status, headers and text', async () => {
    await cacheOn();
    const page = await blankPage();
    const xhr = (path: string) =>
      page.evaluate(
        (path) =>
          new Promise<{ status: number; statusText: string; headers: string; text: string; readyStates: number[]; url: string }>((resolve, reject) => {
            const request = new XMLHttpRequest();
            const readyStates: number[] = [];
            request.onreadystatechange = () => readyStates.push(request.readyState);
            request.onload = () => resolve({ status: request.status, statusText: request.statusText, headers: request.getAllResponseHeaders(), text: request.responseText, readyStates, url: request.responseURL });
            request.onerror = () => reject(new Error('xhr failed'));
            request.open('GET', path);
            request.setRequestHeader('Accept', 'application/json');
            request.send();
          }),
        path,
      );
    const before = backend('GET /api/orders');
    await xhr('/api/orders?page=2&size=3');
    const second = await xhr('/api/orders?page=2&size=3');
    const third = await xhr('/api/orders?page=2&size=3');
    expect(backend('GET /api/orders')).toBe(before + 2);
    expect({ ...third, readyStates: undefined }).toEqual({ ...second, readyStates: undefined });
    expect(third.readyStates.at(-1)).toBe(4);
    expect(JSON.parse(third.text).items).toHaveLength(3);
    await page.close();
  }, 60_000);

  it('a POST to the resource invalidates its cached reads', async () => {
    await cacheOn();
    const page = await blankPage();
    const list = '/api/users?page=1&size=5';
    const before = backend('GET /api/users');
    await api(page, list);
    const cached = await api(page, list);
    await api(page, list);
    expect(backend('GET /api/users')).toBe(before + 2);
    const created = await api(page, '/api/users', { method: 'POST', body: JSON.stringify({ name: 'Cache Test', email: `cache-${Date.now()}@example.com`, role: 'viewer' }) });
    expect(created.status).toBe(201);
    const after = await api(page, list);
    expect(backend('GET /api/users')).toBe(before + 3);
    expect(JSON.parse(after.body).total).toBe(JSON.parse(cached.body).total + 1);

    // The same with XMLHttpRequest: a read racing the write may store the old list between the two
    // invalidations; the page's load handler runs only after the second one.
    await api(page, list);
    await api(page, list);
    const { racing, afterLoad } = await page.evaluate(
      (list) =>
        new Promise<{ racing: number; afterLoad: number }>((resolve, reject) => {
          const total = (r: Response) => r.json().then((body: { total: number }) => body.total);
          const xhr = new XMLHttpRequest();
          xhr.open('POST', '/api/users');
          xhr.setRequestHeader('Content-Type', 'application/json');
          let racing: Promise<number> | null = null;
          xhr.onload = () => {
            const afterLoad = fetch(list, { headers: { Accept: 'application/json' } }).then(total);
            Promise.all([racing!, afterLoad]).then(([r, a]) => resolve({ racing: r, afterLoad: a }), reject);
          };
          xhr.onerror = () => reject(new Error('xhr failed'));
          xhr.send(JSON.stringify({ name: 'Cache Test XHR', email: `cache-xhr-${Date.now()}@example.com`, role: 'viewer' }));
          racing = fetch(list, { headers: { Accept: 'application/json' } }).then(total);
        }),
      list,
    );
    expect(afterLoad).toBe(JSON.parse(after.body).total + 1);
    expect(racing).toBeGreaterThanOrEqual(JSON.parse(after.body).total);
    await page.close();
  }, 60_000);

  it('a read answered before a write but delivered after it is not stored', async () => {
    await cacheOn();
    const page = await blankPage();
    const list = '/api/users?page=2&size=5';
    const total = (fetched: Fetched) => (JSON.parse(fetched.body) as { total: number }).total;
    const create = (tag: string) => api(page, '/api/users', { method: 'POST', body: JSON.stringify({ name: `Fence ${tag}`, email: `fence-${tag}-${Date.now()}@example.com`, role: 'viewer' }) });
    // Called twice, the list is cached; a write drops it, so the next read is let through to be stored.
    await api(page, list);
    await api(page, list);
    expect((await create('a')).status).toBe(201);

    // The server answers that read at once, but its response is held back until the page has
    // written again and seen the write's answer: what it carries is from before the write.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let intercepted!: () => void;
    const reachedNetwork = new Promise<void>((resolve) => (intercepted = resolve));
    const isList = (url: URL) => url.pathname === '/api/users' && url.search === '?page=2&size=5';
    await page.route(isList, async (route) => {
      const response = await route.fetch();
      intercepted();
      await released;
      await route.fulfill({ response });
    });
    await page.evaluate((list) => {
      (window as unknown as { held: Promise<string> }).held = fetch(list, { headers: { Accept: 'application/json' } }).then((r) => r.text());
    }, list);
    await reachedNetwork;
    const before = backend('GET /api/users');
    expect((await create('b')).status).toBe(201);
    release();
    const held = JSON.parse(await page.evaluate(() => (window as unknown as { held: Promise<string> }).held)) as { total: number };
    await page.unroute(isList);

    // Without the fence the held response would be stored after the write's invalidation and
    // answer the next read with the list from before it.
    const next = await api(page, list);
    expect(total(next)).toBe(held.total + 1);
    expect(backend('GET /api/users')).toBe(before + 1);
    // The read after the refused store is stored as usual.
    const again = await api(page, list);
    expect(total(again)).toBe(total(next));
    expect(backend('GET /api/users')).toBe(before + 1);
    await page.close();
  }, 60_000);

  it('two logins (different cookies) never see each other’s entries', async () => {
    await cacheOn();
    const page = await blankPage();
    const login = (sid: string) => env.ext.context.addCookies([{ name: 'sid', value: sid, url: env.demo.url }]);
    const me = async () => JSON.parse((await api(page, '/api/me')).body).user as string | null;
    await login('alice');
    const before = backend('GET /api/me');
    expect([await me(), await me(), await me()]).toEqual(['alice', 'alice', 'alice']);
    expect(backend('GET /api/me')).toBe(before + 2);
    await login('bob');
    expect(await me()).toBe('bob');
    expect(backend('GET /api/me')).toBe(before + 3);
    expect([await me(), await me()]).toEqual(['bob', 'bob']);
    await login('alice');
    const hitsBeforeAlice = backend('GET /api/me');
    expect(await me()).toBe('alice');
    expect(backend('GET /api/me')).toBe(hitsBeforeAlice);
    // A new load after the login changed: the warm start hands over the new login's answers only.
    await login('bob');
    await page.reload();
    await page.waitForSelector('body[data-ready="stress-blank"]');
    expect(await me()).toBe('bob');
    await login('alice');
    await page.reload();
    await page.waitForSelector('body[data-ready="stress-blank"]');
    expect(await me()).toBe('alice');
    await env.ext.context.clearCookies();
    await page.close();
  }, 60_000);

  it('a login as another user by POST in the same page, followed at once by a GET, never gets the first user’s entry', async () => {
    await cacheOn();
    await env.ext.context.clearCookies();
    const page = await blankPage();
    const me = async () => JSON.parse((await api(page, '/api/me')).body).user as string | null;
    // Names of this run only: an entry of an earlier test's login with the same cookie is the same login.
    const run = Date.now().toString(36);
    const [alice, bob, carol] = ['alice', 'bob', 'carol'].map((name) => `${name}-${run}`) as [string, string, string];
    // The login's cookie is HttpOnly: the page (and document.cookie) never see it.
    const loginThenMe = (user: string) =>
      page.evaluate(async (user) => {
        const login = await fetch('/api/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ user }) });
        const me = await fetch('/api/me', { headers: { Accept: 'application/json' } });
        return { login: login.status, user: ((await me.json()) as { user: string | null }).user, cookie: document.cookie };
      }, user);
    expect(await loginThenMe(alice)).toEqual({ login: 200, user: alice, cookie: '' });
    const before = backend('GET /api/me');
    // Cached from the second call; the fourth is answered by the content script's hot tier.
    expect([await me(), await me(), await me(), await me()]).toEqual([alice, alice, alice, alice]);
    expect(backend('GET /api/me')).toBe(before + 1);
    expect(await loginThenMe(bob)).toEqual({ login: 200, user: bob, cookie: '' });
    expect(await me()).toBe(bob);
    // Back to alice: her entry is hers again, with no backend request.
    const beforeAlice = backend('GET /api/me');
    expect(await loginThenMe(alice)).toEqual({ login: 200, user: alice, cookie: '' });
    expect(backend('GET /api/me')).toBe(beforeAlice);
    // The same with XMLHttpRequest for the login.
    const xhrLoginThenMe = (user: string) =>
      page.evaluate(
        (user) =>
          new Promise<string | null>((resolve, reject) => {
            const xhr = new XMLHttpRequest();
            xhr.open('POST', '/api/login');
            xhr.setRequestHeader('Content-Type', 'application/json');
            xhr.onload = () => fetch('/api/me', { headers: { Accept: 'application/json' } }).then((r) => r.json()).then((body: { user: string | null }) => resolve(body.user), reject);
            xhr.onerror = () => reject(new Error('xhr failed'));
            xhr.send(JSON.stringify({ user }));
          }),
        user,
      );
    expect(await me()).toBe(alice);
    expect(await xhrLoginThenMe(carol)).toBe(carol);
    await env.ext.context.clearCookies();
    await page.close();
  }, 90_000);

  it('a cookie changed outside the request (document.cookie, another tab’s login) separates the partitions at once', async () => {
    await cacheOn();
    await env.ext.context.clearCookies();
    const page = await blankPage();
    const me = async (on = page) => JSON.parse((await api(on, '/api/me')).body).user as string | null;
    const run = Date.now().toString(36);
    const [dave, erin, grace, heidi] = ['dave', 'erin', 'grace', 'heidi'].map((name) => `${name}-${run}`) as [string, string, string, string];
    const setCookieThenMe = (value: string) =>
      page.evaluate(async (value) => {
        document.cookie = `sid=${value}; path=/`;
        const me = await fetch('/api/me', { headers: { Accept: 'application/json' } });
        return ((await me.json()) as { user: string | null }).user;
      }, value);
    expect(await setCookieThenMe(dave)).toBe(dave);
    expect([await me(), await me(), await me()]).toEqual([dave, dave, dave]);
    expect(await setCookieThenMe(erin)).toBe(erin);
    expect(await me()).toBe(erin);

    // An HttpOnly login in this tab, its entry held hot; then another tab of the origin logs in as someone else.
    const login = (on: Page, user: string) => on.evaluate((user) => fetch('/api/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ user }) }).then((r) => r.status), user);
    expect(await login(page, grace)).toBe(200);
    expect([await me(), await me(), await me()]).toEqual([grace, grace, grace]);
    const other = await blankPage();
    expect(await login(other, heidi)).toBe(200);
    expect(await me()).toBe(heidi);
    expect(await me(other)).toBe(heidi);
    await env.ext.context.clearCookies();
    await other.close();
    await page.close();
  }, 90_000);

  it('never stores a no-store response', async () => {
    await cacheOn();
    const page = await blankPage();
    const before = backend('GET /api/audit');
    for (let i = 0; i < 4; i++) expect((await api(page, '/api/audit?size=3')).headers).toContainEqual(['cache-control', 'no-store']);
    expect(backend('GET /api/audit')).toBe(before + 4);
    await page.close();
  }, 60_000);

  it('logging out clears that login’s entries', async () => {
    await cacheOn();
    const page = await blankPage();
    await env.ext.context.addCookies([{ name: 'sid', value: 'carol', url: env.demo.url }]);
    await api(page, '/api/me');
    await api(page, '/api/me');
    const before = backend('GET /api/me');
    await api(page, '/api/me');
    expect(backend('GET /api/me')).toBe(before);
    expect((await api(page, '/api/logout', { method: 'POST', body: '{}' })).status).toBe(200);
    await env.ext.context.addCookies([{ name: 'sid', value: 'carol', url: env.demo.url }]);
    expect(JSON.parse((await api(page, '/api/me')).body).user).toBe('carol');
    expect(backend('GET /api/me')).toBe(before + 1);
    await env.ext.context.clearCookies();
    await page.close();
  }, 60_000);

  it('prefetches the request the predictor expects next, and counts its use as a prefetch hit', async () => {
    // Short TTL so the predicted response is not already fresh; every endpoint cached from its first call.
    await cacheOn({
      rules: [{ urlPattern: '/api/*', methods: ['GET'], ttlMs: 3000, staleMs: 0, postEndpoints: [], repeatedOnly: false, jsonOnly: true, overrides: {}, prefetch: true }],
      logoutPattern: '*/logout',
      identityCookie: null,
      prefetchThreshold: 0.6,
    });
    const page = await blankPage();
    for (let i = 1; i <= 4; i++) {
      await api(page, `/api/users/${30 + i}`);
      await api(page, '/api/recommendations');
      await page.waitForTimeout(3100);
    }
    const tabId = await tabIdOf(env.ext, page);
    const panel = await openPanel(env.ext, tabId, 'cache');
    const prefetchHits = async () => Number((await panel.getByTestId('cache-prefetch-hits').innerText()).split(' ')[0]);
    await panel.getByTestId('cache-prefetch-hits').waitFor();
    const hitsBefore = await prefetchHits();
    const recsBefore = backend('GET /api/recommendations');
    await api(page, '/api/users/40');
    // The page client fetches the predicted request when idle: the backend sees it once.
    await waitFor('the prefetch to reach the backend', async () => backend('GET /api/recommendations') > recsBefore || null);
    // Stored (committed) as a prefetched entry, not used yet.
    await waitFor('the prefetched response to be stored', () =>
      panel.evaluate(
        () =>
          new Promise<boolean | null>(async (resolve) => {
            // The cache lives in its own storage bucket where the browser has them.
            const factory = 'storageBuckets' in navigator ? (await (navigator as unknown as { storageBuckets: { open(name: string): Promise<{ indexedDB: IDBFactory }> } }).storageBuckets.open('response-cache')).indexedDB : indexedDB;
            const open = factory.open('admin-performance-cache');
            open.onsuccess = () => {
              const all = open.result.transaction('cache-entries').objectStore('cache-entries').getAll();
              all.onsuccess = () => {
                open.result.close();
                resolve((all.result as { prefetched: boolean; label: string }[]).some((e) => e.prefetched && e.label.endsWith('/api/recommendations')) || null);
              };
            };
          }),
      ),
    );
    const recs = await api(page, '/api/recommendations');
    expect(JSON.parse(recs.body).items.length).toBeGreaterThan(0);
    expect(backend('GET /api/recommendations')).toBe(recsBefore + 1);
    await expect.poll(prefetchHits, { timeout: 10_000 }).toBe(hitsBefore + 1);
    await panel.close();
    await page.close();
  }, 90_000);

  it('learns request sequences from capture while the strategy is off, and prefetches from the first load after it is switched on', async () => {
    const rules = {
      rules: [{ urlPattern: '/api/*', methods: ['GET'], ttlMs: 30_000, staleMs: 0, postEndpoints: [], repeatedOnly: false, jsonOnly: true, overrides: {}, prefetch: true }],
      logoutPattern: '*/logout',
      identityCookie: null,
      prefetchThreshold: 0.6,
    };
    // Off: the page's requests are only captured.
    const worker = await env.ext.worker();
    await worker.evaluate(() => chrome.storage.local.set({ optimizer: { toggles: {}, params: {} } }));
    // Until the worker has unregistered the optimizer's scripts, a new page would still get the
    // earlier tests' cache (and its hits are never captured as requests).
    await optimizerScriptsRegisteredFor(env.ext, []);
    const page = await blankPage();
    const tabId = await tabIdOf(env.ext, page);
    const next = '/api/orders?page=7&size=2';
    for (let i = 1; i <= 4; i++) {
      await api(page, `/api/ping?i=${i}`);
      await api(page, next);
    }
    const panel = await openPanel(env.ext, tabId, 'cache');
    let seen: unknown = null;
    await waitFor(
      'capture to store the requests',
      async () => {
        const counts = await storedCounts(panel, tabId);
        seen = counts ? { url: counts.url, requests: counts.counts.requests } : null;
        return (counts?.counts.requests ?? 0) >= 8 || null;
      },
      30_000,
    ).catch((error: Error) => {
      throw new Error(`${error.message}; the tab's latest session: ${JSON.stringify(seen)}`);
    });
    await page.waitForTimeout(1500); // the predictor's state is written a second after it changes
    await cacheOn(rules);
    await page.reload();
    await page.waitForSelector('body[data-ready="stress-blank"]');
    const before = backend('GET /api/orders');
    await api(page, '/api/ping?i=99');
    // Predicted from the captured sequence: the page client fetches it when idle.
    await waitFor('the prefetch of the request that always followed', async () => backend('GET /api/orders') > before || null);
    // Stored (the Cache view lists it), then the page's own request is answered by it.
    await expect.poll(() => panel.getByTestId('cache-entry').filter({ hasText: 'page=7&size=2' }).count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(JSON.parse((await api(page, next)).body).items).toHaveLength(2);
    expect(backend('GET /api/orders')).toBe(before + 1);
    await panel.close();
    await page.close();
  }, 90_000);

  it('a damaged entry is dropped, never served, and a database deleted mid-run never breaks the page’s requests', async () => {
    await cacheOn({
      rules: [{ urlPattern: '/api/*', methods: ['GET'], ttlMs: 30_000, staleMs: 0, postEndpoints: [], repeatedOnly: false, jsonOnly: true, overrides: {}, prefetch: false }],
      logoutPattern: '*/logout',
      identityCookie: null,
      prefetchThreshold: 0.6,
    });
    let page = await blankPage();
    const user = async (id: number) => {
      const r = await api(page, `/api/users/${id}`);
      expect(r.status).toBe(200);
      expect(JSON.parse(r.body).id).toBe(id);
    };
    await user(51);
    const before = backend('GET /api/users/:id');
    await user(51);
    expect(backend('GET /api/users/:id')).toBe(before);

    // Damage every stored body in place (same length), then restart the worker so nothing is served from memory.
    let worker = await env.ext.worker();
    const damaged = await worker.evaluate(
      () =>
        new Promise<number>(async (resolve, reject) => {
          // The cache lives in its own storage bucket where the browser has them.
          const factory = 'storageBuckets' in navigator ? (await (navigator as unknown as { storageBuckets: { open(name: string): Promise<{ indexedDB: IDBFactory }> } }).storageBuckets.open('response-cache')).indexedDB : indexedDB;
          const open = factory.open('admin-performance-cache');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const tx = open.result.transaction('cache-bodies', 'readwrite');
            let count = 0;
            const cursor = tx.objectStore('cache-bodies').openCursor();
            cursor.onsuccess = () => {
              const c = cursor.result;
              if (!c) return;
              const value = c.value as { data: Uint8Array };
              const data = new Uint8Array(value.data);
              data[Math.floor(data.length / 2)]! ^= 0x01;
              c.update({ ...value, data });
              count++;
              c.continue();
            };
            tx.oncomplete = () => {
              open.result.close();
              resolve(count);
            };
          };
        }),
    );
    expect(damaged).toBeGreaterThan(0);
    await stopServiceWorkers(page, env.ext.extensionId);
    // A new page: the old one's content script still holds the good copy it was answered with.
    await page.close();
    page = await blankPage();
    const tabId = await tabIdOf(env.ext, page);
    const panel = await openPanel(env.ext, tabId, 'cache');
    await panel.getByTestId('cache-errors').waitFor();
    const errorsBefore = Number(await panel.getByTestId('cache-errors').innerText());
    const beforeDamaged = backend('GET /api/users/:id');
    await user(51);
    expect(backend('GET /api/users/:id')).toBe(beforeDamaged + 1);
    await expect.poll(async () => Number(await panel.getByTestId('cache-errors').innerText()), { timeout: 10_000 }).toBeGreaterThan(errorsBefore);
    await user(51);
    expect(backend('GET /api/users/:id')).toBe(beforeDamaged + 1);

    // The database disappears under the running cache: requests keep working, the cache starts over.
    worker = await env.ext.worker();
    await worker.evaluate(
      () =>
        new Promise<void>(async (resolve) => {
          // The cache lives in its own storage bucket where the browser has them.
          const factory = 'storageBuckets' in navigator ? (await (navigator as unknown as { storageBuckets: { open(name: string): Promise<{ indexedDB: IDBFactory }> } }).storageBuckets.open('response-cache')).indexedDB : indexedDB;
          const request = factory.deleteDatabase('admin-performance-cache');
          request.onsuccess = request.onerror = request.onblocked = () => resolve();
        }),
    );
    for (let i = 0; i < 3; i++) await user(51);
    await user(52);
    const settled = backend('GET /api/users/:id');
    await user(52);
    expect(backend('GET /api/users/:id')).toBe(settled);
    await panel.close();
    await page.close();
  }, 120_000);

  it('edits every rule of a page in the Cache view by keyboard: add, reorder, remove, errors focus the field, and the saved rules apply', async () => {
    await cacheOn();
    const page = await blankPage();
    const tabId = await tabIdOf(env.ext, page);
    const panel = await openPanel(env.ext, tabId, 'cache');
    const rule = (index: number) => panel.getByTestId(`cache-rule-${index}`);
    await rule(0).waitFor();
    await expect.poll(() => panel.locator('fieldset.rule').count()).toBe(1);
    const pattern = await panel.locator('input[name="pattern"]').inputValue();

    // Add a second rule with the keyboard and give it its own pattern and TTL.
    await panel.getByRole('button', { name: 'Add rule' }).focus();
    await panel.keyboard.press('Enter');
    await expect.poll(() => panel.locator('fieldset.rule').count()).toBe(2);
    // Focus moved to the new rule's first field.
    await expect.poll(() => panel.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('rules.1.urlPattern');
    await panel.keyboard.press('ControlOrMeta+a');
    await panel.keyboard.type('/api/users/*');
    await rule(1).getByLabel('Fresh for (s)').fill('600');
    await rule(1).getByLabel('Only endpoints called more than once').uncheck();
    // A bad value in the second rule: the background names it, the view says so and focuses it.
    await rule(1).getByLabel('Then stale while revalidating (s)').fill('-5');
    await panel.getByRole('button', { name: 'Save rules' }).click();
    await expect.poll(() => panel.getByRole('alert').filter({ hasText: 'rules[1].staleMs' }).count()).toBe(1);
    await expect.poll(() => panel.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('rules.1.staleSeconds');
    await panel.keyboard.press('ControlOrMeta+a');
    await panel.keyboard.type('0');
    // Rule 2 goes first (the first rule that matches a request applies).
    await rule(1).getByRole('button', { name: 'Move rule 2 up' }).click();
    await panel.getByRole('button', { name: 'Save rules' }).click();
    await expect.poll(() => panel.getByText(`Rules saved for ${pattern}`).count()).toBe(1);

    const stored = async () => {
      const worker = await env.ext.worker();
      return worker.evaluate(async (key) => ((await chrome.storage.local.get('responseCache')).responseCache as Record<string, { rules: { urlPattern: string; ttlMs: number; repeatedOnly: boolean }[] }>)[key], pattern);
    };
    expect((await stored())?.rules.map((r) => [r.urlPattern, r.ttlMs, r.repeatedOnly])).toEqual([
      ['/api/users/*', 600_000, false],
      ['/*', 30_000, true],
    ]);

    // They apply from the next load: /api/users/* is cached from its first call (not only repeated endpoints).
    await page.reload();
    await page.waitForSelector('body[data-ready="stress-blank"]');
    await api(page, '/api/users/61');
    const before = backend('GET /api/users/:id');
    const again = await api(page, '/api/users/61');
    expect(backend('GET /api/users/:id')).toBe(before);
    expect(JSON.parse(again.body).id).toBe(61);

    // Remove the first rule; the last one cannot be removed (switching the strategy off caches nothing).
    await rule(0).getByRole('button', { name: 'Remove rule 1' }).click();
    await expect.poll(() => panel.locator('fieldset.rule').count()).toBe(1);
    expect(await rule(0).getByRole('button', { name: 'Remove rule 1' }).isDisabled()).toBe(true);
    await panel.getByRole('button', { name: 'Save rules' }).click();
    await expect.poll(async () => (await stored())?.rules.map((r) => r.urlPattern)).toEqual(['/*']);
    await panel.close();
    await page.close();
  }, 90_000);

});
