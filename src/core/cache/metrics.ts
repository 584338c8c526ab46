/**
 * What the cache did, as counters and a per-minute hit-rate series, and the health summary the
 * Cache view shows with plain advice.
 */

/** Counters since the cache was opened (or its metrics reset). */
export interface CacheCounters {
  hits: number;
  misses: number;
  /** Lookups answered with a stale entry while it is revalidated. */
  staleHits: number;
  /** First use of an entry a prefetch stored (counted here, not in hits). */
  prefetchHits: number;
  /** Entries stored by a prefetch. */
  prefetches: number;
  puts: number;
  evictions: number;
  /** Operations that failed (storage errors, corrupt entries, quota). */
  errors: number;
  /** Entries dropped because they were damaged or of an unreadable format. */
  corruptDropped: number;
  /** Body bytes served from the cache instead of the network. */
  bytesSaved: number;
  /** Network time the cache answers saved, ms. */
  msSaved: number;
  /** Bytes compression kept out of storage. */
  compressionSavedBytes: number;
}

/** One minute of lookups. */
export interface HitRateBucket {
  /** Start of the minute, ms since the epoch. */
  start: number;
  lookups: number;
  /** Hits of any kind (fresh, stale, prefetch). */
  hits: number;
}

/** Metrics as plain data (stored, sent to the panel). */
export interface CacheMetricsSnapshot {
  counters: CacheCounters;
  series: HitRateBucket[];
  /** Last error message, for the view. */
  lastError: string | null;
}

const BUCKET_MS = 60_000;
const MAX_BUCKETS = 120;

export function emptyCounters(): CacheCounters {
  return { hits: 0, misses: 0, staleHits: 0, prefetchHits: 0, prefetches: 0, puts: 0, evictions: 0, errors: 0, corruptDropped: 0, bytesSaved: 0, msSaved: 0, compressionSavedBytes: 0 };
}

/** Counters and a bounded per-minute series; every update is O(1). */
export class CacheMetrics {
  readonly counters: CacheCounters;
  private series: HitRateBucket[];
  private lastError: string | null;

  constructor(snapshot?: CacheMetricsSnapshot) {
    this.counters = { ...emptyCounters(), ...(snapshot?.counters ?? {}) };
    this.series = snapshot ? snapshot.series.map((bucket) => ({ ...bucket })) : [];
    this.lastError = snapshot?.lastError ?? null;
  }

  lookup(kind: 'hit' | 'stale' | 'prefetch' | 'miss', now: number, saved?: { bytes: number; ms: number }): void {
    if (kind === 'hit') this.counters.hits++;
    else if (kind === 'stale') this.counters.staleHits++;
    else if (kind === 'prefetch') this.counters.prefetchHits++;
    else this.counters.misses++;
    if (saved && kind !== 'miss') {
      this.counters.bytesSaved += saved.bytes;
      this.counters.msSaved += saved.ms;
    }
    const bucket = this.bucketAt(now);
    bucket.lookups++;
    if (kind !== 'miss') bucket.hits++;
  }

  put(rawBytes: number, storedBytes: number, prefetch: boolean): void {
    this.counters.puts++;
    if (prefetch) this.counters.prefetches++;
    this.counters.compressionSavedBytes += Math.max(0, rawBytes - storedBytes);
  }

  evicted(count = 1): void {
    this.counters.evictions += count;
  }

  error(message: string): void {
    this.counters.errors++;
    this.lastError = message;
  }

  corrupt(count = 1): void {
    this.counters.corruptDropped += count;
    this.counters.errors += count;
    this.lastError = `${count} damaged cache ${count === 1 ? 'entry was' : 'entries were'} dropped`;
  }

  /** Replaces the counters and series with stored ones (after a worker restart). */
  load(snapshot: CacheMetricsSnapshot): void {
    Object.assign(this.counters, emptyCounters(), snapshot.counters);
    this.series = snapshot.series.filter((b) => Number.isFinite(b.start) && b.lookups >= b.hits && b.hits >= 0).map((b) => ({ start: b.start, lookups: b.lookups, hits: b.hits }));
    this.lastError = snapshot.lastError ?? null;
  }

  reset(): void {
    Object.assign(this.counters, emptyCounters());
    this.series = [];
    this.lastError = null;
  }

  snapshot(): CacheMetricsSnapshot {
    return { counters: { ...this.counters }, series: this.series.map((bucket) => ({ ...bucket })), lastError: this.lastError };
  }

