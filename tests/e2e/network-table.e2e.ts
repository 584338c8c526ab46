import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestRecord, SessionData } from '../../src/core/model';
import { requestName } from '../../src/core/metrics/summary';
import { createSyntheticSession } from '../fixtures/sessions/synthetic';
import { launchWithExtension, openPanel, storeSessionData, tabIdOf, type ExtensionBrowser } from './harness';

const REQUESTS = 20_000;

/** The first `n` names a plain comparator sort gives (ties by start time, then position). */
function expectedNames(requests: readonly RequestRecord[], key: (r: RequestRecord) => number | string, descending: boolean, n: number): string[] {
  const up = requests.map((r, i) => ({ r, i, k: key(r) })).sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0) || a.r.t - b.r.t || a.i - b.i);
  return (descending ? up.reverse() : up).slice(0, n).map((x) => requestName(x.r.url));
}

const shownNames = (panel: Page, n: number) =>
  panel.evaluate((n) => [...document.querySelectorAll('.network .body [role=row]')].slice(0, n).map((row) => row.querySelector('[role=cell]')!.textContent), n);

describe(`Network view at ${REQUESTS.toLocaleString('en-US')} requests`, () => {
  let ext: ExtensionBrowser;
  beforeAll(async () => {
    ext = await launchWithExtension();
  });
  afterAll(async () => {
    await ext?.close();
  });

  it('sorts every column from the keyboard with orders made in a worker, and filters as the query grows and shrinks', async () => {
    const data = createSyntheticSession({ seed: 21, samples: 200, requests: REQUESTS });
    data.session.tabId = -1;
    data.session.origin = 'imported-json';
    const inspected = await ext.context.newPage();
    await inspected.goto('about:blank');
    const panel = await openPanel(ext, await tabIdOf(ext, inspected), 'sessions');
    await panel.getByRole('tabpanel').waitFor();
    await storeSessionData(panel, data);
    await panel.reload();
    const orderWorker = panel.waitForEvent('worker', { predicate: (w) => w.url().includes('column-order-worker'), timeout: 60_000 });
    await panel.getByRole('button', { name: `Open ${data.session.name}` }).click();
    await panel.getByRole('tab', { name: 'Overview', selected: true }).waitFor({ timeout: 60_000 });
    await panel.getByRole('tab', { name: 'Network' }).click();
    const count = panel.getByTestId('network-count');
    await expect.poll(() => count.innerText(), { timeout: 60_000 }).toMatch(/^20,000 of 20,000 requests/);
    await orderWorker;

    const rows = data.requests;
    const columns: [string, (r: RequestRecord) => number | string, boolean][] = [
      ['Duration', (r) => r.duration, true],
      ['Name', (r) => requestName(r.url), false],
      ['Size', (r) => r.transferSize, true],
      ['Status', (r) => r.status, true],
      ['Type', (r) => r.initiatorType, true],
      ['Waiting', (r) => r.phases.waiting, true],
      ['Start', (r) => r.t, false],
    ];
    for (const [title, key, descendingFirst] of columns) {
      const header = panel.getByRole('columnheader').getByRole('button', { name: new RegExp(`^${title}`) });
      await header.focus();
      for (const descending of [descendingFirst, !descendingFirst]) {
        await panel.keyboard.press('Enter');
        await expect.poll(() => panel.getByRole('columnheader', { name: new RegExp(`^${title}`) }).getAttribute('aria-sort')).toBe(descending ? 'descending' : 'ascending');
        await expect.poll(() => shownNames(panel, 8)).toEqual(expectedNames(rows, key, descending, 8));
      }
    }

    // Sorted by start, descending (the last press): the filter narrows as letters are added and widens as they are taken back.
    const search = panel.getByRole('searchbox', { name: 'Filter requests by URL' });
    const matching = (text: string) => rows.filter((r) => r.url.toLowerCase().includes(text));
    for (const text of ['u', 'us', 'use', 'user', 'users', 'user', 'us', 'ORDERS', '']) {
      await search.fill(text);
      const expected = matching(text.toLowerCase());
      await expect.poll(() => count.innerText()).toMatch(new RegExp(`^${expected.length.toLocaleString('en-US')} of 20,000 requests`));
      await expect.poll(() => shownNames(panel, 5)).toEqual(expectedNames(expected, (r) => r.t, true, 5));
    }
    await panel.close();
  }, 180_000);
});
