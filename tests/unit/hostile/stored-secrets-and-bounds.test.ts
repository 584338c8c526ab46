/**
 * Hostile capture volumes and stored secrets: the page's queue is bounded in bytes, DevTools'
 * secret headers are stored sanitized unless the site keeps them, and what DevTools adds counts
 * toward the session's size.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { DeliveryQueue } from '../../../src/core/capture/delivery';
import { enrichRequest, type NetworkEntry } from '../../../src/core/capture/network-enrichment';
import type { RequestRecord } from '../../../src/core/model';
import type { CaptureItem } from '../../../src/shared/protocol';
import { openDatabase } from '../../../src/storage/db';
import { SessionStore } from '../../../src/storage/session-store';

const request = (t: number, url = 'http://localhost/api/me'): RequestRecord => ({
  kind: 'request',
  viewId: 'p:0',
  t,
  url,
  initiatorType: 'fetch',
  duration: 10,
  phases: { redirect: 0, dns: 0, connect: 0, tls: 0, waiting: 8, download: 1 },
  transferSize: 100,
  encodedBodySize: 50,
  decodedBodySize: 50,
  status: 200,
  serverTiming: [],
  renderBlocking: '',
  cached: false,
  protocol: 'h2',
});

const entry = (t: number): NetworkEntry => ({
  url: 'http://localhost/api/me',
  started: t,
  method: 'GET',
  status: 200,
  mimeType: 'application/json',
  requestHeaders: [
    { name: 'Cookie', value: 'sid=cookieSECRET' },
    { name: 'Authorization', value: 'Bearer authSECRET123456' },
    { name: 'X-Api-Key', value: 'apikeySECRET' },
    { name: 'Referer', value: 'http://localhost/?token=refererSECRET' },
    { name: 'Accept', value: 'application/json' },
  ],
  responseHeaders: [
    { name: 'Set-Cookie', value: 'sid=setcookieSECRET; HttpOnly' },
    { name: 'Content-Type', value: 'application/json' },
  ],
});

describe('the page queue is bounded in bytes, not only in items', () => {
  it('drops the oldest queued items beyond maxQueuedBytes and counts them', () => {
    const big = 'x'.repeat(10_000);
    const queue = new DeliveryQueue<string>({ maxBatchItems: 1000, maxUnacked: 32, maxQueued: 50_000, maxQueuedBytes: 100_000, maxUnackedBytes: 100_000 });
    for (let i = 0; i < 1000; i++) queue.push(big);
    expect(queue.heldBytes()).toBeLessThanOrEqual(100_000 + 10_002);
    expect(queue.droppedTotal).toBeGreaterThan(980);
  });

  it('stops sending when the unacknowledged batches reach maxUnackedBytes, and resumes on ack', () => {
    const item = 'y'.repeat(1000);
    const queue = new DeliveryQueue<string>({ maxBatchItems: 1000, maxUnacked: 32, maxQueued: 50_000, maxQueuedBytes: 1e9, maxUnackedBytes: 50_000 });
    for (let i = 0; i < 500; i++) queue.push(item);
    const sent = [];
    for (let batch = queue.takeBatch(); batch; batch = queue.takeBatch()) sent.push(batch);
    const inFlight = sent.reduce((sum, batch) => sum + batch.items.length, 0) * 1002;
    expect(inFlight).toBeLessThanOrEqual(50_000 + 1002);
    expect(queue.queuedCount()).toBeGreaterThan(0);
    queue.ack(sent[0]!.seq);
    expect(queue.takeBatch()).not.toBeNull();
  });

  it('the default bounds hold 32 batches of maximal items in megabytes, not gigabytes', () => {
    const maximal = { url: 'u'.repeat(8192), text: 't'.repeat(2048) };
    const queue = new DeliveryQueue<typeof maximal>();
    for (let i = 0; i < 40_000; i++) queue.push(maximal);
    for (let batch = queue.takeBatch(); batch; batch = queue.takeBatch());
    expect(queue.heldBytes()).toBeLessThanOrEqual(33 * 1024 * 1024);
  });
});

describe('DevTools network details are stored sanitized by default', () => {
  it('keeps secret header names with the value REDACTED, and strips secret parameters from other values', () => {
    const enriched = enrichRequest(request(1000), entry(1000));
    const text = JSON.stringify(enriched);
    for (const secret of ['cookieSECRET', 'authSECRET123456', 'apikeySECRET', 'refererSECRET', 'setcookieSECRET']) expect(text).not.toContain(secret);
    expect(enriched.requestHeaders).toEqual([
      { name: 'Cookie', value: 'REDACTED' },
      { name: 'Authorization', value: 'REDACTED' },
      { name: 'X-Api-Key', value: 'REDACTED' },
      { name: 'Referer', value: 'http://localhost/?token=REDACTED' },
      { name: 'Accept', value: 'application/json' },
    ]);
  });

  it('keeps them raw only when the site chose to', () => {
    expect(JSON.stringify(enrichRequest(request(1000), entry(1000), { keepSecretHeaders: true }))).toContain('cookieSECRET');
  });

  it('stores them sanitized in IndexedDB, and counts the added bytes in the session size', async () => {
    const store = new SessionStore(await openDatabase(`hostile-${Math.random()}`));
    const session = await store.createSession({ tabId: 1, url: 'http://localhost/', title: '' });
    const view: CaptureItem = { kind: 'view', id: 'p:0', url: 'http://localhost/', startTime: 900, viewKind: 'hard', navigationType: 'navigate' };
    await store.commitBatch(session.id, 'p:1', [view, request(1000)]);
    const before = (await store.getSession(session.id))!.bytes;
    await store.enrichRequests(session.id, [entry(1000)]);
    const data = (await store.loadSession(session.id))!;
    expect(JSON.stringify(data)).not.toContain('cookieSECRET');
    expect(data.requests[0]?.requestHeaders?.[0]).toEqual({ name: 'Cookie', value: 'REDACTED' });
    expect(data.session.bytes).toBeGreaterThan(before + 200);
  });
});

describe('a recording session has its own size cap', () => {
  it('at the cap keeps storing views and vitals, stops storing the bulky kinds, and evicts nothing', async () => {
    const store = new SessionStore(await openDatabase(`hostile-cap-${Math.random()}`));
    const other = await store.createSession({ tabId: 2, url: 'http://localhost/other', title: '' });
    await store.endSession(other.id);
    const session = await store.createSession({ tabId: 1, url: 'http://localhost/', title: '' });
    const view = (id: string): CaptureItem => ({ kind: 'view', id, url: 'http://localhost/', startTime: 900, viewKind: 'hard', navigationType: 'navigate' });
    const vital: CaptureItem = { kind: 'vital', t: 1000, viewId: 'p:0', name: 'LCP', value: 1200, delta: 1200, rating: 'good', metricId: 'm', navigationType: 'navigate', attribution: {} };
    const cap = 20_000;
    let notStored = 0;
    for (let i = 0; i < 40; i++) {
      const result = await store.commitBatch(session.id, `p:${i}`, [view(`p:${i}`), vital, ...Array.from({ length: 5 }, (_, k) => request(1000 + i * 10 + k))], () => [], cap);
      if (result.status === 'stored') notStored += result.notStoredAtCap;
    }
    const data = (await store.loadSession(session.id))!;
    // Past the cap only views and vitals grow it: a few hundred bytes per page view.
    expect(data.session.bytes).toBeLessThanOrEqual(cap + 40 * 400);
    expect(data.views).toHaveLength(40);
    expect(data.samples.filter((s) => s.kind === 'vital')).toHaveLength(40);
    expect(notStored).toBeGreaterThan(100);
    expect(data.requests.length + notStored).toBe(200);
    expect(await store.getSession(other.id)).toBeDefined();
  });
});
