/**
 * Samples and requests stored in time-sorted chunks: the merge of overlapping chunks, the writers
 * (batches appended, imports cut), and the move of a version-2 database (one IndexedDB record per
 * row) into chunks, over fake-indexeddb.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { MetricSample, RequestRecord } from '../../../src/core/model';
import { DB_VERSION, openDatabase } from '../../../src/storage/db';
import { readRecords } from '../../../src/storage/paged-reads';
import { byTime, CHUNK_RECORDS, ChunkMerger, chunkOf, chunksOf, type RecordChunk } from '../../../src/storage/record-chunks';
import { SessionStore } from '../../../src/storage/session-store';
import { createRandom, createSyntheticSession } from '../../fixtures/sessions/synthetic';

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** Time order, and at equal times the order of the lists given (list by list, then position). */
const stableByTime = <T extends { t: number }>(lists: T[][]) =>
  lists
    .flatMap((list, l) => list.map((item, p) => ({ item, l, p })))
    .sort((a, b) => a.item.t - b.item.t || a.l - b.l || a.p - b.p)
    .map(({ item }) => item);

describe('ChunkMerger', () => {
  it('merges overlapping chunks, pushed a few at a time in index order, into one time order', () => {
    const random = createRandom(7);
    for (let round = 0; round < 30; round++) {
      const chunks: RecordChunk<{ t: number; id: string }>[] = [];
      for (let c = 0; c < random.int(1, 12); c++) {
        const start = random.int(0, 200);
        const records = Array.from({ length: random.int(1, 20) }, (_, i) => ({ t: start + random.int(0, 60), id: `${c}.${i}` }));
        chunks.push(chunkOf('s', byTime(records)));
      }
      // The index order: first time, then the key (here, the order created).
      const ordered = chunks.map((chunk, key) => ({ chunk, key })).sort((a, b) => a.chunk.t - b.chunk.t || a.key - b.key).map(({ chunk }) => chunk);
      const merger = new ChunkMerger<{ t: number; id: string }>();
      const out: { t: number; id: string }[] = [];
      for (let i = 0; i < ordered.length; ) {
        const n = random.int(1, 3);
        out.push(...merger.push(ordered.slice(i, i + n)));
        i += n;
      }
      out.push(...merger.end());
      expect(out).toEqual(stableByTime(ordered.map((chunk) => chunk.records)));
    }
  });

  it('holds back only what a later chunk could still precede', () => {
    const merger = new ChunkMerger<{ t: number }>();
    expect(merger.push([chunkOf('s', [{ t: 1 }, { t: 5 }, { t: 9 }]), chunkOf('s', [{ t: 4 }, { t: 6 }])])).toEqual([{ t: 1 }]);
    expect(merger.push([chunkOf('s', [{ t: 7 }])])).toEqual([{ t: 4 }, { t: 5 }, { t: 6 }]);
    expect(merger.end()).toEqual([{ t: 7 }, { t: 9 }]);
  });
});

describe('chunksOf', () => {
  it('sorts by time (equal times keep their order) and cuts chunks of at most the size, each knowing its first and last time', () => {
    const records = [{ t: 5, id: 'a' }, { t: 1, id: 'b' }, { t: 5, id: 'c' }, { t: 3, id: 'd' }, { t: 2, id: 'e' }];
    const chunks = chunksOf('s', records, 2);
    expect(chunks.map((c) => c.records.map((r) => r.id))).toEqual([['b', 'e'], ['d', 'a'], ['c']]);
    expect(chunks.map((c) => [c.t, c.last])).toEqual([[1, 2], [3, 5], [5, 5]]);
    expect(chunks.every((c) => c.sessionId === 's')).toBe(true);
  });
});

