import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VitalSample } from '../../src/core/model';
import { isolateFromNetwork, startAppServer, THIRD_PARTY_APPS } from '../../scripts/third-party-apps.mjs';
import { demoVitalsWorkload, openPanel, storedSession, tabIdOf, waitFor, useDemoAndExtension } from './harness';

// Capture computes attribution itself from web-vitals' standard build (src/core/capture/vital-attribution.ts).
// Here web-vitals' own attribution build runs in the same page, as the reference: every value
// and breakdown the extension stored must be the one the reference reported last.
const REFERENCE = readFileSync(join(import.meta.dirname, '../../node_modules/web-vitals/dist/web-vitals.attribution.iife.js'), 'utf8');
const SUBSCRIBE = `
  window.__reference = {};
  const keep = (m) => { const a = {}; for (const [k, v] of Object.entries(m.attribution)) if (v === null || ['string', 'number'].includes(typeof v)) a[k] = v;
    if (m.attribution.longestScript) a.longestScriptURL = m.attribution.longestScript.entry.sourceURL;
    window.__reference[m.name] = { value: m.value, attribution: a }; };
  for (const on of ['onLCP', 'onCLS', 'onFCP', 'onTTFB']) webVitals[on](keep, { reportAllChanges: true });
  webVitals.onINP(keep, { reportAllChanges: true, durationThreshold: 16 });`;

interface Reference {
  value: number;
  attribution: Record<string, string | number | null>;
}

/** The fields compared per metric: text fields exactly, numbers within `ms` milliseconds (or score units). */
const COMPARED: Record<string, { text: string[]; numbers: string[]; ms: number }> = {
  LCP: { text: ['target', 'url'], numbers: ['timeToFirstByte', 'resourceLoadDelay', 'resourceLoadDuration', 'elementRenderDelay'], ms: 0.01 },
  FCP: { text: ['loadState'], numbers: ['timeToFirstByte', 'firstByteToFCP'], ms: 0.01 },
  TTFB: { text: [], numbers: ['waitingDuration', 'cacheDuration', 'dnsDuration', 'connectionDuration', 'requestDuration'], ms: 0.01 },
  CLS: { text: ['largestShiftTarget', 'loadState'], numbers: ['largestShiftValue', 'largestShiftTime'], ms: 0.0001 },
  // web-vitals groups every event presented in the interaction's frame; capture, the interaction's own entries.
  INP: { text: ['interactionTarget', 'interactionType', 'loadState'], numbers: ['interactionTime', 'nextPaintTime', 'inputDelay', 'processingDuration', 'presentationDelay'], ms: 8 },
};

async function compareWithReference(page: Page, stored: VitalSample[], expected: string[]): Promise<void> {
  const reference = (await page.evaluate(() => (window as unknown as { __reference: Record<string, Reference> }).__reference)) as Record<string, Reference>;
  for (const name of expected) {
    const ref = reference[name];
    const ours = stored.filter((v) => v.name === name).at(-1);
    expect(ref, `the reference reported ${name}`).toBeDefined();
    expect(ours, `capture stored ${name}`).toBeDefined();
    expect(ours!.value, `${name} value`).toBeCloseTo(Math.max(0, ref!.value), 4);
    const { text, numbers, ms } = COMPARED[name]!;
    for (const key of text) if (ref!.attribution[key] !== undefined) expect(ours!.attribution[key], `${name} ${key}`).toBe(ref!.attribution[key]);
    for (const key of numbers) {
      if (typeof ref!.attribution[key] !== 'number') continue;
      expect(typeof ours!.attribution[key], `${name} ${key} is a number`).toBe('number');
      expect(Math.abs((ours!.attribution[key] as number) - (ref!.attribution[key] as number)), `${name} ${key}: ours ${ours!.attribution[key]}, web-vitals ${ref!.attribution[key]}`).toBeLessThanOrEqual(ms);
    }
    if (name === 'INP') {
      const a = ours!.attribution;
      // The three parts always add up to the interaction's duration.
      expect((a.inputDelay as number) + (a.processingDuration as number) + (a.presentationDelay as number)).toBeCloseTo(ours!.value, 3);
      if (ref!.attribution.longestScriptURL) expect(a.longestScriptURL).toBe(ref!.attribution.longestScriptURL);
    }
  }
}

/** The stored vitals, once the last stored value of every expected metric is the reference's last. */
async function storedVitals(env: ReturnType<typeof useDemoAndExtension>, page: Page, names: string[]): Promise<VitalSample[]> {
  const tabId = await tabIdOf(env.ext, page);
  const panel = await openPanel(env.ext, tabId);
  try {
    return await waitFor('the last value of every vital stored', async () => {
      const reference = (await page.evaluate(() => (window as unknown as { __reference: Record<string, Reference> }).__reference)) as Record<string, Reference>;
      const vitals = (await storedSession(panel, tabId))?.samples.filter((s): s is VitalSample => s.kind === 'vital') ?? [];
      const caughtUp = names.every((n) => {
        const last = vitals.filter((v) => v.name === n).at(-1);
        return last && reference[n] && Math.abs(last.value - Math.max(0, reference[n]!.value)) < 1e-6;
      });
      return caughtUp ? vitals : null;
    });
  } finally {
    await panel.close();
  }
}

describe('vitals attribution matches web-vitals’ attribution build', () => {
  const env = useDemoAndExtension();
  let app: { url: string; close(): Promise<void> };
  beforeAll(async () => {
    app = await startAppServer(THIRD_PARTY_APPS.find((a) => a.id === 'sb-admin-2')!);
    // The template's CDN fonts and images are answered locally: nothing leaves the machine.
    await isolateFromNetwork(env.ext.context, []);
  });
  afterAll(async () => app?.close());

  it('on the demo app: LCP, FCP, TTFB, a long interaction and layout shifts', async () => {
    const page = await env.ext.context.newPage();
    await page.addInitScript({ content: `${REFERENCE}\n${SUBSCRIBE}` });
    await demoVitalsWorkload(page, env.demo.url);
    const names = ['LCP', 'FCP', 'TTFB', 'INP', 'CLS'];
    const stored = await storedVitals(env, page, names);
    await compareWithReference(page, stored, names);
    await page.close();
  });

  it('on a third-party admin template (sb-admin-2): load, scroll, resize and a menu click', async () => {
    const page = await env.ext.context.newPage();
    await page.addInitScript({ content: `${REFERENCE}\n${SUBSCRIBE}` });
    await page.goto(`${app.url}/index.html`, { waitUntil: 'load' });
    for (let y = 0; y < 4; y++) {
      await page.mouse.wheel(0, 600);
      await page.waitForTimeout(100);
    }
    await page.setViewportSize({ width: 1000, height: 700 });
    await page.waitForTimeout(200);
    await page.locator('a[data-target="#collapseTwo"]').first().click();
    await page.waitForTimeout(1500);
    const names = ['LCP', 'FCP', 'TTFB', 'INP'];
    const stored = await storedVitals(env, page, names);
    await compareWithReference(page, stored, names);
    await page.close();
  });
});
