import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CaptureItem } from '../../src/shared/protocol';
import { openDatabase } from '../../src/storage/db';
import { SessionStore } from '../../src/storage/session-store';

// The store's logic over IndexedDB (fake-indexeddb in Node; the e2e tests use the real one).
async function freshStore(): Promise<SessionStore> {
  return new SessionStore(await openDatabase(`test-${Math.random()}`));
}

const view = (id: string): CaptureItem => ({ kind: 'view', id, url: 'http://localhost/', startTime: 1000, viewKind: 'hard', navigationType: 'navigate' });
const memory = (t: number): CaptureItem => ({ kind: 'memory', t, viewId: 'p:0', heapUsed: 1, heapTotal: 2, domNodes: 3 });

describe('SessionStore', () => {
  let store: SessionStore;
  beforeEach(async () => {
    store = await freshStore();
  });

  it('stores a batch once: a resent batch (same receipt) is recognised and dropped', async () => {
    const s = await store.createSession({ tabId: 1, url: 'http://localhost/', title: 't' });
    const first = await store.commitBatch(s.id, 'p:1', [view('p:0'), memory(1), memory(2)], () => ['reduce-motion']);
    expect(first.status).toBe('stored');
    expect((await store.commitBatch(s.id, 'p:1', [view('p:0'), memory(1), memory(2)])).status).toBe('duplicate');
    const data = await store.loadSession(s.id);
    expect(data?.samples).toHaveLength(2);
    expect(data?.views[0]?.strategies).toEqual(['reduce-motion']);
    expect(data?.session.counts).toEqual({ views: 1, samples: 2, requests: 0, alerts: 0 });
  });

  it('keeps what the browser exposes on the hard view and on the session', async () => {
    const s = await store.createSession({ tabId: 1, url: 'http://localhost/', title: 't' });
    const support = { entryTypes: ['event', 'largest-contentful-paint', 'navigation', 'paint', 'resource'], memory: false };
    const soft: CaptureItem = { kind: 'view', id: 'p:1', url: 'http://localhost/b', startTime: 2000, viewKind: 'soft', navigationType: 'push' };
    await store.commitBatch(s.id, 'p:1', [{ ...(view('p:0') as Extract<CaptureItem, { kind: 'view' }>), support }, soft]);
    const data = await store.loadSession(s.id);
    expect(data?.session.support).toEqual(support);
    expect(data?.views.map((v) => v.support)).toEqual([support, undefined]);
    expect(data?.views[1]).not.toHaveProperty('support');
  });

  it('refuses a batch for a session that does not exist', async () => {
    expect((await store.commitBatch('nope', 'p:1', [memory(1)])).status).toBe('no-session');
  });

  it('evicts the oldest finished sessions first, never one still recording', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const s = await store.createSession({ tabId: i, url: 'http://localhost/', title: '' });
      await store.commitBatch(s.id, `p${i}:1`, [memory(i)]);
      ids.push(s.id);
      await new Promise((r) => setTimeout(r, 2));
    }
    const recording = new Set([ids[0]!]);
    const result = await store.enforceRetention({ maxSessions: 3, maxBytes: Infinity }, recording);
    expect(result.evicted).toEqual([ids[1], ids[2]]);
    expect(result.status.sessions).toBe(3);
    expect(await store.loadSession(ids[1]!)).toBeNull();
    expect(await store.loadSession(ids[0]!)).not.toBeNull();
  });

  it('deletes everything of a session, receipts included', async () => {
    const s = await store.createSession({ tabId: 1, url: 'http://localhost/', title: '' });
    await store.commitBatch(s.id, 'p:1', [view('p:0'), memory(1)]);
    await store.deleteSession(s.id);
    expect(await store.loadSession(s.id)).toBeNull();
    // The receipt is gone too, so the same page id could be recorded again.
    const again = await store.createSession({ tabId: 1, url: 'http://localhost/', title: '' });
    expect((await store.commitBatch(again.id, 'p:1', [memory(1)])).status).toBe('stored');
  });
});
