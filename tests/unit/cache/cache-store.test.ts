import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openDB, type IDBPDatabase } from 'idb';
import { CacheStore, createCacheStores, type CacheStores } from '../../../src/storage/cache-store';
import { memoize } from '../../../src/core/cache/memo';

function opener(name = `cache-${Math.random()}`): () => Promise<IDBPDatabase<CacheStores>> {
  return () => openDB<CacheStores>(name, 1, { upgrade: (db) => createCacheStores(db) });
}

const text = (s: string) => new TextEncoder().encode(s);
const read = (b: Uint8Array) => new TextDecoder().decode(b);

describe('CacheStore (IndexedDB)', () => {
  it('stores and answers a body with its extra data, compressing large ones', async () => {
    let now = 1000;
    const store = new CacheStore(opener(), { now: () => now, limits: { maxEntries: 100, maxBytes: 1e6, compressAboveBytes: 100 } });
    const big = JSON.stringify(Array.from({ length: 200 }, (_, i) => ({ id: i, name: 'x' })));
    expect(await store.put('ns', 'small', text('{"a":1}'), { ttlMs: 100, extra: { status: 200 } })).toMatchObject({ stored: true, meta: { compressed: false } });
    const put = await store.put('ns', 'big', text(big), { ttlMs: 100 });
    expect(put.stored && put.meta.compressed && put.meta.bytes < put.meta.rawBytes).toBe(true);
    now = 1050;
    const small = await store.get('ns', 'small');
    expect(small && read(small.body)).toBe('{"a":1}');
    expect(small?.extra).toEqual({ status: 200 });
    expect(read((await store.get('ns', 'big'))!.body)).toBe(big);
    now = 1200;
    expect(await store.get('ns', 'small')).toBeNull();
  });

  it('restores its entries, versions and metrics after a restart (a new store on the same database)', async () => {
    const open = opener();
    const first = new CacheStore(open, { now: () => 10 });
    await first.put('a', 'k', text('one'), { ttlMs: 1000 });
    await first.put('b', 'k', text('two'), { ttlMs: 1000 });
    await first.get('a', 'k');
    await first.bumpVersion('b');
    await first.flush();
    const second = new CacheStore(open, { now: () => 20 });
    expect(read((await second.get('a', 'k'))!.body)).toBe('one');
    expect(await second.get('b', 'k')).toBeNull();
    expect(second.metrics().counters.hits).toBe(2);
  });

  it('drops a damaged body instead of serving it, and counts it', async () => {
    const open = opener();
    const first = new CacheStore(open, { now: () => 10, limits: { maxEntries: 10, maxBytes: 1e6, compressAboveBytes: 10 } });
    const put = await first.put('ns', 'k', text('{"value":"abcdefghijklmnopqrstuvwxyz"}'.repeat(10)), { ttlMs: 1000 });
    if (!put.stored) throw new Error('not stored');
    const db = await open();
    const stored = await db.get('cache-bodies', put.meta.id);
    const broken = new Uint8Array(stored!.data);
    broken[broken.length - 6]! ^= 0xff;
    await db.put('cache-bodies', { ...stored!, data: broken }, put.meta.id);
    const second = new CacheStore(open, { now: () => 20 });
    expect(await second.get('ns', 'k')).toBeNull();
    expect(second.metrics().counters.corruptDropped).toBe(1);
    expect(await db.get('cache-entries', put.meta.id)).toBeUndefined();
  });

  it('drops an entry whose metadata is damaged when restoring', async () => {
    const open = opener();
    const db = await open();
    await db.put('cache-entries', { id: 'x', format: 1, bytes: -1 } as never, 'x');
    const store = new CacheStore(open);
    await store.ready();
    expect(store.entries()).toEqual([]);
    expect(store.metrics().counters.corruptDropped).toBe(1);
    expect(await db.get('cache-entries', 'x')).toBeUndefined();
  });

  it('stops storing and turns itself off when the browser says less than the reserve is left, and answers what it holds', async () => {
    let now = 0;
    let left = 100 * 1024 * 1024;
    const store = new CacheStore(opener(), { now: () => now, estimate: async () => ({ usage: 1000, quota: 1000 + left }) });
    const body = new TextEncoder().encode('{"a":1}');
    expect((await store.put('ns', 'a', body, { ttlMs: 60_000 })).stored).toBe(true);
    left = 16 * 1024 * 1024;
    now = 5000; // the estimate is read again after 2 s
    const refused = await store.put('ns', 'b', body, { ttlMs: 60_000 });
    expect(refused).toEqual({ stored: false, reason: expect.stringContaining('so that recordings keep their room') });
    expect(store.policy.disabled).toContain('less than 32 MB of storage is left (16 MB)');
    expect(await store.get('ns', 'b')).toBeNull();
    expect((await store.get('ns', 'a'))?.state).toBe('fresh');
    expect(store.metrics().lastError).toBe('storage is nearly full (16 MB left)');
  });

  it('invalidates by tag and clears', async () => {
    const store = new CacheStore(opener());
    await store.put('ns', 'list', text('[]'), { ttlMs: 1000, tags: ['under:/api/users'] });
    await store.put('ns', 'roles', text('[]'), { ttlMs: 1000, tags: ['under:/api/roles'] });
    expect(await store.invalidateTags('ns', ['under:/api/users'])).toBe(1);
    expect(await store.get('ns', 'list')).toBeNull();
    expect(await store.get('ns', 'roles')).not.toBeNull();
    await store.clearAll();
    expect(store.entries()).toEqual([]);
  });

  it('memoizes through the store', async () => {
    const store = new CacheStore(opener());
    let runs = 0;
    const options = { namespace: 'memo:simulator', kind: 'run', codeVersion: 1, ttlMs: 60_000 };
    const first = await memoize(store.memoStore(), options, { users: 5 }, () => ({ p95: ++runs }));
    const second = await memoize(store.memoStore(), options, { users: 5 }, () => ({ p95: ++runs }));
    expect(first).toMatchObject({ cached: false, value: { p95: 1 } });
    expect(second).toMatchObject({ cached: true, value: { p95: 1 } });
  });

  it('keeps working when the database is deleted under it', async () => {
    const name = `cache-${Math.random()}`;
    const store = new CacheStore(opener(name));
    await store.put('ns', 'k', text('v'), { ttlMs: 1000 });
    await new Promise<void>((resolve, reject) => {
      const request = indexedDB.deleteDatabase(name);
      request.onsuccess = () => resolve();
      request.onerror = () => reject(request.error);
    });
    expect(await store.get('ns', 'k')).toBeNull();
    expect(await store.put('ns', 'k2', text('w'), { ttlMs: 1000 })).toMatchObject({ stored: true });
    expect(read((await store.get('ns', 'k2'))!.body)).toBe('w');
  });
});

