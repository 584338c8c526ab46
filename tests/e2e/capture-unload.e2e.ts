import { describe, expect, it } from 'vitest';
import { openPanel, storedSession, tabIdOf, waitFor, useDemoAndExtension } from './harness';

const COUNT = 12;

/**
 * While no panel watches a tab, the content script gathers for 2 s before it sends a batch; a
 * page closed or navigated away within that window must still deliver what it captured (it
 * sends at once when hidden or unloaded).
 */
describe('a page that goes away before its batch is due', () => {
  const env = useDemoAndExtension();

  const numberedRequests = async (tag: string, tabId: number) => {
    const panel = await openPanel(env.ext, tabId);
    const data = await waitFor(`every ${tag} request stored`, async () => {
      const d = await storedSession(panel, tabId);
      return (d?.requests.filter((r) => r.url.includes(`${tag}=`)).length ?? 0) >= COUNT ? d : null;
    });
    await panel.close();
    return data.requests.filter((r) => r.url.includes(`${tag}=`)).map((r) => Number(new URL(r.url).searchParams.get(tag)));
  };

  const issue = (page: import('playwright-core').Page, tag: string) =>
    page.evaluate(
      async ({ n, t }) => {
        for (let i = 0; i < n; i++) await fetch(`/api/ping?${t}=${i}`).then((r) => r.text());
      },
      { n: COUNT, t: tag },
    );

  it('loses nothing when the page is closed', async () => {
    const page = await env.ext.context.newPage();
    await page.goto(`${env.demo.url}/stress/blank`);
    const tabId = await tabIdOf(env.ext, page);
    await issue(page, 'closed');
    // Long enough for the requests' timing entries to reach the content script, far shorter than its 2 s window.
    await page.waitForTimeout(300);
    await page.close();
    const numbers = await numberedRequests('closed', tabId);
    expect(numbers.sort((a, b) => a - b)).toEqual(Array.from({ length: COUNT }, (_, i) => i));
  });

  it('loses nothing when the page navigates away', async () => {
    const page = await env.ext.context.newPage();
    await page.goto(`${env.demo.url}/stress/blank`);
    const tabId = await tabIdOf(env.ext, page);
    await issue(page, 'left');
    await page.waitForTimeout(300);
    await page.goto(`${env.demo.url}/stress/blank?next=1`);
    const numbers = await numberedRequests('left', tabId);
    expect(numbers.sort((a, b) => a - b)).toEqual(Array.from({ length: COUNT }, (_, i) => i));
    await page.close();
  });
});
