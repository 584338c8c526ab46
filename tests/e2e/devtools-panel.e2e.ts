import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error -- plain ESM helpers shared with the start and bench scripts
import { extensionArgs, findBrowser, QUIET_FLAGS } from '../../scripts/browser.mjs';
import { startDemo, waitFor, type DemoServer } from './harness';

// The real DevTools window loads extension panels only in a headful Chromium: under Xvfb here.
const headful = Boolean(process.env.DISPLAY);

describe.skipIf(!headful)('the real DevTools panel', () => {
  let demo: DemoServer;
  let chrome: ChildProcess;
  let browser: Browser;
  let userDataDir: string;

  beforeAll(async () => {
    demo = await startDemo();
    userDataDir = mkdtempSync(join(tmpdir(), 'ap-devtools-'));
    const port = 9300 + Math.floor(Math.random() * 500);
    chrome = spawn((await findBrowser()) as string, [
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
    chrome?.kill('SIGKILL');
    await demo?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  });

  it('shows the "Admin Performance" tab and renders its Overview for the inspected tab', async () => {
    const context = browser.contexts()[0]!;
    const appPage = await waitFor('the demo page', async () => context.pages().find((p) => p.url().startsWith(demo.url)) ?? null);
    await appPage.waitForSelector('body[data-ready="dashboard"]');
    const devtools: Page = await waitFor('the DevTools window', async () => context.pages().find((p) => p.url().startsWith('devtools://devtools/')) ?? null, 30_000);

    const tabIds: string[] = await waitFor('the extension panel in DevTools', async () => {
      const ids = (await devtools.evaluate(async () => {
        // @ts-expect-error -- DevTools' own module, resolved inside the DevTools page
        const legacy = await import('./ui/legacy/legacy.js');
        return legacy.InspectorView.InspectorView.instance().tabbedPane.tabIds() as string[];
      })) as string[];
      return ids.some((id) => id.endsWith('AdminPerformance')) ? ids : null;
    }, 30_000);
    const panelId = tabIds.find((id) => id.endsWith('AdminPerformance'))!;
    expect(panelId).toMatch(/^chrome-extension:\/\/[a-p]{32}AdminPerformance$/);
    // Not a second tab called "Performance": the built-in one keeps its name.
    expect(tabIds.filter((id) => id === 'timeline')).toHaveLength(1);

    await devtools.evaluate(async (id: string) => {
      // @ts-expect-error -- DevTools' own module
      const legacy = await import('./ui/legacy/legacy.js');
      legacy.InspectorView.InspectorView.instance().tabbedPane.selectTab(id);
    }, panelId);
    const frame: Frame = await waitFor('the panel frame', async () => devtools.frames().find((f) => f.url().includes('/src/panel/index.html')) ?? null);

    // The panel inspects the real tab.
    const inspected = await frame.evaluate(() => chrome.devtools.inspectedWindow.tabId);
    expect(inspected).toBeGreaterThan(0);

    // Its Overview renders the vitals of the inspected page.
    await appPage.getByTestId('refresh-button').first().click();
    for (const name of ['LCP', 'FCP', 'TTFB']) {
      await expect.poll(async () => frame.getByRole('group', { name, exact: true }).innerText(), { timeout: 15_000 }).toMatch(/\d[\d,]* ms\s+(good|needs improvement|poor)/);
    }
    await expect.poll(async () => frame.getByRole('group', { name: 'Requests' }).locator('.value').innerText(), { timeout: 15_000 }).toMatch(/^[1-9]/);
    const theme = await frame.evaluate(() => [document.documentElement.dataset.theme, chrome.devtools.panels.themeName]);
    expect(theme[0]).toBe(theme[1] === 'dark' ? 'dark' : 'light');
  });
});
