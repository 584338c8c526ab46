import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session, SessionData, VitalSample } from '../../src/core/model';
import type { OtlpMetricsRequest, OtlpTracesRequest } from '../../src/core/sessions/export/otlp';
import { parseCsv } from '../unit/sessions/helpers';
import { officialMetrics, officialTraces } from '../unit/sessions/otlp-official';
import { launchWithExtension, openPanel, startDemo, storedSession, tabIdOf, waitFor, type DemoServer, type ExtensionBrowser } from './harness';

const SECRET = 'SECRET123';

/** Every stored session row (not just one tab's), straight from IndexedDB. */
async function allSessions(extPage: Page): Promise<Session[]> {
  return extPage.evaluate(async () => {
    const db: IDBDatabase = await new Promise((resolve, reject) => {
      const req = indexedDB.open('admin-performance');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const sessions: Session[] = await new Promise((resolve, reject) => {
      const req = db.transaction('sessions').objectStore('sessions').getAll();
      req.onsuccess = () => resolve(req.result as Session[]);
      req.onerror = () => reject(req.error);
    });
    db.close();
    return sessions;
  });
}

describe('Sessions view: export, import, open, compare, rename, delete', () => {
  let demo: DemoServer;
  let ext: ExtensionBrowser;
  let dir: string;
  beforeAll(async () => {
    demo = await startDemo();
    ext = await launchWithExtension();
    dir = mkdtempSync(join(tmpdir(), 'ap-sessions-e2e-'));
  });
  afterAll(async () => {
    await ext?.close();
    await demo?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('records the demo app, exports every format sanitized, imports them back and compares', async () => {
    // Record: the dashboard, a request carrying a token, then an SPA navigation to /shifts.
    const page = await ext.context.newPage();
    await page.goto(`${demo.url}/`);
    await page.waitForSelector('body[data-ready="dashboard"]');
    await page.evaluate((secret) => fetch(`/api/ping?token=${secret}&page=1`).then((r) => r.text()), SECRET);
    await page.getByRole('link', { name: 'Shifts' }).click();
    await page.waitForSelector('body[data-ready="shifts"]');
    const tabId = await tabIdOf(ext, page);

    const panel = await openPanel(ext, tabId, 'sessions');
    const view = panel.getByRole('tabpanel');
    await waitFor('the LCP, the secret request and the /shifts view stored', async () => {
      const d = await storedSession(panel, tabId);
      return d && d.views.length >= 2 && d.requests.some((r) => r.url.includes(SECRET)) && d.samples.some((s) => s.kind === 'vital' && s.name === 'LCP') ? d : null;
    });

    // Stop recording from the Sessions view, so the counts below stay put.
    await view.getByRole('button', { name: 'Stop recording this tab' }).click();
    await expect.poll(() => view.getByRole('button', { name: 'Start recording this tab' }).count()).toBe(1);
    let previous = -1;
    const recorded = await waitFor('the recorded session to stop changing', async () => {
      const d = await storedSession(panel, tabId);
      const total = d ? d.requests.length + d.samples.length : -1;
      const settled = d?.session.endTime !== null && total === previous;
      previous = total;
      return settled ? d : null;
    });
    const sessionId = recorded.session.id;
    const requestCount = recorded.requests.length;
    expect(requestCount).toBeGreaterThan(5);

    // The list shows it with its counts, duration and size.
    const row = view.locator(`tr[data-session-id="${sessionId}"]`);
    await expect.poll(() => row.count()).toBe(1);
    await expect.poll(() => row.locator('td').nth(4).innerText()).toBe(String(requestCount));
    expect(await row.innerText()).toMatch(/\d+ s/);
    expect(await view.innerText()).toMatch(/of 256\.0 MiB, \d+ of 50 sessions/);

    // The export dialog: sanitized by default, and it says what it will remove.
    await row.getByRole('button', { name: /^Export .*…$/ }).click();
    const dialog = view.getByRole('region', { name: `Export ${recorded.session.name}` });
    await expect.poll(() => dialog.innerText(), { timeout: 10_000 }).toMatch(/In this session that is: .*\d+ secret URL parameters?/);
    const fullExport = dialog.getByRole('checkbox', { name: 'Include cookies, authorization headers and tokens (full export)' });
    expect(await fullExport.isChecked()).toBe(false);

    const exported: Record<string, { path: string; name: string; bytes: number; status: string }> = {};
    const exportAs = async (label: string) => {
      const [download] = await Promise.all([panel.waitForEvent('download'), dialog.getByRole('button', { name: `Export ${label}` }).click()]);
      const name = download.suggestedFilename();
      const path = join(dir, name);
      await download.saveAs(path);
      const status = await waitFor(`the ${label} export's report`, async () => {
        const text = await dialog.getByRole('status').innerText().catch(() => '');
        return text.includes(name) ? text : null;
      });
      return { path, name, bytes: statSync(path).size, status };
    };
    const host = new URL(demo.url).host.replace(':', '-');
    for (const label of ['JSON', 'CSV', 'HAR', 'Trace', 'Report', 'OTLP']) {
      const file = await exportAs(label);
      exported[label] = file;
      expect(file.name).toMatch(new RegExp(`^admin-performance-${host.replace(/\./g, '\\.')}-\\d{8}-\\d{4}\\.`));
      // The report lists only the slowest requests, so it may have had nothing to remove.
      expect(file.status).toMatch(label === 'Report' ? /Removed: / : /Removed: .*secret URL parameter/);
    }
    expect(exported.JSON!.name).toMatch(/\.json$/);
    expect(exported.CSV!.name).toMatch(/\.csv\.zip$/);
    expect(exported.HAR!.name).toMatch(/\.har$/);
    expect(exported.Trace!.name).toMatch(/\.trace\.json$/);
    expect(exported.Report!.name).toMatch(/\.report\.html$/);
    expect(exported.OTLP!.name).toMatch(/\.otlp\.zip$/);

    // JSON: the session with all its requests.
    const json = JSON.parse(readFileSync(exported.JSON!.path, 'utf8')) as SessionData & { format: string; sanitized: boolean };
    expect(json.format).toBe('admin-performance-session');
    expect(json.sanitized).toBe(true);
    expect(json.requests).toHaveLength(requestCount);
    expect(json.samples).toHaveLength(recorded.samples.length);
    expect(json.requests.some((r) => r.url.includes('token=REDACTED&page=1'))).toBe(true);

    // CSV: one zip, a table per file, units in the headers, a row per request.
    const zip = unzipSync(new Uint8Array(readFileSync(exported.CSV!.path)));
    const stem = exported.CSV!.name.replace(/\.csv\.zip$/, '');
    expect(Object.keys(zip).sort()).toEqual(['actions', 'alerts', 'requests', 'samples', 'views'].map((t) => `${stem}.${t}.csv`));
    const csvText = Object.values(zip).map((bytes) => strFromU8(bytes)).join('\n');
    const requestsCsv = parseCsv(strFromU8(zip[`${stem}.requests.csv`]!)).filter((r) => r.length > 1);
    expect(requestsCsv[0]).toEqual(expect.arrayContaining(['duration_ms', 'transfer_size_bytes', 'url', 'route']));
    expect(requestsCsv.length - 1).toBe(requestCount);

    // OTLP: a zip of the traces and metrics request bodies, in the official encoding, sanitized.
    const otlpZip = unzipSync(new Uint8Array(readFileSync(exported.OTLP!.path)));
    expect(Object.keys(otlpZip).sort()).toEqual([`${stem}.otlp-metrics.json`, `${stem}.otlp-traces.json`]);
    const tracesText = strFromU8(otlpZip[`${stem}.otlp-traces.json`]!);
    const traces = JSON.parse(tracesText) as OtlpTracesRequest;
    expect(traces.resourceSpans[0]!.scopeSpans[0]!.spans).toHaveLength(requestCount + recorded.views.length);
    expect(officialTraces(traces)).toEqual(traces);
    expect(tracesText).toContain('token=REDACTED');
    const otlpMetrics = JSON.parse(strFromU8(otlpZip[`${stem}.otlp-metrics.json`]!)) as OtlpMetricsRequest;
    expect(officialMetrics(otlpMetrics)).toEqual(otlpMetrics);

    // HAR: an entry per request.
    const harText = readFileSync(exported.HAR!.path, 'utf8');
    const har = JSON.parse(harText) as { log: { version: string; entries: { request: { url: string } }[] } };
    expect(har.log.version).toBe('1.2');
    expect(har.log.entries).toHaveLength(requestCount);

    // Trace: events for DevTools' Performance panel.
    const traceText = readFileSync(exported.Trace!.path, 'utf8');
    const trace = JSON.parse(traceText) as { traceEvents: { name: string }[] };
    expect(trace.traceEvents.length).toBeGreaterThan(requestCount);
    expect(trace.traceEvents.some((e) => e.name === 'ResourceSendRequest')).toBe(true);

    // Report: a self-contained HTML page with the vitals.
    const report = readFileSync(exported.Report!.path, 'utf8');
    expect(report).toMatch(/^<!doctype html>/i);
    expect(report).toContain('LCP');

    // Sanitized by default: the token is in none of them...
    const jsonText = readFileSync(exported.JSON!.path, 'utf8');
    for (const [label, text] of Object.entries({ JSON: jsonText, CSV: csvText, HAR: harText, Trace: traceText, Report: report })) {
      expect(text.includes(SECRET), `${label} export contains the secret`).toBe(false);
    }
    // ...and a full export, asked for explicitly, keeps it.
    await fullExport.check();
    expect(await dialog.innerText()).toContain('Full export: nothing is removed');
    const full = await exportAs('JSON');
    expect(full.name).toMatch(/-full\.json$/);
    expect(full.status).toContain('Full export: nothing was removed');
    expect(readFileSync(full.path, 'utf8')).toContain(`token=${SECRET}&page=1`);
    await fullExport.uncheck();

    const figures = Object.entries(exported).map(([label, file]) => `${label}: ${file.bytes} bytes, ${/written in ([\d.,]+ m?s)/.exec(file.status)?.[1]}`);
    console.log(`Exported a session of ${requestCount} requests and ${recorded.samples.length} samples:\n  ${figures.join('\n  ')}`);

    // Import the JSON and the HAR back: two new sessions with the same request counts.
    const importInput = view.getByLabel('Import session');
    const importStatus = view.getByRole('region', { name: 'Import a session' }).getByRole('status');
    const before = await allSessions(panel);
    await importInput.setInputFiles(exported.JSON!.path);
    await expect.poll(() => importStatus.innerText().catch(() => ''), { timeout: 15_000 }).toContain(`Imported “${exported.JSON!.name}” (session JSON`);
    await importInput.setInputFiles(exported.HAR!.path);
    await expect.poll(() => importStatus.innerText().catch(() => ''), { timeout: 15_000 }).toContain(`Imported “${exported.HAR!.name}” (HAR`);
    const afterImport = await allSessions(panel);
    expect(afterImport).toHaveLength(before.length + 2);
    const importedJson = afterImport.find((s) => s.origin === 'imported-json')!;
    const importedHar = afterImport.find((s) => s.origin === 'imported-har')!;
    expect(importedJson.counts.requests).toBe(requestCount);
    expect(importedHar.counts.requests).toBe(requestCount);
    // The original is untouched.
    expect(afterImport.find((s) => s.id === sessionId)).toEqual(before.find((s) => s.id === sessionId));
    for (const [imported, source] of [[importedJson, 'imported JSON'], [importedHar, 'imported HAR']] as const) {
      const importedRow = view.locator(`tr[data-session-id="${imported.id}"]`);
      await expect.poll(() => importedRow.innerText()).toContain(source);
      expect(await importedRow.locator('td').nth(4).innerText()).toBe(String(requestCount));
    }

    // A corrupt file and a HAR with a wrong field: a clear error each, nothing stored.
    const importRegion = view.getByRole('region', { name: 'Import a session' });
    await importInput.setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(jsonText.slice(0, 2000)) });
    await expect.poll(() => importRegion.getByRole('alert').innerText().catch(() => ''), { timeout: 10_000 }).toMatch(/Could not import “broken\.json”: not valid JSON.*Nothing was stored\./);
    const badHar = { log: { version: '1.2', entries: [{ startedDateTime: 'yesterday', time: 5, request: { method: 'GET', url: 'http://x.test/' } }] } };
    await importInput.setInputFiles({ name: 'bad.har', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(badHar)) });
    await expect.poll(() => importRegion.getByRole('alert').innerText().catch(() => ''), { timeout: 10_000 }).toMatch(/Could not import “bad\.har”: .*entries\[0\]\.startedDateTime.*Nothing was stored\./);
    expect(await allSessions(panel)).toHaveLength(afterImport.length);
    expect(await view.locator('tbody tr[data-session-id]').count()).toBe(afterImport.length);

    // Rename the imported JSON session.
    const jsonRow = view.locator(`tr[data-session-id="${importedJson.id}"]`);
    await jsonRow.getByRole('button', { name: /^Rename / }).click();
    await jsonRow.getByRole('textbox', { name: /^New name for / }).fill('Imported copy of the demo');
    await jsonRow.getByRole('button', { name: 'Save' }).click();
    await expect.poll(async () => (await allSessions(panel)).find((s) => s.id === importedJson.id)?.name).toBe('Imported copy of the demo');
    await expect.poll(() => jsonRow.locator('th').innerText()).toContain('Imported copy of the demo');

    // Open the imported HAR: every view shows it (requests, no vitals), with a way back to live.
    const banner = panel.getByRole('status', { name: 'Stored session shown' });
    await view.locator(`tr[data-session-id="${importedHar.id}"]`).getByRole('button', { name: /^Open / }).click();
    await expect.poll(() => panel.getByRole('tab', { name: 'Overview' }).getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => banner.innerText()).toContain(`Showing stored session ${importedHar.name}`);
    expect(await panel.getByRole('group', { name: 'LCP', exact: true }).innerText()).toContain('waiting');
    expect(await panel.getByRole('group', { name: 'Requests' }).locator('.value').innerText()).toBe(String(requestCount));
    await panel.getByRole('tab', { name: 'Network' }).click();
    await expect.poll(() => panel.getByTestId('network-count').innerText()).toContain(`of ${requestCount} requests`);
    expect(await banner.isVisible()).toBe(true);

    // Open the imported JSON: the Overview shows its vitals.
    await panel.getByRole('tab', { name: 'Sessions' }).click();
    await view.locator(`tr[data-session-id="${importedJson.id}"]`).getByRole('button', { name: /^Open / }).click();
    await expect.poll(() => banner.innerText()).toContain('Showing stored session Imported copy of the demo');
    const lcp = json.samples.filter((s): s is VitalSample => s.kind === 'vital' && s.name === 'LCP').sort((x, y) => x.t - y.t).at(-1)!;
    const lcpText = `${Math.round(lcp.value).toLocaleString('en-US')} ms`;
    await expect.poll(() => panel.getByRole('group', { name: 'LCP', exact: true }).innerText()).toContain(lcpText);
    expect(await panel.locator('.header .session-name').innerText()).toBe('Imported copy of the demo');

    // Back to live: the banner goes, the tab's own session is shown again.
    await banner.getByRole('button', { name: 'Back to live' }).click();
    await expect.poll(() => banner.count()).toBe(0);
    expect(await panel.locator('.header .session-name').innerText()).toBe(recorded.session.name);

    // Compare the captured session (A) with the imported HAR (B).
    await panel.getByRole('tab', { name: 'Sessions' }).click();
    await view.getByRole('combobox', { name: 'Baseline (A) session' }).selectOption(sessionId);
    await view.getByRole('combobox', { name: 'Compared (B) session' }).selectOption(importedHar.id);
    const vitalsTable = view.getByRole('table', { name: /^Web vitals/ });
    await expect.poll(() => vitalsTable.locator('tbody tr').count(), { timeout: 10_000 }).toBe(5);
    const lcpRow = await vitalsTable.getByRole('row', { name: /^LCP/ }).innerText();
    expect(lcpRow).toMatch(/\d[\d,]* ms \((good|needs improvement|poor)\)\s+n\/a/);
    const totals = view.getByRole('table', { name: /^Session totals/ });
    expect(await totals.getByRole('row', { name: /^Requests/ }).innerText()).toMatch(new RegExp(`Requests\\s+${requestCount}\\s+${requestCount}\\s+±0\\s+±0\\.0 %`));
    expect(await view.getByRole('table', { name: /^Long animation frames/ }).locator('tbody tr').count()).toBe(3);
    await expect.poll(() => view.getByRole('table', { name: /^Requests added/ }).count()).toBe(1);
    expect(await view.getByRole('table', { name: /^Alerts in A/ }).count()).toBe(1);
    // Two views of the same session: the /shifts view against the dashboard.
    await view.getByRole('combobox', { name: 'Compared (B) session' }).selectOption(sessionId);
    const viewIds = recorded.views.map((v) => v.id);
    await view.getByRole('combobox', { name: 'Baseline (A) view' }).selectOption(viewIds[0]!);
    await view.getByRole('combobox', { name: 'Compared (B) view' }).selectOption(viewIds[1]!);
    const viewTotals = await totals.getByRole('row', { name: /^Requests/ }).innerText();
    const perView = (id: string) => recorded.requests.filter((r) => r.viewId === id).length;
    expect(viewTotals).toMatch(new RegExp(`^Requests\\s+${perView(viewIds[0]!)}\\s+${perView(viewIds[1]!)}`));

    // Delete the imported HAR session, after confirming.
    const harRow = view.locator(`tr[data-session-id="${importedHar.id}"]`);
    await harRow.getByRole('button', { name: /^Delete / }).click();
    const confirm = view.getByRole('group', { name: 'Confirm delete' });
    expect(await confirm.innerText()).toContain('cannot be undone');
    expect(await allSessions(panel)).toHaveLength(afterImport.length);
    await confirm.getByRole('button', { name: 'Delete permanently' }).click();
    await expect.poll(() => harRow.count()).toBe(0);
    const afterDelete = await allSessions(panel);
    expect(afterDelete.map((s) => s.id).sort()).toEqual(afterImport.filter((s) => s.id !== importedHar.id).map((s) => s.id).sort());

    await panel.close();
    await page.close();
  });
});
