/**
 * The cache policy: which entries exist, in which namespace and version, whether a lookup is
 * fresh, stale or a miss, and what to evict to stay within the entry and byte budgets. It holds
 * metadata only; the storage layer holds the bodies and does what the policy decides (every
 * method returns the entries to delete). Every operation is O(1) apart from bulk invalidation,
 * which is proportional to the entries it removes.
 */
import { CACHE_ENTRY_FORMAT, decodeEntryMeta, entryId, type CacheEntryMeta } from './entry';
import { LruIndex } from './lru';
import { CacheMetrics, cacheHealth, type CacheHealth, type CacheMetricsSnapshot } from './metrics';

/** Budgets and thresholds of one cache. */
export interface CacheLimits {
  /** At most this many entries. */
  maxEntries: number;
  /** At most this many stored bytes (after compression). */
  maxBytes: number;
  /** Bodies larger than this (bytes) are compressed by the storage layer. */
  compressAboveBytes: number;
}

export const DEFAULT_CACHE_LIMITS: CacheLimits = { maxEntries: 2_000, maxBytes: 64 * 1024 * 1024, compressAboveBytes: 1_024 };

/** What a caller wants to store. */
export interface CachePutRequest {
  namespace: string;
  key: string;
  /** Body size before compression, bytes. */
  rawBytes: number;
  /** Body size as stored, bytes (rawBytes when not compressed). */
  storedBytes: number;
  compressed: boolean;
  /** Fresh for this long, ms (> 0). */
  ttlMs: number;
  /** Then served stale while revalidating for this long, ms (0: never stale). */
  staleMs?: number;
  /** What producing it cost, ms. */
  costMs?: number;
  prefetched?: boolean;
  tags?: string[];
  label?: string;
}

/** The outcome of a put: the entry to write (or why not) and the entries to delete. */
export type CachePutDecision =
  | { stored: true; entry: CacheEntryMeta; evicted: CacheEntryMeta[]; replaced: CacheEntryMeta | null }
  | { stored: false; reason: string; evicted: CacheEntryMeta[] };

/** The outcome of a lookup. */
export type CacheLookup =
  | { state: 'fresh' | 'stale'; entry: CacheEntryMeta; prefetchHit: boolean }
  | { state: 'miss'; expired: CacheEntryMeta | null };

/** What restoring from storage found. */
export interface RestoreResult {
  restored: number;
  /** Records to delete from storage: damaged, unreadable format, older namespace version, expired, over budget. */
  drop: string[];
  corrupt: number;
}

/** Validates limits from settings or a caller, naming the field. */
export function checkLimits(limits: CacheLimits): CacheLimits {
  for (const field of ['maxEntries', 'maxBytes', 'compressAboveBytes'] as const) {
    const value = limits[field];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < (field === 'compressAboveBytes' ? 0 : 1)) {
      throw new RangeError(`${field} must be an integer ≥ ${field === 'compressAboveBytes' ? 0 : 1} (got ${String(value)})`);
    }
  }
  return { ...limits };
}

export class CachePolicy {
  readonly limits: CacheLimits;
  readonly metrics: CacheMetrics;
  private readonly lru = new LruIndex<CacheEntryMeta>();
  private readonly versions = new Map<string, number>();
  private readonly byNamespace = new Map<string, Set<string>>();
  private readonly byTag = new Map<string, Set<string>>();
  private disabledReason: string | null = null;

  constructor(limits: CacheLimits = DEFAULT_CACHE_LIMITS, metrics?: CacheMetricsSnapshot) {
    this.limits = checkLimits(limits);
    this.metrics = new CacheMetrics(metrics);
  }

  get entryCount(): number {
    return this.lru.size;
  }

  get bytes(): number {
    return this.lru.bytes;
  }

  /** Whether the storage layer should compress a body of this size. */
  shouldCompress(rawBytes: number): boolean {
    return rawBytes > this.limits.compressAboveBytes;
  }

  versionOf(namespace: string): number {
    return this.versions.get(namespace) ?? 0;
  }

  /** All namespace versions, for storage. */
  versionTable(): Record<string, number> {
    return Object.fromEntries(this.versions);
  }

  /** Makes every entry of the namespace unreachable at once; returns them for deletion. */
  bumpVersion(namespace: string): { version: number; removed: CacheEntryMeta[] } {
    const version = this.versionOf(namespace) + 1;
    this.versions.set(namespace, version);
    return { version, removed: this.clearNamespace(namespace) };
  }

  /** Namespaces holding at least one entry, plus those with a version. */
  namespaces(): string[] {
    return [...new Set([...this.byNamespace.keys(), ...this.versions.keys()])];
  }

  /** Removes every entry of a namespace (without a bump). */
  clearNamespace(namespace: string): CacheEntryMeta[] {
    const ids = this.byNamespace.get(namespace);
    if (!ids) return [];
    const removed: CacheEntryMeta[] = [];
    for (const id of [...ids]) {
      const entry = this.removeId(id);
      if (entry) removed.push(entry);
    }
    return removed;
  }

