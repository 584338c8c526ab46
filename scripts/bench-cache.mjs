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
// BENCH_BASELINE_DIST=DIR times the hits of another build (e.g. main's dist) in the same run.
// Prints the figures and writes .bench/cache.json. Read ratios; the machine is shared.
import { chromium } from 'playwright-core';
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { extensionArgs, findBrowser, QUIET_FLAGS, ROOT } from './browser.mjs';
import { startDemoServer } from './demo-server.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** Another build of the extension (a dist/ directory) whose hit latency is measured in the same run. */
const BASELINE_DIST = process.env.BENCH_BASELINE_DIST || null;
const cleanups = [];
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
  // The demo app records each GET's time as it saw it when this list exists (tests/fixtures/demo-app/app/api.js).
  await context.addInitScript(() => {
    globalThis.__demoApiTimings = [];
  });
  const page = await context.newPage();
  // rules: null for the default rule; the hit timings use the default rule without prefetching,
  // so that idle-time prefetches of other list pages do not compete with the measured hits.
  const setCache = (on, rules = null, worker = sw) =>
    worker.evaluate(
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
    // Every GET as the app timed it; answered by a cache when the backend sent it before the request started.
    const timings = await page.evaluate(() => globalThis.__demoApiTimings ?? []);
    const cached = timings.filter((t) => t.sentAt > 0 && t.sentAt < t.startedAt).map((t) => t.ms);
    const network = timings.filter((t) => !(t.sentAt > 0 && t.sentAt < t.startedAt)).map((t) => t.ms);
    const cachedByUrl = timings.filter((t) => t.sentAt > 0 && t.sentAt < t.startedAt).map((t) => [t.url, round(t.ms, 1)]);
    return { total: Object.values(hits).reduce((a, b) => a + b, 0), byRoute: hits, appGets: timings.length, cachedMs: cached, networkMs: network, cachedByUrl };
  };

  // 1. Backend requests, off/on/on/off, each "on" starting from an empty cache.
  const runs = { off: [], on: [] };
  for (const mode of ['off', 'on', 'on', 'off']) {
    await setCache(mode === 'on');
    await clearCache();
    const result = await workload();
    runs[mode].push(result);
    const latency = (xs) => (xs.length ? `p50 ${round(median(xs), 2)} ms, p95 ${round(quantile(xs, 0.95), 2)} ms` : 'none');
    console.log(`workload with the cache ${mode}: ${result.total} backend API requests; the app's ${result.appGets} GETs: ${result.cachedMs.length} answered by the cache (${latency(result.cachedMs)}), ${result.networkMs.length} by the network (${latency(result.networkMs)})`);
  }
  const offTotal = median(runs.off.map((r) => r.total));
  const onTotal = median(runs.on.map((r) => r.total));
  const onCached = runs.on.flatMap((r) => r.cachedMs);
  out.workload = { rounds: ROUNDS, backendRequestsOff: offTotal, backendRequestsOn: onTotal, reductionPercent: round((1 - onTotal / offTotal) * 100), appHitsOn: onCached.length, appHitP50Ms: round(median(onCached), 2), appHitP95Ms: round(quantile(onCached, 0.95), 2), off: runs.off, on: runs.on };

  // 2. Latency the page sees, same requests: N distinct URLs of one endpoint (a query parameter
  //    the demo ignores), four passes: network (stored), hits in the same document (held by its
  //    content script since the store), then in a new document first hits (answered by the service
  //    worker) and repeated hits (the content script's hot tier).
  //    The worker's own User Timing measures of each lookup phase give the breakdown.
  //    With BENCH_BASELINE_DIST, the same passes run against that build too, in the same run
  //    (builds alternating, BENCH_HIT_ROUNDS rounds each); figures are medians over the rounds.
  const builds = [{ name: 'this build', context, sw, page }];
  if (BASELINE_DIST) {
    const baseDir = mkdtempSync(join(tmpdir(), 'ap-bench-cache-baseline-'));
    const baseContext = await chromium.launchPersistentContext(baseDir, { executablePath: await findBrowser(), headless: true, args: [...QUIET_FLAGS, ...extensionArgs(BASELINE_DIST)], viewport: { width: 1280, height: 800 } });
    cleanups.push(async () => {
      await baseContext.close();
      rmSync(baseDir, { recursive: true, force: true });
    });
    const baseSw = baseContext.serviceWorkers()[0] ?? (await baseContext.waitForEvent('serviceworker'));
    builds.push({ name: `baseline (${BASELINE_DIST.split(/[\\/]/).filter(Boolean).at(-1)})`, context: baseContext, sw: baseSw, page: await baseContext.newPage() });
  }
  const endpoints = { small: ['/api/users/7', 40], medium: ['/api/recommendations', 16], large: ['/api/users?page=1&size=500', 24] };
  const summary = (times) => ({ p50Ms: round(median(times), 2), p95Ms: round(quantile(times, 0.95), 2) });
  const totalHits = () => Object.values(demo.backendHits()).reduce((a, b) => a + b, 0);
  const measureHits = async ({ sw, page }, roundIndex) => {
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
    const result = {};
    for (const [size, [path, n]] of Object.entries(endpoints)) {
      await setCache(true, NO_PREFETCH, sw);
      await page.goto(`${demo.url}/stress/blank`);
      await page.waitForSelector('body[data-ready="stress-blank"]');
      // Fresh URLs each round and build: nothing is cached from an earlier pass.
      const paths = Array.from({ length: n }, (_, i) => `${path}${path.includes('?') ? '&' : '?'}bench=${roundIndex}-${i}`);
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
      result[size] = { path, urls: n, bodyBytes: first.bytes, network: network.times, hitAfterStore: afterStore.times, firstHit: first.times, repeatedHit: repeated.times, breakdown, backendRequestsDuringHits: totalHits() - before };
    }
    return result;
  };
  const HIT_ROUNDS = Number(process.env.BENCH_HIT_ROUNDS ?? (BASELINE_DIST ? 2 : 1));
  const perBuild = builds.map(() => []);
  for (let r = 0; r < HIT_ROUNDS; r++) {
    const order = builds.map((_, i) => (i + r) % builds.length);
    for (const i of order) perBuild[i].push(await measureHits(builds[i], r));
  }
  out.hits = {};
  builds.forEach((build, i) => {
    const rounds = perBuild[i];
    const hits = {};
    for (const size of Object.keys(endpoints)) {
      const pass = (key) => rounds.map((x) => summary(x[size][key]));
      const medianOf = (key) => ({ p50Ms: round(median(pass(key).map((x) => x.p50Ms)), 2), p95Ms: round(median(pass(key).map((x) => x.p95Ms)), 2) });
      const phases = {};
      for (const x of rounds) for (const [name, xs] of Object.entries(x[size].breakdown)) (phases[name] ??= []).push(...xs);
      hits[size] = {
        path: rounds[0][size].path,
        urls: rounds[0][size].urls,
        bodyBytes: rounds[0][size].bodyBytes,
        hitAfterStore: medianOf('hitAfterStore'),
        firstHit: medianOf('firstHit'),
        repeatedHit: medianOf('repeatedHit'),
        network: medianOf('network'),
        workerPhasesOnFirstHits: Object.fromEntries(Object.entries(phases).map(([name, xs]) => [name, { n: xs.length, ...summary(xs) }])),
        backendRequestsDuringHits: rounds.reduce((a, x) => a + x[size].backendRequestsDuringHits, 0),
      };
      const h = hits[size];
      console.log(`${build.name}: hits ${size} (${h.path}, ${h.bodyBytes} B, ${h.urls} URLs, ${rounds.length} round(s)): hit after this document's store p50 ${h.hitAfterStore.p50Ms} ms p95 ${h.hitAfterStore.p95Ms} ms; first hit in a new document p50 ${h.firstHit.p50Ms} ms p95 ${h.firstHit.p95Ms} ms; repeated hit p50 ${h.repeatedHit.p50Ms} ms p95 ${h.repeatedHit.p95Ms} ms; network p50 ${h.network.p50Ms} ms; backend requests during hits: ${h.backendRequestsDuringHits}`);
      console.log(`  worker phases on first hits (p50/p95 ms): ${Object.entries(h.workerPhasesOnFirstHits).map(([name, x]) => `${name.replace('rc-lookup:', '')} ${x.p50Ms}/${x.p95Ms}`).join(', ')}`);
    }
    if (i === 0) out.hits = hits;
    else (out.baselineHits ??= {})[build.name] = hits;
  });

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
  console.log(`backend API requests over the workload: ${offTotal} with the cache off, ${onTotal} on (${out.workload.reductionPercent} % fewer); the app's GETs answered by the cache with it on: ${onCached.length}, p50 ${out.workload.appHitP50Ms} ms, p95 ${out.workload.appHitP95Ms} ms`);
} finally {
  for (const cleanup of cleanups) await cleanup();
  await context.close();
  await demo.close();
  rmSync(dir, { recursive: true, force: true });
}
mkdirSync(join(ROOT, '.bench'), { recursive: true });
writeFileSync(join(ROOT, '.bench/cache.json'), JSON.stringify(out, null, 2));
console.log('wrote .bench/cache.json');