  private bucketAt(now: number): HitRateBucket {
    const start = Math.floor(now / BUCKET_MS) * BUCKET_MS;
    const last = this.series[this.series.length - 1];
    if (last && last.start === start) return last;
    const bucket = { start, lookups: 0, hits: 0 };
    this.series.push(bucket);
    if (this.series.length > MAX_BUCKETS) this.series.splice(0, this.series.length - MAX_BUCKETS);
    return bucket;
  }
}

/** What the health summary is computed from. */
export interface HealthInput {
  counters: CacheCounters;
  lastError: string | null;
  entries: number;
  bytes: number;
  maxEntries: number;
  maxBytes: number;
  /** storedAt of the oldest entry held, or null when empty. */
  oldestStoredAt: number | null;
  now: number;
  /** The cache turned itself off (e.g. storage full); the reason, or null. */
  disabledReason: string | null;
}

/** The cache's health at a glance, with what to do about it. */
export interface CacheHealth {
  /** Lookups answered from the cache (fresh, stale or prefetched), 0–1; null before any lookup. */
  hitRate: number | null;
  lookups: number;
  /** The fuller of entries/maxEntries and bytes/maxBytes, 0–1. */
  fill: number;
  /** Failed operations per lookup and store, 0–1; null before any. */
  errorRate: number | null;
  /** Age of the oldest entry held, ms; null when empty. */
  oldestEntryAgeMs: number | null;
  status: 'good' | 'warning' | 'off';
  /** Plain sentences: what the numbers mean and what to do. */
  advice: string[];
}

const MIN_LOOKUPS_TO_JUDGE = 20;

export function cacheHealth(input: HealthInput): CacheHealth {
  const c = input.counters;
  const served = c.hits + c.staleHits + c.prefetchHits;
  const lookups = served + c.misses;
  const operations = lookups + c.puts;
  const hitRate = lookups > 0 ? served / lookups : null;
  const errorRate = operations > 0 ? Math.min(1, c.errors / operations) : null;
  const fill = Math.max(input.maxEntries > 0 ? input.entries / input.maxEntries : 0, input.maxBytes > 0 ? input.bytes / input.maxBytes : 0);
  const oldestEntryAgeMs = input.oldestStoredAt === null ? null : Math.max(0, input.now - input.oldestStoredAt);
  const advice: string[] = [];
  let status: CacheHealth['status'] = 'good';

  if (input.disabledReason) {
    status = 'off';
    advice.push(`The cache is off: ${input.disabledReason}. Free disk space or clear the cache, then switch it on again.`);
  }
  if (errorRate !== null && errorRate > 0.01 && c.errors >= 3) {
    if (status === 'good') status = 'warning';
    advice.push(`${percent(errorRate)} of cache operations failed${input.lastError ? ` (last: ${input.lastError})` : ''}; the page's requests went to the network instead. Clear the cache; if it keeps failing, the browser's storage may be full.`);
  }
  if (lookups < MIN_LOOKUPS_TO_JUDGE) {
    advice.push(`Only ${lookups} ${lookups === 1 ? 'lookup' : 'lookups'} so far: use the page a little longer before judging the hit rate.`);
  } else if (hitRate !== null && hitRate < 0.2) {
    if (status === 'good') status = 'warning';
    advice.push(`Few requests repeat within their time to live (hit rate ${percent(hitRate)}): give endpoints whose data changes slowly a longer TTL, or cache fewer endpoints.`);
  }
  if (fill > 0.9 && c.evictions > 0) {
    if (status === 'good') status = 'warning';
    advice.push(`The cache is ${percent(fill)} full and has evicted ${c.evictions} ${c.evictions === 1 ? 'entry' : 'entries'}: raise its size limit or cache fewer, smaller responses.`);
  }
  if (c.prefetches >= 10 && c.prefetchHits / c.prefetches < 0.3) {
    if (status === 'good') status = 'warning';
    advice.push(`Only ${percent(c.prefetchHits / c.prefetches)} of ${c.prefetches} prefetched responses were used: raise the prefetch confidence threshold so fewer requests are made for nothing.`);
  }
  if (c.staleHits > 0 && lookups >= MIN_LOOKUPS_TO_JUDGE && c.staleHits / lookups > 0.5) {
    advice.push(`Most answers (${percent(c.staleHits / lookups)}) were stale copies while revalidating: if admins act on these lists, shorten the stale window.`);
  }
  if (advice.length === 0 && hitRate !== null) {
    advice.push(`Healthy: ${percent(hitRate)} of lookups answered from the cache, saving ${Math.round(c.msSaved)} ms of waiting.`);
  }
  return { hitRate, lookups, fill, errorRate, oldestEntryAgeMs, status, advice };
}

function percent(fraction: number): string {
  return `${Math.round(fraction * 100)} %`;
}
