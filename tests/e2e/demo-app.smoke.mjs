#!/usr/bin/env node
/**
 * Smoke check of the demo admin app (no extension): starts scripts/demo-server.mjs, drives the
 * app in headless Chromium through playwright-core and checks the readiness markers, the users
 * table, client-side navigation, long animation frames on the dashboard, CLS on /shifts, the
 * stress pages, the forms, and measures the dashboard's transfer size.
 *
 *   node tests/e2e/demo-app.smoke.mjs [--screenshot FILE.png] [--stress-n 2000]
 *   CHROME_PATH overrides /usr/bin/chromium.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startDemoServer } from '../../scripts/demo-server.mjs';

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : def;
};
const screenshotPath = opt('--screenshot', join(tmpdir(), 'demo-dashboard.png'));
const stressN = Number(opt('--stress-n', '2000'));
const executablePath = process.env.CHROME_PATH || '/usr/bin/chromium';

const results = [];
function check(name, ok, detail = '') {
  results.push({ name, ok: Boolean(ok), detail });
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ` — ${detail}` : ''}`);
}

/** Installed before any page script: buffers LoAF, layout shifts, LCP and event timings. */
function observeVitals() {
  const store = { loaf: [], shifts: [], lcp: [], events: [] };
  window.__smoke = store;
  const observe = (type, fn, extra = {}) => {
    try {
      new PerformanceObserver((list) => list.getEntries().forEach(fn)).observe({ type, buffered: true, ...extra });
    } catch {
      /* unsupported */
    }
  };
  observe('long-animation-frame', (e) => store.loaf.push({ start: e.startTime, duration: e.duration, blocking: e.blockingDuration }));
  observe('layout-shift', (e) => store.shifts.push({ t: e.startTime, value: e.value, input: e.hadRecentInput }));
  observe('largest-contentful-paint', (e) => store.lcp.push({ t: e.startTime, size: e.size, tag: e.element?.tagName ?? null, testid: e.element?.dataset?.testid ?? null, url: e.url }));
  observe('event', (e) => store.events.push({ name: e.name, duration: e.duration, id: e.interactionId }), { durationThreshold: 16 });
}

const FLAGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

const demo = await startDemoServer({ port: 0 });
const browser = await chromium.launch({ executablePath, args: FLAGS });
const base = demo.url;
console.log(`demo server at ${base}`);

async function newPage() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(observeVitals);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  return { context, page, errors };
}
const waitReady = (page, route, timeout = 30_000) => page.waitForSelector(`body[data-ready="${route}"]`, { timeout });

