/**
 * Drives a real Chromium with the built extension (dist/) against the demo admin app.
 * See the shared TESTING notes: Debian's Chromium, playwright-core, quiet flags.
 */
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error -- plain ESM helpers shared with the start and bench scripts
import { extensionArgs, findBrowser, QUIET_FLAGS } from '../../scripts/browser.mjs';
// @ts-expect-error -- plain ESM demo server
import { startDemoServer } from '../../scripts/demo-server.mjs';
import type { SessionData } from '../../src/core/model';

export interface DemoServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startDemo(options: { latencyScale?: number } = {}): Promise<DemoServer> {
  return (await startDemoServer({ port: 0, host: '127.0.0.1', ...options })) as DemoServer;
}

/**
 * Starts the demo app and a Chromium with the extension before a test file's tests, and closes
 * both after them. Read `env.demo` and `env.ext` inside tests.
 */
export function useDemoAndExtension(options: { latencyScale?: number } = {}): { readonly demo: DemoServer; readonly ext: ExtensionBrowser } {
  const env = {} as { demo: DemoServer; ext: ExtensionBrowser };
  beforeAll(async () => {
    env.demo = await startDemo(options);
    env.ext = await launchWithExtension();
  });
  afterAll(async () => {
    await env.ext?.close();
    await env.demo?.close();
  });
  return env;
}

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  worker(): Promise<Worker>;
  close(): Promise<void>;
}

export async function launchWithExtension(options: { headless?: boolean; args?: string[] } = {}): Promise<ExtensionBrowser> {
  const executablePath = (await findBrowser()) as string;
  const userDataDir = mkdtempSync(join(tmpdir(), 'ap-e2e-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: options.headless ?? true,
    args: [...(QUIET_FLAGS as string[]), ...(extensionArgs() as string[]), ...(options.args ?? [])],
    viewport: { width: 1280, height: 800 },
  });
  const first = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(first.url()).host;
  const worker = async (): Promise<Worker> => {
    for (let i = 0; i < 100; i++) {
      const w = context.serviceWorkers().find((sw) => sw.url().startsWith(`chrome-extension://${extensionId}/`));
      if (w) return w;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('The extension service worker did not start');
  };
  return {
    context,
    extensionId,
    worker,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** The extension's tab id for a page (looked up from the service worker). */
export async function tabIdOf(ext: ExtensionBrowser, page: Page): Promise<number> {
  const url = page.url();
  const worker = await ext.worker();
  const id = await worker.evaluate(async (u: string) => {
    const tabs = await chrome.tabs.query({});
    return tabs.find((t) => t.url === u)?.id ?? null;
  }, url);
  if (id === null) throw new Error(`No tab found for ${url}`);
  return id;
}

/** Opens the panel page as a tab for the inspected tab id; `query` adds parameters such as theme. */
export async function openPanel(ext: ExtensionBrowser, tabId: number, view?: string, query: Record<string, string> = {}): Promise<Page> {
  const page = await ext.context.newPage();
  const params = new URLSearchParams({ tabId: String(tabId), ...(view ? { view } : {}), ...query });
  await page.goto(`chrome-extension://${ext.extensionId}/src/panel/index.html?${params}`);
  return page;
}

/** Reads what IndexedDB holds for a tab's latest session, from an extension page (real IndexedDB). */
export async function storedSession(extPage: Page, tabId: number): Promise<SessionData | null> {
  return extPage.evaluate(async (tab: number) => {
    const db: IDBDatabase = await new Promise((resolve, reject) => {
      const req = indexedDB.open('admin-performance');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const all = <T,>(store: string, index?: string, range?: IDBKeyRange): Promise<T[]> =>
      new Promise((resolve, reject) => {
        const s = db.transaction(store).objectStore(store);
        const req = (index ? s.index(index) : s).getAll(range);
        req.onsuccess = () => resolve(req.result as T[]);
        req.onerror = () => reject(req.error);
      });
    const sessions = (await all<SessionData['session']>('sessions')).filter((s) => s.tabId === tab).sort((a, b) => b.startTime - a.startTime);
    const session = sessions[0];
    if (!session) return null;
    const range = IDBKeyRange.bound([session.id, -Infinity], [session.id, Infinity]);
    const [views, samples, requests, alerts] = await Promise.all([
      all<SessionData['views'][number]>('views', 'by-session', range),
      all<SessionData['samples'][number]>('samples', 'by-session', range),
      all<SessionData['requests'][number]>('requests', 'by-session', range),
      all<SessionData['alerts'][number]>('alerts', 'by-session', range),
    ]);
    db.close();
    return { session, views, samples, requests, alerts };
  }, tabId);
}

/** The latest session of a tab with its counters only (cheap to poll, unlike storedSession). */
export async function storedCounts(extPage: Page, tabId: number): Promise<SessionData['session'] | null> {
  return extPage.evaluate(async (tab: number) => {
    const db: IDBDatabase = await new Promise((resolve, reject) => {
      const req = indexedDB.open('admin-performance');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const sessions: SessionData['session'][] = await new Promise((resolve, reject) => {
      const req = db.transaction('sessions').objectStore('sessions').index('by-tab').getAll(tab);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    db.close();
    return sessions.sort((a, b) => b.startTime - a.startTime)[0] ?? null;
  }, tabId);
}

/** Polls until the check returns a truthy value (or throws with the last value seen). */
export async function waitFor<T>(what: string, check: () => Promise<T>, timeoutMs = 20_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      last = await check();
      if (last) return last as NonNullable<T>;
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`Timed out waiting for ${what}; last value: ${JSON.stringify(last)?.slice(0, 500)} ${lastError ? String(lastError) : ''}`);
}

/**
 * Stops the extension's service worker the way Chrome does when idle (CDP), and waits until
 * Chrome reports it stopped, so a test cannot pass without a real restart.
 */
export async function stopServiceWorkers(page: Page, extensionId: string): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const stopped = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('The extension service worker did not report "stopped"')), 10_000);
    cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
      if (versions.some((v) => v.scriptURL.startsWith(`chrome-extension://${extensionId}/`) && v.runningStatus === 'stopped')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await stopped;
  await cdp.detach();
}
