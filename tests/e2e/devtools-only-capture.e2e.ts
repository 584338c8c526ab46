import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openPanel, stopServiceWorkers, storedSession, tabIdOf, waitFor, useDemoAndExtension } from './harness';

/** Every session IndexedDB holds, read in the service worker. */
async function allSessions(env: ReturnType<typeof useDemoAndExtension>): Promise<{ tabId: number; url: string }[]> {
  const worker = await env.ext.worker();
  return worker.evaluate(async () => {
    const db: IDBDatabase = await new Promise((resolve, reject) => {
      const req = indexedDB.open('admin-performance');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const sessions: { tabId: number; url: string }[] = await new Promise((resolve, reject) => {
      const req = db.transaction('sessions').objectStore('sessions').getAll();
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    db.close();
    return sessions.map((s) => ({ tabId: s.tabId, url: s.url }));
  });
}

const ping = (page: Page, marker: string) => page.evaluate((m) => fetch(`/api/ping?${m}=1`).then((r) => r.text()), marker);
// The content script gathers items for at most 400 ms before sending: this is several batches.
const settle = (page: Page) => page.waitForTimeout(2000);

async function switchInput(panel: Page) {
  await panel.getByRole('tab', { name: 'Sessions' }).click();
  return panel.getByRole('checkbox', { name: /Capture only while DevTools is open/ });
}

describe('capture only while DevTools is open', () => {
  const env = useDemoAndExtension();

  it('stores nothing from a tab without DevTools, everything once the panel is open, and everywhere again when switched off', async () => {
    // Off by default: the panel says capture runs with DevTools closed. Switch it on with the keyboard.
    const other = await env.ext.context.newPage();
    await other.goto(`${env.demo.url}/`);
    const settingsPanel = await openPanel(env.ext, await tabIdOf(env.ext, other));
    const input = await switchInput(settingsPanel);
    await expect.poll(() => settingsPanel.locator('.devtools-only').innerText()).toMatch(/full page and request URLs.*even when DevTools is closed/s);
    expect(await input.isChecked()).toBe(false);
    await input.focus();
    await settingsPanel.keyboard.press('Space');
    await expect.poll(() => input.isChecked()).toBe(true);
    await expect.poll(() => settingsPanel.locator('.devtools-only').innerText()).toMatch(/only in tabs with DevTools/);
    await settingsPanel.close();
    await other.close();

    // A page loaded with no panel open on it: nothing stored, not even a session with its URL.
    const page = await env.ext.context.newPage();
    await page.goto(`${env.demo.url}/?secret-looking=query`);
    await page.waitForSelector('body[data-ready="dashboard"]');
    await ping(page, 'closed');
    await settle(page);
    const tabId = await tabIdOf(env.ext, page);
    expect(await storedSession(await env.ext.worker(), tabId)).toBeNull();
    expect((await allSessions(env)).some((s) => s.url.includes('secret-looking'))).toBe(false);

    // The panel opens on the tab: capture starts from then on, in the view the page is in.
    const panel = await openPanel(env.ext, tabId);
    await ping(page, 'opened');
    const opened = await waitFor('the request after DevTools opened stored', async () => {
      const d = await storedSession(panel, tabId);
      return d?.requests.some((r) => r.url.includes('opened=1')) ? d : null;
    });
    expect(opened.views).toHaveLength(1);
    expect(opened.requests.every((r) => opened.views.some((v) => v.id === r.viewId))).toBe(true);
    expect(opened.requests.some((r) => r.url.includes('closed=1'))).toBe(false);

    // A reload with the panel open is captured from its first request on.
    await page.reload();
    await page.waitForSelector('body[data-ready="dashboard"]');
    const reloaded = await waitFor('the reload stored', async () => {
      const d = await storedSession(panel, tabId);
      return d && d.views.filter((v) => v.kind === 'hard').length >= 2 && d.requests.some((r) => r.initiatorType === 'navigation') ? d : null;
    });
    expect(reloaded.session.url).toContain('secret-looking');

    // The worker stops while the panel is open: capture goes on after the restart. (Whether the
    // page's resent batches beat the panel's reconnect is timing; the grace is unit-tested.)
    await stopServiceWorkers(panel, env.ext.extensionId);
    await ping(page, 'restart');
    await waitFor('the request after a worker restart stored', async () => (await storedSession(panel, tabId))?.requests.some((r) => r.url.includes('restart=1')));

    // The panel closes: capture stops again.
    await panel.close();
    await ping(page, 'closedagain');
    await settle(page);
    expect((await storedSession(await env.ext.worker(), tabId))?.requests.some((r) => r.url.includes('closedagain=1'))).toBe(false);

    // Switched off (from a panel on another tab): the tab without DevTools is captured again.
    const third = await env.ext.context.newPage();
    await third.goto(`${env.demo.url}/`);
    const offPanel = await openPanel(env.ext, await tabIdOf(env.ext, third));
    const offInput = await switchInput(offPanel);
    await expect.poll(() => offInput.isChecked()).toBe(true);
    // The checkbox shows the stored setting: it changes once the background has answered.
    await offInput.click();
    await expect.poll(() => offInput.isChecked()).toBe(false);
    await offPanel.close();
    await ping(page, 'switchedoff');
    await waitFor('capture everywhere again', async () => (await storedSession(await env.ext.worker(), tabId))?.requests.some((r) => r.url.includes('switchedoff=1')));
  }, 120_000);
});
