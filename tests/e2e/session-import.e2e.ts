/**
 * Importing a large session file in the real panel page (Chromium): the import runs in a worker,
 * shows its progress in bytes, ends with the session listed with the file's counts (whose CSV zip
 * export, written in a worker, is cancelled part-way and then run to a download); Cancel in the
 * middle leaves nothing stored; a corrupt, truncated or invalid file shows what and where, and
 * stores nothing (although the worker had written batches before it found the error). A HAR
 * streams through the same worker: one with its pages after its entries (read twice) is stored
 * as the command line's reader reads it, Cancel in its second read stores nothing, and an
 * invalid entry deep in a HAR shows its path and stores nothing.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionData } from '../../src/core/model';
import { exportInputFrom, importSessionWithFormat, startExport } from '../../src/core/sessions/index';
import { createSyntheticSession } from '../fixtures/sessions/synthetic';
import { cancelExportOnceUnderWay, countExportWorkers, launchWithExtension, openPanel, waitFor, type ExtensionBrowser } from './harness';

/** How many records of each store IndexedDB holds, and the imported session rows. */
async function storedTotals(panel: Page) {
  return panel.evaluate(async () => {
    const db: IDBDatabase = await new Promise((resolve, reject) => {
      const req = indexedDB.open('admin-performance');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const count = (store: string) =>
      new Promise<number>((resolve, reject) => {
        const req = db.transaction(store).objectStore(store).count();
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
    const sessions = await new Promise<{ id: string; origin: string; counts: Record<string, number>; endTime: number | null }[]>((resolve, reject) => {
      const req = db.transaction('sessions').objectStore('sessions').getAll();
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    // Samples and requests are stored in chunks of records: count the records, not the chunks.
    const countInChunks = (store: string) =>
      new Promise<number>((resolve, reject) => {
        const req = db.transaction(store).objectStore(store).getAll();
        req.onsuccess = () => resolve((req.result as { records: unknown[] }[]).reduce((sum, chunk) => sum + chunk.records.length, 0));
        req.onerror = () => reject(req.error);
      });
    const totals = { views: await count('views'), samples: await countInChunks('sample-chunks'), requests: await countInChunks('request-chunks'), alerts: await count('alerts') };
    db.close();
    return { totals, imported: sessions.filter((s) => s.origin !== 'captured') };
  });
}

/** One stored session by id: its row, views and requests (in time order, as the store's readers merge its chunks). */
async function storedById(panel: Page, id: string): Promise<Pick<SessionData, 'session' | 'views' | 'requests'>> {
  return panel.evaluate(async (sessionId) => {
    const db: IDBDatabase = await new Promise((resolve, reject) => {
      const req = indexedDB.open('admin-performance');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const get = <T,>(store: string, index: boolean) =>
      new Promise<T>((resolve, reject) => {
        const os = db.transaction(store).objectStore(store);
        const req = index ? os.index('by-session').getAll(IDBKeyRange.bound([sessionId, -Infinity], [sessionId, Infinity])) : os.get(sessionId);
        req.onsuccess = () => resolve(req.result as T);
        req.onerror = () => reject(req.error);
      });
    const session = await get<SessionData['session']>('sessions', false);
    const views = await get<SessionData['views']>('views', true);
    const chunks = await get<{ records: SessionData['requests'] }[]>('request-chunks', true);
    db.close();
    const requests = chunks
      .flatMap((chunk) => chunk.records)
      .map((record, i) => ({ record, i }))
      .sort((a, b) => a.record.t - b.record.t || a.i - b.i)
      .map(({ record }) => record);
    return { session, views, requests };
  }, id);
}

async function exportText(data: ReturnType<typeof createSyntheticSession>, format: 'json' | 'har' = 'json'): Promise<string> {
  const { files } = startExport(format, exportInputFrom(data), { sanitize: false, now: data.session.startTime });
  const parts: string[] = [];
  for await (const chunk of files[0]!.chunks) parts.push(chunk);
  return parts.join('');
}

describe('Sessions view: importing a large file in a worker', () => {
  let ext: ExtensionBrowser;
  let dir: string;
  let panel: Page;
  let data: ReturnType<typeof createSyntheticSession>;
  let text: string;
  let bigFile: string;
  let tabId: number;

  beforeAll(async () => {
    ext = await launchWithExtension();
    dir = mkdtempSync(join(tmpdir(), 'ap-import-e2e-'));
    // About 12 MB: large enough to be read in a few hundred chunks and many batches.
    data = createSyntheticSession({ samples: 30_000, requests: 6_000, alerts: 10 });
    text = await exportText(data);
    bigFile = join(dir, 'large-session.json');
    writeFileSync(bigFile, text);
    const page = await ext.context.newPage();
    await page.goto('about:blank');
    const worker = await ext.worker();
    tabId = await worker.evaluate(async () => (await chrome.tabs.query({})).find((t) => t.url === 'about:blank')?.id ?? -1);
    panel = await openPanel(ext, tabId, 'sessions');
  });
  afterAll(async () => {
    await ext?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const region = () => panel.getByRole('tabpanel').getByRole('region', { name: 'Import a session' });
  const input = () => panel.getByLabel('Import session');

  it('shows progress in bytes and ends with the session listed with the right counts', async () => {
    const before = await storedTotals(panel);
    // Watch the progress bar from inside the page, so no state of it is missed between polls.
    await panel.evaluate(() => {
      const w = window as unknown as { __seen: { value: number; max: number; text: string; label: string | null }[] };
      w.__seen = [];
      new MutationObserver(() => {
        const bar = document.querySelector('progress[aria-label="Import progress"]') as HTMLProgressElement | null;
        if (bar) w.__seen.push({ value: bar.value, max: bar.max, text: document.querySelector('[data-testid="import-progress"]')?.textContent ?? '', label: bar.getAttribute('aria-valuetext') });
      }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    });
    await input().setInputFiles(bigFile);
    await expect
      .poll(() => region().getByRole('status').innerText().catch(() => ''), { timeout: 120_000 })
      .toContain('Imported “large-session.json” (session JSON');
    const status = await region().getByRole('status').innerText();
    expect(status).toContain(`${data.requests.length.toLocaleString('en-US')} requests, ${data.samples.length.toLocaleString('en-US')} samples, ${data.views.length} views`);

    const seen = await panel.evaluate(() => (window as unknown as { __seen: { value: number; max: number; text: string; label: string | null }[] }).__seen);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((s) => s.max === Buffer.byteLength(text))).toBe(true);
    // Somewhere between the first and the last byte, with units.
    const middle = seen.filter((s) => s.value > 0 && s.value < s.max);
    expect(middle.length).toBeGreaterThan(0);
    expect(middle[0]!.text).toMatch(/^large-session\.json: [\d.,]+ (KiB|MiB) of 1[\d.]+ MiB read \(\d+ %\)/);
    expect(middle[0]!.label).toMatch(/^[\d.,]+ (KiB|MiB) of 1[\d.]+ MiB read$/);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.value).toBeGreaterThanOrEqual(seen[i - 1]!.value);

    const after = await storedTotals(panel);
    const session = after.imported.find((s) => !before.imported.some((b) => b.id === s.id))!;
    expect(session.counts).toEqual({ views: data.views.length, samples: data.samples.length, requests: data.requests.length, alerts: data.alerts.length });
    expect(after.totals.samples - before.totals.samples).toBe(data.samples.length);
    expect(after.totals.requests - before.totals.requests).toBe(data.requests.length);
    expect(after.totals.views - before.totals.views).toBe(data.views.length);
    const row = panel.locator(`tr[data-session-id="${session.id}"]`);
    await expect.poll(() => row.innerText()).toContain('imported JSON');
    expect(await row.locator('td').nth(4).innerText()).toBe(data.requests.length.toLocaleString('en-US'));
  }, 180_000);

  it('Cancel in the middle of a CSV zip export stops its table workers and saves nothing; the next export completes', async () => {
    const row = panel.locator('tr[data-session-id]', { hasText: 'imported JSON' }).first();
    await row.getByRole('button', { name: /^Export .*…$/ }).click();
    const dialog = panel.getByRole('region', { name: /^Export / });
    let downloads = 0;
    panel.on('download', () => downloads++);
    const writers = () => panel.workers().filter((w) => w.url().includes('export-worker')).length;
    const started = await countExportWorkers(panel);
    const cancelledAt = await cancelExportOnceUnderWay(panel);
    await dialog.getByRole('button', { name: 'Export CSV (zip)' }).click();
    await expect.poll(() => dialog.innerText(), { timeout: 60_000 }).toContain('Export cancelled; no file was saved.');
    expect(await cancelledAt(), 'cancelled part-way through the read').toBeGreaterThan(0);
    expect(downloads).toBe(0);
    // Samples and requests were being read and written in a worker each, and the cancel ended both.
    expect(await started()).toBe(2);
    await expect.poll(writers, { timeout: 10_000 }).toBe(0);
    // Nothing is left half-done: the same export runs to a download.
    const [download] = await Promise.all([panel.waitForEvent('download', { timeout: 60_000 }), dialog.getByRole('button', { name: 'Export CSV (zip)' }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.csv\.zip$/);
    expect(await started()).toBe(4);
    await expect.poll(writers, { timeout: 10_000 }).toBe(0);
    await dialog.getByRole('button', { name: 'Close export' }).click();
  }, 120_000);

  it('Cancel in the middle of an import leaves nothing stored', async () => {
    const before = await storedTotals(panel);
    await input().setInputFiles(bigFile);
    const bar = region().getByRole('progressbar', { name: 'Import progress' });
    // Cancel once some batches are written (a quarter of the file read).
    await waitFor('a quarter of the file read', async () => Number(await bar.getAttribute("value").catch(() => 0)) > Buffer.byteLength(text) / 4, 60_000);
    await region().getByRole('button', { name: 'Cancel import' }).click();
    await expect.poll(() => region().getByRole('status').innerText().catch(() => ''), { timeout: 30_000 }).toBe('Import of “large-session.json” cancelled. Nothing was stored.');
    expect(await bar.count()).toBe(0);
    expect(await storedTotals(panel)).toEqual(before);
    // The file input works again afterwards.
    expect(await input().isEnabled()).toBe(true);
  }, 120_000);

  it('the next import removes the batches of an import whose panel was closed half-way', async () => {
    const before = await storedTotals(panel);
    const other = await openPanel(ext, tabId, 'sessions');
    const bar = other.getByRole('tabpanel').getByRole('region', { name: 'Import a session' }).getByRole('progressbar', { name: 'Import progress' });
    await other.getByLabel('Import session').setInputFiles(bigFile);
    await waitFor('a quarter of the file read in the other panel', async () => Number(await bar.getAttribute('value').catch(() => 0)) > Buffer.byteLength(text) / 4, 60_000);
    await other.close();
    // Its worker went with it: what it wrote stays, in no session of the list.
    const left = await storedTotals(panel);
    expect(left.totals.samples).toBeGreaterThan(before.totals.samples);
    expect(left.imported).toEqual(before.imported);
    // Its import lock goes with its worker.
    await waitFor('the closed panel’s import lock released', () =>
      panel.evaluate(async () => ((await navigator.locks.query()).held ?? []).every((lock) => !lock.name?.startsWith('admin-performance-import:'))),
    );

    const small = createSyntheticSession({ samples: 300, requests: 50, alerts: 2, seed: 9 });
    await input().setInputFiles({ name: 'small.json', mimeType: 'application/json', buffer: Buffer.from(await exportText(small)) });
    await expect.poll(() => region().getByRole('status').innerText().catch(() => ''), { timeout: 60_000 }).toContain('Imported “small.json”');
    const after = await storedTotals(panel);
    expect(after.totals).toEqual({
      views: before.totals.views + small.views.length,
      samples: before.totals.samples + small.samples.length,
      requests: before.totals.requests + small.requests.length,
      alerts: before.totals.alerts + small.alerts.length,
    });
    expect(after.imported).toHaveLength(before.imported.length + 1);
  }, 180_000);

  it('a corrupt, a truncated and an invalid file each say what and where, and store nothing', async () => {
    const before = await storedTotals(panel);
    // Corrupt far into the file: several batches (2,000 records each) are written before the error is found.
    const small = await exportText(createSyntheticSession({ samples: 12_000, requests: 3_000, seed: 7 }));
    const lines = small.split('\n');
    const line = lines.findIndex((l, i) => i > lines.length * 0.7 && l.startsWith('{"kind":"request"'));
    const corrupt = [...lines];
    corrupt[line] = corrupt[line]!.replace(/"status":\d+/, '"status":2O0');
    const requestIndex = lines.slice(0, line).filter((l) => l.startsWith('{"kind":"request"')).length;
    const column = corrupt[line]!.indexOf('2O0') + 2;
    const cases = [
      {
        name: 'corrupt.json',
        body: corrupt.join('\n'),
        message: `Could not import “corrupt.json”: not valid JSON (unexpected "O" (expected a comma or "}") at line ${line + 1}, column ${column}`,
        where: `in requests[${requestIndex}].status). Nothing was stored.`,
      },
      {
        name: 'truncated.json',
        body: small.slice(0, Math.floor(small.length * 0.8)),
        message: 'Could not import “truncated.json”: not valid JSON (the text ends before the JSON does',
        where: 'is the file complete? Nothing was stored.',
      },
      {
        name: 'invalid.json',
        body: lines.map((l, i) => (i === line ? l.replace(/"duration":[\d.]+/, '"duration":"slow"') : l)).join('\n'),
        message: `Could not import “invalid.json”: requests[${requestIndex}].duration: expected a number, got "slow"`,
        where: 'Nothing was stored.',
      },
    ];
    for (const c of cases) {
      await input().setInputFiles({ name: c.name, mimeType: 'application/json', buffer: Buffer.from(c.body) });
      const alert = region().getByRole('alert');
      await expect.poll(() => alert.innerText().catch(() => ''), { timeout: 60_000 }).toContain(c.message);
      expect(await alert.innerText()).toContain(c.where);
      await waitFor('the import to end', async () => (await region().getByRole('progressbar').count()) === 0);
      expect(await storedTotals(panel), c.name).toEqual(before);
    }
  }, 300_000);
  it('a HAR with its pages after its entries is read twice and stored as the command line reads it; Cancel in the second read stores nothing', async () => {
    const har = JSON.parse(await exportText(createSyntheticSession({ samples: 0, requests: 6_000, detailedShare: 1, seed: 11 }), 'har'));
    const { pages, entries, ...rest } = har.log;
    const body = JSON.stringify({ log: { ...rest, entries, pages } });
    const file = { name: 'pages-last.har', mimeType: 'application/json', buffer: Buffer.from(body) };
    const before = await storedTotals(panel);
    await panel.evaluate(() => {
      const w = window as unknown as { __harSeen: number[] };
      w.__harSeen = [];
      new MutationObserver(() => {
        const bar = document.querySelector('progress[aria-label="Import progress"]') as HTMLProgressElement | null;
        if (bar) w.__harSeen.push(bar.value);
      }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    });
    await input().setInputFiles(file);
    await expect
      .poll(() => region().getByRole('status').innerText().catch(() => ''), { timeout: 120_000 })
      .toContain('Imported “pages-last.har” (HAR');
    const seen = await panel.evaluate(() => (window as unknown as { __harSeen: number[] }).__harSeen);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!).toBeGreaterThanOrEqual(seen[i - 1]!);

    const after = await storedTotals(panel);
    const added = after.imported.find((s) => !before.imported.some((b) => b.id === s.id))!;
    expect(added.origin).toBe('imported-har');
    const stored = await storedById(panel, added.id);
    // The command line's reader (the whole file parsed, then importHar), given the stored id.
    const expected = (await importSessionWithFormat(body, { createId: () => added.id })).data;
    expect(stored.session).toEqual(expected.session);
    expect([...stored.views].sort((a, b) => a.id.localeCompare(b.id))).toEqual([...expected.views].sort((a, b) => a.id.localeCompare(b.id)));
    expect(stored.requests).toEqual(expected.requests);
    expect(new Set(stored.requests.map((r) => r.viewId)).size).toBeGreaterThan(1);

    // Cancel once the second read has written batches (past 60 % of the progress): nothing stays.
    const total = Buffer.byteLength(body);
    const beforeCancel = await storedTotals(panel);
    // Clicked from inside the panel the moment the bar passes 60 % (a 6,000-entry file's second
    // read can end within one round trip of the test's).
    await panel.evaluate((threshold) => {
      new MutationObserver((_, observer) => {
        const bar = document.querySelector('progress[aria-label="Import progress"]') as HTMLProgressElement | null;
        if (!bar || bar.value <= threshold) return;
        observer.disconnect();
        (window as unknown as { __cancelledImportAt: number }).__cancelledImportAt = bar.value;
        [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Cancel import')?.click();
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    }, total * 0.6);
    await input().setInputFiles({ ...file, name: 'pages-last-again.har' });
    await expect.poll(() => region().getByRole('status').innerText().catch(() => ''), { timeout: 30_000 }).toBe('Import of “pages-last-again.har” cancelled. Nothing was stored.');
    const cancelledAt = await panel.evaluate(() => (window as unknown as { __cancelledImportAt?: number }).__cancelledImportAt ?? 0);
    expect(cancelledAt).toBeGreaterThan(total * 0.6);
    expect(cancelledAt).toBeLessThan(total);
    expect(await storedTotals(panel)).toEqual(beforeCancel);
  }, 240_000);

  it('an invalid entry deep in a HAR shows its path, and nothing is stored (batches were written before it)', async () => {
    const har = JSON.parse(await exportText(createSyntheticSession({ samples: 0, requests: 6_000, detailedShare: 1, seed: 12 }), 'har'));
    har.log.entries[5_432].startedDateTime = 'yesterday';
    const before = await storedTotals(panel);
    await input().setInputFiles({ name: 'invalid.har', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(har)) });
    const alert = region().getByRole('alert');
    await expect
      .poll(() => alert.innerText().catch(() => ''), { timeout: 60_000 })
      .toContain('Could not import “invalid.har”: not a valid HAR file: log.entries[5432].startedDateTime: expected an ISO 8601 date-time, got "yesterday"');
    expect(await alert.innerText()).toContain('Nothing was stored.');
    await waitFor('the import to end', async () => (await region().getByRole('progressbar').count()) === 0);
    expect(await storedTotals(panel)).toEqual(before);
  }, 120_000);
});
