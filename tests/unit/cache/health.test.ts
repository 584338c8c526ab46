import { describe, expect, it } from 'vitest';
import { cacheHealth, emptyCounters, CacheMetrics } from '../../../src/core/cache/metrics';

const base = { lastError: null, entries: 10, bytes: 1000, maxEntries: 100, maxBytes: 10_000, oldestStoredAt: 1000, now: 61_000, disabledReason: null };

describe('cache health', () => {
  it('computes hit rate, fill level, error rate and oldest entry', () => {
    const health = cacheHealth({ ...base, counters: { ...emptyCounters(), hits: 30, staleHits: 5, prefetchHits: 5, misses: 10, puts: 10, errors: 0, msSaved: 32_000 } });
    expect(health.hitRate).toBeCloseTo(0.8);
    expect(health.fill).toBeCloseTo(0.1);
    expect(health.errorRate).toBe(0);
    expect(health.oldestEntryAgeMs).toBe(60_000);
    expect(health.status).toBe('good');
    expect(health.advice).toEqual(['Healthy: 80 % of lookups answered from the cache, saving 32000 ms of waiting.']);
  });

  it('advises on a low hit rate, a full cache, failing operations and unused prefetches', () => {
    const health = cacheHealth({ ...base, bytes: 9_500, lastError: 'QuotaExceededError', counters: { ...emptyCounters(), hits: 2, misses: 40, puts: 40, evictions: 12, errors: 5, prefetches: 20, prefetchHits: 1 } });
    expect(health.status).toBe('warning');
    const text = health.advice.join('\n');
    expect(text).toMatch(/hit rate 7 %/);
    expect(text).toMatch(/95 % full and has evicted 12 entries/);
    expect(text).toMatch(/operations failed \(last: QuotaExceededError\)/);
    expect(text).toMatch(/Only 5 % of 20 prefetched/);
  });

  it('does not judge on too few lookups', () => {
    const health = cacheHealth({ ...base, counters: { ...emptyCounters(), hits: 1, misses: 2 } });
    expect(health.advice[0]).toMatch(/Only 3 lookups so far/);
  });

  it('keeps a bounded per-minute hit-rate series', () => {
    const metrics = new CacheMetrics();
    for (let minute = 0; minute < 200; minute++) {
      metrics.lookup('hit', minute * 60_000);
      metrics.lookup('miss', minute * 60_000 + 1);
    }
    const { series } = metrics.snapshot();
    expect(series).toHaveLength(120);
    expect(series.at(-1)).toEqual({ start: 199 * 60_000, lookups: 2, hits: 1 });
  });
});
