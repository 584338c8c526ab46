/**
 * Exporting a stored session from the panel: file names (host and local start time, safe on
 * every file system), one file per single-file format with its type, progress, cancellation,
 * and sanitized versus full exports. The JSON and CSV contents are compared with the in-memory
 * exporters in tests/unit/sessions-store.test.ts.
 */
import 'fake-indexeddb/auto';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../../src/storage/db';
import type { SessionData } from '../../../../src/core/model';
import { exportStoredSession, fileStem, type ExportProgress } from '../../../../src/panel/sessions/export-file';
import { storeSession } from '../../../../src/panel/sessions/stored-session';
import { createSyntheticSession } from '../../../fixtures/sessions/synthetic';

let db: Database;
let data: SessionData;
const start = new Date(2025, 0, 9, 7, 4, 59).getTime();

beforeAll(async () => {
  db = await openDatabase(`panel-export-file-${Math.random()}`);
  const synthetic = createSyntheticSession({ seed: 61, views: 3, requests: 60, samples: 40, alerts: 3, startTime: start });
  data = {
    ...synthetic,
    session: { ...synthetic.session, id: 'export-me', url: 'https://Admin.Example.test:8443/users?token=abc123' },
    views: synthetic.views.map((v) => ({ ...v, sessionId: 'export-me' })),
    requests: synthetic.requests.map((r, i) => (i === 0 ? { ...r, url: 'https://admin.example.test/api/me?token=abc123' } : r)),
  };
  await storeSession(db, data);
});

describe('fileStem', () => {
  const stem = (url: string, startTime = start, sanitize = true) => fileStem({ url, startTime }, sanitize);

  it('names the export after the lower-case host (with port) and the local start to the minute', () => {
    expect(stem('https://Admin.Example.test:8443/users?token=abc')).toBe('admin-performance-admin.example.test-8443-20250109-0704');
    expect(stem('http://localhost/')).toBe('admin-performance-localhost-20250109-0704');
  });

  it('marks a full (unsanitized) export', () => {
    expect(stem('http://localhost/', start, false)).toBe('admin-performance-localhost-20250109-0704-full');
  });

  it('keeps user names and passwords out of the name', () => {
    expect(stem('https://admin:hunter2@intranet.example.test/')).toBe('admin-performance-intranet.example.test-20250109-0704');
  });

  it('makes IPv6 and international hosts safe for a file name', () => {
    expect(stem('http://[::1]:3000/')).toBe('admin-performance-1-3000-20250109-0704');
    expect(stem('https://bücher.example/')).toBe('admin-performance-xn--bcher-kva.example-20250109-0704');
  });

  it('falls back to "session" without a host, and to "undated" without a valid start', () => {
    expect(stem('')).toBe('admin-performance-session-20250109-0704');
    expect(stem('not a url')).toBe('admin-performance-session-20250109-0704');
    expect(stem('file:///C:/exports/session.json')).toBe('admin-performance-session-20250109-0704');
    expect(stem('about:blank')).toBe('admin-performance-session-20250109-0704');
    expect(stem('http://localhost/', Number.NaN)).toBe('admin-performance-localhost-undated');
  });

  it('zero-pads month, day, hour and minute', () => {
    expect(stem('http://a.test/', new Date(2026, 10, 23, 18, 30).getTime())).toBe('admin-performance-a.test-20261123-1830');
    expect(stem('http://a.test/', new Date(2026, 1, 1, 0, 0).getTime())).toBe('admin-performance-a.test-20260201-0000');
  });
});

describe('exportStoredSession', () => {
  const stemOf = (sanitize: boolean) => fileStem(data.session, sanitize);

  it('writes each single-file format as one file with its suffix and type', async () => {
    const cases = [
      { formatId: 'json', suffix: '.json', type: 'application/json;charset=utf-8' },
      { formatId: 'har', suffix: '.har', type: 'application/json;charset=utf-8' },
      { formatId: 'trace', suffix: '.trace.json', type: 'application/json;charset=utf-8' },
      { formatId: 'report', suffix: '.report.html', type: 'text/html;charset=utf-8' },
    ] as const;
    for (const { formatId, suffix, type } of cases) {
      const result = await exportStoredSession(db, 'export-me', { formatId, sanitize: true, now: 0 });
      expect(result.filename, formatId).toBe(`${stemOf(true)}${suffix}`);
      expect(result.blob.type, formatId).toBe(type);
      expect(result.blob.size, formatId).toBeGreaterThan(0);
      expect(result.ms).toBeGreaterThanOrEqual(0);
    }
  });

  it('writes valid JSON and HAR documents holding the stored records', async () => {
    const json = JSON.parse(await (await exportStoredSession(db, 'export-me', { formatId: 'json', sanitize: false, now: 0 })).blob.text());
    expect(json.requests).toHaveLength(60);
    expect(json.samples).toHaveLength(40);
    expect(json.alerts).toHaveLength(3);
    const har = JSON.parse(await (await exportStoredSession(db, 'export-me', { formatId: 'har', sanitize: true, now: 0 })).blob.text());
    expect(har.log.entries.length).toBeGreaterThan(0);
  });

  it('removes secrets in a sanitized export and reports it; a full export keeps them and reports nothing', async () => {
    const sanitized = await exportStoredSession(db, 'export-me', { formatId: 'json', sanitize: true, now: 0 });
    expect(await sanitized.blob.text()).not.toContain('abc123');
    expect(sanitized.removed?.secretParams).toBeGreaterThanOrEqual(2);
    const full = await exportStoredSession(db, 'export-me', { formatId: 'json', sanitize: false, now: 0 });
    expect(await full.blob.text()).toContain('token=abc123');
    expect(full.removed).toBeNull();
    expect(full.filename).toBe(`${stemOf(false)}.json`);
  });

  it('writes the export time given', async () => {
    const now = Date.UTC(2025, 5, 1, 12, 0, 0);
    const text = await (await exportStoredSession(db, 'export-me', { formatId: 'json', sanitize: true, now })).blob.text();
    expect(text).toContain('2025-06-01T12:00:00.000Z');
  });

  it('reports progress from 0 to every record, never going back, against the session’s record count', async () => {
    const progress: ExportProgress[] = [];
    await exportStoredSession(db, 'export-me', { formatId: 'csv', sanitize: true, now: 0, onProgress: (p) => progress.push({ ...p }) });
    const total = 60 + 40 + 3;
    expect(progress[0]).toEqual({ read: 0, total });
    expect(progress.at(-1)).toEqual({ read: total, total });
    for (let i = 1; i < progress.length; i++) {
      expect(progress[i]!.read).toBeGreaterThanOrEqual(progress[i - 1]!.read);
      expect(progress[i]!.read).toBeLessThanOrEqual(progress[i]!.total);
    }
  });

  it('stops with an AbortError when cancelled before it starts', async () => {
    const abort = new AbortController();
    abort.abort();
    await expect(exportStoredSession(db, 'export-me', { formatId: 'json', sanitize: true, signal: abort.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });
});
