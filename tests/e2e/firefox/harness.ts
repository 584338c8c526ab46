/**
 * Drives a real Firefox (Debian's firefox-esr) with the end-to-end build (dist-firefox/, built
 * with ADMIN_PERF_E2E=1) over WebDriver BiDi with puppeteer-core. See the shared TESTING notes,
 * "Firefox": the build is installed as a temporary add-on, its UUID is fixed by a pref, and
 * extension pages are reached from a web page that sets location.href (BiDi refuses to navigate
 * to moz-extension: URLs itself).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page as PlaywrightPage } from 'playwright-core';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import type { Browser as WebExtensionApi } from 'webextension-polyfill';
import { afterAll, beforeAll } from 'vitest';
import { E2E_PAGE_ORIGINS, PANEL_PAGE, testOnlyEntries, type SourceManifest } from '../../../src/core/manifest/browser-manifest';
import { startDemo, waitFor, type DemoServer } from '../harness';

const ROOT = join(import.meta.dirname, '../../..');
/** The end-to-end Firefox build. */
export const DIST_FIREFOX = join(ROOT, 'dist-firefox');
/** The extension's UUID in every test profile, so its pages have a known moz-extension: origin. */
export const EXTENSION_UUID = '3d4e6a10-7c1b-4f0e-9a52-0ad3e2f0c0de';
/** A page of the demo server with no app on it: the springboard to extension pages. */
const SPRINGBOARD = '/stress/blank';

/** Finds Firefox: FIREFOX_PATH, then Debian's firefox-esr, then firefox. */
export function findFirefox(): string {
  const candidates = [process.env.FIREFOX_PATH, '/usr/bin/firefox-esr', '/usr/bin/firefox'].filter((p): p is string => !!p);
  const found = candidates.find((p) => existsSync(p));
  if (found) return found;
  throw new Error(`No Firefox found (tried ${candidates.join(', ')}). Install one (Debian/Ubuntu: \`sudo apt-get install -y firefox-esr\`), or set FIREFOX_PATH to a Firefox 128+ binary.`);
}

function e2eManifest(): SourceManifest {
  const path = join(DIST_FIREFOX, 'manifest.json');
  if (!existsSync(path)) throw new Error(`The Firefox build is missing (${path}). Run \`ADMIN_PERF_E2E=1 npm run build:firefox\` first.`);
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as SourceManifest;
  if (!testOnlyEntries(manifest).length) {
    throw new Error(`${path} is not an end-to-end build (the panel page is not reachable from ${E2E_PAGE_ORIGINS.join(', ')}). Run \`ADMIN_PERF_E2E=1 npm run build:firefox\`.`);
  }
  return manifest;
}

/** A Firefox with the extension installed, and an extension page kept open for browser.* calls. */
export interface FirefoxExtension {
  browser: Browser;
  /** moz-extension://<uuid> */
  origin: string;
  /** An extension page (the panel page without a tab) for tabs.query, storage reads and the like. */
  tool: Page;
  /** Where downloads land (the panel's exports). */
  downloadDir: string;
  /** A new tab; with `devtools`, the tab Firefox opened at start, which has the toolbox open. */
  newPage(): Promise<Page>;
  /** Opens an extension page (path from the extension root) in a new tab. */
  openExtensionPage(path: string): Promise<Page>;
  /** Opens the panel page for the inspected tab, optionally on a view. */
  openPanel(tabId: number, view?: string): Promise<Page>;
  /** The extension's tab id of a page, from browser.tabs.query inside the extension. */
  tabIdOf(page: Page): Promise<number>;
  /**
   * When the current background page started (its performance.timeOrigin). Reading it wakes an
   * unloaded background, so a changed value means the background was unloaded and started again.
   */
  backgroundBootTime(): Promise<number>;
  close(): Promise<void>;
}

/** Navigates a page of the demo server to an extension page and waits until it has loaded. */
async function springTo(page: Page, url: string): Promise<void> {
  // The navigation is not reported as one to puppeteer (it leaves for another origin's page):
  // poll the document instead.
  await page.evaluate((target: string) => {
    location.href = target;
  }, url);
  await waitFor(`the extension page ${url}`, async () => page.evaluate((target: string) => location.href === target && document.readyState === 'complete', url).catch(() => false), 15_000);
}

/** How to launch: extra prefs, and whether to open the real developer tools (needs a display). */
export interface FirefoxOptions {
  prefs?: Record<string, unknown>;
  /**
   * Headful, with Firefox's toolbox open on the first tab (`--devtools`), so the extension's
   * DevTools page runs for real. Firefox opens it only for the tab it starts with, and only
   * with a display (run-e2e.mjs provides Xvfb).
   */
  devtools?: boolean;
}

