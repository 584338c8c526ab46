import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { CaptureStatus } from '../../src/shared/protocol';
import { openPanel, storedSession, tabIdOf, waitFor, useDemoAndExtension } from './harness';

/** The panel's view of capture health, through the same bridge the panel uses. */
async function statusOf(panel: Page, tabId: number): Promise<CaptureStatus> {
  return panel.evaluate(
    (tab: number) =>
      new Promise<CaptureStatus>((resolve) => {
        const port = chrome.runtime.connect({ name: 'ap-panel' });
        port.onMessage.addListener((msg: { type: string; id: number; result: CaptureStatus }) => {
          if (msg.type === 'reply' && msg.id === 1) {
            port.disconnect();
            resolve(msg.result);
          }
        });
        port.postMessage({ type: 'request', id: 1, name: 'status', args: { tabId: tab } });
      }),
    tabId,
  );
}

/** Runs code in the extension's isolated world of a page, as a compromised content script would. */
async function inContentScriptWorld(page: Page, expression: string): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const contexts: { id: number; name: string; auxData?: { type?: string } }[] = [];
  cdp.on('Runtime.executionContextCreated', ({ context }) => contexts.push(context));
  await cdp.send('Runtime.enable');
  const isolated = contexts.find((c) => c.auxData?.type === 'isolated' && c.name === 'Admin Performance');
  if (!isolated) throw new Error(`No isolated world of the extension in ${JSON.stringify(contexts.map((c) => c.name))}`);
  const result = await cdp.send('Runtime.evaluate', { contextId: isolated.id, expression, awaitPromise: true });
  if (result.exceptionDetails) throw new Error(result.exceptionDetails.text);
  await cdp.detach();
}

describe('bad input never stops capture and is never stored', () => {
  const env = useDemoAndExtension();

  it('drops and counts forged page messages and forged capture messages', async () => {
    const page = await env.ext.context.newPage();
    await page.goto(`${env.demo.url}/stress/blank`);
    await page.waitForSelector('body[data-ready="stress-blank"]');
    const tabId = await tabIdOf(env.ext, page);
    const panel = await openPanel(env.ext, tabId);
    await waitFor('a session', async () => (await storedSession(panel, tabId))?.requests.length);
    const before = await statusOf(panel, tabId);

    // 1. The page forges messages in the page-world protocol: 5 malformed ones. The content script
    //    listens only to its private channel (issue 11), so they are never even read.
    await page.evaluate(() => {
      const source = 'admin-performance/page';
      window.postMessage({ source, v: 1, type: 'request', url: 42, method: 'GET' }, '*');
      window.postMessage({ source, v: 1, type: 'request', url: 'x'.repeat(10_000), method: 'GET' }, '*');
      window.postMessage({ source, v: 1, type: 'request', url: '/a', method: 'STEAL' }, '*');
      window.postMessage({ source, v: 2, type: 'request', url: '/a', method: 'GET' }, '*');
      window.postMessage({ source, v: 1, type: 'request', url: '/a', method: 'GET', extra: { __proto__: { polluted: true } } }, '*');
    });
    // A real request after them flushes a batch that carries the count.
    await page.evaluate(() => fetch('/api/ping?after-forgery=1').then((r) => r.text()));
    await waitFor('the ping after the forgeries stored', async () => (await storedSession(panel, tabId))?.requests.some((r) => r.url.includes('after-forgery=1')));
    expect((await statusOf(panel, tabId)).rejectedMessages).toBe(before.rejectedMessages);

    // 2. A compromised content script sends forged capture messages straight to the background.
    await inContentScriptWorld(
      page,
      `(async () => {
        const port = chrome.runtime.connect({ name: 'ap-capture' });
        const view = { kind: 'view', id: 'forged:0', url: 'https://forged.example/', startTime: 1, viewKind: 'hard', navigationType: 'navigate' };
        const request = { kind: 'request', viewId: 'forged:0', t: 1, url: 'https://forged.example/steal', initiatorType: 'fetch', duration: 1, phases: { redirect: 0, dns: 0, connect: 0, tls: 0, waiting: 0, download: 0 }, transferSize: 1, encodedBodySize: 1, decodedBodySize: 1, status: 200, serverTiming: [], renderBlocking: '', cached: false, protocol: 'h2' };
        const forged = [
          'not an object',
          null,
          { type: 'hello', protocol: 99, pageId: 'forged', url: 'x', title: 'x' },
          { type: 'batch', pageId: 'forged', seq: 1, dropped: 0, rejected: 0, items: [view, { ...request, url: 123 }] },
          { type: 'batch', pageId: 'forged', seq: 2, dropped: 0, rejected: 0, items: [view, { ...request, duration: -5 }] },
          { type: 'batch', pageId: 'forged', seq: 3, dropped: 0, rejected: 0, items: [view, { ...request, evil: '<script>' }] },
          { type: 'batch', pageId: 'forged', seq: 4, dropped: 0, rejected: 0, items: [{ kind: 'vital', t: 1, viewId: 'forged:0', name: 'LCP', value: 1, delta: 1, rating: 'great', metricId: 'x', navigationType: 'navigate', attribution: {} }] },
          { type: 'batch', pageId: 'forged', seq: 5, dropped: 0, rejected: 0, items: Array.from({ length: 6000 }, () => request) },
          { type: 'batch', pageId: 'forged', seq: 0.5, dropped: 0, rejected: 0, items: [request] },
        ];
        for (const msg of forged) port.postMessage(msg);
        await new Promise((r) => setTimeout(r, 500));
        port.disconnect();
      })()`,
    );
    const after = await waitFor('9 forged capture messages counted', async () => {
      const s = await statusOf(panel, tabId);
      return s.rejectedMessages >= before.rejectedMessages + 9 ? s : null;
    });
    expect(after.rejectedMessages).toBe(before.rejectedMessages + 9);

    // Nothing forged was stored, and capture goes on.
    await page.evaluate(() => fetch('/api/ping?still-alive=1').then((r) => r.text()));
    const data = await waitFor('capture continuing', async () => {
      const d = await storedSession(panel, tabId);
      return d?.requests.some((r) => r.url.includes('still-alive')) ? d : null;
    });
    expect(data.requests.some((r) => r.url.includes('forged.example'))).toBe(false);
    expect(data.views.some((v) => v.id.startsWith('forged'))).toBe(false);
    await panel.close();
    await page.close();
  });
});
