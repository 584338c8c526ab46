import { describe, expect, it } from 'vitest';
import { openPanel, storedSession, tabIdOf, waitFor, useDemoAndExtension } from './harness';

const TOTAL = 60;

describe('a full disk', () => {
  const env = useDemoAndExtension();

  it('shows a clear error, keeps the batches in the page, and stores them once space is back', async () => {
    const page = await env.ext.context.newPage();
    await page.goto(`${env.demo.url}/stress/blank`);
    await page.waitForSelector('body[data-ready="stress-blank"]');
    const tabId = await tabIdOf(env.ext, page);
    const panel = await openPanel(env.ext, tabId);
    await waitFor('the session', async () => (await storedSession(panel, tabId))?.requests.length);

    // The extension's origin gets almost no quota: IndexedDB writes fail with QuotaExceededError.
    const cdp = await env.ext.context.newCDPSession(panel);
    const origin = `chrome-extension://${env.ext.extensionId}`;
    await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 1 });
    await page.evaluate(async (total: number) => {
      for (let i = 0; i < total; i++) await fetch(`/api/ping?full=${i}`).then((r) => r.text());
    }, TOTAL);
    await expect.poll(() => panel.getByRole('alert').innerText(), { timeout: 20_000 }).toMatch(/Storage is full.*(Delete old sessions|free disk space)/);

    // Space comes back: the page resends what was not acknowledged.
    await cdp.send('Storage.overrideQuotaForOrigin', { origin });
    await page.evaluate(() => fetch('/api/ping?after=1').then((r) => r.text()));
    const data = await waitFor(
      'every request stored after the disk had space again',
      async () => {
        const d = await storedSession(panel, tabId);
        return (d?.requests.filter((r) => r.url.includes('full=')).length ?? 0) >= TOTAL ? d : null;
      },
      60_000,
    );
    const urls = data.requests.filter((r) => r.url.includes('full=')).map((r) => r.url);
    expect(new Set(urls).size).toBe(TOTAL);
    expect(urls).toHaveLength(TOTAL);
    await expect.poll(async () => panel.getByRole('alert').count(), { timeout: 10_000 }).toBe(0);
    await cdp.detach();
    await panel.close();
    await page.close();
  }, 180_000);
});
