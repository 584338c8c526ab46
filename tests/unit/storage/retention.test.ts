import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../../src/storage/db';
import { createRetention } from '../../../src/storage/retention';
import { SessionStore } from '../../../src/storage/session-store';

async function storeWith(sessions: number): Promise<{ store: SessionStore; ids: string[] }> {
  const store = new SessionStore(await openDatabase(`retention-${Math.random()}`));
  const ids: string[] = [];
  for (let i = 0; i < sessions; i++) {
    const s = await store.createSession({ tabId: i, url: 'http://localhost/', title: '' });
    await store.commitBatch(s.id, `p${i}:1`, [{ kind: 'memory', t: i, viewId: 'p:0', heapUsed: 1, heapTotal: 2, domNodes: 3 }]);
    ids.push(s.id);
    await new Promise((r) => setTimeout(r, 2));
  }
  return { store, ids };
}

describe('retention keeper', () => {
  it('evicts the oldest, sparing the protected sessions and the ones kept, and reports the figures and the evicted ids', async () => {
    const { store, ids } = await storeWith(5);
    const told: string[][] = [];
    const retention = createRetention({
      store: Promise.resolve(store),
      limits: { maxSessions: 2, maxBytes: Infinity },
      protectedSessions: async () => new Set([ids[0]!]),
      afterPass: (evicted) => void told.push(evicted),
    });
    expect(retention.figures()).toEqual({ sessions: 0, bytes: 0, maxSessions: 2, maxBytes: Infinity });
    const evicted = await retention.enforce(new Set([ids[1]!]));
    expect(evicted).toEqual([ids[2], ids[3], ids[4]]);
    expect(told).toEqual([evicted]);
    expect(retention.figures().sessions).toBe(2);
    expect((await store.listSessions()).map((s) => s.id).sort()).toEqual([ids[0], ids[1]].sort());
  });

  it('runs one pass for a burst of scheduled ones', async () => {
    const { store } = await storeWith(1);
    let passes = 0;
    const retention = createRetention({ store: Promise.resolve(store), protectedSessions: async () => new Set(), afterPass: () => void passes++, delayMs: 5 });
    for (let i = 0; i < 10; i++) retention.schedule();
    await vi.waitFor(() => expect(passes).toBe(1));
    // Any second timer would have fired by now (same delay, set at the same time).
    await new Promise((r) => setTimeout(r, 30));
    expect(passes).toBe(1);
    retention.schedule();
    await vi.waitFor(() => expect(passes).toBe(2));
  });
});
