/**
 * The panel's side of sessions, over fake-indexeddb: paged cursor reads, streaming export
 * equal to the in-memory exporters, imports stored in one transaction, and the capture
 * store's pinned (stored) session.
 */
import 'fake-indexeddb/auto';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/storage/db';
import { SessionStore } from '../../src/storage/session-store';
import { byTime, chunkOf, chunksOf, CHUNK_STORES } from '../../src/storage/record-chunks';
import type { RequestRecord, SessionData } from '../../src/core/model';
import { exportCsv, exportInputFrom, exportJson, ImportError, streamToString } from '../../src/core/sessions/index';
import { exportStoredSession, fileStem } from '../../src/panel/sessions/export-file';
import { importSessionFile, readSessionFile } from '../../src/panel/sessions/import-file';
import { readRecords } from '../../src/panel/sessions/stored-session';
import { createCaptureStore } from '../../src/panel/capture/store';
import type { CaptureStatus } from '../../src/shared/protocol';
import { createSyntheticSession } from '../fixtures/sessions/synthetic';

let db: Database;
let store: SessionStore;

beforeAll(async () => {
  db = await openDatabase('sessions-store-test');
  store = new SessionStore(db);
});

beforeEach(async () => {
  for (const session of await store.listSessions()) await store.deleteSession(session.id);
});

function request(sessionData: SessionData, t: number, url: string): RequestRecord {
  const template = sessionData.requests[0]!;
  return { ...template, t, url, viewId: sessionData.views[0]!.id };
}

