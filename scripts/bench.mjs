// `npm run bench`: what the extension costs the pages it measures: the demo app's heaviest flow
// and six pages of two open-source admin templates no one here wrote (scripts/third-party-apps.mjs:
// load, scroll, resize, one click). Four browsers in the same run, in rotating order: with our
// extension, with a content script that only runs web-vitals' attribution build, one that only
// runs its standard build (the floors), and with none. Prints medians, writes
// .bench/capture.json (.bench/capture-trace.json with BENCH_METHOD=trace). No optimizer strategy
// is on during the runs (only capture is injected); the sizes with one on are read after them.
// Not a test: nothing is asserted. BENCH_RUNS (5), BENCH_PAGES (comma-separated substrings of
// page ids) narrow a run, BENCH_SAMPLING_US (100) sets the profiler's interval, BENCH_METHOD=trace
// measures CPU time from a Chrome trace instead (see below). BENCH_BASELINE_DIST=DIR adds a
// browser with another unpacked build (e.g. the previous commit's dist/), BENCH_CALIBRATE=1 one
// with a content script of known cost, rotated with the others: a before/after in the same run.
import { chromium } from 'playwright-core';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DIST, extensionArgs, findBrowser, QUIET_FLAGS, ROOT } from './browser.mjs';
import { startDemoServer } from './demo-server.mjs';
import { traceTime } from './trace-cost.mjs';
import { BLANK_PATH, isolateFromNetwork, OFFLINE_RESOLVER_FLAG, startAppServer, THIRD_PARTY_APPS } from './third-party-apps.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const LATENCY_PROBES = Number(process.env.BENCH_PROBES ?? 40);
const BASELINE_DIST = process.env.BENCH_BASELINE_DIST || null;
// BENCH_CALIBRATE=1 adds a browser whose content script runs a known amount of JavaScript per
// load (KNOWN_MS: busy loops at start and in timers until the workload ends): what each
// measuring method reports for it shows how far that method's figures can be trusted.
const CALIBRATE = process.env.BENCH_CALIBRATE === '1';
const KNOWN_START_MS = 4;
const KNOWN_TIMERS = 12;
const KNOWN_TIMER_MS = 0.5;
const KNOWN_MS = KNOWN_START_MS + KNOWN_TIMERS * KNOWN_TIMER_MS;
// The profiler's sampling interval, µs. Each sample interrupts the page's thread, and code that
// runs once per load (all of a content script's) pays more for it than the page's warm code:
// BENCH_SAMPLING_US=1000 (V8's default) disturbs less and sees fewer samples.
const SAMPLING_US = Number(process.env.BENCH_SAMPLING_US ?? 100);
// BENCH_METHOD=trace measures with a Chrome trace instead of the sampling profiler: CPU time
// (thread clock) of the extension's script runs and callbacks against the CPU time of all the
// page's main-thread tasks — no sampling, and a descheduled thread costs nothing.
const METHOD = process.env.BENCH_METHOD === 'trace' ? 'trace' : 'profile';
if (process.env.BENCH_METHOD && !['trace', 'profile'].includes(process.env.BENCH_METHOD)) throw new Error(`bench: BENCH_METHOD must be "profile" (default) or "trace", not "${process.env.BENCH_METHOD}"`);
// BENCH_PROFILE_DIR=DIR keeps every measured CPU profile (.cpuprofile, opens in DevTools).
const PROFILE_DIR = process.env.BENCH_PROFILE_DIR || null;
let profileCount = 0;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (pos - lo);
};

async function launch(arm) {
  const dir = mkdtempSync(join(tmpdir(), 'ap-bench-'));
  const extension = arm === 'with' ? extensionArgs() : arm === 'baseline' ? extensionArgs(BASELINE_DIST) : arm === 'bare' ? extensionArgs(bareExtensionDir) : arm === 'std' ? extensionArgs(stdExtensionDir) : arm === 'known' ? extensionArgs(knownExtensionDir) : [];
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: await findBrowser(),
    headless: true,
    args: [...QUIET_FLAGS, OFFLINE_RESOLVER_FLAG, ...extension],
    viewport: { width: 1280, height: 800 },
  });
  await isolateFromNetwork(context, answeredLocally);
  context.on('request', (request) => {
    const { protocol, hostname } = new URL(request.url());
    if ((protocol === 'http:' || protocol === 'https:') && hostname !== '127.0.0.1' && hostname !== 'localhost') externalRequests.push(request.url());
  });
  let extensionId = null;
  if (arm === 'with') {
    const sw = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    extensionId = new URL(sw.url()).host;
  }
  return { arm, context, extensionId, close: async () => { await context.close(); rmSync(dir, { recursive: true, force: true }); } };
}

