/**
 * A hostile page tries to steer the extension (issue 11, items 7 and 9): it tries to take the
 * private channel between the page-world script and the content script, to switch the
 * lazy-image hook on with the optimizer off, and to relabel a GET as DELETE with a forged
 * method hint. None of it works; and the session gets the page's title once it has loaded.
 */
import { describe, expect, it } from 'vitest';
import { openPanel, storedSession, tabIdOf, useDemoAndExtension, waitFor } from './harness';

describe('a hostile page cannot steer the extension', () => {
  const env = useDemoAndExtension();

  it('cannot take the channel, switch the lazy-image hook on, or forge a method hint', async () => {
    const page = await env.ext.context.newPage();
    await page.goto(`${env.demo.url}/stress/blank`);
    await page.waitForSelector('body[data-ready="stress-blank"]');
    const tabId = await tabIdOf(env.ext, page);
    const panel = await openPanel(env.ext, tabId);
    await waitFor('a session', async () => (await storedSession(panel, tabId))?.views.length);

    const attack = await page.evaluate(async () => {
      // 1. Ask for the channel as the page-world script would, and listen for any offer.
      let stolen = false;
      addEventListener('admin-performance/channel', (event) => {
        stolen ||= Boolean((event as MessageEvent).ports?.length);
        event.preventDefault();
      });
      dispatchEvent(new Event('admin-performance/page-ready', { cancelable: true }));

      // 2. Forge the content script's command that switches the page-world lazy-image hook on.
      window.postMessage({ source: 'admin-performance/content', v: 1, type: 'lazy-images', enabled: true, exclude: [] }, '*');
      await new Promise((resolve) => setTimeout(resolve, 300));
      const image = document.createElement('img');
      image.src = '/favicon.svg?hostile-probe';
      document.body.append(image);

      // 3. Forge a method hint, then make the request it claims to describe (a GET).
      window.postMessage({ source: 'admin-performance/page', v: 1, type: 'request', url: `${location.origin}/api/ping?forged=1`, method: 'DELETE' }, '*');
      await fetch('/api/ping?forged=1').then((response) => response.text());
      return { stolen, loading: image.getAttribute('loading') };
    });
    expect(attack.stolen).toBe(false);
    expect(attack.loading).toBeNull();

    const data = await waitFor('the forged request stored', async () => {
      const stored = await storedSession(panel, tabId);
      return stored?.requests.some((request) => request.url.includes('forged=1')) ? stored : null;
    });
    const forged = data.requests.find((request) => request.url.includes('forged=1'))!;
    expect(forged.method).toBe('GET');
    // The real method hint still arrives over the private channel: capture works as before.
    expect(data.session.title).toBe('Stress: blank');
  });
});