try {
  // 1. Every route on a direct load.
  const ROUTES = [
    ['/', 'dashboard', 'Dashboard'],
    ['/users', 'users', 'Users'],
    ['/forms', 'forms', 'Forms'],
    ['/reports', 'reports', 'Reports'],
    ['/shifts', 'shifts', 'Shifts'],
    ['/settings', 'settings', 'Settings'],
  ];
  for (const [path, route, title] of ROUTES) {
    const { context, page, errors } = await newPage();
    const t0 = Date.now();
    await page.goto(base + path);
    await waitReady(page, route);
    const h1 = await page.locator('h1').first().textContent();
    const docTitle = await page.title();
    check(`direct load ${path}`, h1?.trim() === title && docTitle.startsWith(title) && errors.length === 0,
      `ready in ${Date.now() - t0} ms, h1 "${h1?.trim()}", title "${docTitle}"${errors.length ? `, errors: ${errors.join(' | ')}` : ''}`);
    await context.close();
  }

  // 2. Dashboard: bytes, images, LCP, long animation frames, Refresh interaction, screenshot.
  {
    const { context, page, errors } = await newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    const requests = new Map();
    let bytes = 0;
    let imageBytes = 0;
    let images = 0;
    cdp.on('Network.responseReceived', (e) => requests.set(e.requestId, e.type));
    cdp.on('Network.loadingFinished', (e) => {
      bytes += e.encodedDataLength;
      if (requests.get(e.requestId) === 'Image') {
        images++;
        imageBytes += e.encodedDataLength;
      }
    });
    await page.goto(base + '/');
    await waitReady(page, 'dashboard');
    await page.waitForFunction(() => [...document.images].every((i) => i.complete), null, { timeout: 30_000 });
    await page.waitForTimeout(300);
    const domImages = await page.evaluate(() => document.images.length);
    const products = await page.locator('[data-testid="product-card"] img').count();
    const recs = await page.locator('[data-testid="recommendation-item"]').count();
    check('dashboard content', products === 24 && recs > 0 && errors.length === 0, `${products} product images, ${recs} recommendations, ${domImages} <img> in DOM`);
    check('dashboard transfer', bytes > 500_000, `${(bytes / 1024).toFixed(0)} KiB over ${requests.size} responses; ${images} images = ${(imageBytes / 1024).toFixed(0)} KiB`);
    const smoke = await page.evaluate(() => window.__smoke);
    const lcp = smoke.lcp[smoke.lcp.length - 1];
    check('dashboard LCP is the hero image', lcp?.testid === 'hero-image', lcp ? `${lcp.tag} ${lcp.testid} at ${lcp.t.toFixed(0)} ms, size ${lcp.size}` : 'no LCP');
    const dashCls = smoke.shifts.filter((x) => !x.input).reduce((a, x) => a + x.value, 0);
    check('dashboard is stable (CLS < 0.1)', dashCls < 0.1, `layout shift sum ${dashCls.toFixed(4)}`);
    const longFrames = smoke.loaf.filter((f) => f.duration > 50);
    check('dashboard long animation frames on load', longFrames.length >= 1, `${longFrames.length} frames > 50 ms, longest ${Math.max(0, ...smoke.loaf.map((f) => f.duration)).toFixed(0)} ms`);

    await page.screenshot({ path: screenshotPath, fullPage: true });
    console.log(`     screenshot: ${screenshotPath}`);

    const before = smoke.loaf.length;
    await page.click('[data-testid="refresh-button"]');
    await page.waitForTimeout(600);
    const after = await page.evaluate(() => window.__smoke);
    const clickEvents = after.events.filter((e) => e.name === 'click' || e.name === 'pointerup' || e.name === 'pointerdown');
    const inp = Math.max(0, ...clickEvents.map((e) => e.duration));
    const newLoaf = after.loaf.slice(before).filter((f) => f.duration > 50);
    check('dashboard Refresh is slow (INP measurable)', inp >= 100 && newLoaf.length >= 1, `event duration ${inp} ms, ${newLoaf.length} new long frames`);
    await context.close();
  }

  // 3. Users: 5,000+ rows, search, sort, drawer.
  {
    const { context, page, errors } = await newPage();
    await page.goto(base + '/users');
    await waitReady(page, 'users');
    const rows = await page.locator('[data-testid="users-table"] tbody tr[data-testid="users-row"]').count();
    check('users table rows', rows >= 5000, `${rows} rows`);
    await page.click('[data-testid="users-search"]');
    await page.keyboard.type('chen', { delay: 50 });
    await page.waitForTimeout(300);
    const filtered = await page.locator('[data-testid="users-row"]').count();
    const typing = await page.evaluate(() => window.__smoke.events.filter((e) => e.name === 'keydown' || e.name === 'input' || e.name === 'keyup'));
    check('users search filters', filtered > 0 && filtered < rows, `${filtered} rows match "chen"; slowest key event ${Math.max(0, ...typing.map((e) => e.duration))} ms`);
    await page.fill('[data-testid="users-search"]', '');
    await page.click('[data-testid="sort-name"]');
    await page.click('[data-testid="sort-name"]');
    const sortState = await page.getAttribute('th[data-key="name"]', 'aria-sort');
    const firstNames = await page.locator('[data-testid="users-row"] td:nth-child(2)').evaluateAll((tds) => tds.slice(0, 3).map((t) => t.textContent));
    check('users sort', sortState === 'descending', `${sortState}: ${firstNames.join(', ')}`);
    await page.locator('[data-testid="users-row"]').nth(5).click();
    await page.waitForSelector('[data-testid="user-drawer"][data-state="ready"]');
    const drawerName = await page.textContent('[data-testid="drawer-name"]');
    await page.keyboard.press('Escape');
    const hidden = await page.locator('[data-testid="user-drawer"]').isHidden();
    check('users drawer', Boolean(drawerName) && hidden && errors.length === 0, `opened "${drawerName}", closed with Escape`);
    await context.close();
  }

  // 4. Client-side navigation through the nav links (pushState) and back/forward (popstate).
  {
    const { context, page, errors } = await newPage();
    await page.goto(base + '/');
    await waitReady(page, 'dashboard');
    await page.evaluate(() => { window.__sameDocument = true; });
    const seen = [];
    for (const [name, route, path] of [['Users', 'users', '/users'], ['Forms', 'forms', '/forms'], ['Reports', 'reports', '/reports'], ['Shifts', 'shifts', '/shifts'], ['Settings', 'settings', '/settings'], ['Dashboard', 'dashboard', '/']]) {
      await page.getByRole('link', { name, exact: true }).click();
      await waitReady(page, route);
      const state = await page.evaluate(() => ({ same: window.__sameDocument === true, path: location.pathname, title: document.title, current: document.querySelector('.nav a[aria-current="page"]')?.textContent.trim() }));
      seen.push(state.same && state.path === path && state.title.startsWith(name) && state.current === name);
    }
    await page.goBack();
    await waitReady(page, 'settings');
    await page.goBack();
    await waitReady(page, 'shifts');
    await page.goForward();
    await waitReady(page, 'settings');
    const stillSame = await page.evaluate(() => window.__sameDocument === true && performance.getEntriesByType('navigation').length === 1);
    check('pushState navigation + popstate', seen.every(Boolean) && stillSame && errors.length === 0, `${seen.filter(Boolean).length}/6 nav clicks stayed in one document; back/back/forward ok`);
    await context.close();
  }

  // 5. CLS on /shifts.
  {
    const { context, page } = await newPage();
    await page.goto(base + '/shifts');
    await waitReady(page, 'shifts');
    await page.waitForTimeout(200);
    const shifts = await page.evaluate(() => window.__smoke.shifts);
    // Session-window CLS (1 s gap, 5 s window), as web-vitals computes it.
    let cls = 0;
    let cur = 0;
    let first = 0;
    let last = 0;
    for (const s of shifts.filter((x) => !x.input)) {
      if (cur && s.t - last < 1000 && s.t - first < 5000) cur += s.value;
      else {
        cur = s.value;
        first = s.t;
      }
      last = s.t;
      cls = Math.max(cls, cur);
    }
    check('/shifts CLS > 0.1', cls > 0.1, `CLS ${cls.toFixed(3)} from ${shifts.length} shifts`);
    // Reached by a nav click instead: shifts within 500 ms of the click do not count.
    await page.goto(base + '/settings');
    await waitReady(page, 'settings');
    await page.getByRole('link', { name: 'Shifts', exact: true }).click();
    await waitReady(page, 'shifts');
    await page.waitForTimeout(200);
    const soft = await page.evaluate(() => window.__smoke.shifts.filter((x) => !x.input).reduce((a, x) => a + x.value, 0));
    check('/shifts after a nav click still shifts', soft > 0.1, `layout shift sum ${soft.toFixed(3)} (input-excluded)`);
    await context.close();
  }

  // 6. Forms: client validation, 201, 422.
  {
    const { context, page } = await newPage();
    await page.goto(base + '/forms');
    await waitReady(page, 'forms');
    await page.click('[data-testid="form-submit"]');
    const clientState = await page.getAttribute('[data-testid="form-status"]', 'data-state');
    const nameErr = await page.textContent('[data-testid="error-name"]');
    await page.fill('[data-testid="input-name"]', 'Smoke Tester');
    const email = `smoke.${Date.now()}@example.com`;
    await page.fill('[data-testid="input-email"]', email);
    await page.selectOption('[data-testid="input-role"]', 'editor');
    await page.click('[data-testid="form-submit"]');
    await page.waitForSelector('[data-testid="form-status"][data-state="success"]');
    await page.fill('[data-testid="input-name"]', 'Smoke Tester Again');
    await page.fill('[data-testid="input-email"]', email);
    await page.selectOption('[data-testid="input-role"]', 'viewer');
    await page.click('[data-testid="form-submit"]');
    await page.waitForSelector('[data-testid="form-status"][data-state="error"][data-http-status="422"]');
    const emailErr = await page.textContent('[data-testid="error-email"]');
    check('forms: client error, 201, 422', clientState === 'error' && Boolean(nameErr) && /exists/.test(emailErr ?? ''), `client "${nameErr}", server "${emailErr}"`);
    await page.fill('[data-testid="settings-org-name"]', 'Smoke Org');
    await page.click('[data-testid="settings-submit"]');
    await page.waitForSelector('[data-testid="settings-status"][data-state="success"]');
    check('forms: settings form saves', true);
    await context.close();
  }

  // 7. /stress pages.
  {
    const { context, page } = await newPage();
    const cspConsole = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspConsole.push(m.text());
    });
    const res = await page.goto(base + '/stress/csp');
    await waitReady(page, 'stress-csp');
    const info = await page.evaluate(() => ({ checks: document.body.dataset.checks, violations: window.__cspViolations.length }));
    check('/stress/csp works with no violations', res.headers()['content-security-policy']?.includes("script-src 'self'") && info.checks === 'ok' && info.violations === 0 && cspConsole.length === 0,
      `checks ${info.checks}, ${info.violations} violations, ${cspConsole.length} CSP console messages`);

    const pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(base + '/stress/throws?ticks=2');
    await waitReady(page, 'stress-throws');
    await page.waitForTimeout(2300);
    const t = await page.evaluate(() => ({ errors: window.__errors.length, rejections: window.__rejections.length, marker: !document.querySelector('[data-testid="ready-marker"]').classList.contains('hidden') }));
    check('/stress/throws renders despite errors', t.marker && t.errors >= 4 && t.rejections >= 3, `${t.errors} errors, ${t.rejections} rejections, ${pageErrors.length} pageerror events`);

    await page.goto(base + '/stress/blank');
    await waitReady(page, 'stress-blank');
    await page.evaluate(() => window.postMessage({ source: 'forged', type: 'test' }, '*'));
    await page.waitForSelector('body[data-messages="1"]');
    check('/stress/blank records window messages', true);

    const t0 = Date.now();
    await page.goto(`${base}/stress/resources?n=${stressN}`);
    await waitReady(page, 'stress-resources', 300_000);
    const r = await page.evaluate(() => ({ done: Number(document.body.dataset.done), failed: Number(document.body.dataset.failed) }));
    check(`/stress/resources?n=${stressN}`, r.done === stressN && r.failed === 0, `${r.done} loaded, ${r.failed} failed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    await context.close();
  }
} catch (err) {
  check('smoke run', false, err.stack ?? String(err));
} finally {
  await browser.close();
  await demo.close();
}

const failed = results.filter((r) => !r.ok);
console.log(`\n${results.length - failed.length}/${results.length} checks passed`);
process.exit(failed.length ? 1 : 0);
