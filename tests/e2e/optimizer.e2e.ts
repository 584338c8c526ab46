import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { openPanel, tabIdOf, waitFor, useDemoAndExtension } from './harness';

/** Bytes of the dashboard's product images actually fetched by the page. */
const productImageBytes = (page: Page) =>
  page.evaluate(() =>
    (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
      .filter((e) => e.initiatorType === 'img' && e.name.includes('/img/product-'))
      .reduce((sum, e) => sum + e.transferSize, 0),
  );

/**
 * Sets a switch. The click is dispatched on the element itself: the Optimize view re-renders
 * its reasons as new loads arrive, which can move the list between aiming and clicking.
 */
async function setSwitch(sw: Locator, on: boolean): Promise<void> {
  await expect.poll(() => sw.isEnabled(), { timeout: 10_000 }).toBe(true);
  if ((await sw.isChecked()) !== on) await sw.dispatchEvent('click');
  await expect.poll(() => sw.isChecked(), { timeout: 10_000 }).toBe(on);
}

describe('the interface optimizer in the real product', () => {
  const env = useDemoAndExtension();

  it('switches lazy-loading on per page, defers script-inserted images (bytes not fetched) and reverts', async () => {
    const page = await env.ext.context.newPage();
    await page.goto(`${env.demo.url}/`);
    await page.waitForSelector('body[data-ready="dashboard"]');
    await page.waitForTimeout(1500);
    const bytesOff = await productImageBytes(page);
    expect(bytesOff).toBeGreaterThan(100_000);
    const tabId = await tabIdOf(env.ext, page);

    const panel = await openPanel(env.ext, tabId, 'optimize');
    const lazy = panel.getByRole('switch', { name: /^Lazy-load offscreen images/ });
    await lazy.waitFor();
    for (const title of ['Prioritize the LCP image', 'Skip rendering offscreen content', 'Reduce motion', 'Preconnect to hot origins']) {
      await panel.getByRole('switch', { name: new RegExp(`^${title}`) }).waitFor();
    }
    expect(await lazy.isChecked()).toBe(false);
    await setSwitch(lazy, true);

    await page.reload();
    await page.waitForSelector('body[data-ready="dashboard"]');
    await page.waitForTimeout(1500);
    const bytesOn = await productImageBytes(page);
    const lazyImages = await page.locator('img[loading="lazy"]').count();
    expect(lazyImages).toBeGreaterThan(10);
    // Offscreen product images below the fold were not fetched.
    expect(bytesOn).toBeLessThan(bytesOff * 0.6);
    // Scrolling down still loads them: nothing is broken.
    await page.getByTestId('product-grid').scrollIntoViewIfNeeded();
    await page.mouse.wheel(0, 5000);
    await expect.poll(() => productImageBytes(page), { timeout: 10_000 }).toBeGreaterThan(bytesOn);

    // Switching it off reverts live: no lazy attribute remains that the page did not set itself.
    await setSwitch(lazy, false);
    await expect.poll(() => page.locator('img[loading="lazy"]').count(), { timeout: 5000 }).toBe(0);
    await panel.close();
    await page.close();
  });

  it('applies and fully reverts each live strategy on the demo app', async () => {
    const page = await env.ext.context.newPage();
    await page.goto(`${env.demo.url}/reports`);
    await page.waitForSelector('body[data-ready="reports"]');
    const tabId = await tabIdOf(env.ext, page);
    const panel = await openPanel(env.ext, tabId, 'optimize');
    const snapshot = () =>
      page.evaluate(() => ({
        html: document.documentElement.outerHTML.replace(/data-ready="[^"]*"/, ''),
        sheets: document.adoptedStyleSheets.length,
      }));

    const before = await snapshot();
    const cases: [string, () => Promise<boolean>][] = [
      ['Skip rendering offscreen content', () => page.evaluate(() => [...document.querySelectorAll<HTMLElement>('*')].some((e) => e.style.contentVisibility === 'auto'))],
      ['Reduce motion', () => page.evaluate(() => document.adoptedStyleSheets.some((s) => [...s.cssRules].some((r) => r.cssText.includes('animation-duration'))))],
      ['Decode images off the main thread', () => page.evaluate(() => [...document.images].length === 0 || [...document.images].every((i) => i.decoding === 'async'))],
      ['Preconnect to hot origins', async () => true],
    ];
    for (const [title, applied] of cases) {
      const sw = panel.getByRole('switch', { name: new RegExp(`^${title}`) });
      await setSwitch(sw, true);
      await expect.poll(applied, { timeout: 5000 }).toBe(true);
      await setSwitch(sw, false);
      await expect.poll(async () => JSON.stringify(await snapshot()), { timeout: 5000 }).toBe(JSON.stringify(before));
    }
    await panel.close();
    await page.close();
  });

  it('keeps the demo app working with every strategy on', async () => {
    const page = await env.ext.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${env.demo.url}/`);
    await page.waitForSelector('body[data-ready="dashboard"]');
    const tabId = await tabIdOf(env.ext, page);
    const panel = await openPanel(env.ext, tabId, 'optimize');
    await panel.getByRole('textbox', { name: 'URL pattern' }).fill(`${env.demo.url}/*`);
    await panel.getByRole('textbox', { name: 'URL pattern' }).blur();
    await panel.waitForTimeout(500);
    for (const sw of await panel.getByRole('switch').all()) {
      await setSwitch(sw, true);
    }
    await page.reload();
    await page.waitForSelector('body[data-ready="dashboard"]');
    await expect.poll(() => page.getByTestId('recommendation-item').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await page.getByRole('link', { name: 'Users' }).click();
    await page.waitForSelector('body[data-ready="users"]', { timeout: 60_000 });
    expect(await page.locator('tbody tr').count()).toBeGreaterThanOrEqual(5000);
    await page.getByTestId('users-search').fill('zz-no-such-user');
    await expect.poll(() => page.locator('tbody tr:visible').count()).toBeLessThan(5000);
    await page.getByRole('link', { name: 'Forms' }).click();
    await page.waitForSelector('body[data-ready="forms"]');
    await page.getByTestId('input-name').fill('Ada Lovelace');
    await page.getByTestId('input-email').fill(`ada${Date.now()}@example.com`);
    await page.getByTestId('input-role').selectOption({ index: 1 });
    await page.getByTestId('form-submit').first().click();
    await expect.poll(() => page.getByTestId('form-status').first().innerText(), { timeout: 10_000 }).toMatch(/creat|saved|success/i);
    expect(errors).toEqual([]);
    // Leave no strategy on for the tests that follow.
    for (const sw of await panel.getByRole('switch').all()) await setSwitch(sw, false);
    await panel.close();
    await page.close();
  });

  it('runs an A/B test from the panel and fills the before/after table with real numbers', async () => {
    const page = await env.ext.context.newPage();
    await page.goto(`${env.demo.url}/`);
    await page.waitForSelector('body[data-ready="dashboard"]');
    const tabId = await tabIdOf(env.ext, page);
    const panel = await openPanel(env.ext, tabId, 'optimize');
    const pattern = panel.getByRole('textbox', { name: 'URL pattern' });
    await pattern.fill(`${env.demo.url}/`);
    await pattern.blur();
    await panel.waitForTimeout(500);
    for (const sw of await panel.getByRole('switch').all()) await setSwitch(sw, false);
    await setSwitch(panel.getByRole('switch', { name: /^Lazy-load offscreen images/ }), true);
    await panel.getByRole('spinbutton', { name: 'Number of loads' }).fill('6');
    await panel.getByRole('button', { name: 'Run A/B test' }).click();
    await panel.getByRole('progressbar', { name: 'A/B test progress' }).waitFor({ timeout: 20_000 });
    const table = panel.getByRole('table', { name: 'Switched-on optimizations together' });
    await table.waitFor({ timeout: 120_000 });
    await waitFor('the A/B test to finish', async () => (await panel.getByRole('button', { name: 'Run A/B test' }).isEnabled()) || null, 120_000);
    const bytesRow = table.locator('tr[data-metric="bytes"] td');
    const cells = await bytesRow.allInnerTexts();
    expect(Number(cells[0])).toBeGreaterThanOrEqual(3); // n before
    expect(Number(cells[3])).toBeGreaterThanOrEqual(3); // n after
    expect(cells[1]).toMatch(/\d+(\.\d)? (KiB|MiB)/);
    expect(cells[6]).toMatch(/^-\d+(\.\d)? %$/); // fewer bytes with lazy-loading
    const lcpCells = await table.locator('tr[data-metric="LCP"] td').allInnerTexts();
    expect(lcpCells[1]).toMatch(/\d+(\.\d)? ms|\d+(\.\d)? s/);
    expect(await table.locator('caption').innerText()).toContain('Mann-Whitney U');
    await panel.close();
    await page.close();
  }, 240_000);

  it('offers "Reduce motion" when the system asks for reduced motion, and applies it when accepted', async () => {
    const page = await env.ext.context.newPage();
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto(`${env.demo.url}/settings`);
    await page.waitForSelector('body[data-ready="settings"]');
    const tabId = await tabIdOf(env.ext, page);
    const panel = await openPanel(env.ext, tabId, 'optimize');
    const offer = panel.getByRole('note', { name: 'Offer: Reduce motion' });
    await offer.waitFor({ timeout: 15_000 });
    expect(await offer.innerText()).toMatch(/system asks for reduced motion/i);
    await offer.getByRole('button', { name: 'Turn on “Reduce motion”' }).click();
    await expect.poll(() => panel.getByRole('switch', { name: /^Reduce motion/ }).isChecked(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => page.evaluate(() => document.adoptedStyleSheets.some((s) => [...s.cssRules].some((r) => r.cssText.includes('animation-duration')))), { timeout: 10_000 }).toBe(true);
    await setSwitch(panel.getByRole('switch', { name: /^Reduce motion/ }), false);
    await panel.close();
    await page.close();
  });
});
