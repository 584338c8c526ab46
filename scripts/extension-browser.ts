/**
 * A real Chromium with the built extension (dist/), and reading what the extension stored: shared
 * by the end-to-end tests (tests/e2e/harness.ts) and the CI runner (scripts/ci.ts), so both
 * drive the browser and read IndexedDB the same way. No test framework in here.
 */
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error -- plain ESM helpers shared with the start and bench scripts
import { extensionArgs, findBrowser, QUIET_FLAGS } from './browser.mjs';
import type { SessionData } from '../src/core/model';

/** A page or the service worker: both can run code against the extension's IndexedDB. */
export type ExtensionContext = Pick<Page, 'evaluate'> | Pick<Worker, 'evaluate'>;

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  worker(): Promise<Worker>;
  close(): Promise<void>;
}

/** userDataDir: the profile folder to use (kept on close: its owner removes it); a fresh temporary one by default. */
export async function launchWithExtension(options: { headless?: boolean; args?: string[]; dist?: string; userDataDir?: string } = {}): Promise<ExtensionBrowser> {
  const executablePath = (await findBrowser()) as string;
  const extension = (options.dist ? extensionArgs(options.dist) : extensionArgs()) as string[];
  const userDataDir = options.userDataDir ?? mkdtempSync(join(tmpdir(), 'ap-e2e-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: options.headless ?? true,
    args: [...(QUIET_FLAGS as string[]), ...extension, ...(options.args ?? [])],
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
      if (!options.userDataDir) rmSync(userDataDir, { recursive: true, force: true });
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

/**
 * Reads what IndexedDB holds for a tab's latest session, from an extension page or the service
 * worker (real IndexedDB). The code that runs there names no function: tsx (the CI runner) would
 * wrap named functions in a helper that does not exist in the browser.
 */
export async function storedSession(extPage: ExtensionContext, tabId: number): Promise<SessionData | null> {
  return (extPage as Pick<Page, 'evaluate'>).evaluate(async (tab: number) => {
    const db: IDBDatabase = await new Promise((resolve, reject) => {
      const req = indexedDB.open('admin-performance');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const sessions: SessionData['session'][] = await new Promise((resolve, reject) => {
      const req = db.transaction('sessions').objectStore('sessions').getAll();
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const session = sessions.filter((s) => s.tabId === tab).sort((a, b) => b.startTime - a.startTime)[0];
    if (!session) {
      db.close();
      return null;
    }
    const range = IDBKeyRange.bound([session.id, -Infinity], [session.id, Infinity]);
    const [views, sampleChunks, requestChunks, alerts] = (await Promise.all(
      // Samples and requests are stored in time-sorted chunks (src/storage/record-chunks.ts).
      ['views', 'sample-chunks', 'request-chunks', 'alerts'].map(
        (store) =>
          new Promise<unknown[]>((resolve, reject) => {
            const req = db.transaction(store).objectStore(store).index('by-session').getAll(range);
            req.onsuccess = () => resolve(req.result);
            req.onerror = () => reject(req.error);
          }),
      ),
    )) as [SessionData['views'], { records: SessionData['samples'] }[], { records: SessionData['requests'] }[], SessionData['alerts']];
    db.close();
    const [samples, requests] = ([sampleChunks, requestChunks] as { records: { t: number }[] }[][]).map((chunks) =>
      chunks
        .flatMap((chunk) => chunk.records)
        .map((record, i) => ({ record, i }))
        .sort((a, b) => a.record.t - b.record.t || a.i - b.i)
        .map(({ record }) => record),
    ) as [SessionData['samples'], SessionData['requests']];
    return { session, views, samples, requests, alerts };
  }, tabId);
}

/** The latest session of a tab with its counters only (cheap to poll, unlike storedSession). */
export async function storedCounts(extPage: ExtensionContext, tabId: number): Promise<SessionData['session'] | null> {
  return (extPage as Pick<Page, 'evaluate'>).evaluate(async (tab: number) => {
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

