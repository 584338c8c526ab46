/**
 * Accessibility of the panel, measured in a real Chromium: axe-core over every view (the tabs are
 * read from the tab list, so a new view is checked as soon as it lands) in the light and the dark
 * theme, keyboard operation with real key presses, focus visibility and the charts' text
 * alternatives.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openPanel, storedSession, tabIdOf, useDemoAndExtension, waitFor } from './harness';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
/** WCAG 2.2 level A and AA, as axe tags them. */
const AA_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string; summary: string }[];
}

/** Runs axe-core in the panel page (evaluated over CDP: the extension's CSP forbids inline scripts). */
async function axeViolations(panel: Page, tags: string[]): Promise<Violation[]> {
  if (!(await panel.evaluate(() => 'axe' in window))) await panel.evaluate(AXE_SOURCE);
  return panel.evaluate(async (values) => {
    const axe = (window as unknown as { axe: typeof import('axe-core') }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: (n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 300) })),
    }));
  }, tags);
}

/** The panel's tab names, from its tab list. */
async function tabNames(panel: Page): Promise<string[]> {
  const names = await panel.getByRole('tablist', { name: 'Views' }).getByRole('tab').allInnerTexts();
  expect(names.length).toBeGreaterThan(0);
  return names.map((n) => n.trim());
}

async function showView(panel: Page, name: string): Promise<void> {
  const tab = panel.getByRole('tab', { name, exact: true });
  await tab.click();
  await expect.poll(() => tab.getAttribute('aria-selected')).toBe('true');
  const id = await tab.getAttribute('id');
  await expect.poll(() => panel.getByRole('tabpanel').getAttribute('aria-labelledby')).toBe(id);
}

/** Opens every closed disclosure in the view (chart data tables, findings), so axe sees their content. */
async function openDisclosures(panel: Page): Promise<void> {
  await panel.evaluate(() => {
    for (const d of document.querySelectorAll<HTMLDetailsElement>('[role="tabpanel"] details:not([open])')) d.open = true;
  });
  await panel.waitForTimeout(200);
}

/** States of a view beyond its first render that hold controls of their own (dialogs, results). */
const EXTRA_STATES: Record<string, ((panel: Page) => Promise<string>)[]> = {
  Simulate: [
    async (panel) => {
      await panel.getByRole('button', { name: 'Run simulation' }).click();
      await panel.getByRole('table', { name: 'Simulation results' }).waitFor({ timeout: 60_000 });
      return 'with results';
    },
  ],
  Sessions: [
    async (panel) => {
      await panel.getByRole('button', { name: /^Export .*…$/ }).first().click();
      await panel.getByRole('region', { name: /^Export / }).waitFor();
      return 'with the export panel open';
    },
    async (panel) => {
      const del = panel.getByRole('button', { name: /^Delete / }).first();
      if (await del.isDisabled()) {
        await panel.getByRole('button', { name: 'Stop recording this tab' }).click();
        await expect.poll(() => del.isDisabled()).toBe(false);
      }
      await del.click();
      await panel.getByRole('group', { name: 'Confirm delete' }).waitFor();
      return 'asking to confirm a delete';
    },
  ],
};

