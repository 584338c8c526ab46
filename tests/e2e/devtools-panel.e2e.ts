import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type CDPSession } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error -- plain ESM helpers shared with the start and bench scripts
import { extensionArgs, findBrowser, QUIET_FLAGS } from '../../scripts/browser.mjs';
import { startDemo, waitFor, type DemoServer } from './harness';

// The real DevTools window loads extension panels only in a headful Chromium: under Xvfb here.
const headful = Boolean(process.env.DISPLAY);

/**
 * A target Playwright does not list as a page (the DevTools window, the panel's frame inside
 * it), driven over raw CDP through the browser session.
 */
class RawTarget {
  private nextId = 0;
  private readonly waiting = new Map<number, (m: { result?: { result?: { value?: unknown }; exceptionDetails?: { text: string } } }) => void>();
  private constructor(private readonly browserSession: CDPSession, private readonly sessionId: string) {
    browserSession.on('Target.receivedMessageFromTarget', ({ sessionId: from, message }) => {
      if (from !== this.sessionId) return;
      const m = JSON.parse(message);
      this.waiting.get(m.id)?.(m);
      this.waiting.delete(m.id);
    });
  }

  static async attach(browserSession: CDPSession, match: (url: string) => boolean): Promise<RawTarget | null> {
    const { targetInfos } = await browserSession.send('Target.getTargets');
    const target = targetInfos.find((t) => match(t.url));
    if (!target) return null;
    const { sessionId } = await browserSession.send('Target.attachToTarget', { targetId: target.targetId, flatten: false });
    return new RawTarget(browserSession, sessionId);
  }

  async evaluate<T>(expression: string): Promise<T> {
    const id = ++this.nextId;
    const reply = new Promise<Parameters<NonNullable<ReturnType<typeof this.waiting.get>>>[0]>((resolve) => this.waiting.set(id, resolve));
    await this.browserSession.send('Target.sendMessageToTarget', {
      sessionId: this.sessionId,
      message: JSON.stringify({ id, method: 'Runtime.evaluate', params: { expression, awaitPromise: true, returnByValue: true } }),
    });
    const m = await reply;
    if (m.result?.exceptionDetails) throw new Error(m.result.exceptionDetails.text);
    return m.result?.result?.value as T;
  }
}