/** Stores a session's samples and requests in chunks of `size` records (the page logic reads whole chunks). */
async function storeInChunks(db: Database, data: SessionData, size: number): Promise<void> {
  await new SessionStore(db).putSessionData({ ...data, samples: [], requests: [] });
  for (const table of ['samples', 'requests'] as const)
    for (const chunk of chunksOf(data.session.id, data[table] as { t: number }[], size)) await db.add(CHUNK_STORES[table], chunk as never);
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('readRecords: a session table page by page', () => {
  it('reads every record of the session once, in index order, even when many share a timestamp', async () => {
    const data = createSyntheticSession({ seed: 3, requests: 40, samples: 10, alerts: 0, views: 3 });
    // 40 requests on 5 timestamps: every page boundary falls inside a run of equal keys.
    data.requests = data.requests.map((r, i) => ({ ...r, t: data.session.startTime + Math.floor(i / 8), url: `https://admin.example.test/r/${i}` }));
    const other = createSyntheticSession({ seed: 4, requests: 15, samples: 5, alerts: 0, views: 2 });
    await storeInChunks(db, data, 3);
    await storeInChunks(db, other, 3);

    const pages: number[] = [];
    const read = await collect(readRecords(db, 'requests', data.session.id, { pageSize: 3, onRead: (n) => pages.push(n) }));
    expect(read.map((r) => r.url)).toEqual(data.requests.map((r) => r.url));
    expect(read.every((r) => !('sessionId' in r))).toBe(true);
    expect(pages.reduce((a, b) => a + b, 0)).toBe(40);
    expect(Math.max(...pages)).toBe(3);
  });

  it('reads chunks added between pages, after the ones already read, in time order', async () => {
    const data = createSyntheticSession({ seed: 5, requests: 10, samples: 0, alerts: 0, views: 1 });
    data.requests = data.requests.map((r, i) => ({ ...r, t: data.session.startTime + i, url: `u${i}` }));
    await storeInChunks(db, data, 5);

    const urls: string[] = [];
    let step = 0;
    for await (const record of readRecords(db, 'requests', data.session.id, { pageSize: 5 })) {
      urls.push(record.url);
      if (++step === 1) {
        // Two later requests arrive as a chunk of their own while the first chunks are being read.
        const later = [request(data, data.session.startTime + 101, 'late-2'), request(data, data.session.startTime + 100, 'late-1')];
        await db.add('request-chunks', chunkOf(data.session.id, byTime(later)));
      }
    }
    expect(urls).toEqual(['u0', 'u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7', 'u8', 'u9', 'late-1', 'late-2']);
  });

  it('stops with an AbortError when cancelled', async () => {
    const data = createSyntheticSession({ seed: 6, requests: 30, samples: 0, alerts: 0, views: 1 });
    await storeInChunks(db, data, 5);
    const abort = new AbortController();
    const read = async () => {
      let n = 0;
      for await (const _ of readRecords(db, 'requests', data.session.id, { pageSize: 5, signal: abort.signal })) if (++n === 7) abort.abort();
    };
    await expect(read()).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('exportStoredSession: streaming from IndexedDB', () => {
  const now = Date.UTC(2025, 5, 1, 12, 0, 0);

  it('writes the same JSON as the exporter over the session in memory', async () => {
    const data = createSyntheticSession({ seed: 7, requests: 1500, samples: 1200, alerts: 12, views: 20 });
    await store.putSessionData(data);
    const progress: number[] = [];
    const result = await exportStoredSession(db, data.session.id, { formatId: 'json', sanitize: true, now, onProgress: (p) => progress.push(p.read) });
    const loaded = (await store.loadSession(data.session.id))!;
    const expected = await streamToString(exportJson(exportInputFrom(loaded), { now }));
    expect(await result.blob.text()).toBe(expected);
    expect(result.filename).toBe(`${fileStem(data.session, true)}.json`);
    expect(result.removed).not.toBeNull();
    // Read in pages, with progress after each.
    expect(progress.at(-1)).toBe(1500 + 1200 + 12);
    expect(progress.length).toBeGreaterThan(3);
  });

  it('zips one CSV file per table, each equal to the exporter output; a full export removes nothing', async () => {
    const data = createSyntheticSession({ seed: 8, requests: 300, samples: 200, alerts: 4, views: 5, detailedShare: 1 });
    await store.putSessionData(data);
    const result = await exportStoredSession(db, data.session.id, { formatId: 'csv', sanitize: false, now });
    expect(result.filename).toMatch(/-full\.csv\.zip$/);
    expect(result.removed).toBeNull();
    const files = unzipSync(new Uint8Array(await result.blob.arrayBuffer()));
    const stem = fileStem(data.session, false);
    const loaded = (await store.loadSession(data.session.id))!;
    const tables = exportCsv(exportInputFrom(loaded), { sanitize: false });
    for (const table of ['views', 'samples', 'requests', 'alerts'] as const) {
      expect(strFromU8(files[`${stem}.${table}.csv`]!)).toBe(await streamToString(tables[table]));
    }
  });

  it('says when the session is gone', async () => {
    await expect(exportStoredSession(db, 'no-such-session', { formatId: 'har', sanitize: true })).rejects.toThrow(/no longer stored/);
  });

  it('names files after the host and the local start time', () => {
    const start = new Date(2025, 2, 3, 9, 5).getTime();
    expect(fileStem({ url: 'http://127.0.0.1:8123/users?x=1', startTime: start }, true)).toBe('admin-performance-127.0.0.1-8123-20250303-0905');
    expect(fileStem({ url: '', startTime: start }, false)).toBe('admin-performance-session-20250303-0905-full');
  });
});

describe('importing a session file', () => {
  it('stores a JSON export as a new session in one go, touching nothing else', async () => {
    const original = createSyntheticSession({ seed: 9, requests: 120, samples: 80, alerts: 3, views: 4 });
    await store.putSessionData(original);
    const text = await streamToString(exportJson(exportInputFrom(original), { sanitize: false }));
    const before = await store.loadSession(original.session.id);

    const { format, data } = await importSessionFile(db, new Blob([text]));
    expect(format).toBe('json');
    const stored = (await store.loadSession(data.session.id))!;
    expect(stored.session.origin).toBe('imported-json');
    expect(stored.requests).toHaveLength(120);
    expect(stored.samples).toHaveLength(80);
    expect(stored.alerts).toHaveLength(3);
    expect(await store.loadSession(original.session.id)).toEqual(before);
    expect(await store.listSessions()).toHaveLength(2);
  });

  it('refuses a file over the limit before reading it, and a corrupt file, storing nothing', async () => {
    const big = new Blob(['x'.repeat(2048)]);
    await expect(readSessionFile(big, { maxBytes: 1024 })).rejects.toThrow(/larger than the import limit of 1 KiB/);
    await expect(importSessionFile(db, new Blob(['{"log":{"entries":[{"startedDateTime":"soon"}]}}']))).rejects.toThrow(ImportError);
    await expect(importSessionFile(db, new Blob(['{"format":"admin-performance-session","version":1,']))).rejects.toThrow(/not valid JSON/);
    expect(await store.listSessions()).toHaveLength(0);
  });

  it('reports progress while it reads', async () => {
    const data = createSyntheticSession({ seed: 10, requests: 50, samples: 10, alerts: 0, views: 2 });
    const text = await streamToString(exportJson(exportInputFrom(data)));
    const fractions: number[] = [];
    await readSessionFile(new Blob([text]), { onProgress: (f) => fractions.push(f) });
    expect(fractions.at(-1)).toBe(1);
  });
});

describe('the capture store shows a stored session in place of the live one', () => {
  const status = { tabId: 1, recording: true } as CaptureStatus;

  it('pins a session, keeps live appends aside, and goes back to live with them', () => {
    const live = createSyntheticSession({ seed: 11, requests: 5, samples: 5, alerts: 0, views: 1 });
    const stored = createSyntheticSession({ seed: 12, requests: 9, samples: 3, alerts: 0, views: 2 });
    const capture = createCaptureStore(1);
    capture.getState().hydrate(live, status);

    capture.getState().showSession(stored);
    expect(capture.getState().pinned?.id).toBe(stored.session.id);
    expect(capture.getState().session?.id).toBe(stored.session.id);
    expect(capture.getState().requests).toHaveLength(9);

    // Live data keeps arriving while pinned: it goes to the live session, not the shown one.
    const extra = request(live, live.session.startTime + 5000, 'https://admin.example.test/live');
    capture.getState().receive({
      type: 'append',
      sessionId: live.session.id,
      views: [],
      samples: [],
      requests: [extra],
      counts: { views: 1, samples: 5, requests: 6, alerts: 0 },
    });
    expect(capture.getState().requests).toHaveLength(9);
    // A reload from storage while pinned refreshes the live side only.
    capture.getState().hydrate({ ...live, requests: [...live.requests, extra] }, status);
    expect(capture.getState().session?.id).toBe(stored.session.id);

    capture.getState().showLive();
    expect(capture.getState().pinned).toBeNull();
    expect(capture.getState().session?.id).toBe(live.session.id);
    expect(capture.getState().requests.map((r) => r.url)).toContain('https://admin.example.test/live');
    expect(capture.getState().requests).toHaveLength(6);
  });
});
