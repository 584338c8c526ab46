// `node scripts/screenshots.mjs [views] [themes]`: captures the panel's views on the demo app for
// the README, in each theme (tests/screenshots/panel-<view>.png for light,
// panel-<view>-dark.png for dark). Needs a built extension (npm run build).
import { chromium } from 'playwright-core';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extensionArgs, findBrowser, QUIET_FLAGS, ROOT } from './browser.mjs';
import { startDemoServer } from './demo-server.mjs';

const views = (process.argv[2] ?? 'overview,timeline,network').split(',');
const themes = (process.argv[3] ?? 'light,dark').split(',');
for (const theme of themes) if (theme !== 'light' && theme !== 'dark') throw new Error(`themes: expected light and/or dark, got "${theme}"`);
const out = join(ROOT, 'tests', 'screenshots');
mkdirSync(out, { recursive: true });
const demo = await startDemoServer({ port: 0 });
const dir = mkdtempSync(join(tmpdir(), 'ap-shots-'));
const context = await chromium.launchPersistentContext(dir, {
  executablePath: await findBrowser(),
  headless: true,
  args: [...QUIET_FLAGS, ...extensionArgs()],
  viewport: { width: 1280, height: 820 },
});
try {
  const sw = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const id = new URL(sw.url()).host;
  const page = await context.newPage();
  await page.goto(`${demo.url}/`);
  await page.waitForSelector('body[data-ready="dashboard"]');
  await page.getByTestId('refresh-button').first().click();
  await page.getByRole('link', { name: 'Users' }).click();
  await page.waitForSelector('body[data-ready="users"]');
  await page.getByRole('link', { name: 'Shifts' }).click();
  await page.waitForSelector('body[data-ready="shifts"]');
  await page.waitForTimeout(3000);
  const tabId = await sw.evaluate(async (url) => (await chrome.tabs.query({})).find((t) => t.url === url)?.id, page.url());
  for (const view of views) {
    for (const theme of themes) {
      const panel = await context.newPage();
      await panel.emulateMedia({ colorScheme: theme });
      await panel.goto(`chrome-extension://${id}/src/panel/index.html?tabId=${tabId}&view=${view}&theme=${theme}`);
      await panel.waitForTimeout(2500);
      const file = `panel-${view}${theme === 'dark' ? '-dark' : ''}.png`;
      await panel.screenshot({ path: join(out, file) });
      console.log(`wrote tests/screenshots/${file}`);
      await panel.close();
    }
  }
} finally {
  await context.close();
  rmSync(dir, { recursive: true, force: true });
  await demo.close();
}