export async function launchFirefox(demoUrl: string, options: FirefoxOptions = {}): Promise<FirefoxExtension> {
  const manifest = e2eManifest();
  const geckoId = manifest.browser_specific_settings?.gecko?.id;
  if (!geckoId) throw new Error('dist-firefox/manifest.json has no browser_specific_settings.gecko.id');
  const downloadDir = mkdtempSync(join(tmpdir(), 'ap-firefox-downloads-'));
  const firefox = await puppeteer.launch({
    browser: 'firefox',
    executablePath: findFirefox(),
    headless: !options.devtools,
    ...(options.devtools ? { args: ['--devtools'] } : {}),
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [geckoId]: EXTENSION_UUID }),
      // Exports are saved without a dialog, into a folder of this run.
      'browser.download.folderList': 2,
      'browser.download.dir': downloadDir,
      'browser.download.useDownloadDir': true,
      'browser.download.always_ask_before_handling_new_types': false,
      'browser.download.start_downloads_in_tmp_dir': false,
      ...options.prefs,
    },
  });
  try {
    if (options.devtools && !process.env.DISPLAY) throw new Error('The Firefox DevTools test needs a display: run it through scripts/run-e2e.mjs (it starts Xvfb) or set DISPLAY.');
    const [firstTab] = await firefox.pages();
    let firstTabUsed = !options.devtools;
    await firefox.installExtension(DIST_FIREFOX);
    const origin = `moz-extension://${EXTENSION_UUID}`;
    const openExtensionPage = async (path: string): Promise<Page> => {
      const page = await firefox.newPage();
      await page.goto(`${demoUrl}${SPRINGBOARD}`);
      await springTo(page, `${origin}/${path}`);
      return page;
    };
    const tool = await openExtensionPage(PANEL_PAGE);
    return {
      browser: firefox,
      origin,
      tool,
      downloadDir,
      async newPage() {
        if (!firstTabUsed && firstTab) {
          firstTabUsed = true;
          // Opening the tool page put the first tab in the background, where nothing paints.
          await firstTab.bringToFront();
          return firstTab;
        }
        return firefox.newPage();
      },
      openExtensionPage,
      openPanel: (tabId, view) => openExtensionPage(`${PANEL_PAGE}?tabId=${tabId}${view ? `&view=${view}` : ''}`),
      async tabIdOf(page) {
        const url = await page.evaluate(() => location.href);
        const id = await tool.evaluate(async (u: string) => (await (globalThis as unknown as { browser: WebExtensionApi }).browser.tabs.query({})).find((t) => t.url === u)?.id ?? null, url);
        if (id === null) throw new Error(`No tab found for ${url}`);
        return id;
      },
      backgroundBootTime: () => tool.evaluate(async () => (await (globalThis as unknown as { browser: WebExtensionApi }).browser.runtime.getBackgroundPage())!.performance.timeOrigin),
      async close() {
        await firefox.close();
        rmSync(downloadDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await firefox.close();
    throw error;
  }
}

/**
 * Starts the demo app and a Firefox with the extension before a test file's tests, and closes
 * both after them. Read `env.demo` and `env.ff` inside tests.
 */
export function useDemoAndFirefox(options: FirefoxOptions & { latencyScale?: number } = {}): { readonly demo: DemoServer; readonly ff: FirefoxExtension } {
  const env = {} as { demo: DemoServer; ff: FirefoxExtension };
  beforeAll(async () => {
    env.demo = await startDemo(options.latencyScale === undefined ? {} : { latencyScale: options.latencyScale });
    env.ff = await launchFirefox(env.demo.url, options);
  });
  afterAll(async () => {
    await env.ff?.close();
    await env.demo?.close();
  });
  return env;
}

/**
 * A puppeteer page seen through the one method the shared IndexedDB readers of ../harness use
 * (`evaluate(fn, arg)`), so Firefox tests read storage with the same code as Chromium tests.
 */
export function evaluator(page: Page): PlaywrightPage {
  return { evaluate: (fn: (arg: unknown) => unknown, arg: unknown) => page.evaluate(fn, arg) } as unknown as PlaywrightPage;
}

/** The visible text of the first element matching a selector, or '' when there is none yet. */
export async function textOf(page: Page, selector: string): Promise<string> {
  return page.evaluate((s: string) => (document.querySelector(s) as HTMLElement | null)?.innerText ?? '', selector);
}
