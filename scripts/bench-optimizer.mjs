// `npm run bench:optimizer`: the optimizer's recommended plan on against off, on the demo app's
// heaviest pages, over alternating page loads (off, on, on, off, ...) in one browser with the
// extension. Per load: LCP (PerformanceObserver), rendering time (CDP LayoutDuration +
// RecalcStyleDuration) and main-thread task time, bytes transferred (Resource + Navigation
// Timing transferSize). Prints medians and ratios and writes .bench/optimizer.json.
import { chromium } from 'playwright-core';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extensionArgs, findBrowser, QUIET_FLAGS, ROOT } from './browser.mjs';
import { startDemoServer } from './demo-server.mjs';

const LOADS = Number(process.env.BENCH_LOADS ?? 8);
const PAGES = (process.env.BENCH_PAGES ?? '/,/reports').split(',');
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const demo = await startDemoServer({ port: 0 });
const dir = mkdtempSync(join(tmpdir(), 'ap-bench-opt-'));
const context = await chromium.launchPersistentContext(dir, {
  executablePath: await findBrowser(),
  headless: true,
  args: [...QUIET_FLAGS, ...extensionArgs()],
  viewport: { width: 1280, height: 800 },
});
const results = [];
try {
  const sw = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(sw.url()).host;
  const page = await context.newPage();
  const panel = await context.newPage();
  await panel.goto(`chrome-extension://${extensionId}/src/panel/index.html?tabId=0`);
  const request = (name, args) =>
    panel.evaluate(
      ([n, a]) =>
        new Promise((resolve, reject) => {
          const port = chrome.runtime.connect({ name: 'ap-panel' });
          port.onMessage.addListener((m) => {
            if (m.type !== 'reply') return;
            port.disconnect();
            m.ok ? resolve(m.result) : reject(new Error(m.error));
          });
          port.postMessage({ type: 'request', id: 1, name: n, args: a });
        }),
      [name, args],
    );

  for (const path of PAGES) {
    const url = `${demo.url}${path}`;
    const readyRoute = path === '/' ? 'dashboard' : path.slice(1);
    const load = async () => {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Performance.enable');
      const before = await cdp.send('Performance.getMetrics');
      await page.goto(url, { waitUntil: 'load' });
      await page.waitForSelector(`body[data-ready="${readyRoute}"]`, { timeout: 60_000 });
      await page.waitForTimeout(2500);
      const after = await cdp.send('Performance.getMetrics');
      const metric = (m, name) => (m.metrics.find((x) => x.name === name)?.value ?? 0) * 1000;
      const delta = (name) => metric(after, name) - metric(before, name);
      const inPage = await page.evaluate(
        () =>
          new Promise((resolve) => {
            let lcp = 0;
            new PerformanceObserver((list) => {
              for (const e of list.getEntries()) lcp = e.startTime;
            }).observe({ type: 'largest-contentful-paint', buffered: true });
            setTimeout(() => {
              const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
              resolve({ lcp, bytes: entries.reduce((s, e) => s + e.transferSize, 0), requests: entries.length });
            }, 50);
          }),
      );
      await cdp.detach();
      return { ...inPage, renderMs: delta('LayoutDuration') + delta('RecalcStyleDuration'), taskMs: delta('TaskDuration') };
    };

    // Record a baseline load, then ask the optimizer for its plan for this page on this device.
    await page.goto(url);
    await page.waitForSelector(`body[data-ready="${readyRoute}"]`, { timeout: 60_000 });
    await page.waitForTimeout(2500);
    const tabId = await sw.evaluate(async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)?.id, page.url());
    const view = await request('optimizerView', { tabId, pattern: url });
    const plan = view.plan.recommended.map((r) => r.id);
    console.log(`\n${path}: recommended plan = ${plan.join(', ') || '(none)'}`);
    for (const r of view.plan.recommended) console.log(`  - ${r.title}: ${r.reason}`);
    const rows = { off: [], on: [] };
    for (let i = 0; i < LOADS * 2; i++) {
      const mode = [0, 3].includes(i % 4) ? 'off' : 'on';
      await request('setStrategies', { tabId, pattern: url, strategies: mode === 'on' ? plan : [] });
      const r = await load();
      rows[mode].push(r);
      process.stdout.write(`  load ${String(i + 1).padStart(2)} ${mode.padEnd(3)} LCP ${r.lcp.toFixed(0)} ms, render ${r.renderMs.toFixed(0)} ms, task ${r.taskMs.toFixed(0)} ms, ${(r.bytes / 1024).toFixed(0)} KB\n`);
    }
    await request('setStrategies', { tabId, pattern: url, strategies: [] });
    const summary = {};
    for (const key of ['lcp', 'renderMs', 'taskMs', 'bytes', 'requests']) {
      const off = median(rows.off.map((r) => r[key]));
      const on = median(rows.on.map((r) => r[key]));
      summary[key] = { off, on, ratio: on / off, changePercent: ((on - off) / off) * 100 };
    }
    results.push({ path, plan, loadsPerSide: LOADS, summary });
  }
  mkdirSync(join(ROOT, '.bench'), { recursive: true });
  writeFileSync(join(ROOT, '.bench', 'optimizer.json'), JSON.stringify({ date: new Date().toISOString(), results }, null, 2));
  console.log('\nRecommended plan on vs off (medians; ratio = on/off)');
  console.log('page       metric                 off          on       ratio   change');
  const fmt = (k, v) => (k === 'bytes' ? `${(v / 1024).toFixed(0)} KB` : k === 'requests' ? v.toFixed(0) : `${v.toFixed(0)} ms`);
  const names = { lcp: 'LCP', renderMs: 'rendering (layout+style)', taskMs: 'main-thread tasks', bytes: 'bytes transferred', requests: 'requests' };
  for (const r of results) {
    for (const [k, s] of Object.entries(r.summary)) {
      console.log(`${r.path.padEnd(10)} ${names[k].padEnd(22)} ${fmt(k, s.off).padStart(10)} ${fmt(k, s.on).padStart(10)} ${s.ratio.toFixed(3).padStart(8)} ${(s.changePercent >= 0 ? '+' : '') + s.changePercent.toFixed(1)} %`);
    }
  }
  console.log('\nSeed claims to test against: 50 % faster loads, 60 % less network.');
} finally {
  await context.close();
  rmSync(dir, { recursive: true, force: true });
  await demo.close();
}