/** The manifest of a one-file bench extension: its content.js at document_start on the local servers. */
function writeContentScriptManifest(dir, name) {
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({
    manifest_version: 3, name, version: '1.0',
    content_scripts: [{ matches: ['http://127.0.0.1/*'], js: ['content.js'], run_at: 'document_start' }],
  }));
}

/**
 * A content script that only loads web-vitals (`from`: its attribution build, or the standard
 * one) and subscribes to the five metrics, every change: what any vitals extension costs at
 * least, the bench's floors. Built with esbuild into a temporary unpacked extension.
 */
async function buildBareExtension(from) {
  const dir = mkdtempSync(join(tmpdir(), 'ap-bench-bare-'));
  const { build } = await import('esbuild');
  await build({
    stdin: {
      contents: `import { onCLS, onFCP, onINP, onLCP, onTTFB } from '${from}';\n` +
        'const seen = []; const report = (m) => seen.push([m.name, m.value]); const o = { reportAllChanges: true };\n' +
        'onLCP(report, o); onINP(report, { ...o, durationThreshold: 16 }); onCLS(report, o); onFCP(report, o); onTTFB(report, o);\n',
      resolveDir: ROOT,
    },
    bundle: true, minify: true, format: 'iife', target: 'chrome123', outfile: join(dir, 'content.js'), logLevel: 'error',
  });
  writeContentScriptManifest(dir, `bench: ${from} only`);
  return dir;
}

/** The calibration extension (BENCH_CALIBRATE): KNOWN_MS of busy JavaScript per load, the timers' share spread over the workload. */
function buildKnownExtension() {
  const dir = mkdtempSync(join(tmpdir(), 'ap-bench-known-'));
  writeFileSync(join(dir, 'content.js'),
    'const busy = (ms) => { const end = performance.now() + ms; while (performance.now() < end); };\n' +
    `busy(${KNOWN_START_MS});\n` +
    `for (let i = 1; i <= ${KNOWN_TIMERS}; i++) setTimeout(() => busy(${KNOWN_TIMER_MS}), i * 250);\n`);
  writeContentScriptManifest(dir, 'bench: known cost');
  return dir;
}

/**
 * A sample's time is the gap to the next one; on a loaded machine the sampler itself is
 * descheduled, and the whole gap lands on the last frame before it (often a short callback
 * just before the thread idles). The capped figure counts at most this much per sample.
 */
const SAMPLE_CAP_MS = 1;