  /** Removes every entry. */
  clearAll(): CacheEntryMeta[] {
    const removed = [...this.lru.valuesNewestFirst()];
    this.lru.clear();
    this.byNamespace.clear();
    this.byTag.clear();
    return removed;
  }

  /** Removes the entries of a namespace carrying a tag (e.g. a resource path). */
  invalidateTag(namespace: string, tag: string): CacheEntryMeta[] {
    const ids = this.byTag.get(tagKey(namespace, tag));
    if (!ids) return [];
    const removed: CacheEntryMeta[] = [];
    for (const id of [...ids]) {
      const entry = this.removeId(id);
      if (entry) removed.push(entry);
    }
    return removed;
  }

  /** The id an entry of this key has in storage under the namespace's current version. */
  idFor(namespace: string, key: string): string {
    return entryId(namespace, this.versionOf(namespace), key);
  }

  peek(namespace: string, key: string): CacheEntryMeta | undefined {
    return this.lru.peek(this.idFor(namespace, key));
  }

  /**
   * Looks a key up at `now`: fresh, stale (inside the stale window: serve and revalidate) or a
   * miss (an entry past its stale window is removed and returned for deletion).
   */
  lookup(namespace: string, key: string, now: number, options: { record?: boolean } = {}): CacheLookup {
    const id = this.idFor(namespace, key);
    const entry = this.lru.peek(id);
    let result: CacheLookup;
    if (!entry) {
      result = { state: 'miss', expired: null };
    } else if (now >= entry.staleUntil) {
      this.removeId(id);
      result = { state: 'miss', expired: entry };
    } else {
      this.lru.touch(id);
      const state = now < entry.freshUntil ? 'fresh' : 'stale';
      const prefetchHit = entry.prefetched;
      entry.prefetched = false;
      entry.hits++;
      entry.lastHitAt = now;
      result = { state, entry, prefetchHit };
    }
    if (options.record !== false) this.recordLookup(result, now);
    return result;
  }

  /**
   * Counts a lookup in the metrics. Separate from lookup() for callers that learn only later
   * whether the entry was usable (storage may find its body damaged: that is a miss).
   */
  recordLookup(result: CacheLookup, now: number): void {
    if (result.state === 'miss') this.metrics.lookup('miss', now);
    else this.metrics.lookup(result.prefetchHit ? 'prefetch' : result.state === 'fresh' ? 'hit' : 'stale', now, { bytes: result.entry.rawBytes, ms: result.entry.costMs });
  }

  /**
   * Admits an entry, evicting least recently used ones until both budgets hold. An entry larger
   * than the byte budget, or arriving while the cache is disabled, is refused.
   */
  put(request: CachePutRequest, now: number): CachePutDecision {
    const problem = checkPut(request);
    if (problem) return { stored: false, reason: problem, evicted: [] };
    if (this.disabledReason) return { stored: false, reason: `the cache is off: ${this.disabledReason}`, evicted: [] };
    if (request.storedBytes > this.limits.maxBytes) {
      return { stored: false, reason: `the body (${request.storedBytes} bytes) is larger than the whole cache (${this.limits.maxBytes} bytes)`, evicted: [] };
    }
    const id = this.idFor(request.namespace, request.key);
    const replaced = this.removeId(id);
    const evicted: CacheEntryMeta[] = [];
    while (this.lru.size + 1 > this.limits.maxEntries || this.lru.bytes + request.storedBytes > this.limits.maxBytes) {
      const oldest = this.lru.peekOldest();
      if (!oldest) break;
      const entry = this.removeId(oldest.key);
      if (entry) evicted.push(entry);
    }
    if (evicted.length > 0) this.metrics.evicted(evicted.length);
    const staleMs = request.staleMs ?? 0;
    const entry: CacheEntryMeta = {
      format: CACHE_ENTRY_FORMAT,
      id,
      namespace: request.namespace,
      version: this.versionOf(request.namespace),
      key: request.key,
      storedAt: now,
      freshUntil: now + request.ttlMs,
      staleUntil: now + request.ttlMs + staleMs,
      bytes: request.storedBytes,
      rawBytes: request.rawBytes,
      compressed: request.compressed,
      hits: 0,
      lastHitAt: null,
      prefetched: request.prefetched === true,
      costMs: Math.max(0, request.costMs ?? 0),
      tags: [...new Set(request.tags ?? [])],
      label: request.label ?? request.key,
    };
    this.insert(entry);
    this.metrics.put(request.rawBytes, request.storedBytes, entry.prefetched);
    return { stored: true, entry, evicted, replaced };
  }

  /** Forgets one entry (e.g. the storage layer found its body damaged). */
  remove(id: string): CacheEntryMeta | null {
    return this.removeId(id);
  }

  /**
   * Frees room after storage refused a write for lack of space: evicts the oldest entries until
   * `bytes` fewer are held (at least one entry). Returns them for deletion.
   */
  shrinkBy(bytes: number): CacheEntryMeta[] {
    const target = Math.max(0, this.lru.bytes - Math.max(1, bytes));
    const evicted: CacheEntryMeta[] = [];
    while (this.lru.size > 0 && (this.lru.bytes > target || evicted.length === 0)) {
      const oldest = this.lru.peekOldest();
      if (!oldest) break;
      const entry = this.removeId(oldest.key);
      if (entry) evicted.push(entry);
    }
    this.metrics.evicted(evicted.length);
    return evicted;
  }

