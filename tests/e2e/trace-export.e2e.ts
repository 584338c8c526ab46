/**
 * The Chrome trace export from the real panel page (Chromium), whose requests a worker reads
 * from IndexedDB and writes while the panel writes the samples: the downloaded file equals the
 * CLI's (`npm run export`) for the same session, full and sanitized (the worker's sanitizer
 * counts reach the metadata), and Cancel part-way ends the worker and saves nothing.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionData } from '../../src/core/model';
import { assignNewIdentity } from '../../src/core/sessions/import/identity';
import { createSecretSession, SECRET_VALUES } from '../fixtures/sessions/secrets';
import { createSyntheticSession } from '../fixtures/sessions/synthetic';
import { cancelExportOnceUnderWay, panelWithStoredSessions, type StoredSessionsPanel } from './harness';

const ROOT = join(import.meta.dirname, '../..');

/** The trace the CLI writes from the session's JSON file. */
function cliTrace(dir: string, data: SessionData, sanitize: boolean): string {
  const file = join(dir, `${data.session.id}.json`);
  const out = join(dir, `${data.session.id}-${sanitize}.trace.json`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/export.ts'), file, '--format', 'trace', '--out', out, ...(sanitize ? [] : ['--no-sanitize'])], { cwd: ROOT, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`npm run export failed: ${run.stderr}`);
  return readFileSync(out, 'utf8');
}

/** The export time is the only field that differs between two exports of the same session. */
const withoutExportTime = (trace: string) => trace.replace(/"exportedAt":"[^"]*"/, '"exportedAt":""');

describe('Chrome trace export from the panel, requests written in a worker', () => {
  let env: StoredSessionsPanel;
  let dir: string;
  let panel: Page;
  const hour = assignNewIdentity(createSyntheticSession({ seed: 31, samples: 30_000, requests: 6_000, alerts: 12 }), 'imported-json', 'trace-e2e-hour', 1);
  const leaky = createSecretSession();
  const traceWorkers = () => env.exportWorkers();

  beforeAll(async () => {
    env = await panelWithStoredSessions([hour, leaky], 'ap-trace-e2e-');
    ({ panel, dir } = env);
  }, 120_000);
  afterAll(async () => {
    await env?.close();
  });

  const liveTraceWorkers = () => panel.workers().filter((w) => w.url().includes('export-worker')).length;

  async function exportFromPanel(data: SessionData, full: boolean): Promise<string> {
    const row = panel.locator(`tr[data-session-id="${data.session.id}"]`);
    await row.getByRole('button', { name: /^Export .*…$/ }).click();
    const dialog = panel.getByRole('region', { name: `Export ${data.session.name}` });
    await dialog.getByRole('checkbox', { name: 'Include cookies, authorization headers and tokens (full export)' }).setChecked(full);
    const started = await traceWorkers();
    const [download] = await Promise.all([panel.waitForEvent('download', { timeout: 60_000 }), dialog.getByRole('button', { name: 'Export Trace' }).click()]);
    const path = join(dir, `panel-${data.session.id}-${full}.json`);
    await download.saveAs(path);
    expect((await traceWorkers()) - started, 'one worker wrote the requests').toBe(1);
    await expect.poll(liveTraceWorkers, { timeout: 10_000 }).toBe(0);
    await dialog.getByRole('button', { name: 'Close export' }).click();
    return readFileSync(path, 'utf8');
  }

  it('writes the same file as the CLI, full and sanitized', async () => {
    for (const [data, full] of [
      [hour, true],
      [leaky, false],
      [leaky, true],
    ] as const) {
      const panelTrace = await exportFromPanel(data, full);
      const expected = cliTrace(dir, data, !full);
      expect(panelTrace.length, `${data.session.id} ${full ? 'full' : 'sanitized'}`).toBe(expected.length);
      expect(withoutExportTime(panelTrace) === withoutExportTime(expected), `${data.session.id} ${full ? 'full' : 'sanitized'}: same text`).toBe(true);
      const metadata = (JSON.parse(panelTrace) as { metadata: { sanitized: boolean; removed: Record<string, number> } }).metadata;
      expect(metadata.sanitized).toBe(!full);
      if (data === leaky && !full) {
        // The requests' headers were sanitized in the worker: their counts are in the file.
        expect(metadata.removed.cookieHeaders).toBeGreaterThan(0);
        expect(metadata.removed.authHeaders).toBeGreaterThan(0);
        for (const secret of SECRET_VALUES) expect(panelTrace).not.toContain(secret);
      }
    }
    expect(hour.requests.length).toBe(6_000);
  }, 180_000);

  it('Cancel part-way ends the worker and saves nothing; the next export completes', async () => {
    const row = panel.locator(`tr[data-session-id="${hour.session.id}"]`);
    await row.getByRole('button', { name: /^Export .*…$/ }).click();
    const dialog = panel.getByRole('region', { name: `Export ${hour.session.name}` });
    let downloads = 0;
    panel.on('download', () => downloads++);
    const started = await traceWorkers();
    const cancelledAt = await cancelExportOnceUnderWay(panel);
    await dialog.getByRole('button', { name: 'Export Trace' }).click();
    await expect.poll(() => dialog.innerText(), { timeout: 60_000 }).toContain('Export cancelled; no file was saved.');
    expect(await cancelledAt(), 'cancelled part-way through the read').toBeGreaterThan(0);
    expect((await traceWorkers()) - started).toBe(1);
    await expect.poll(liveTraceWorkers, { timeout: 10_000 }).toBe(0);
    expect(downloads).toBe(0);
    const [download] = await Promise.all([panel.waitForEvent('download', { timeout: 60_000 }), dialog.getByRole('button', { name: 'Export Trace' }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.trace\.json$/);
    await expect.poll(liveTraceWorkers, { timeout: 10_000 }).toBe(0);
  }, 120_000);
});
