import { describe, expect, it } from 'vitest';
import { launchWithExtension, openPanel, startDemo, storedCounts, tabIdOf } from './harness';

// A site that is not localhost: the extension has no access to it until the user grants it.
// Granting goes through Chrome's own permission prompt, which automation cannot answer; that
// last step (and capture starting there) is checked by hand, as the README says.
describe('sites beyond localhost', () => {
  it('captures nothing on another origin and offers to enable capture there', async () => {
    const demo = await startDemo();
    const ext = await launchWithExtension({ args: ['--host-resolver-rules=MAP admin.test 127.0.0.1'] });
    try {
      const page = await ext.context.newPage();
      const url = `http://admin.test:${demo.port}/`;
      await page.goto(url);
      await page.waitForSelector('body[data-ready="dashboard"]');
      const tabId = await tabIdOf(ext, page);
      const panel = await openPanel(ext, tabId);
      const enable = panel.getByRole('button', { name: `Enable capture on http://admin.test:${demo.port}` });
      await enable.waitFor({ timeout: 15_000 });
      await page.waitForTimeout(1500);
      expect(await storedCounts(panel, tabId)).toBeNull();
      // The manifest asks for nothing broader than local hosts at install.
      const manifest = await panel.evaluate(() => chrome.runtime.getManifest());
      expect(manifest.host_permissions).toEqual(['http://localhost/*', 'http://127.0.0.1/*', 'https://localhost/*', 'https://127.0.0.1/*']);
      expect(await panel.evaluate(() => chrome.permissions.contains({ origins: ['http://admin.test/*'] }))).toBe(false);
    } finally {
      await ext.close();
      await demo.close();
    }
  });
});
