/**
 * Drives a real Chromium with the built extension (dist/) against the demo admin app.
 * See the shared TESTING notes: Debian's Chromium, playwright-core, quiet flags.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { SessionData } from '../../src/core/model';
import { exportInputFrom, startExport, streamToString } from '../../src/core/sessions/index';
import { CHUNK_STORES, chunksOf } from '../../src/storage/record-chunks';
import { afterAll, beforeAll } from 'vitest';
// @ts-expect-error -- plain ESM demo server
import { startDemoServer } from '../../scripts/demo-server.mjs';
import { launchWithExtension, openPanel, tabIdOf, type ExtensionBrowser } from '../../scripts/extension-browser';

// The browser and IndexedDB helpers live with the CI runner, which drives the browser the same way.
export { launchWithExtension, openPanel, storedCounts, storedSession, tabIdOf, waitFor, type ExtensionBrowser } from '../../scripts/extension-browser';

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

/**
 * The demo's vitals workload: the dashboard (LCP, FCP, TTFB), a real click on Refresh (INP: its
 * handler does ~150 ms of synchronous work), then an SPA navigation to the layout-shift page
 * (a new view, CLS), and time for the last changes to be delivered.
 */
export async function demoVitalsWorkload(page: Page, demoUrl: string): Promise<void> {
  await page.goto(`${demoUrl}/`);
  await page.waitForSelector('body[data-ready="dashboard"]');
  await page.getByTestId('refresh-button').first().click();
  await page.waitForTimeout(500);
  await page.getByRole('link', { name: 'Shifts' }).click();
  await page.waitForSelector('body[data-ready="shifts"]');
  await page.waitForTimeout(2500);
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

/**
 * Waits until the optimizer's two scripts are registered for exactly these match patterns
 * (none: not registered). A test that writes the toggles to storage itself waits for this
 * before loading a page: the background registers them when it sees the change, not before.
 */
export async function optimizerScriptsRegisteredFor(ext: ExtensionBrowser, matches: string[]): Promise<void> {
  const want = JSON.stringify([...matches].sort());
  const deadline = Date.now() + 10_000;
  let seen: { world: string; matches: string[] }[] = [];
  while (Date.now() < deadline) {
    const worker = await ext.worker();
    seen = await worker.evaluate(async () =>
      (await chrome.scripting.getRegisteredContentScripts()).filter((s) => s.id.startsWith('admin-performance-optimizer')).map((s) => ({ world: s.world ?? 'ISOLATED', matches: [...(s.matches ?? [])].sort() })),
    );
    // The isolated-world script covers every match; the page-world one is split in two registrations (with and without the lazy-loading hint at start).
    const isolated = seen.filter((s) => s.world === 'ISOLATED').flatMap((s) => s.matches);
    const main = seen.filter((s) => s.world === 'MAIN').flatMap((s) => s.matches);
    const same = (list: string[]) => JSON.stringify([...new Set(list)].sort()) === want;
    if ((matches.length === 0 && seen.length === 0) || (matches.length > 0 && same(isolated) && same(main))) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`The optimizer scripts were not registered for ${want} within 10 s (registered: ${JSON.stringify(seen)})`);
}

/** Writes a session into the extension's IndexedDB (from an extension page) as the store lays it out: samples and requests in chunks. */
export async function storeSessionData(page: Page, data: SessionData): Promise<void> {
  const put = (name: string, list: unknown[]) =>
    page.evaluate(
      async ({ name, json }) => {
        const db: IDBDatabase = await new Promise((resolve, reject) => {
          const open = indexedDB.open('admin-performance');
          open.onsuccess = () => resolve(open.result);
          open.onerror = () => reject(open.error);
        });
        await new Promise<void>((resolve, reject) => {
          const tx = db.transaction(name, 'readwrite');
          for (const r of JSON.parse(json) as unknown[]) tx.objectStore(name).put(r);
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        });
        db.close();
      },
      { name, json: JSON.stringify(list) },
    );
  const id = data.session.id;
  await put('sessions', [data.session]);
  await put('views', data.views.map((v) => ({ ...v, sessionId: id })));
  for (const table of ['samples', 'requests'] as const) await put(CHUNK_STORES[table], chunksOf(id, data[table] as { t: number }[]));
  await put('alerts', data.alerts.map((a) => ({ ...a, sessionId: id })));
}

/**
 * Clicks an export dialog's "Cancel export" from inside the panel the moment its progress bar
 * shows the read under way (no round trip to miss it); resolves to the progress value it
 * cancelled at (0 when the export was never seen part-way).
 */
export async function cancelExportOnceUnderWay(panel: Page): Promise<() => Promise<number>> {
  await panel.evaluate(() => {
    new MutationObserver((_, observer) => {
      const bar = document.querySelector('progress[aria-label$="export progress"]') as HTMLProgressElement | null;
      if (!bar || bar.value <= 0 || bar.value >= bar.max) return;
      observer.disconnect();
      (window as unknown as { __cancelledAt: number }).__cancelledAt = bar.value;
      [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Cancel export')?.click();
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  return async () => (await panel.evaluate(() => (window as unknown as { __cancelledAt?: number }).__cancelledAt)) ?? 0;
}

/** A browser with the extension whose panel (Sessions view) holds stored sessions, each also written as its JSON export for the CLI. */
export interface StoredSessionsPanel {
  ext: ExtensionBrowser;
  panel: Page;
  /** A temporary folder holding `<session id>.json` for each session (what `npm run export` reads). */
  dir: string;
  /** How many export workers the panel has started so far. */
  exportWorkers(): Promise<number>;
  close(): Promise<void>;
}

/** Launches the extension, stores the sessions in its IndexedDB and opens the panel on them. */
export async function panelWithStoredSessions(sessions: readonly SessionData[], dirPrefix: string): Promise<StoredSessionsPanel> {
  const ext = await launchWithExtension();
  const dir = mkdtempSync(join(tmpdir(), dirPrefix));
  for (const data of sessions) {
    const { files } = startExport('json', exportInputFrom(data), { sanitize: false, now: data.session.startTime });
    writeFileSync(join(dir, `${data.session.id}.json`), await streamToString(files[0]!.chunks));
  }
  const inspected = await ext.context.newPage();
  await inspected.goto('about:blank');
  const panel = await openPanel(ext, await tabIdOf(ext, inspected), 'sessions');
  for (const data of sessions) await storeSessionData(panel, data);
  await panel.reload();
  return {
    ext,
    panel,
    dir,
    exportWorkers: await countExportWorkers(panel),
    async close() {
      await ext.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Counts the export workers the panel page creates from now on (until it reloads), as it creates
 * them: Playwright never reports a worker that ended before it attached, e.g. one cancelled at once.
 */
export async function countExportWorkers(panel: Page): Promise<() => Promise<number>> {
  await panel.evaluate(() => {
    const w = window as unknown as { __exportWorkers?: number; Worker: typeof Worker };
    if (w.__exportWorkers !== undefined) return;
    w.__exportWorkers = 0;
    const Native = w.Worker;
    w.Worker = class extends Native {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        if (String(url).includes('export-worker')) w.__exportWorkers!++;
      }
    };
  });
  return () => panel.evaluate(() => (window as unknown as { __exportWorkers: number }).__exportWorkers);
}
