import { describe, expect, it } from 'vitest';
import type { VitalSample } from '../../../src/core/model';
import { storedSession, waitFor } from '../harness';
import { evaluator, textOf, useDemoAndFirefox } from './harness';

describe('Firefox: capture on the demo app reaches the panel page', () => {
  const env = useDemoAndFirefox();

  it('records LCP, FCP, TTFB and INP after a real click, and the panel shows them', async () => {
    const page = await env.ff.newPage();
    await page.goto(`${env.demo.url}/`);
    await page.waitForSelector('body[data-ready="dashboard"]');
    await page.click('[data-testid="refresh-button"]');
    await new Promise((r) => setTimeout(r, 500));
    const tabId = await env.ff.tabIdOf(page);
    const panel = await env.ff.openPanel(tabId);
    const data = await waitFor('LCP, FCP, TTFB and INP stored', async () => {
      const d = await storedSession(evaluator(panel), tabId);
      const names = new Set(d?.samples.filter((s): s is VitalSample => s.kind === 'vital').map((s) => s.name));
      return ['LCP', 'INP', 'FCP', 'TTFB'].every((n) => names.has(n as VitalSample['name'])) ? d : null;
    });
    console.log(JSON.stringify(data.samples.filter((s) => s.kind === 'vital'), null, 1).slice(0, 3000));
    for (const name of ['LCP', 'INP', 'FCP', 'TTFB']) {
      await expect.poll(() => textOf(panel, `[role="group"][aria-label="${name}"]`), { timeout: 10_000 }).toMatch(/\d[\d,]* ms\s+(good|needs improvement|poor)/);
    }
    console.log(await textOf(panel, 'body'));
  });
});
