import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CachePolicy, type CachePutRequest } from '../../../src/core/cache/policy';
import { CACHE_ENTRY_FORMAT } from '../../../src/core/cache/entry';

function put(namespace: string, key: string, bytes: number, extra: Partial<CachePutRequest> = {}): CachePutRequest {
  return { namespace, key, rawBytes: bytes, storedBytes: bytes, compressed: false, ttlMs: 1000, ...extra };
}

describe('CachePolicy: budgets', () => {
  it('never holds more entries or bytes than its budgets, and evicts least recently used first', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 3000 }),
        fc.array(fc.oneof(fc.record({ put: fc.constantFrom('k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7', 'k8', 'k9'), bytes: fc.nat(1500) }), fc.record({ get: fc.constantFrom('k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7', 'k8', 'k9') })), { maxLength: 150 }),
        (maxEntries, maxBytes, ops) => {
          const policy = new CachePolicy({ maxEntries, maxBytes, compressAboveBytes: 100 });
          let now = 0;
          for (const op of ops) {
            now += 1;
            if ('put' in op) {
              const before = policy.idsOldestFirst();
              const decision = policy.put(put('ns', op.put, op.bytes, { ttlMs: 1e9 }), now);
              if (decision.stored) {
                // Evicted entries are the oldest ones, in order.
                const remaining = before.filter((id) => id !== decision.replaced?.id);
                expect(decision.evicted.map((e) => e.id)).toEqual(remaining.slice(0, decision.evicted.length));
              } else {
                expect(op.bytes).toBeGreaterThan(maxBytes);
              }
            } else {
              policy.lookup('ns', op.get, now);
            }
            expect(policy.entryCount).toBeLessThanOrEqual(maxEntries);
            expect(policy.bytes).toBeLessThanOrEqual(maxBytes);
            expect(policy.bytes).toBe(policy.entries().reduce((sum, entry) => sum + entry.bytes, 0));
          }
        },
      ),
    );
  });

  it('a lookup makes an entry the most recently used', () => {
    const policy = new CachePolicy({ maxEntries: 2, maxBytes: 1000, compressAboveBytes: 100 });
    policy.put(put('ns', 'a', 1), 0);
    policy.put(put('ns', 'b', 1), 0);
    policy.lookup('ns', 'a', 1);
    const decision = policy.put(put('ns', 'c', 1), 2);
    expect(decision.evicted.map((entry) => entry.key)).toEqual(['b']);
    expect(policy.metrics.counters.evictions).toBe(1);
  });

  it('refuses a body larger than the whole cache and says so', () => {
    const policy = new CachePolicy({ maxEntries: 10, maxBytes: 100, compressAboveBytes: 10 });
    const decision = policy.put(put('ns', 'big', 101), 0);
    expect(decision.stored).toBe(false);
    if (!decision.stored) expect(decision.reason).toMatch(/larger than the whole cache/);
  });

  it('names a bad field of a put and of the limits', () => {
    const policy = new CachePolicy();
    const decision = policy.put(put('ns', 'a', 1, { ttlMs: 0 }), 0);
    expect(decision.stored === false && decision.reason).toMatch(/ttlMs/);
    expect(() => new CachePolicy({ maxEntries: 0, maxBytes: 1, compressAboveBytes: 0 })).toThrow(/maxEntries/);
  });

  it('compresses only bodies above the threshold', () => {
    const policy = new CachePolicy({ maxEntries: 10, maxBytes: 1e6, compressAboveBytes: 1024 });
    expect(policy.shouldCompress(1024)).toBe(false);
    expect(policy.shouldCompress(1025)).toBe(true);
    policy.put(put('ns', 'a', 0, { rawBytes: 4000, storedBytes: 1000, compressed: true }), 0);
    expect(policy.metrics.counters.compressionSavedBytes).toBe(3000);
    expect(policy.bytes).toBe(1000);
  });
});

describe('CachePolicy: time to live and stale window', () => {
  it('is fresh before its TTL, stale inside the stale window, and a miss after', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 30_000 }), (ttlMs, staleMs, at) => {
        const policy = new CachePolicy();
        policy.put(put('ns', 'k', 10, { ttlMs, staleMs }), 1000);
        const result = policy.lookup('ns', 'k', 1000 + at);
        const expected = at < ttlMs ? 'fresh' : at < ttlMs + staleMs ? 'stale' : 'miss';
        expect(result.state).toBe(expected);
        if (expected === 'miss') {
          expect(result.state === 'miss' && result.expired?.key).toBe('k');
          expect(policy.entryCount).toBe(0);
        }
      }),
    );
  });

  it('counts hits, stale hits, misses and what they saved', () => {
    const policy = new CachePolicy();
    policy.put(put('ns', 'k', 10, { ttlMs: 100, staleMs: 100, costMs: 800, rawBytes: 40 }), 0);
    policy.lookup('ns', 'k', 50);
    policy.lookup('ns', 'k', 150);
    policy.lookup('ns', 'other', 150);
    const c = policy.metrics.counters;
    expect([c.hits, c.staleHits, c.misses]).toEqual([1, 1, 1]);
    expect(c.msSaved).toBe(1600);
    expect(c.bytesSaved).toBe(80);
  });

  it('counts the first use of a prefetched entry as a prefetch hit, later ones as hits', () => {
    const policy = new CachePolicy();
    policy.put(put('ns', 'k', 10, { prefetched: true }), 0);
    expect(policy.lookup('ns', 'k', 1)).toMatchObject({ state: 'fresh', prefetchHit: true });
    expect(policy.lookup('ns', 'k', 2)).toMatchObject({ state: 'fresh', prefetchHit: false });
    expect(policy.metrics.counters).toMatchObject({ prefetches: 1, prefetchHits: 1, hits: 1 });
  });
});