/** Contrast ratio of two CSS rgb()/rgba() colours (alpha ignored: the panel's focus colour is opaque). */
function contrast(a: string, b: string): number {
  const lum = (css: string) => {
    const [r, g, bl] = css.match(/[\d.]+/g)!.slice(0, 3).map((c) => {
      const v = Number(c) / 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** What has keyboard focus: its role or tag and its accessible-ish name. */
function focused(panel: Page): Promise<{ role: string; name: string; id: string }> {
  return panel.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return { role: el?.getAttribute('role') ?? el?.tagName.toLowerCase() ?? '', name: el?.getAttribute('aria-label') ?? el?.textContent?.trim() ?? '', id: el?.id ?? '' };
  });
}

describe('panel accessibility', () => {
  const env = useDemoAndExtension();
  let tabId: number;

  beforeAll(async () => {
    // Data in every view: the dashboard (vitals, requests), a click (INP), an SPA navigation.
    const page = await env.ext.context.newPage();
    await page.goto(`${env.demo.url}/`);
    await page.waitForSelector('body[data-ready="dashboard"]');
    await page.getByTestId('refresh-button').first().click();
    await page.getByRole('link', { name: 'Users' }).click();
    await page.waitForSelector('body[data-ready="users"]', { timeout: 60_000 });
    tabId = await tabIdOf(env.ext, page);
    const probe = await openPanel(env.ext, tabId);
    await waitFor('the LCP and the /users requests stored', async () => {
      const d = await storedSession(probe, tabId);
      return d && d.views.length >= 2 && d.samples.some((s) => s.kind === 'vital' && s.name === 'LCP') && d.requests.some((r) => r.url.includes('/api/users')) ? d : null;
    });
    await probe.close();
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`has no WCAG 2.2 A/AA violations in any view, ${theme} theme`, { timeout: 300_000 }, async () => {
      const panel = await openPanel(env.ext, tabId, undefined, { theme });
      expect(await panel.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
      await expect.poll(() => panel.getByRole('group', { name: 'LCP', exact: true }).innerText(), { timeout: 20_000 }).toMatch(/\d ms/);
      const checked: string[] = [];
      const found: Record<string, Violation[]> = {};
      for (const name of await tabNames(panel)) {
        await showView(panel, name);
        await panel.waitForTimeout(1200);
        await openDisclosures(panel);
        const states = [async () => 'as opened', ...(EXTRA_STATES[name] ?? []).map((state) => () => state(panel))];
        for (const enter of states) {
          const state = `${name} ${await enter()}`;
          await openDisclosures(panel);
          const violations = await axeViolations(panel, AA_TAGS);
          if (violations.length) found[state] = violations;
          checked.push(state);
        }
      }
      expect(checked.length).toBeGreaterThanOrEqual(6);
      expect(found, `axe violations (${theme} theme) in: ${Object.keys(found).join(', ')}`).toEqual({});
      await panel.close();
    });
  }

  it('meets WCAG AAA enhanced contrast (7:1) in every view, both themes', { timeout: 300_000 }, async () => {
    for (const theme of ['light', 'dark']) {
      const panel = await openPanel(env.ext, tabId, undefined, { theme });
      await expect.poll(() => panel.getByRole('group', { name: 'LCP', exact: true }).innerText(), { timeout: 20_000 }).toMatch(/\d ms/);
      const found: Record<string, Violation[]> = {};
      for (const name of await tabNames(panel)) {
        await showView(panel, name);
        await panel.waitForTimeout(1000);
        await openDisclosures(panel);
        const violations = (await axeViolations(panel, ['wcag2aaa'])).filter((v) => v.id === 'color-contrast-enhanced');
        if (violations.length) found[`${theme} ${name}`] = violations;
      }
      expect(found).toEqual({});
      await panel.close();
    }
  });

  it('moves through the tab list with the arrow keys, Home and End (roving tabindex)', async () => {
    const panel = await openPanel(env.ext, tabId, undefined, { theme: 'light' });
    const names = await tabNames(panel);
    const tabs = panel.getByRole('tab');
    // Only the selected tab is in the Tab order.
    expect(await tabs.evaluateAll((els) => els.map((e) => e.getAttribute('tabindex')))).toEqual(names.map((_, i) => (i === 0 ? '0' : '-1')));

    // Reach the tab list from the top of the page with Tab alone.
    await panel.locator('body').focus();
    for (let i = 0; i < 20 && (await focused(panel)).role !== 'tab'; i++) await panel.keyboard.press('Tab');
    expect(await focused(panel)).toMatchObject({ role: 'tab', name: names[0] });

    const expectSelected = async (index: number) => {
      expect((await focused(panel)).name).toBe(names[index]);
      await expect.poll(() => tabs.nth(index).getAttribute('aria-selected')).toBe('true');
      expect(await panel.getByRole('tabpanel').getAttribute('aria-labelledby')).toBe(await tabs.nth(index).getAttribute('id'));
      expect(await tabs.nth(index).getAttribute('tabindex')).toBe('0');
    };
    await panel.keyboard.press('ArrowRight');
    await expectSelected(1);
    await panel.keyboard.press('ArrowLeft');
    await expectSelected(0);
    await panel.keyboard.press('ArrowLeft');
    await expectSelected(names.length - 1);
    await panel.keyboard.press('ArrowRight');
    await expectSelected(0);
    await panel.keyboard.press('End');
    await expectSelected(names.length - 1);
    await panel.keyboard.press('Home');
    await expectSelected(0);

    // Focus is visible: a solid outline of at least 2 px, 3:1 against the background behind it.
    const ring = await panel.evaluate(() => {
      const el = document.activeElement!;
      const style = getComputedStyle(el);
      return { matches: el.matches(':focus-visible'), style: style.outlineStyle, width: parseFloat(style.outlineWidth), color: style.outlineColor, background: getComputedStyle(document.body).backgroundColor };
    });
    expect(ring.matches).toBe(true);
    expect(ring.style).toBe('solid');
    expect(ring.width).toBeGreaterThanOrEqual(2);
    expect(contrast(ring.color, ring.background)).toBeGreaterThanOrEqual(3);

    // Tab leaves the tab list for the selected view.
    await panel.keyboard.press('Tab');
    expect(await panel.evaluate(() => Boolean(document.activeElement?.closest('[role="tabpanel"]')))).toBe(true);
    await panel.close();
  });

  it('reaches every control of every view with Tab, each with a visible focus outline', { timeout: 300_000 }, async () => {
    const panel = await openPanel(env.ext, tabId, undefined, { theme: 'dark' });
    await expect.poll(() => panel.getByRole('group', { name: 'LCP', exact: true }).innerText(), { timeout: 20_000 }).toMatch(/\d ms/);
    for (const name of await tabNames(panel)) {
      await showView(panel, name);
      await panel.waitForTimeout(1000);
      // Mark every visible, enabled control of the view; then Tab from the view until focus leaves it.
      const controls = await panel.evaluate(() => {
        const view = document.querySelector('[role="tabpanel"]')!;
        const all = [...view.querySelectorAll<HTMLElement>('button, input, select, textarea, summary, a[href], [tabindex]:not([tabindex="-1"])')].filter(
          (el) => !(el as HTMLButtonElement).disabled && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden',
        );
        // A radio group is one Tab stop (arrow keys move inside it): count its checked radio only.
        const radioGroups = new Set<string>();
        for (let i = all.length - 1; i >= 0; i--) {
          const el = all[i] as HTMLInputElement;
          if (el.type !== 'radio') continue;
          if (!el.checked || radioGroups.has(el.name)) all.splice(i, 1);
          else radioGroups.add(el.name);
        }
        all.forEach((el, i) => (el.dataset.a11yControl = String(i)));
        return all.length;
      });
      const reached = new Set<string>();
      const unfocusedOutline: string[] = [];
      await panel.getByRole('tabpanel').focus();
      for (let i = 0; i < controls + 40; i++) {
        await panel.keyboard.press('Tab');
        const here = await panel.evaluate(() => {
          const el = document.activeElement as HTMLElement | null;
          if (!el?.closest('[role="tabpanel"]')) return null;
          const style = getComputedStyle(el);
          return { key: el.dataset.a11yControl ?? '', outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2, what: el.outerHTML.slice(0, 120) };
        });
        if (!here) break;
        if (here.key) reached.add(here.key);
        if (!here.outline) unfocusedOutline.push(here.what);
      }
      expect(reached.size, `${name}: controls reached with Tab`).toBe(controls);
      expect(unfocusedOutline, `${name}: focused without a visible outline`).toEqual([]);
    }
    await panel.close();
  });

  it('closes the export panel, the delete confirmation and a rename with Escape, focus back on their button', async () => {
    const panel = await openPanel(env.ext, tabId, 'sessions', { theme: 'light' });
    const view = panel.getByRole('tabpanel');
    const stop = view.getByRole('button', { name: 'Stop recording this tab' });
    if (await stop.count()) {
      await stop.focus();
      await panel.keyboard.press('Enter');
      await view.getByRole('button', { name: 'Start recording this tab' }).waitFor();
    }
    const row = view.locator('tr[data-session-id]').first();

    const exportButton = row.getByRole('button', { name: /^Export .*…$/ });
    await exportButton.focus();
    await panel.keyboard.press('Enter');
    const dialog = view.getByRole('region', { name: /^Export / });
    await dialog.waitFor();
    expect(await exportButton.getAttribute('aria-expanded')).toBe('true');
    await dialog.getByRole('checkbox', { name: /^Include cookies/ }).focus();
    await panel.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await exportButton.evaluate((el) => el === document.activeElement)).toBe(true);
    // Escape on the button that opened it closes it too.
    await panel.keyboard.press('Enter');
    await dialog.waitFor();
    await panel.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);

    const deleteButton = row.getByRole('button', { name: /^Delete / });
    await expect.poll(() => deleteButton.isDisabled()).toBe(false);
    await deleteButton.focus();
    await panel.keyboard.press('Enter');
    const confirm = view.getByRole('group', { name: 'Confirm delete' });
    await confirm.waitFor();
    // Focus starts on the safe choice.
    expect((await focused(panel)).name).toBe('Keep it');
    await panel.keyboard.press('Escape');
    await expect.poll(() => confirm.count()).toBe(0);
    expect(await deleteButton.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await view.locator('tr[data-session-id]').count()).toBeGreaterThan(0);

    const renameButton = row.getByRole('button', { name: /^Rename / });
    await renameButton.focus();
    await panel.keyboard.press('Enter');
    const input = row.getByRole('textbox', { name: /^New name for / });
    await expect.poll(() => input.evaluate((el) => el === document.activeElement)).toBe(true);
    await panel.keyboard.press('Escape');
    await expect.poll(() => input.count()).toBe(0);
    await expect.poll(() => renameButton.evaluate((el) => el === document.activeElement)).toBe(true);
    await panel.close();
  });

  it('gives every chart a text alternative: a summary it is described by and a data table', async () => {
    const panel = await openPanel(env.ext, tabId, 'timeline', { theme: 'light' });
    const chart = panel.getByRole('img', { name: 'DOM nodes chart' });
    await chart.waitFor();
    await expect
      .poll(() => chart.evaluate((el) => document.getElementById(el.getAttribute('aria-describedby') ?? '')?.textContent ?? ''), { timeout: 15_000 })
      .toMatch(/^DOM nodes \(count\): [\d,]+ points from \d\d:\d\d:\d\d to \d\d:\d\d:\d\d; latest [\d,]+, lowest [\d,]+, highest [\d,]+\.$/);
    const charts = await panel.getByRole('img').count();
    expect(charts).toBeGreaterThanOrEqual(3);
    expect(await panel.locator('details.chart-data').count()).toBe(charts);
    await panel.getByText('Data table: DOM nodes', { exact: true }).click();
    const table = panel.getByRole('table', { name: /^DOM nodes: [\d,]+ points$|^DOM nodes: the latest/ });
    await table.waitFor();
    const header = await table.getByRole('columnheader').allInnerTexts();
    expect(header).toEqual(['Time', 'DOM nodes (count)']);
    const firstRow = await table.locator('tbody tr').first().innerText();
    expect(firstRow).toMatch(/^\d\d:\d\d:\d\d\s+[1-9][\d,]*$/);
    await panel.close();
  });

  it('follows the colour scheme when opened as a tab, live, and ?theme= overrides it', async () => {
    const panel = await openPanel(env.ext, tabId);
    await panel.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => panel.evaluate(() => [document.documentElement.dataset.theme, document.documentElement.dataset.themeSource])).toEqual(['dark', 'system']);
    const darkBackground = await panel.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await panel.emulateMedia({ colorScheme: 'light' });
    await expect.poll(() => panel.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    expect(await panel.evaluate(() => getComputedStyle(document.body).backgroundColor)).not.toBe(darkBackground);
    await panel.close();

    // The charts' canvas axes (drawn in currentColor) follow a live switch too.
    const timeline = await openPanel(env.ext, tabId, 'timeline');
    await timeline.emulateMedia({ colorScheme: 'light' });
    const canvas = timeline.getByRole('img', { name: 'DOM nodes chart' }).locator('canvas');
    await canvas.waitFor();
    /** Mean luminance (0–1) of the opaque pixels of the y axis: tick marks and labels. */
    const axisLuminance = () =>
      canvas.evaluate((c: HTMLCanvasElement) => {
        const { data } = c.getContext('2d')!.getImageData(0, 0, Math.min(50, c.width), c.height);
        let sum = 0;
        let n = 0;
        for (let i = 0; i < data.length; i += 4) {
          if (data[i + 3]! < 200) continue;
          sum += (0.2126 * data[i]! + 0.7152 * data[i + 1]! + 0.0722 * data[i + 2]!) / 255;
          n++;
        }
        return n > 20 ? sum / n : null;
      });
    await expect.poll(axisLuminance, { timeout: 10_000 }).toBeLessThan(0.3);
    await timeline.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(axisLuminance, { timeout: 10_000 }).toBeGreaterThan(0.6);
    await timeline.close();

    const forced = await openPanel(env.ext, tabId, undefined, { theme: 'dark' });
    await forced.emulateMedia({ colorScheme: 'light' });
    expect(await forced.evaluate(() => [document.documentElement.dataset.theme, document.documentElement.dataset.themeSource, getComputedStyle(document.documentElement).colorScheme])).toEqual(['dark', 'query', 'dark']);
    await forced.close();
  });
});
