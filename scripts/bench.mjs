// `npm run bench`: what the extension costs the page it measures, on the demo app's heaviest
// flow (load the dashboard, scroll, click Refresh, SPA-navigate to the 5,000-row users table,
// search and sort). Compares with and without the extension in the same run (alternating),
// prints medians and ratios, and writes .bench/capture.json. Not a test: nothing is asserted.
import { chromium } from 'playwright-core';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DIST, extensionArgs, findBrowser, QUIET_FLAGS, ROOT } from './browser.mjs';
import { startDemoServer } from './demo-server.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const LATENCY_PROBES = Number(process.env.BENCH_PROBES ?? 40);

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

async function launch(withExtension) {
  const dir = mkdtempSync(join(tmpdir(), 'ap-bench-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: await findBrowser(),
    headless: true,
    args: [...QUIET_FLAGS, ...(withExtension ? extensionArgs() : [])],
    viewport: { width: 1280, height: 800 },
  });
  let extensionId = null;
  if (withExtension) {
    const sw = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    extensionId = new URL(sw.url()).host;
  }
  return { context, extensionId, close: async () => { await context.close(); rmSync(dir, { recursive: true, force: true }); } };
}

/** The scripted workload; returns the page's main-thread task time and the extension's self time. */
async function workload(browser, demoUrl) {
  const page = await browser.context.newPage();
  await page.goto(`${demoUrl}/stress/blank`);
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  const before = await cdp.send('Performance.getMetrics');
  await cdp.send('Profiler.start');
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
  const { profile } = await cdp.send('Profiler.stop');
  const after = await cdp.send('Performance.getMetrics');
  const metric = (m, name) => m.metrics.find((x) => x.name === name)?.value ?? 0;
  const taskMs = (metric(after, 'TaskDuration') - metric(before, 'TaskDuration')) * 1000;
  let extensionMs = 0;
  if (browser.extensionId) {
    const prefix = `chrome-extension://${browser.extensionId}/`;
    const own = new Set(profile.nodes.filter((n) => n.callFrame.url.startsWith(prefix)).map((n) => n.id));
    for (let i = 0; i < profile.samples.length; i++) {
      if (own.has(profile.samples[i])) extensionMs += (profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0) / 1000;
    }
  }
  await cdp.detach();
  await page.close();
  return { taskMs, extensionMs };
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

function injectedSize() {
  const manifest = JSON.parse(readFileSync(join(DIST, 'manifest.json'), 'utf8'));
  const files = manifest.content_scripts.flatMap((c) => c.js);
  return files.map((f) => {
    const raw = readFileSync(join(DIST, f));
    return { file: f, bytes: raw.length, gzipBytes: gzipSync(raw, { level: 9 }).length };
  });
}

const demo = await startDemoServer({ port: 0 });
const withExt = await launch(true);
const without = await launch(false);
const rows = { withTask: [], withoutTask: [], share: [] };
try {
  await workload(withExt, demo.url); // warm-up (server caches, browser code caches)
  await workload(without, demo.url);
  for (let i = 0; i < RUNS; i++) {
    const order = i % 2 === 0 ? [withExt, without] : [without, withExt];
    for (const b of order) {
      const r = await workload(b, demo.url);
      if (b === withExt) {
        rows.withTask.push(r.taskMs);
        rows.share.push((r.extensionMs / r.taskMs) * 100);
      } else rows.withoutTask.push(r.taskMs);
      process.stdout.write(`  run ${i + 1}/${RUNS} ${b === withExt ? 'with   ' : 'without'} extension: task ${r.taskMs.toFixed(0)} ms${b === withExt ? `, extension self time ${r.extensionMs.toFixed(1)} ms` : ''}\n`);
    }
  }
  const latencies = await panelLatency(withExt, demo.url);
  const sizes = injectedSize();
  const result = {
    date: new Date().toISOString(),
    runs: RUNS,
    extensionShareMedianPercent: median(rows.share),
    taskMsWithMedian: median(rows.withTask),
    taskMsWithoutMedian: median(rows.withoutTask),
    taskRatio: median(rows.withTask) / median(rows.withoutTask),
    panelLatencyMs: { n: latencies.length, p50: quantile(latencies, 0.5), p95: quantile(latencies, 0.95), max: Math.max(...latencies) },
    injected: sizes,
    injectedGzipBytes: sizes.reduce((s, f) => s + f.gzipBytes, 0),
  };
  mkdirSync(join(ROOT, '.bench'), { recursive: true });
  writeFileSync(join(ROOT, '.bench', 'capture.json'), JSON.stringify(result, null, 2));
  const pad = (s, n) => String(s).padEnd(n);
  console.log('\nAdmin Performance — capture cost on the demo dashboard + users flow');
  console.log(`${pad('extension share of page main-thread time (median)', 58)} ${result.extensionShareMedianPercent.toFixed(2)} %   (target <= 2 %)`);
  console.log(`${pad('page task time with extension (median)', 58)} ${result.taskMsWithMedian.toFixed(0)} ms`);
  console.log(`${pad('page task time without extension (median)', 58)} ${result.taskMsWithoutMedian.toFixed(0)} ms`);
  console.log(`${pad('ratio with / without (context: identical browsers differ ~4 %)', 58)} ${result.taskRatio.toFixed(3)}`);
  console.log(`${pad(`metric-to-panel latency p50 / p95 (n=${latencies.length})`, 58)} ${result.panelLatencyMs.p50.toFixed(0)} ms / ${result.panelLatencyMs.p95.toFixed(0)} ms   (target p95 < 1000 ms)`);
  console.log(`${pad('injected into the page, gzipped', 58)} ${(result.injectedGzipBytes / 1024).toFixed(1)} KB   (target <= 20 KB)`);
  for (const f of sizes) console.log(`    ${pad(f.file, 30)} ${(f.bytes / 1024).toFixed(1)} KB raw, ${(f.gzipBytes / 1024).toFixed(1)} KB gzip`);
} finally {
  await withExt.close();
  await without.close();
  await demo.close();
}