  /** Turns the cache off (storage unusable); lookups still answer what is known, puts are refused. */
  disable(reason: string): void {
    this.disabledReason = reason;
  }

  enable(): void {
    this.disabledReason = null;
  }

  get disabled(): string | null {
    return this.disabledReason;
  }

  /**
   * Rebuilds the index from stored records (after the worker restarted), oldest use first so the
   * recency order survives. Damaged records, unreadable formats, entries of an older namespace
   * version and expired ones are returned for deletion, never admitted.
   */
  restore(records: readonly unknown[], versions: Record<string, number>, now: number): RestoreResult {
    this.clearAll();
    this.versions.clear();
    for (const [namespace, version] of Object.entries(versions)) {
      if (Number.isInteger(version) && version >= 0) this.versions.set(namespace, version);
    }
    const drop: string[] = [];
    let corrupt = 0;
    const good: CacheEntryMeta[] = [];
    for (const record of records) {
      const decoded = decodeEntryMeta(record);
      if (!decoded.ok) {
        corrupt++;
        const id = (record as { id?: unknown } | null)?.id;
        if (typeof id === 'string') drop.push(id);
        continue;
      }
      const entry = decoded.entry;
      if (entry.version !== this.versionOf(entry.namespace) || now >= entry.staleUntil) drop.push(entry.id);
      else good.push(entry);
    }
    good.sort((a, b) => (a.lastHitAt ?? a.storedAt) - (b.lastHitAt ?? b.storedAt));
    for (const entry of good) {
      if (this.lru.size + 1 > this.limits.maxEntries || this.lru.bytes + entry.bytes > this.limits.maxBytes) {
        const oldest = this.lru.peekOldest();
        if (oldest) drop.push(this.removeId(oldest.key)!.id);
      }
      if (this.lru.size + 1 > this.limits.maxEntries || this.lru.bytes + entry.bytes > this.limits.maxBytes) drop.push(entry.id);
      else this.insert(entry);
    }
    if (corrupt > 0) this.metrics.corrupt(corrupt);
    return { restored: this.lru.size, drop, corrupt };
  }

  /** Entries, most recently used first (for the Cache view; O(n)). */
  entries(namespace?: string): CacheEntryMeta[] {
    const all = [...this.lru.valuesNewestFirst()];
    return namespace === undefined ? all : all.filter((entry) => entry.namespace === namespace);
  }

  /** Keys from least to most recently used (O(n); for tests and views). */
  idsOldestFirst(): string[] {
    return [...this.lru.keysOldestFirst()];
  }

  health(now: number): CacheHealth {
    const snapshot = this.metrics.snapshot();
    let oldest: number | null = null;
    for (const entry of this.lru.valuesNewestFirst()) oldest = oldest === null ? entry.storedAt : Math.min(oldest, entry.storedAt);
    return cacheHealth({
      counters: snapshot.counters,
      lastError: snapshot.lastError,
      entries: this.lru.size,
      bytes: this.lru.bytes,
      maxEntries: this.limits.maxEntries,
      maxBytes: this.limits.maxBytes,
      oldestStoredAt: oldest,
      now,
      disabledReason: this.disabledReason,
    });
  }

  private insert(entry: CacheEntryMeta): void {
    this.lru.set(entry.id, entry, entry.bytes);
    setOf(this.byNamespace, entry.namespace).add(entry.id);
    for (const tag of entry.tags) setOf(this.byTag, tagKey(entry.namespace, tag)).add(entry.id);
  }

  private removeId(id: string): CacheEntryMeta | null {
    const removed = this.lru.remove(id);
    if (!removed) return null;
    const entry = removed.value;
    deleteFrom(this.byNamespace, entry.namespace, id);
    for (const tag of entry.tags) deleteFrom(this.byTag, tagKey(entry.namespace, tag), id);
    return entry;
  }
}

function checkPut(request: CachePutRequest): string | null {
  if (typeof request.namespace !== 'string' || request.namespace === '') return 'namespace must be a non-empty string';
  if (typeof request.key !== 'string') return 'key must be a string';
  if (!(request.ttlMs > 0) || !Number.isFinite(request.ttlMs)) return `ttlMs must be a number > 0 (got ${request.ttlMs})`;
  const stale = request.staleMs ?? 0;
  if (!(stale >= 0) || !Number.isFinite(stale)) return `staleMs must be a number ≥ 0 (got ${stale})`;
  for (const field of ['rawBytes', 'storedBytes'] as const) {
    if (!(request[field] >= 0) || !Number.isFinite(request[field])) return `${field} must be a number ≥ 0 (got ${request[field]})`;
  }
  return null;
}

function tagKey(namespace: string, tag: string): string {
  return `${namespace}\u001f${tag}`;
}

function setOf(map: Map<string, Set<string>>, key: string): Set<string> {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  return set;
}

function deleteFrom(map: Map<string, Set<string>>, key: string, id: string): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(id);
  if (set.size === 0) map.delete(key);
}
