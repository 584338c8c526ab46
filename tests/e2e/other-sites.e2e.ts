import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { launchWithExtension, openPanel, startDemo, storedCounts, storedSession, tabIdOf, waitFor } from './harness';

// Chrome's permission prompt is a native dialog: a headful Chromium under Xvfb shows it, and
// xdotool (Debian package xdotool) answers it with the keyboard as a person would.
const canAnswerPrompt = Boolean(process.env.DISPLAY) && existsSync('/usr/bin/xdotool');

/**
 * Clicks "Allow" in Chrome's permission dialog. The dialog is drawn inside the browser window,
 * centred horizontally under the toolbar; "Allow" sits 169 px right of the window's centre and
 * 256 px below its top (measured on screenshots of Chromium 156 at two window widths).
 */
function allowPermissionPrompt(): void {
  const window = execFileSync('/usr/bin/xdotool', ['search', '--onlyvisible', '--name', 'Chromium']).toString().trim().split('\n').at(-1)!;
  const geometry = execFileSync('/usr/bin/xdotool', ['getwindowgeometry', '--shell', window]).toString();
  const field = (name: string) => Number(new RegExp(`${name}=(\\d+)`).exec(geometry)![1]);
  const x = field('X') + field('WIDTH') / 2 + 169;
  const y = field('Y') + 256;
  execFileSync('/usr/bin/xdotool', ['mousemove', '--sync', String(Math.round(x)), String(y), 'click', '1']);
}

describe('sites beyond localhost', () => {
  it.skipIf(!canAnswerPrompt)('captures nothing on another origin until the user grants it from the panel, then captures there', async () => {
    const demo = await startDemo();
    const ext = await launchWithExtension({ headless: false, args: ['--host-resolver-rules=MAP admin.test 127.0.0.1', '--window-size=1200,800'] });
    try {
      const page = await ext.context.newPage();
      const url = `http://admin.test:${demo.port}/`;
      await page.goto(url);
      await page.waitForSelector('body[data-ready="dashboard"]');
      const tabId = await tabIdOf(ext, page);
      const panel = await openPanel(ext, tabId);
      const enable = panel.getByRole('button', { name: `Enable capture on http://admin.test:${demo.port}` });
      await enable.waitFor({ timeout: 15_000 });
      await page.waitForTimeout(1000);
      expect(await storedCounts(panel, tabId)).toBeNull();
      // The manifest asks for nothing broader than local hosts at install.
      const manifest = await panel.evaluate(() => chrome.runtime.getManifest());
      expect(manifest.host_permissions).toEqual(['http://localhost/*', 'http://127.0.0.1/*', 'https://localhost/*', 'https://127.0.0.1/*']);
      expect(await panel.evaluate(() => chrome.permissions.contains({ origins: ['http://admin.test/*'] }))).toBe(false);

      await panel.bringToFront();
      await enable.click();
      await panel.waitForTimeout(1500);
      allowPermissionPrompt();
      await expect.poll(() => panel.evaluate(() => chrome.permissions.contains({ origins: ['http://admin.test/*'] })), { timeout: 10_000 }).toBe(true);
      // The button goes once capture is enabled; an error would show as an alert instead.
      await expect.poll(async () => ((await enable.count()) === 0 ? 'enabled' : (await panel.getByRole('alert').allInnerTexts()).join(' ') || 'pending'), { timeout: 15_000 }).toBe('enabled');

      // Capture starts in the open tab at once, and on every later load of that origin.
      await page.evaluate(() => fetch('/api/ping?granted=1').then((r) => r.text()));
      await waitFor('the open tab captured', async () => (await storedSession(panel, tabId))?.requests.some((r) => r.url.includes('granted=1')));
      await page.reload();
      await page.waitForSelector('body[data-ready="dashboard"]');
      const data = await waitFor('the reloaded page captured', async () => {
        const d = await storedSession(panel, tabId);
        return d?.samples.some((s) => s.kind === 'vital' && s.name === 'LCP') && d.views.filter((v) => v.kind === 'hard').length >= 1 ? d : null;
      });
      expect(data.views.every((v) => v.url.startsWith(url))).toBe(true);
    } finally {
      await ext.close();
      await demo.close();
    }
  });
});