describe('SessionStore over chunks', () => {
  it('appends batches to the latest chunk until it is full, and reads overlapping batches back in time order', async () => {
    const db = await openDatabase(`chunks-append-${Math.random()}`);
    const store = new SessionStore(db);
    const session = await store.createSession({ tabId: 1, url: 'https://a.test/', title: 'A' });
    const data = createSyntheticSession({ seed: 41, samples: CHUNK_RECORDS + 150, requests: 40, views: 1 });
    const view = { kind: 'view' as const, id: data.views[0]!.id, url: data.views[0]!.url, startTime: data.views[0]!.startTime, viewKind: 'hard' as const, navigationType: 'navigate' as const };
    // Batches of 100 whose times overlap the previous batch's (two pages sending at once).
    const samples = data.samples;
    const batches: MetricSample[][] = [];
    for (let i = 0; i < samples.length; i += 100) batches.push(samples.slice(i, i + 100).reverse());
    await store.commitBatch(session.id, 'p:0', [view, ...data.requests]);
    for (const [i, batch] of batches.entries()) await store.commitBatch(session.id, `p:${i + 1}`, batch);

    const chunks = await db.getAllFromIndex('sample-chunks', 'by-session', IDBKeyRange.bound([session.id, -Infinity], [session.id, Infinity]));
    expect(chunks.map((c) => c.records.length)).toEqual([CHUNK_RECORDS, 150]);
    const loaded = await store.loadSession(session.id);
    expect(loaded!.samples).toEqual(byTime(samples));
    expect(loaded!.requests).toEqual(byTime(data.requests));
    expect(await collect(readRecords(db, 'samples', session.id, { pageSize: 200 }))).toEqual(byTime(samples));
    expect(loaded!.session.counts.samples).toBe(samples.length);

    await store.deleteSession(session.id);
    expect(await db.count('sample-chunks')).toBe(0);
    expect(await db.count('request-chunks')).toBe(0);
  });

  it('enriches requests inside chunks, in time order, and counts the added bytes', async () => {
    const db = await openDatabase(`chunks-enrich-${Math.random()}`);
    const store = new SessionStore(db);
    const data = createSyntheticSession({ seed: 42, samples: 0, requests: 30, views: 1, detailedShare: 0 });
    data.requests = data.requests.map((r, i) => ({ ...r, t: 1000 + i * 10, url: `https://a.test/api/${i}`, method: undefined }));
    await store.putSessionData(data);
    const target = data.requests[13]!;
    const used = await store.enrichRequests(data.session.id, [{ url: target.url, started: target.t + 1, method: 'POST', status: 201, mimeType: 'application/json', requestHeaders: [], responseHeaders: [] } as never]);
    expect([...used]).toEqual([0]);
    const loaded = await store.loadSession(data.session.id);
    expect(loaded!.requests[13]!.method).toBe('POST');
    expect(loaded!.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(loaded!.session.bytes).toBeGreaterThan(data.session.bytes);
  });
});

describe('the move from one record per row (version 2) to chunks', () => {
  /** A version-2 database as that release created it, with rows for two sessions. */
  async function versionTwo(name: string, rows: { samples: (MetricSample & { sessionId: string })[]; requests: (RequestRecord & { sessionId: string })[] }, sessions: object[]) {
    const db: IDBDatabase = await new Promise((resolve, reject) => {
      const open = indexedDB.open(name, 2);
      open.onupgradeneeded = () => {
        const d = open.result;
        const s = d.createObjectStore('sessions', { keyPath: 'id' });
        s.createIndex('by-start', 'startTime');
        s.createIndex('by-tab', 'tabId');
        d.createObjectStore('views', { keyPath: 'id' }).createIndex('by-session', ['sessionId', 'startTime']);
        d.createObjectStore('samples', { autoIncrement: true }).createIndex('by-session', ['sessionId', 't']);
        d.createObjectStore('requests', { autoIncrement: true }).createIndex('by-session', ['sessionId', 't']);
        d.createObjectStore('alerts', { keyPath: 'id' }).createIndex('by-session', ['sessionId', 't']);
        d.createObjectStore('receipts').createIndex('by-session', 'sessionId');
        d.createObjectStore('alert-state', { keyPath: 'id' });
        d.createObjectStore('actions', { keyPath: 'id' }).createIndex('by-session', ['sessionId', 't']);
      };
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction(['sessions', 'samples', 'requests'], 'readwrite');
      for (const s of sessions) tx.objectStore('sessions').put(s);
      for (const r of rows.samples) tx.objectStore('samples').add(r);
      for (const r of rows.requests) tx.objectStore('requests').add(r);
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }

  it('keeps every old session readable: same records, time order, equal times in stored order, old stores gone', async () => {
    const name = `chunks-migration-${Math.random()}`;
    const big = createSyntheticSession({ seed: 43, samples: CHUNK_RECORDS * 2 + 17, requests: 60, views: 2 });
    const small = createSyntheticSession({ seed: 44, samples: 9, requests: 5, views: 1 });
    small.session.id = 'small';
    // Stored out of time order, with ties, interleaved between the two sessions.
    big.samples.reverse();
    big.requests.forEach((r, i) => (r.t = big.session.startTime + Math.floor(i / 4)));
    const rows = { samples: [] as (MetricSample & { sessionId: string })[], requests: [] as (RequestRecord & { sessionId: string })[] };
    for (const data of [big, small]) {
      rows.samples.push(...data.samples.map((s) => ({ ...s, sessionId: data.session.id })));
      rows.requests.push(...data.requests.map((r) => ({ ...r, sessionId: data.session.id })));
    }
    rows.samples.sort(() => 0);
    await versionTwo(name, rows, [big.session, small.session]);

    const db = await openDatabase(name);
    expect(db.version).toBe(DB_VERSION);
    expect([...db.objectStoreNames]).not.toContain('samples');
    expect([...db.objectStoreNames]).not.toContain('requests');
    const store = new SessionStore(db);
    for (const data of [big, small]) {
      const loaded = await store.loadSession(data.session.id);
      expect(loaded!.samples).toEqual(byTime(data.samples));
      expect(loaded!.requests).toEqual(byTime(data.requests));
      expect(await collect(readRecords(db, 'samples', data.session.id, { pageSize: 300 }))).toEqual(byTime(data.samples));
      expect(await collect(readRecords(db, 'requests', data.session.id))).toEqual(byTime(data.requests));
    }
    const chunks = await db.getAll('sample-chunks');
    expect(chunks.every((c) => c.records.length <= CHUNK_RECORDS && c.records.every((r) => !('sessionId' in r)))).toBe(true);
    expect(chunks.filter((c) => c.sessionId === big.session.id).map((c) => c.records.length)).toEqual([CHUNK_RECORDS, CHUNK_RECORDS, 17]);
    db.close();
  });
});
