/**
 * The count of what a sanitized export will remove, previewed from the stored session: exact
 * counts per kind, the same as the JSON export then reports, and no preview for big sessions.
 */
import 'fake-indexeddb/auto';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../../src/storage/db';
import type { RequestRecord, SessionData } from '../../../../src/core/model';
import { exportStoredSession } from '../../../../src/panel/sessions/export-file';
import { PREVIEW_MAX_RECORDS, previewRemovals } from '../../../../src/panel/sessions/removal-preview';
import { storeSession } from '../../../../src/panel/sessions/stored-session';
import { createSyntheticSession } from '../../../fixtures/sessions/synthetic';

let db: Database;

beforeAll(async () => {
  db = await openDatabase(`panel-removal-preview-${Math.random()}`);
});

/** A session with known secrets: 2 secret URL parameters, 1 URL credential, 2 cookie headers, 1 auth header. */
function withSecrets(id: string): SessionData {
  const data = createSyntheticSession({ seed: 51, views: 2, requests: 12, samples: 8, alerts: 2, detailedShare: 0 });
  const requests = data.requests.map((r): RequestRecord => ({ ...r, url: 'https://admin.example.test/api/items?page=2', requestHeaders: undefined, responseHeaders: undefined }));
  requests[0] = { ...requests[0]!, url: 'https://admin.example.test/api/items?token=abc123&page=1' };
  requests[1] = { ...requests[1]!, url: 'https://admin:hunter2@admin.example.test/api/login?password=hunter2' };
  requests[2] = {
    ...requests[2]!,
    requestHeaders: [
      { name: 'Cookie', value: 'sid=1' },
      { name: 'Authorization', value: 'Bearer x' },
      { name: 'Accept', value: 'application/json' },
    ],
    responseHeaders: [{ name: 'Set-Cookie', value: 'sid=2' }],
  };
  return {
    session: { ...data.session, id, url: 'https://admin.example.test/', name: 'secrets', title: 'Admin' },
    views: data.views.map((v) => ({ ...v, sessionId: id, url: 'https://admin.example.test/items' })),
    samples: data.samples,
    requests,
    alerts: data.alerts.map((a, i) => ({ ...a, id: `${id}-a${i}`, message: 'slow' })),
  };
}

describe('previewRemovals', () => {
  it('counts each kind of secret the sanitizer will remove', async () => {
    await storeSession(db, withSecrets('secrets'));
    expect(await previewRemovals(db, 'secrets')).toEqual({ cookieHeaders: 2, authHeaders: 1, secretParams: 2, urlCredentials: 1 });
  });

  it('agrees with what the sanitized JSON export then reports', async () => {
    const preview = await previewRemovals(db, 'secrets');
    const exported = await exportStoredSession(db, 'secrets', { formatId: 'json', sanitize: true, now: 0 });
    expect(exported.removed).toEqual(preview);
    const text = await exported.blob.text();
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('abc123');
  });

  it('counts nothing in a session without secrets', async () => {
    const clean = withSecrets('clean');
    clean.requests = clean.requests.map((r) => ({ ...r, url: 'https://admin.example.test/api/items?page=2', requestHeaders: undefined, responseHeaders: undefined }));
    await storeSession(db, clean);
    expect(await previewRemovals(db, 'clean')).toEqual({ cookieHeaders: 0, authHeaders: 0, secretParams: 0, urlCredentials: 0 });
  });

  it('gives no preview beyond 20,000 records (the export reports the counts instead)', async () => {
    expect(PREVIEW_MAX_RECORDS).toBe(20_000);
    const atLimit = withSecrets('at-limit');
    // The preview trusts the session's counters, so no 20,000 records need writing here.
    atLimit.session = { ...atLimit.session, counts: { views: 2, samples: 19_990, requests: 8, alerts: 2 } };
    await storeSession(db, atLimit);
    expect(await previewRemovals(db, 'at-limit')).toEqual({ cookieHeaders: 2, authHeaders: 1, secretParams: 2, urlCredentials: 1 });
    const over = withSecrets('over-limit');
    over.session = { ...over.session, counts: { views: 2, samples: 19_991, requests: 8, alerts: 2 } };
    await storeSession(db, over);
    expect(await previewRemovals(db, 'over-limit')).toBeNull();
  });

  it('stops when cancelled, and says when the session is gone', async () => {
    const abort = new AbortController();
    abort.abort();
    await expect(previewRemovals(db, 'secrets', abort.signal)).rejects.toMatchObject({ name: 'AbortError' });
    await expect(previewRemovals(db, 'gone')).rejects.toThrow(/no longer stored/);
  });
});
