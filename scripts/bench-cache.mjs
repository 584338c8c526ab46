// `npm run bench:cache`: the response cache on the demo app, in one Chromium with the extension.
//   1. A scripted workload (SPA: dashboard -> users (+ a user's drawer) -> reports -> settings, three
//      rounds, recommendations on the dashboard and reports) with the cache off and on, alternating
//      off/on/on/off: backend API requests counted by the demo server.
//   2. Latency the page sees on cache hits (prefetching off): fetch() from the page, timed in the page, for a small,
//      a medium and a large JSON response: hits of what the same document stored (the content
//      script holds its stores), first hits in a new document (round trip page -> content script
//      -> service worker -> page, with the worker's phases), repeated hits (the content script's
//      hot tier), against the same requests over the network.
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
    sw.evaluate(() => new Promise(async (resolve) => {
      // The cache lives in its own storage bucket where the browser has them.
      const factory = 'storageBuckets' in navigator ? (await navigator.storageBuckets.open('response-cache')).indexedDB : indexedDB;
      const request = factory.deleteDatabase('admin-performance-cache');
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

  // 2. Latency the page sees, same requests: N distinct URLs of one endpoint (a query parameter
  //    the demo ignores), four passes: network (stored), hits in the same document (held by its
  //    content script since the store), then in a new document first hits (answered by the service
  //    worker) and repeated hits (the content script's hot tier).
  //    The worker's own User Timing measures of each lookup phase give the breakdown.
  const endpoints = { small: ['/api/users/7', 40], medium: ['/api/recommendations', 16], large: ['/api/users?page=1&size=500', 24] };
  const timeFetches = (paths) =>
    page.evaluate(
      async (paths) => {
        const times = [];
        let bytes = 0;
        for (const path of paths) {
          const t0 = performance.now();
          const response = await fetch(path, { headers: { Accept: 'application/json' } });
          const text = await response.text();
          times.push(performance.now() - t0);
          bytes = text.length;
        }
        return { times, bytes };
      },
      paths,
    );
  const swMeasures = () =>
    sw.evaluate(() => {
      const byName = {};
      for (const m of performance.getEntriesByType('measure')) (byName[m.name] ??= []).push(m.duration);
      performance.clearMeasures();
      return byName;
    });
  const totalHits = () => Object.values(demo.backendHits()).reduce((a, b) => a + b, 0);
  for (const [size, [path, n]] of Object.entries(endpoints)) {
    await setCache(true, NO_PREFETCH);
    await page.goto(`${demo.url}/stress/blank`);
    await page.waitForSelector('body[data-ready="stress-blank"]');
    const paths = Array.from({ length: n }, (_, i) => `${path}${path.includes('?') ? '&' : '?'}bench=${i}`);
    await timeFetches([paths[0], paths[0]]); // the default rule caches an endpoint from its second call
    const network = await timeFetches(paths);
    const before = totalHits();
    // Hits of what this document stored (its content script holds each store it made).
    const afterStore = await timeFetches(paths);
    // A new document: its first hits go to the worker, the next ones are held by its content script.
    await page.reload();
    await page.waitForSelector('body[data-ready="stress-blank"]');
    await swMeasures();
    const first = await timeFetches(paths);
    const breakdown = await swMeasures();
    const repeated = await timeFetches(paths);
    const backendDuringHits = totalHits() - before;
    const summary = (times) => ({ p50Ms: round(median(times), 2), p95Ms: round(quantile(times, 0.95), 2) });
    out.hits[size] = {
      path,
      urls: n,
      bodyBytes: first.bytes,
      hitAfterStore: summary(afterStore.times),
      firstHit: summary(first.times),
      repeatedHit: summary(repeated.times),
      network: summary(network.times),
      workerPhasesOnFirstHits: Object.fromEntries(Object.entries(breakdown).map(([name, xs]) => [name, { n: xs.length, ...summary(xs) }])),
      backendRequestsDuringHits: backendDuringHits,
    };
    const h = out.hits[size];
    console.log(`hits ${size} (${path}, ${h.bodyBytes} B, ${n} URLs): hit after this document's store p50 ${h.hitAfterStore.p50Ms} ms p95 ${h.hitAfterStore.p95Ms} ms; first hit in a new document p50 ${h.firstHit.p50Ms} ms p95 ${h.firstHit.p95Ms} ms; repeated hit p50 ${h.repeatedHit.p50Ms} ms p95 ${h.repeatedHit.p95Ms} ms; network p50 ${h.network.p50Ms} ms; backend requests during hits: ${backendDuringHits}`);
    console.log(`  worker phases on first hits (p50/p95 ms): ${Object.entries(h.workerPhasesOnFirstHits).map(([name, x]) => `${name.replace('rc-lookup:', '')} ${x.p50Ms}/${x.p95Ms}`).join(', ')}`);
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