/** Makes readwrite transactions fail as a full disk does, `failures` times (Infinity: always). */
function quotaFailing(open: () => Promise<IDBPDatabase<CacheStores>>, state: { failures: number }) {
  const bind = <T extends object>(target: T, prop: string | symbol) => {
    const value = Reflect.get(target, prop, target);
    return typeof value === 'function' ? value.bind(target) : value;
  };
  return async () => {
    const db = await open();
    return new Proxy(db, {
      get(target, prop) {
        if (prop !== 'transaction') return bind(target, prop);
        return (...args: Parameters<typeof target.transaction>) => {
          const tx = target.transaction(...args);
          if (args[1] !== 'readwrite' || state.failures <= 0) return tx;
          state.failures--;
          const error = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
          const done = Promise.reject(error);
          done.catch(() => {});
          tx.done.catch(() => {});
          queueMicrotask(() => tx.abort());
          return new Proxy(tx, { get: (t, p) => (p === 'done' ? done : bind(t, p)) });
        };
      },
    });
  };
}

describe('CacheStore on a full disk (QuotaExceededError)', () => {
  it('evicts the oldest entries and carries on when a retry fits', async () => {
    const state = { failures: 0 };
    const store = new CacheStore(quotaFailing(opener(), state));
    for (const key of ['a', 'b', 'c', 'd']) await store.put('ns', key, text(`value ${key}`), { ttlMs: 1000 });
    state.failures = 1;
    expect(await store.put('ns', 'e', text('value e'), { ttlMs: 1000 })).toMatchObject({ stored: true });
    expect(store.metrics().counters.evictions).toBeGreaterThan(0);
    expect(await store.get('ns', 'a')).toBeNull();
    expect(read((await store.get('ns', 'e'))!.body)).toBe('value e');
    expect(store.health().status).not.toBe('off');
  });

  it('turns itself off with a reason when storing still fails, and back on when cleared', async () => {
    const state = { failures: 0 };
    const store = new CacheStore(quotaFailing(opener(), state));
    await store.put('ns', 'a', text('a'), { ttlMs: 1000 });
    await store.put('ns', 'b', text('b'), { ttlMs: 1000 });
    state.failures = Infinity;
    const result = await store.put('ns', 'c', text('c'), { ttlMs: 1000 });
    expect(result).toEqual({ stored: false, reason: 'the browser refused to store more (storage is full)' });
    const health = store.health();
    expect(health.status).toBe('off');
    expect(health.advice[0]).toBe('The cache is off: the browser refused to store more (storage is full). Free disk space or clear the cache, then switch it on again.');
    expect(await store.put('ns', 'd', text('d'), { ttlMs: 1000 })).toMatchObject({ stored: false });
    expect(await store.get('ns', 'c')).toBeNull();
    state.failures = 0;
    await store.clearAll();
    expect(store.health().status).not.toBe('off');
    expect(await store.put('ns', 'e', text('e'), { ttlMs: 1000 })).toMatchObject({ stored: true });
  });
});
