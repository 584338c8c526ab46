// `npm run bench:cache`: the response cache on the demo app, in one Chromium with the extension.
//   1. A scripted workload (SPA: dashboard -> users (+ a user's drawer) -> reports -> settings, three
//      rounds, recommendations on the dashboard and reports) with the cache off and on, alternating
//      off/on/on/off: backend API requests counted by the demo server.
//   2. Latency the page sees on cache hits (prefetching off): fetch() from the page, timed in the page, for a small,
//      a medium and a large JSON response (p50/p95 over the round trip page -> content script ->
//      service worker -> page), against the same requests over the network.
//   3. The cache engine's put/get throughput against idb-keyval, bundled into one page.
// Prints the figures and writes .bench/cache.json. Read ratios; the machine is shared.
import { chromium } from 'playwright-core';
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { extensionArgs, findBrowser, QUIET_FLAGS, ROOT } from './browser.mjs';
import { startDemoServer } from './demo-server.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const HIT_SAMPLES = Number(process.env.BENCH_HIT_SAMPLES ?? 60);
const ENGINE_COUNT = Number(process.env.BENCH_ENGINE_COUNT ?? 1000);
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const i = (s.length - 1) * q;
  const lo = Math.floor(i);
  return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (i - lo);
};
const median = (xs) => quantile(xs, 0.5);
const round = (x, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

const demo = await startDemoServer({ port: 0 });
const dir = mkdtempSync(join(tmpdir(), 'ap-bench-cache-'));
const context = await chromium.launchPersistentContext(dir, {
  executablePath: await findBrowser(),
  headless: true,
  args: [...QUIET_FLAGS, ...extensionArgs()],
  viewport: { width: 1280, height: 800 },
});
const out = { date: new Date().toISOString(), machine: `${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown CPU'}`, workload: {}, hits: {}, engine: [] };
try {
  const sw = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const page = await context.newPage();
  // rules: null for the default rule; the hit timings use the default rule without prefetching,
  // so that idle-time prefetches of other list pages do not compete with the measured hits.
  const setCache = (on, rules = null) =>
    sw.evaluate(
      async ({ origin, on, rules }) => {
        await chrome.storage.local.set({ optimizer: { toggles: on ? { [`${origin}/*`]: ['cache-repeated-api-calls'] } : {}, params: {} }, responseCache: rules ? { [`${origin}/*`]: rules } : {} });
      },
      { origin: demo.url, on, rules },
    );
  const NO_PREFETCH = {
    rules: [{ urlPattern: '/*', methods: ['GET'], ttlMs: 30_000, staleMs: 0, postEndpoints: [], repeatedOnly: true, jsonOnly: true, overrides: {}, prefetch: false }],
    logoutPattern: '*/logout',
    identityCookie: null,
    prefetchThreshold: 0.6,
  };
  const clearCache = () =>
    sw.evaluate(() => new Promise((resolve) => {
      const request = indexedDB.deleteDatabase('admin-performance-cache');
      request.onsuccess = request.onerror = request.onblocked = () => resolve(null);
    }));

  const visit = async (testId, ready) => {
    await page.getByTestId(testId).first().click();
    await page.waitForSelector(`body[data-ready="${ready}"]`, { timeout: 60_000 });
  };
  const workload = async () => {
    demo.resetBackendHits();
    await page.goto(`${demo.url}/`);
    await page.waitForSelector('body[data-ready="dashboard"]', { timeout: 60_000 });
    await page.locator('[data-testid="recommendations"][data-state="ready"]').waitFor({ timeout: 60_000 });
    for (let r = 0; r < ROUNDS; r++) {
      await visit('nav-users', 'users');
      await page.locator('[data-testid="users-table"][data-total]').waitFor({ timeout: 60_000 });
      await page.getByTestId('users-row').nth(r).click();
      await page.locator('[data-testid="user-drawer"][data-state="ready"]').waitFor({ timeout: 60_000 });
      await page.keyboard.press('Escape');
      await visit('nav-reports', 'reports');
      await page.locator('[data-testid="recommendations"][data-state="ready"]').waitFor({ timeout: 60_000 });
      await visit('nav-settings', 'settings');
      await visit('nav-dashboard', 'dashboard');
      await page.locator('[data-testid="recommendations"][data-state="ready"]').waitFor({ timeout: 60_000 });
    }
    const hits = demo.backendHits();
    return { total: Object.values(hits).reduce((a, b) => a + b, 0), byRoute: hits };
  };

  // 1. Backend requests, off/on/on/off, each "on" starting from an empty cache.
  const runs = { off: [], on: [] };
  for (const mode of ['off', 'on', 'on', 'off']) {
    await setCache(mode === 'on');
    await clearCache();
    const result = await workload();
    runs[mode].push(result);
    console.log(`workload with the cache ${mode}: ${result.total} backend API requests`);
  }
  const offTotal = median(runs.off.map((r) => r.total));
  const onTotal = median(runs.on.map((r) => r.total));
  out.workload = { rounds: ROUNDS, backendRequestsOff: offTotal, backendRequestsOn: onTotal, reductionPercent: round((1 - onTotal / offTotal) * 100), off: runs.off, on: runs.on };

  // 2. Hit latency seen by the page, against the network, same requests.
  const endpoints = { small: '/api/users/7', medium: '/api/recommendations', large: '/api/users?page=1&size=500' };
  const timeFetches = (path, n) =>
    page.evaluate(
      async ({ path, n }) => {
        const times = [];
        let bytes = 0;
        for (let i = 0; i < n; i++) {
          const t0 = performance.now();
          const response = await fetch(path, { headers: { Accept: 'application/json' } });
          const text = await response.text();
          times.push(performance.now() - t0);
          bytes = text.length;
        }
        return { times, bytes };
      },
      { path, n },
    );
  for (const [size, path] of Object.entries(endpoints)) {
    await setCache(true, NO_PREFETCH);
    await page.goto(`${demo.url}/stress/blank`);
    await page.waitForSelector('body[data-ready="stress-blank"]');
    await timeFetches(path, 2); // the default rule stores from the second call
    const before = demo.backendHits();
    const hit = await timeFetches(path, HIT_SAMPLES);
    const after = demo.backendHits();
    const backendDuringHits = Object.values(after).reduce((a, b) => a + b, 0) - Object.values(before).reduce((a, b) => a + b, 0);
    await setCache(false);
    await page.goto(`${demo.url}/stress/blank`);
    await page.waitForSelector('body[data-ready="stress-blank"]');
    const network = await timeFetches(path, size === 'medium' ? 5 : 15);
    out.hits[size] = {
      path,
      bodyBytes: hit.bytes,
      hitP50Ms: round(median(hit.times), 2),
      hitP95Ms: round(quantile(hit.times, 0.95), 2),
      networkP50Ms: round(median(network.times), 1),
      backendRequestsDuringHits: backendDuringHits,
    };
    console.log(`hits ${size} (${path}, ${hit.bytes} B): p50 ${out.hits[size].hitP50Ms} ms, p95 ${out.hits[size].hitP95Ms} ms; network p50 ${out.hits[size].networkP50Ms} ms; backend requests during hits: ${backendDuringHits}`);
  }

  // 3. Engine throughput against idb-keyval, in one page of the demo origin.
  const bundle = await build({ entryPoints: [join(ROOT, 'scripts/bench-cache/engine-in-page.ts')], bundle: true, format: 'iife', write: false, platform: 'browser', target: 'es2022' });
  await page.goto(`${demo.url}/stress/blank`);
  await page.waitForSelector('body[data-ready="stress-blank"]');
  await page.addScriptTag({ content: bundle.outputFiles[0].text });
  const engineRuns = [];
  for (const size of [800, 20_000]) {
    for (let r = 0; r < 3; r++) engineRuns.push(...(await page.evaluate(({ n, size, r }) => globalThis.runEngineBench(n, size, r), { n: size > 1000 ? Math.round(ENGINE_COUNT / 4) : ENGINE_COUNT, size, r })).map((x) => ({ ...x, bodyBytes: size })));
  }
  const engines = [...new Set(engineRuns.map((x) => `${x.engine}|${x.bodyBytes}`))];
  out.engine = engines.map((key) => {
    const [engine, bytes] = key.split('|');
    const rows = engineRuns.filter((x) => x.engine === engine && x.bodyBytes === Number(bytes));
    return { engine, bodyBytes: Number(bytes), putsPerSecond: round(median(rows.map((x) => x.putsPerSecond)), 0), getsPerSecond: round(median(rows.map((x) => x.getsPerSecond)), 0) };
  });
  for (const e of out.engine) console.log(`engine ${e.engine}, ~${e.bodyBytes} B bodies: ${Number.isNaN(e.putsPerSecond) ? '—' : e.putsPerSecond} puts/s, ${e.getsPerSecond} gets/s`);
  console.log(`backend API requests over the workload: ${offTotal} with the cache off, ${onTotal} on (${out.workload.reductionPercent} % fewer)`);
} finally {
  await context.close();
  await demo.close();
  rmSync(dir, { recursive: true, force: true });
}
mkdirSync(join(ROOT, '.bench'), { recursive: true });
writeFileSync(join(ROOT, '.bench/cache.json'), JSON.stringify(out, null, 2));
console.log('wrote .bench/cache.json');