describe.skipIf(!headful)('the real DevTools panel', () => {
  let demo: DemoServer;
  let chromeProcess: ChildProcess;
  let browser: Browser;
  let userDataDir: string;

  beforeAll(async () => {
    demo = await startDemo();
    userDataDir = mkdtempSync(join(tmpdir(), 'ap-devtools-'));
    const port = 9300 + Math.floor(Math.random() * 500);
    chromeProcess = spawn((await findBrowser()) as string, [
      ...(QUIET_FLAGS as string[]),
      ...(extensionArgs() as string[]),
      `--user-data-dir=${userDataDir}`,
      `--remote-debugging-port=${port}`,
      '--auto-open-devtools-for-tabs',
      '--window-size=1400,900',
      `${demo.url}/`,
    ], { stdio: 'ignore' });
    browser = await waitFor('Chromium to accept CDP', async () => chromium.connectOverCDP(`http://127.0.0.1:${port}`).catch(() => null), 30_000);
  });
  afterAll(async () => {
    await browser?.close().catch(() => {});
    chromeProcess?.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 500));
    await demo?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  });

  it('shows the "Admin Performance" tab and renders its Overview for the inspected tab', async () => {
    const context = browser.contexts()[0]!;
    const appPage = await waitFor('the demo page', async () => context.pages().find((p) => p.url().startsWith(demo.url)) ?? null);
    await appPage.waitForSelector('body[data-ready="dashboard"]');
    const session = await browser.newBrowserCDPSession();
    const devtools = await waitFor('the DevTools window', () => RawTarget.attach(session, (url) => url.startsWith('devtools://devtools/')), 30_000);

    const legacy = `(await import('./ui/legacy/legacy.js')).InspectorView.InspectorView.instance().tabbedPane`;
    const tabIds = await waitFor('the extension panel in DevTools', async () => {
      const ids = await devtools.evaluate<string[]>(`(async () => ${legacy}.tabIds())()`);
      return ids.some((id) => id.endsWith('AdminPerformance')) ? ids : null;
    }, 30_000);
    const panelId = tabIds.find((id) => id.endsWith('AdminPerformance'))!;
    expect(panelId).toMatch(/^chrome-extension:\/\/[a-p]{32}AdminPerformance$/);
    // The built-in Performance panel ("timeline") is still the only one of its kind.
    expect(tabIds.filter((id) => id === 'timeline')).toHaveLength(1);
    const title = await devtools.evaluate<string>(`(async () => ${legacy}.tabsById.get(${JSON.stringify(panelId)}).title)()`);
    expect(title).toBe('Admin Performance');

    await devtools.evaluate(`(async () => ${legacy}.selectTab(${JSON.stringify(panelId)}))()`);
    const panel = await waitFor('the panel frame', () => RawTarget.attach(session, (url) => url.includes('/src/panel/index.html')), 30_000);

    // The panel inspects the real tab.
    const inspected = await panel.evaluate<number>('chrome.devtools.inspectedWindow.tabId');
    const sw = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const realTabId = await sw.evaluate(async (url: string) => (await chrome.tabs.query({})).find((t) => t.url === url)?.id, appPage.url());
    expect(inspected).toBe(realTabId);

    // Its Overview renders the vitals of the inspected page.
    await appPage.getByTestId('refresh-button').first().click();
    const cardText = (name: string) => `document.querySelector('[role="group"][aria-label="${name}"]')?.innerText ?? ''`;
    for (const name of ['LCP', 'FCP', 'TTFB', 'INP']) {
      await expect.poll(() => panel.evaluate<string>(cardText(name)), { timeout: 15_000 }).toMatch(/\d[\d,]* ms\s+(good|needs improvement|poor)/);
    }
    await expect.poll(() => panel.evaluate<string>(cardText('Requests')), { timeout: 15_000 }).toMatch(/Requests\s+[1-9]/);

    // While DevTools is open, its network details (headers, content type) enrich the records.
    await appPage.evaluate(() => fetch('/api/users?page=3&size=5', { headers: { 'X-Requested-With': 'admin-performance-test' } }).then((r) => r.json()));
    const enriched = await waitFor('the request enriched with DevTools network details', async () => {
      const found = await panel.evaluate<{ method?: string; mimeType?: string; requestHeaders?: { name: string; value: string }[] } | null>(`(async () => {
        const db = await new Promise((resolve, reject) => { const r = indexedDB.open('admin-performance'); r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
        const all = await new Promise((resolve) => { const r = db.transaction('request-chunks').objectStore('request-chunks').getAll(); r.onsuccess = () => resolve(r.result.flatMap((chunk) => chunk.records)); });
        db.close();
        return all.find((x) => x.url.includes('/api/users?page=3&size=5') && x.requestHeaders) ?? null;
      })()`);
      return found;
    }, 20_000);
    expect(enriched.method).toBe('GET');
    expect(enriched.mimeType).toBe('application/json');
    expect(enriched.requestHeaders?.some((h) => h.name.toLowerCase() === 'x-requested-with' && h.value === 'admin-performance-test')).toBe(true);

    const theme = await panel.evaluate<string[]>('[document.documentElement.dataset.theme, chrome.devtools.panels.themeName, document.documentElement.dataset.themeSource]');
    expect(theme[0]).toBe(theme[1] === 'dark' ? 'dark' : 'light');
    expect(theme[2]).toBe('devtools');

    // Switching DevTools' own theme setting re-themes the open panel live, both ways (no reload:
    // a marker on the panel's window survives).
    await panel.evaluate('window.themeMarker = 1');
    const setDevtoolsTheme = (name: string) =>
      devtools.evaluate(`(async () => { (await import('./core/common/common.js')).Settings.Settings.instance().moduleSetting('ui-theme').set(${JSON.stringify(name)}); })()`);
    const shown = () => panel.evaluate<string[]>('[document.documentElement.dataset.theme, getComputedStyle(document.body).backgroundColor]');
    for (const [setting, expected] of [['dark', 'dark'], ['default', 'light']] as const) {
      await setDevtoolsTheme(setting);
      await expect.poll(async () => (await shown())[0], { timeout: 10_000, message: `DevTools theme ${setting}` }).toBe(expected);
    }
    expect((await shown())[1]).toBe('rgb(255, 255, 255)');
    await setDevtoolsTheme('dark');
    await expect.poll(async () => (await shown())[1], { timeout: 10_000 }).toBe('rgb(32, 33, 36)');
    expect(await panel.evaluate<number>('window.themeMarker')).toBe(1);
  });

  it('with "capture only while DevTools is open", captures a tab whose DevTools never showed the panel', async () => {
    const context = browser.contexts()[0]!;
    const sw = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    await sw.evaluate(() => chrome.storage.local.set({ captureOnlyWithDevTools: true }));
    // A new tab gets its own DevTools window (--auto-open-devtools-for-tabs): only the extension's DevTools page runs there.
    const page = await context.newPage();
    await page.goto(`${demo.url}/?devtools-page-only=1`);
    await page.waitForSelector('body[data-ready="dashboard"]');
    // Its DevTools window may open after the page loaded: capture starts once its DevTools page has said so.
    const tabId = await waitFor('the new tab', () => sw.evaluate(async (u: string) => (await chrome.tabs.query({})).find((t) => t.url === u)?.id, page.url()));
    await waitFor('the DevTools page of the new tab connected', () => sw.evaluate(async (tab: number) => ((await chrome.storage.session.get('devtoolsTabs')).devtoolsTabs as number[] | undefined)?.includes(tab), tabId), 30_000);
    await page.evaluate(() => fetch('/api/ping?devtools-page-only=1').then((r) => r.text()));
    const stored = await waitFor('the request of the tab with DevTools open stored', () =>
      sw.evaluate(async () => {
        const db: IDBDatabase = await new Promise((resolve, reject) => {
          const r = indexedDB.open('admin-performance');
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => reject(r.error);
        });
        const all: { url: string }[] = await new Promise((resolve) => {
          // Requests are stored in chunks (src/storage/record-chunks.ts).
          const r = db.transaction('request-chunks').objectStore('request-chunks').getAll();
          r.onsuccess = () => resolve((r.result as { records: { url: string }[] }[]).flatMap((chunk) => chunk.records));
        });
        db.close();
        return all.some((x) => x.url.includes('/api/ping?devtools-page-only=1'));
      }),
    );
    expect(stored).toBe(true);
    await sw.evaluate(() => chrome.storage.local.set({ captureOnlyWithDevTools: false }));
  });
});