describe('CachePolicy: versions and namespaces', () => {
  it('a version bump makes every entry of that namespace a miss at once, and no other', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 20 }), fc.uniqueArray(fc.string({ minLength: 1, maxLength: 4 }), { maxLength: 20 }), (keysA, keysB) => {
        const policy = new CachePolicy();
        for (const key of keysA) policy.put(put('a', key, 1), 0);
        for (const key of keysB) policy.put(put('b', key, 1), 0);
        const { version, removed } = policy.bumpVersion('a');
        expect(version).toBe(1);
        expect(removed.map((e) => e.key).sort()).toEqual([...keysA].sort());
        for (const key of keysA) expect(policy.lookup('a', key, 1).state).toBe('miss');
        for (const key of keysB) expect(policy.lookup('b', key, 1).state).toBe('fresh');
        expect(policy.idFor('a', 'x')).not.toBe(removed[0]?.id.replace(/[^\u001f]*$/, 'x'));
      }),
    );
  });

  it('namespaces never see each other’s entries', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ ns: fc.constantFrom('p1', 'p2', 'p3'), key: fc.constantFrom('x', 'y', 'z') }), { maxLength: 40 }), fc.constantFrom('p1', 'p2', 'p3'), fc.constantFrom('x', 'y', 'z'), (puts, ns, key) => {
        const policy = new CachePolicy();
        for (const p of puts) policy.put(put(p.ns, p.key, 1), 0);
        const found = policy.lookup(ns, key, 1);
        const expected = puts.some((p) => p.ns === ns && p.key === key);
        expect(found.state !== 'miss').toBe(expected);
        if (found.state !== 'miss') expect(found.entry.namespace).toBe(ns);
      }),
    );
  });

  it('invalidates by tag within one namespace only', () => {
    const policy = new CachePolicy();
    policy.put(put('a', 'list', 1, { tags: ['under:/api/users'] }), 0);
    policy.put(put('a', 'other', 1, { tags: ['under:/api/roles'] }), 0);
    policy.put(put('b', 'list', 1, { tags: ['under:/api/users'] }), 0);
    expect(policy.invalidateTag('a', 'under:/api/users').map((e) => e.key)).toEqual(['list']);
    expect(policy.lookup('a', 'other', 1).state).toBe('fresh');
    expect(policy.lookup('b', 'list', 1).state).toBe('fresh');
  });
});

describe('CachePolicy: restore from storage', () => {
  it('keeps valid entries in their recency order and drops damaged, older-format, older-version and expired ones', () => {
    const source = new CachePolicy();
    const a = source.put(put('ns', 'a', 5, { ttlMs: 10_000 }), 0);
    const b = source.put(put('ns', 'b', 5, { ttlMs: 10_000 }), 1);
    const old = source.put(put('gone', 'c', 5, { ttlMs: 10_000 }), 2);
    const expired = source.put(put('ns', 'd', 5, { ttlMs: 10 }), 0);
    source.lookup('ns', 'a', 3);
    source.bumpVersion('gone');
    if (!a.stored || !b.stored || !old.stored || !expired.stored) throw new Error('setup');
    const records = [a.entry, b.entry, old.entry, expired.entry, { ...a.entry, id: 'x', format: 0 }, { ...b.entry, id: 'y', format: CACHE_ENTRY_FORMAT + 1 }, { id: 'z', format: 1, bytes: 'many' }, null];
    const policy = new CachePolicy();
    const result = policy.restore(records, source.versionTable(), 100);
    expect(result.restored).toBe(2);
    expect(result.corrupt).toBe(4);
    expect(result.drop.sort()).toEqual([old.entry.id, expired.entry.id, 'x', 'y', 'z'].sort());
    expect(policy.idsOldestFirst()).toEqual([b.entry.id, a.entry.id]);
    expect(policy.metrics.counters.corruptDropped).toBe(4);
  });
});

describe('CachePolicy: quota and disabling', () => {
  it('shrinkBy evicts the oldest entries until the bytes are freed', () => {
    const policy = new CachePolicy();
    for (const key of ['a', 'b', 'c']) policy.put(put('ns', key, 10), 0);
    expect(policy.shrinkBy(15).map((e) => e.key)).toEqual(['a', 'b']);
    expect(policy.bytes).toBe(10);
  });

  it('refuses puts while disabled and reports it in health', () => {
    const policy = new CachePolicy();
    policy.disable('the browser refused to store more (storage full)');
    expect(policy.put(put('ns', 'a', 1), 0).stored).toBe(false);
    const health = policy.health(0);
    expect(health.status).toBe('off');
    expect(health.advice[0]).toMatch(/The cache is off: the browser refused/);
  });
});
