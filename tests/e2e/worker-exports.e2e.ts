/**
 * The exports that workers of the real panel page (Chromium) make from their own IndexedDB
 * reads: the CSV zip (samples and requests each read and written by a worker, the samples'
 * bytes deflated by the panel, the requests' by their worker) and the HTML report (written
 * whole by a worker). The files equal the CLI's (`npm run export`) for the same session, full
 * and sanitized, with the same removed counts; Cancel part-way ends the workers and saves nothing.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionData } from '../../src/core/model';
import { assignNewIdentity } from '../../src/core/sessions/import/identity';
import { createSecretSession, SECRET_VALUES } from '../fixtures/sessions/secrets';
import { createSyntheticSession } from '../fixtures/sessions/synthetic';
import { cancelExportOnceUnderWay, panelWithStoredSessions, type StoredSessionsPanel } from './harness';

const ROOT = join(import.meta.dirname, '../..');
const CSV_TABLES = ['views', 'samples', 'requests', 'alerts', 'actions'];

/** What the CLI writes for the session's JSON file: its files (name suffix → bytes) and its sanitizer line. */
function cliExport(dir: string, data: SessionData, format: 'csv' | 'report', sanitize: boolean): { files: Map<string, Buffer>; removed: string } {
  const out = join(dir, `cli-${data.session.id}-${format}-${sanitize}`);
  rmSync(out, { recursive: true, force: true });
  const stem = join(out, 'x');
  spawnSync('mkdir', ['-p', out]);
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'scripts/export.ts'), join(dir, `${data.session.id}.json`), '--format', format, '--out', format === 'csv' ? stem : `${stem}.report.html`, ...(sanitize ? [] : ['--no-sanitize'])],
    { cwd: ROOT, encoding: 'utf8' },
  );
  if (run.status !== 0) throw new Error(`npm run export failed: ${run.stderr}`);
  const files = new Map(readdirSync(out).map((name) => [name.slice(1), readFileSync(join(out, name))]));
  return { files, removed: /^sanitized: removed (.*)$/m.exec(run.stdout)?.[1] ?? '' };
}

/** The report's time of writing is the only part that differs between two exports of the same session. */
const withoutExportTime = (html: string) => html.replace(/ · generated [^ ]+ · /, ' · generated · ');