/** Self and inclusive time in extension frames (any chrome-extension:// URL: one extension per browser). */
function extensionTime(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const isOwn = (n) => n.callFrame.url.startsWith('chrome-extension://');
  const inclusiveMemo = new Map();
  const underOwn = (id) => {
    if (inclusiveMemo.has(id)) return inclusiveMemo.get(id);
    const n = byId.get(id);
    const v = isOwn(n) || (parent.has(id) && underOwn(parent.get(id)));
    inclusiveMemo.set(id, v);
    return v;
  };
  let selfMs = 0;
  let cappedMs = 0;
  let inclusiveMs = 0;
  const byFunction = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    const dt = (profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0) / 1000;
    const n = byId.get(id);
    if (isOwn(n)) {
      selfMs += dt;
      cappedMs += Math.min(dt, SAMPLE_CAP_MS);
      const f = n.callFrame;
      const key = `${f.functionName || '(anonymous)'} ${f.url.replace(/^chrome-extension:\/\/[^/]+\//, '')}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
      byFunction.set(key, (byFunction.get(key) ?? 0) + dt);
    }
    if (underOwn(id)) inclusiveMs += dt;
  }
  return { selfMs, cappedMs, inclusiveMs, byFunction };
}

// The fewest categories that carry tasks (toplevel) and script entries (devtools.timeline): the
// disabled-by-default ones capture stacks and made the page's own tasks about 45 % longer.
const TRACE_CATEGORIES = ['toplevel', 'devtools.timeline'];

/** Traces one workload: the page's main-thread task CPU time and the extension's CPU time in it. */
async function traced(browser, blankUrl, run) {
  const page = await browser.context.newPage();
  await page.goto(blankUrl);
  const cdp = await browser.context.newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: TRACE_CATEGORIES, recordMode: 'recordAsMuchAsPossible' }, transferMode: 'ReportEvents' });
  await run(page);
  await cdp.send('Tracing.end');
  await complete;
  await cdp.detach();
  await page.close();
  const t = traceTime(events);
  return { taskMs: t.taskMs, selfMs: t.selfMs, cappedMs: t.wallMs, inclusiveMs: t.selfMs, byFunction: t.byFunction };
}

/** Profiles one workload: the page's main-thread task time and the extension's time in it. */
async function measured(browser, blankUrl, run) {
  if (METHOD === 'trace') return traced(browser, blankUrl, run);
  const page = await browser.context.newPage();
  await page.goto(blankUrl);
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: SAMPLING_US });
  const before = await cdp.send('Performance.getMetrics');
  await cdp.send('Profiler.start');
  await run(page);
  const { profile } = await cdp.send('Profiler.stop');
  if (PROFILE_DIR) {
    mkdirSync(PROFILE_DIR, { recursive: true });
    writeFileSync(join(PROFILE_DIR, `${String(++profileCount).padStart(3, '0')}-${browser.arm}.cpuprofile`), JSON.stringify(profile));
  }
  const after = await cdp.send('Performance.getMetrics');
  const metric = (m, name) => m.metrics.find((x) => x.name === name)?.value ?? 0;
  const taskMs = (metric(after, 'TaskDuration') - metric(before, 'TaskDuration')) * 1000;
  const time = browser.arm === 'without' ? { selfMs: 0, cappedMs: 0, inclusiveMs: 0, byFunction: new Map() } : extensionTime(profile);
  await cdp.detach();
  await page.close();
  return { taskMs, ...time };
}

/** The demo's heaviest flow: dashboard, scroll, Refresh, SPA navigation to the users table, search, sort. */
async function demoFlow(page, demoUrl) {
  await page.goto(`${demoUrl}/`);
  await page.waitForSelector('body[data-ready="dashboard"]');
  for (let y = 0; y < 6; y++) {
    await page.mouse.wheel(0, 600);
    await page.waitForTimeout(150);
  }
  await page.getByTestId('refresh-button').first().click();
  await page.waitForTimeout(300);
  await page.getByRole('link', { name: 'Users' }).click();
  await page.waitForSelector('body[data-ready="users"]', { timeout: 60_000 });
  await page.getByTestId('users-search').fill('an');
  await page.waitForTimeout(300);
  await page.locator('button[data-sort]').nth(1).click();
  await page.waitForTimeout(1200);
}

/** The same workload on every third-party page: load, scroll, resize, one click. */
async function thirdPartyFlow(page, url, clickSelector) {
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForTimeout(500);
  for (let y = 0; y < 6; y++) {
    await page.mouse.wheel(0, 600);
    await page.waitForTimeout(150);
  }
  await page.setViewportSize({ width: 1000, height: 700 });
  await page.waitForTimeout(300);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.waitForTimeout(300);
  await page.locator(clickSelector).first().click({ timeout: 10_000 });
  await page.waitForTimeout(1200);
}

/** Time from a request ending in the page to its record reaching a panel connection. */
async function panelLatency(browser, demoUrl) {
  const page = await browser.context.newPage();
  await page.goto(`${demoUrl}/stress/blank`);
  const sw = browser.context.serviceWorkers()[0];
  const tabId = await sw.evaluate(async (url) => (await chrome.tabs.query({})).find((t) => t.url === url)?.id, page.url());
  const panel = await browser.context.newPage();
  await panel.goto(`chrome-extension://${browser.extensionId}/src/panel/index.html?tabId=${tabId}`);
  await panel.evaluate((tab) => {
    window.__arrivals = {};
    const port = chrome.runtime.connect({ name: 'ap-panel' });
    port.onMessage.addListener((msg) => {
      if (msg.type !== 'append') return;
      const now = Date.now();
      for (const r of msg.requests) {
        const probe = /[?&]probe=(\d+)/.exec(r.url);
        if (probe) window.__arrivals[probe[1]] = now - (r.t + r.duration);
      }
    });
    port.postMessage({ type: 'request', id: 1, name: 'subscribe', args: { tabId: tab } });
  }, tabId);
  await page.waitForTimeout(500);
  for (let i = 0; i < LATENCY_PROBES; i++) {
    await page.evaluate((n) => fetch(`/api/ping?probe=${n}`).then((r) => r.text()), i);
    await page.waitForTimeout(100 + ((i * 37) % 150));
  }
  await page.waitForTimeout(2000);
  const arrivals = Object.values(await panel.evaluate(() => window.__arrivals));
  await panel.close();
  await page.close();
  return arrivals;
}

const sizeOf = (file) => {
  const raw = readFileSync(join(DIST, file));
  return { file, bytes: raw.length, gzipBytes: gzipSync(raw, { level: 9 }).length };
};

/**
 * What is injected into a page, gzipped: with no strategy on, the manifest's content scripts
 * (capture); with one on, also the optimizer's scripts, as the background registers them when a
 * toggle is written (read back from scripting.getRegisteredContentScripts).
 */
async function injectedSizes(browser, origin) {
  const manifest = JSON.parse(readFileSync(join(DIST, 'manifest.json'), 'utf8'));
  const capture = manifest.content_scripts.flatMap((c) => c.js).map(sizeOf);
  const sw = browser.context.serviceWorkers()[0];
  const registered = await sw.evaluate(async (pattern) => {
    await chrome.storage.local.set({ optimizer: { toggles: { [pattern]: ['reduce-motion'] }, params: {} } });
    const deadline = Date.now() + 10_000;
    let scripts = [];
    while (Date.now() < deadline) {
      scripts = (await chrome.scripting.getRegisteredContentScripts()).filter((s) => s.id.startsWith('admin-performance-optimizer'));
      if (scripts.length) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await chrome.storage.local.set({ optimizer: { toggles: {}, params: {} } });
    return scripts.flatMap((s) => s.js ?? []);
  }, `${origin}/*`);
  if (!registered.length) throw new Error('bench: the optimizer scripts were not registered after switching a strategy on');
  return { capture, optimizer: registered.map(sizeOf) };
}

const answeredLocally = [];
const externalRequests = [];
const bareExtensionDir = await buildBareExtension('web-vitals/attribution');
const stdExtensionDir = await buildBareExtension('web-vitals');
const knownExtensionDir = CALIBRATE ? buildKnownExtension() : null;
const demo = await startDemoServer({ port: 0 });
const servers = await Promise.all(THIRD_PARTY_APPS.map((app) => startAppServer(app)));
const pages = [
  { id: 'demo: dashboard + users', blank: `${demo.url}/stress/blank`, run: (page) => demoFlow(page, demo.url) },
  ...THIRD_PARTY_APPS.flatMap((app, i) =>
    app.pages.map((p) => ({ id: `${app.id}${p.path}`, blank: `${servers[i].url}${BLANK_PATH}`, run: (page) => thirdPartyFlow(page, `${servers[i].url}${p.path}`, p.click) })),
  ),
].filter((p) => !process.env.BENCH_PAGES || process.env.BENCH_PAGES.split(',').some((want) => p.id.includes(want)));
const arms = ['with', ...(BASELINE_DIST ? ['baseline'] : []), 'bare', 'std', ...(CALIBRATE ? ['known'] : []), 'without'];
const measuredArms = arms.filter((arm) => arm !== 'without');
const perArm = (list) => Object.fromEntries(list.map((arm) => [arm, []]));
const browsers = {};
for (const arm of arms) browsers[arm] = await launch(arm);
const results = [];
const hotFunctions = new Map();
try {
  for (const target of pages) {
    const row = { page: target.id, taskMs: perArm(arms), selfMs: perArm(measuredArms), cappedMs: perArm(measuredArms), inclusiveMs: perArm(measuredArms), share: perArm(measuredArms), inclusiveShare: perArm(measuredArms) };
    for (const arm of arms) await measured(browsers[arm], target.blank, target.run); // warm-up (server, code caches)
    for (let i = 0; i < RUNS; i++) {
      const order = arms.map((_, k) => arms[(k + i) % arms.length]); // rotate: each arm runs first, middle and last
      for (const arm of order) {
        const r = await measured(browsers[arm], target.blank, target.run);
        row.taskMs[arm].push(r.taskMs);
        if (arm !== 'without') {
          row.selfMs[arm].push(r.selfMs);
          row.cappedMs[arm].push(r.cappedMs);
          row.inclusiveMs[arm].push(r.inclusiveMs);
          row.share[arm].push((r.selfMs / r.taskMs) * 100);
          row.inclusiveShare[arm].push((r.inclusiveMs / r.taskMs) * 100);
        }
        if (arm === 'with') for (const [k, ms] of r.byFunction) hotFunctions.set(k, (hotFunctions.get(k) ?? 0) + ms);
      }
      process.stdout.write(`  ${target.id} run ${i + 1}/${RUNS}: ours ${row.selfMs.with.at(-1).toFixed(1)} ms of ${row.taskMs.with.at(-1).toFixed(0)} ms, web-vitals attribution only ${row.selfMs.bare.at(-1).toFixed(1)} ms of ${row.taskMs.bare.at(-1).toFixed(0)} ms, standard only ${row.selfMs.std.at(-1).toFixed(1)} ms${BASELINE_DIST ? `, baseline ${row.selfMs.baseline.at(-1).toFixed(1)} ms of ${row.taskMs.baseline.at(-1).toFixed(0)} ms` : ''}\n`);
    }
    results.push({
      page: row.page,
      sharePercent: median(row.share.with),
      selfMsPerLoad: median(row.selfMs.with),
      inclusiveMsPerLoad: median(row.inclusiveMs.with),
      inclusiveSharePercent: median(row.inclusiveShare.with),
      bareSharePercent: median(row.share.bare),
      bareSelfMsPerLoad: median(row.selfMs.bare),
      cappedMsPerLoad: median(row.cappedMs.with),
      bareCappedMsPerLoad: median(row.cappedMs.bare),
      stdSharePercent: median(row.share.std),
      stdSelfMsPerLoad: median(row.selfMs.std),
      taskMsWith: median(row.taskMs.with),
      taskMsBare: median(row.taskMs.bare),
      taskMsWithout: median(row.taskMs.without),
      ...(BASELINE_DIST ? { baselineSharePercent: median(row.share.baseline), baselineSelfMsPerLoad: median(row.selfMs.baseline), baselineCappedMsPerLoad: median(row.cappedMs.baseline) } : {}),
      ...(CALIBRATE ? { knownMsPerLoad: median(row.selfMs.known), knownCappedMsPerLoad: median(row.cappedMs.known) } : {}),
      raw: row,
    });
  }
  const latencies = await panelLatency(browsers.with, demo.url);
  const sizes = await injectedSizes(browsers.with, demo.url);
  const gzipSum = (files) => files.reduce((sum, f) => sum + f.gzipBytes, 0);
  const ownHosts = new Set(['127.0.0.1', 'localhost']);
  const leaked = externalRequests.filter((u) => !answeredLocally.includes(u));
  const result = {
    date: new Date().toISOString(),
    runs: RUNS,
    method: METHOD,
    samplingIntervalUs: METHOD === 'trace' ? null : SAMPLING_US,
    ...(CALIBRATE ? { calibrationKnownMs: KNOWN_MS } : {}),
    baselineDist: BASELINE_DIST,
    pages: results,
    panelLatencyMs: { n: latencies.length, p50: quantile(latencies, 0.5), p95: quantile(latencies, 0.95), max: Math.max(...latencies) },
    injected: sizes,
    injectedGzipBytes: gzipSum(sizes.capture),
    injectedWithStrategyGzipBytes: gzipSum(sizes.capture) + gzipSum(sizes.optimizer),
    network: { externalRequests: externalRequests.length, answeredLocally: answeredLocally.length, leaked, externalHosts: [...new Set(externalRequests.map((u) => new URL(u).hostname))].filter((h) => !ownHosts.has(h)) },
    hotFunctionsMs: [...hotFunctions].sort((a, b) => b[1] - a[1]).slice(0, 25),
  };
  mkdirSync(join(ROOT, '.bench'), { recursive: true });
  writeFileSync(join(ROOT, '.bench', METHOD === 'trace' ? 'capture-trace.json' : 'capture.json'), JSON.stringify(result, null, 2));
  const pad = (s, n) => String(s).padEnd(n);
  const lpad = (s, n) => String(s).padStart(n);
  const how = METHOD === 'trace' ? 'Chrome trace, CPU time (thread clock)' : `profiler sampling every ${SAMPLING_US} µs`;
  console.log(`\nAdmin Performance — capture cost per page (medians of ${RUNS} rotating runs, ${how}; our extension / web-vitals attribution only / web-vitals standard only / none)`);
  console.log(`${pad('page', 44)}${lpad('share', 8)}${lpad('ms/load', 9)}${lpad('incl.', 8)}${lpad('wv-attr', 9)}${lpad('wv ms', 7)}${lpad('wv-std', 8)}${lpad('ms', 6)}${lpad(METHOD === 'trace' ? 'wall ms ours/wv' : 'capped ms ours/wv', 19)}${lpad('tasks ms (ours / wv / none)', 30)}`);
  for (const r of results) {
    console.log(`${pad(r.page, 44)}${lpad(`${r.sharePercent.toFixed(2)} %`, 8)}${lpad(r.selfMsPerLoad.toFixed(1), 9)}${lpad(`${r.inclusiveSharePercent.toFixed(2)} %`, 8)}${lpad(`${r.bareSharePercent.toFixed(2)} %`, 9)}${lpad(r.bareSelfMsPerLoad.toFixed(1), 7)}${lpad(`${r.stdSharePercent.toFixed(2)} %`, 8)}${lpad(r.stdSelfMsPerLoad.toFixed(1), 6)}${lpad(`${r.cappedMsPerLoad.toFixed(1)} / ${r.bareCappedMsPerLoad.toFixed(1)}`, 19)}${lpad(`${r.taskMsWith.toFixed(0)} / ${r.taskMsBare.toFixed(0)} / ${r.taskMsWithout.toFixed(0)}`, 30)}`);
  }
  if (BASELINE_DIST) {
    console.log(`baseline build (${BASELINE_DIST}) in the same run: share, ms/load, capped ms — against ours`);
    for (const r of results) console.log(`${pad(r.page, 44)}${lpad(`${r.baselineSharePercent.toFixed(2)} %`, 8)}${lpad(r.baselineSelfMsPerLoad.toFixed(1), 9)}${lpad(r.baselineCappedMsPerLoad.toFixed(1), 9)}   ours ${r.sharePercent.toFixed(2)} %, ${r.selfMsPerLoad.toFixed(1)} ms, capped ${r.cappedMsPerLoad.toFixed(1)} ms`);
  }
  if (CALIBRATE) {
    console.log(`calibration: a content script that runs ${KNOWN_MS.toFixed(1)} ms of JavaScript per load (busy loops), as this method measures it:`);
    for (const r of results) console.log(`${pad(r.page, 44)}${lpad(r.knownMsPerLoad.toFixed(1), 9)} ms (${((r.knownMsPerLoad / KNOWN_MS) * 100).toFixed(0)} % of the known), ${METHOD === 'trace' ? 'wall' : 'capped'} ${r.knownCappedMsPerLoad.toFixed(1)} ms`);
  }
  if (METHOD === 'trace') {
    console.log('  share = CPU time of the extension\'s script runs and callbacks (outermost, with all they called) ÷ CPU time of');
    console.log('  the page\'s main-thread tasks (target ≤ 1 %); ms/load = that CPU time; incl. = the same; wall ms = their wall time; tasks ms = CPU');
  } else {
    console.log('  share = self time in extension frames ÷ TaskDuration (target ≤ 1 %); incl. = any extension frame on the stack;');
    console.log(`  capped = self time counting at most ${SAMPLE_CAP_MS} ms per profiler sample (robust to a descheduled sampler)`);
  }
  console.log(`metric-to-panel latency p50 / p95 (n=${latencies.length}): ${result.panelLatencyMs.p50.toFixed(0)} ms / ${result.panelLatencyMs.p95.toFixed(0)} ms   (target p95 < 1000 ms)`);
  const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
  console.log(`injected into a page with no strategy on, gzipped: ${kb(result.injectedGzipBytes)}   (target ≤ 12 KB)`);
  for (const f of sizes.capture) console.log(`    ${pad(f.file, 34)} ${kb(f.bytes)} raw, ${kb(f.gzipBytes)} gzip`);
  console.log(`injected into a page with a strategy on, gzipped: ${kb(result.injectedWithStrategyGzipBytes)} (the above, and:)`);
  for (const f of sizes.optimizer) console.log(`    ${pad(f.file, 34)} ${kb(f.bytes)} raw, ${kb(f.gzipBytes)} gzip`);
  console.log(`requests to other hosts: ${externalRequests.length}, all answered locally: ${leaked.length === 0 ? 'yes' : `NO, ${leaked.length} not`} (${result.network.externalHosts.join(', ') || 'none'})`);
  console.log('our hottest functions (self ms summed over all measured runs):');
  for (const [k, ms] of result.hotFunctionsMs.slice(0, 10)) console.log(`    ${ms.toFixed(1).padStart(7)} ms  ${k}`);
} finally {
  for (const arm of arms) await browsers[arm].close();
  await demo.close();
  for (const s of servers) await s.close();
  rmSync(bareExtensionDir, { recursive: true, force: true });
  rmSync(stdExtensionDir, { recursive: true, force: true });
  if (knownExtensionDir) rmSync(knownExtensionDir, { recursive: true, force: true });
}