describe('CSV zip and report exports written by workers of the panel', () => {
  let env: StoredSessionsPanel;
  let dir: string;
  let panel: Page;
  const hour = assignNewIdentity(createSyntheticSession({ seed: 47, samples: 30_000, requests: 6_000, alerts: 12 }), 'imported-json', 'worker-exports-hour', 1);
  const leaky = createSecretSession();
  const liveExportWorkers = () => panel.workers().filter((w) => w.url().includes('export-worker')).length;
  const exportWorkers = () => env.exportWorkers();

  beforeAll(async () => {
    env = await panelWithStoredSessions([hour, leaky], 'ap-worker-exports-e2e-');
    ({ panel, dir } = env);
  }, 120_000);
  afterAll(async () => {
    await env?.close();
  });

  async function openExport(data: SessionData) {
    const row = panel.locator(`tr[data-session-id="${data.session.id}"]`);
    await row.getByRole('button', { name: /^Export .*…$/ }).click();
    return panel.getByRole('region', { name: `Export ${data.session.name}` });
  }

  /** One export from the panel: the file's bytes, what the dialog says was removed, and how many workers it started. */
  async function exportFromPanel(data: SessionData, button: string, full: boolean): Promise<{ bytes: Buffer; removed: string; workers: number }> {
    const dialog = await openExport(data);
    await dialog.getByRole('checkbox', { name: 'Include cookies, authorization headers and tokens (full export)' }).setChecked(full);
    const started = await exportWorkers();
    const [download] = await Promise.all([panel.waitForEvent('download', { timeout: 60_000 }), dialog.getByRole('button', { name: button }).click()]);
    const path = join(dir, `panel-${data.session.id}-${full}-${download.suggestedFilename()}`);
    await download.saveAs(path);
    await expect.poll(() => dialog.innerText(), { timeout: 10_000 }).toContain('Saved ');
    const text = await dialog.innerText();
    await expect.poll(liveExportWorkers, { timeout: 10_000 }).toBe(0);
    await dialog.getByRole('button', { name: 'Close export' }).click();
    return { bytes: readFileSync(path), removed: /Removed: (.*)\./.exec(text)?.[1] ?? '', workers: (await exportWorkers()) - started };
  }

  const cases = [
    [hour, true],
    [leaky, false],
    [leaky, true],
  ] as const;

  it('the CSV zip holds the CLI’s five tables, byte for byte, in order, full and sanitized', async () => {
    for (const [data, full] of cases) {
      const label = `${data.session.id} ${full ? 'full' : 'sanitized'}`;
      const exported = await exportFromPanel(data, 'Export CSV (zip)', full);
      expect(exported.workers, `${label}: one worker for the samples, one for the requests`).toBe(2);
      const zip = unzipSync(new Uint8Array(exported.bytes));
      const names = Object.keys(zip);
      expect(names.map((name) => name.replace(/^.*\.(\w+)\.csv$/, '$1')), label).toEqual(CSV_TABLES);
      const cli = cliExport(dir, data, 'csv', !full);
      for (const [i, table] of CSV_TABLES.entries()) {
        const expected = cli.files.get(`.${table}.csv`);
        expect(expected, `${label}: the CLI wrote ${table}`).toBeDefined();
        expect(Buffer.from(zip[names[i]!]!).equals(expected!), `${label}: ${table} the same bytes`).toBe(true);
      }
      if (full) expect(exported.removed).toBe('');
      else {
        // Counted in the workers (requests' headers, samples) and the panel (session, views), summed.
        expect(exported.removed).toBe(cli.removed);
        expect(exported.removed).toMatch(/cookie header/);
        const text = Object.values(zip).map((bytes) => Buffer.from(bytes).toString('utf8')).join('\n');
        for (const secret of SECRET_VALUES) expect(text).not.toContain(secret);
      }
    }
    expect(hour.samples.length).toBe(30_000);
  }, 240_000);

  for (const [format, button, suffix] of [
    ['report', 'Export Report (HTML)', '.report.html'],
  ] as const) {
    it(`the ${format}, written whole by a worker, is the CLI’s, full and sanitized`, async () => {
      for (const [data, full] of cases) {
        const label = `${data.session.id} ${format} ${full ? 'full' : 'sanitized'}`;
        const exported = await exportFromPanel(data, button, full);
        expect(exported.workers, `${label}: one worker wrote it`).toBe(1);
        const cli = cliExport(dir, data, format, !full);
        const expected = cli.files.get(suffix)!.toString('utf8');
        const text = exported.bytes.toString('utf8');
        expect(text.length, label).toBe(expected.length);
        expect(withoutExportTime(text) === withoutExportTime(expected), `${label}: same text`).toBe(true);
        if (!full) expect(exported.removed, label).toBe(cli.removed);
        if (!full && data === leaky) for (const secret of SECRET_VALUES) expect(text).not.toContain(secret);
      }
    }, 240_000);
  }

  it('Cancel part-way through a report ends its worker and saves nothing; the next export completes', async () => {
    const dialog = await openExport(hour);
    let downloads = 0;
    panel.on('download', () => downloads++);
    const started = await exportWorkers();
    const cancelledAt = await cancelExportOnceUnderWay(panel);
    await dialog.getByRole('button', { name: 'Export Report (HTML)' }).click();
    await expect.poll(() => dialog.innerText(), { timeout: 60_000 }).toContain('Export cancelled; no file was saved.');
    expect(await cancelledAt(), 'cancelled part-way through the read').toBeGreaterThan(0);
    expect((await exportWorkers()) - started).toBe(1);
    await expect.poll(liveExportWorkers, { timeout: 10_000 }).toBe(0);
    expect(downloads).toBe(0);
    const [download] = await Promise.all([panel.waitForEvent('download', { timeout: 60_000 }), dialog.getByRole('button', { name: 'Export Report (HTML)' }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.report\.html$/);
    await expect.poll(liveExportWorkers, { timeout: 10_000 }).toBe(0);
  }, 120_000);
});
