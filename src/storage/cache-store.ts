/**
 * The cache engine's storage: the policy (src/core/cache) decides, this does it in IndexedDB.
 * Entry metadata and bodies live in two object stores (restoring after a worker restart reads
 * the metadata only); bodies above the policy's threshold are gzipped; recently used bodies are
 * also held in memory (bounded) so hits do not wait for IndexedDB. Failures never escape as
 * wrong data: a damaged entry is dropped and reported as a miss; a full disk evicts and retries
 * once, then turns the cache off with a reason the Cache view shows; a deleted or closed
 * database is reopened empty.
 */
import type { DBSchema, IDBPDatabase } from 'idb';
import { CachePolicy, DEFAULT_CACHE_LIMITS, type CacheLimits, type CacheEntryMeta, type CacheHealth, type CacheMetricsSnapshot, type MemoStore } from '../core/cache';
import { decodeEntryMeta } from '../core/cache/entry';
import { LruIndex } from '../core/cache/lru';
import { crc32, decodeBody, encodeBody, type StoredBody } from './body-compression';

/** A stored entry: the policy's metadata plus the caller's extra data (e.g. status and headers). */
export type StoredCacheEntry = CacheEntryMeta & { extra: unknown };

/** The cache's object stores (part of the extension's one IndexedDB schema). */
export interface CacheStores extends DBSchema {
  'cache-entries': { key: string; value: StoredCacheEntry };
  'cache-bodies': { key: string; value: StoredBody };
  /** Namespace versions, metrics and other small state of the cache's users, by name. */
  'cache-state': { key: string; value: unknown };
}

/** The object store names, for the one upgrade that creates them. */
export const CACHE_STORE_NAMES = ['cache-entries', 'cache-bodies', 'cache-state'] as const;

/** Creates the cache's object stores (called from the database's upgrade). */
export function createCacheStores(db: IDBPDatabase<CacheStores>): void {
  for (const name of CACHE_STORE_NAMES) if (!db.objectStoreNames.contains(name)) db.createObjectStore(name);
}

/** One answer from the cache. */
export interface CachedItem {
  state: 'fresh' | 'stale';
  body: Uint8Array<ArrayBuffer>;
  extra: unknown;
  meta: CacheEntryMeta;
  prefetchHit: boolean;
}

/** What to store with a body. */
export interface CachePutOptions {
  ttlMs: number;
  staleMs?: number;
  costMs?: number;
  prefetched?: boolean;
  tags?: string[];
  label?: string;
  extra?: unknown;
}

export type CachePutResult = { stored: true; meta: CacheEntryMeta } | { stored: false; reason: string };

export interface CacheStoreOptions {
  limits?: CacheLimits;
  /** Bytes of decoded bodies kept in memory for fast hits. */
  memoryBytes?: number;
  now?: () => number;
  /** Write-behind delay for hit counts and metrics, ms. */
  flushDelayMs?: number;
  /** What the browser says is used and allowed (navigator.storage.estimate where it exists). */
  estimate?: () => Promise<{ usage?: number; quota?: number }>;
}

/**
 * Storage the cache always leaves free for the recordings (same origin, same disk): below it the
 * cache stops storing and turns itself off rather than fill the disk to the last byte.
 */
export const STORAGE_RESERVE_BYTES = 32 * 1024 * 1024;
const ESTIMATE_EVERY_MS = 2000;

type Opener = () => Promise<IDBPDatabase<CacheStores>>;

const STATE_VERSIONS = 'versions';
const STATE_METRICS = 'metrics';

export class CacheStore {
  readonly policy: CachePolicy;
  private readonly memory: LruIndex<{ body: Uint8Array<ArrayBuffer>; extra: unknown }>;
  private readonly memoryBytes: number;
  private readonly now: () => number;
  private readonly flushDelayMs: number;
  private readonly pendingWrites = new Map<string, Promise<void>>();
  private readonly dirty = new Set<string>();
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private db: Promise<IDBPDatabase<CacheStores>> | null = null;
  private restoring: Promise<void> | null = null;
  private readonly estimate: (() => Promise<{ usage?: number; quota?: number }>) | null;
  private lastEstimate: { at: number; left: number } | null = null;

  constructor(private readonly open: Opener, options: CacheStoreOptions = {}) {
    this.policy = new CachePolicy(options.limits ?? DEFAULT_CACHE_LIMITS);
    this.memory = new LruIndex();
    this.memoryBytes = options.memoryBytes ?? 8 * 1024 * 1024;
    this.now = options.now ?? Date.now;
    this.flushDelayMs = options.flushDelayMs ?? 1000;
    const storage = (globalThis as { navigator?: { storage?: { estimate?: () => Promise<{ usage?: number; quota?: number }> } } }).navigator?.storage;
    this.estimate = options.estimate ?? (typeof storage?.estimate === 'function' ? () => storage.estimate!() : null);
  }

  /** Bytes the browser still allows this origin, read at most every 2 s (null: unknown). */
  private async storageLeft(): Promise<number | null> {
    if (!this.estimate) return null;
    const now = this.now();
    if (this.lastEstimate && now - this.lastEstimate.at < ESTIMATE_EVERY_MS) return this.lastEstimate.left;
    try {
      const { usage, quota } = await this.estimate();
      if (typeof usage !== 'number' || typeof quota !== 'number') return null;
      this.lastEstimate = { at: now, left: quota - usage };
      return this.lastEstimate.left;
    } catch {
      return null;
    }
  }

  /** Restores the index from storage once (after a worker start); later calls wait for it. */
  ready(): Promise<void> {
    this.restoring ??= this.restore().catch((error: unknown) => {
      this.policy.metrics.error(`could not read the cache: ${describe(error)}`);
    });
    return this.restoring;
  }

  /** A fresh or stale entry, or null (a miss, an expired entry, a damaged one, or a storage error). */
  async get(namespace: string, key: string): Promise<CachedItem | null> {
    await this.ready();
    const now = this.now();
    const found = this.policy.lookup(namespace, key, now, { record: false });
    if (found.state === 'miss') {
      this.policy.recordLookup(found, now);
      if (found.expired) void this.deleteIds([found.expired.id]);
      return null;
    }
    const { entry } = found;
    try {
      const body = await this.readBody(entry);
      if (!body) {
        this.policy.remove(entry.id);
        this.policy.metrics.corrupt();
        this.policy.recordLookup({ state: 'miss', expired: null }, now);
        void this.deleteIds([entry.id]);
        return null;
      }
      this.policy.recordLookup(found, now);
      this.markDirty(entry.id);
      return { state: found.state, body: body.body, extra: body.extra, meta: entry, prefetchHit: found.prefetchHit };
    } catch (error) {
      this.failed('read', error);
      this.policy.recordLookup({ state: 'miss', expired: null }, now);
      return null;
    }
  }

  /**
   * A fresh entry's body and extra data, counting nothing and moving nothing (a copy handed out
   * ahead of a request: the hit is counted when it is used). Null when missing, not fresh, or unreadable.
   */
  async readFresh(namespace: string, key: string): Promise<{ body: Uint8Array<ArrayBuffer>; extra: unknown; meta: CacheEntryMeta } | null> {
    await this.ready();
    const entry = this.policy.peek(namespace, key);
    if (!entry || this.now() >= entry.freshUntil) return null;
    try {
      const body = await this.readBody(entry);
      return body ? { body: body.body, extra: body.extra, meta: entry } : null;
    } catch (error) {
      this.failed('read', error);
      return null;
    }
  }

  /**
   * Counts a hit answered from a copy held elsewhere (the content script's hot tier): the entry's
   * hits, recency and the metrics, without reading its body. Nothing happens if it is gone.
   */
  countHeldHit(namespace: string, key: string): void {
    const now = this.now();
    if (!this.policy.peek(namespace, key)) return;
    const found = this.policy.lookup(namespace, key, now);
    if (found.state !== 'miss') this.markDirty(found.entry.id);
    else if (found.expired) void this.deleteIds([found.expired.id]);
  }

  /** Stores a body; evicts what the policy says; a full disk evicts and retries once, then turns the cache off. */
  async put(namespace: string, key: string, raw: Uint8Array<ArrayBuffer>, opts: CachePutOptions): Promise<CachePutResult> {
    await this.ready();
    const extra = opts.extra ?? null;
    let stored: StoredBody;
    try {
      stored = await encodeBody(raw, this.policy.shouldCompress(raw.byteLength));
    } catch (error) {
      this.failed('compress', error);
      stored = { compressed: false, data: raw, crc: crc32(raw) };
    }
    const decision = this.policy.put({ namespace, key, rawBytes: raw.byteLength, storedBytes: stored.data.byteLength, compressed: stored.compressed, ttlMs: opts.ttlMs, staleMs: opts.staleMs, costMs: opts.costMs, prefetched: opts.prefetched, tags: opts.tags, label: opts.label }, this.now());
    const toDelete = [...decision.evicted.map((e) => e.id), ...(decision.stored && decision.replaced && decision.replaced.id !== decision.entry.id ? [decision.replaced.id] : [])];
    if (!decision.stored) {
      if (toDelete.length > 0) void this.deleteIds(toDelete);
      return { stored: false, reason: decision.reason };
    }
    const entry = decision.entry;
    const left = await this.storageLeft();
    if (left !== null && left - stored.data.byteLength < STORAGE_RESERVE_BYTES) {
      // Nearly full: stop before the browser refuses writes, so the recordings keep their room.
      this.policy.remove(entry.id);
      if (toDelete.length > 0) void this.deleteIds(toDelete);
      const reason = `less than ${Math.round(STORAGE_RESERVE_BYTES / 1048576)} MB of storage is left (${Math.max(0, Math.round(left / 1048576))} MB): it stopped storing so that recordings keep their room`;
      this.policy.metrics.error(`storage is nearly full (${Math.max(0, Math.round(left / 1048576))} MB left)`);
      this.policy.disable(reason);
      return { stored: false, reason };
    }
    for (const id of toDelete) this.memory.remove(id);
    this.remember(entry.id, raw, extra);
    const write = this.write(entry, extra, stored, toDelete);
    this.pendingWrites.set(entry.id, write.then(() => {}, () => {}));
    const ok = await write;
    if (this.pendingWrites.get(entry.id)) this.pendingWrites.delete(entry.id);
    return ok ? { stored: true, meta: entry } : { stored: false, reason: this.policy.disabled ?? 'the browser could not store it' };
  }

  /** Bumps a namespace's version: all its entries are gone at once. */
  async bumpVersion(namespace: string): Promise<number> {
    await this.ready();
    const { version, removed } = this.policy.bumpVersion(namespace);
    await this.deleteIds(removed.map((e) => e.id));
    await this.saveState();
    return version;
  }

  async clearNamespace(namespace: string): Promise<number> {
    await this.ready();
    const removed = this.policy.clearNamespace(namespace);
    await this.deleteIds(removed.map((e) => e.id));
    return removed.length;
  }

  /** Removes the entries of a namespace carrying any of these tags. */
  async invalidateTags(namespace: string, tags: readonly string[]): Promise<number> {
    await this.ready();
    const removed = tags.flatMap((tag) => this.policy.invalidateTag(namespace, tag));
    await this.deleteIds(removed.map((e) => e.id));
    return removed.length;
  }

  /** Removes everything and turns a disabled cache back on. */
  async clearAll(): Promise<void> {
    await this.ready();
    this.policy.clearAll();
    this.memory.clear();
    this.policy.enable();
    try {
      const db = await this.database();
      const tx = db.transaction(['cache-entries', 'cache-bodies'], 'readwrite');
      await Promise.all([tx.objectStore('cache-entries').clear(), tx.objectStore('cache-bodies').clear(), tx.done]);
    } catch (error) {
      this.failed('clear', error);
    }
  }

  entries(namespace?: string): CacheEntryMeta[] {
    return this.policy.entries(namespace);
  }

  health(): CacheHealth {
    return this.policy.health(this.now());
  }

  metrics(): CacheMetricsSnapshot {
    return this.policy.metrics.snapshot();
  }

  /** Small state of the cache's users (e.g. the request predictor), stored beside the entries. */
  async readState(name: string): Promise<unknown> {
    try {
      return await (await this.database()).get('cache-state', `user:${name}`);
    } catch (error) {
      this.failed('read state', error);
      return undefined;
    }
  }

  async writeState(name: string, value: unknown): Promise<void> {
    try {
      await (await this.database()).put('cache-state', value, `user:${name}`);
    } catch (error) {
      this.failed('write state', error);
    }
  }

  /** Writes hit counts and metrics now (they are otherwise written shortly after they change). */
  async flush(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    const ids = [...this.dirty];
    this.dirty.clear();
    try {
      const db = await this.database();
      const tx = db.transaction(['cache-entries', 'cache-state'], 'readwrite');
      const entries = tx.objectStore('cache-entries');
      for (const id of ids) {
        const meta = this.policy.entries().find((e) => e.id === id);
        if (!meta) continue;
        const current = await entries.get(id);
        if (current) await entries.put({ ...meta, extra: current.extra }, id);
      }
      await tx.objectStore('cache-state').put(this.policy.metrics.snapshot(), STATE_METRICS);
      await tx.done;
    } catch (error) {
      this.failed('flush', error);
    }
  }

  // ---- MemoStore (memoized computations) -------------------------------------------------------

  /** A MemoStore view of this cache (the core's memoize() takes one): values are stored as JSON. */
  memoStore(): MemoStore {
    return {
      get: async (namespace, key) => {
        const item = await this.get(namespace, key);
        if (!item) return undefined;
        try {
          return (JSON.parse(new TextDecoder().decode(item.body)) as { json: unknown }).json;
        } catch {
          return undefined;
        }
      },
      put: async (namespace, key, value, ttlMs) => {
        await this.put(namespace, key, new TextEncoder().encode(JSON.stringify({ json: value })), { ttlMs, label: `memo ${key}` });
      },
    };
  }

  // ---- internals ---------------------------------------------------------------------------------

  private async restore(): Promise<void> {
    const db = await this.database();
    const tx = db.transaction(['cache-entries', 'cache-state'], 'readonly');
    const [records, versions, metrics] = await Promise.all([tx.objectStore('cache-entries').getAll(), tx.objectStore('cache-state').get(STATE_VERSIONS), tx.objectStore('cache-state').get(STATE_METRICS)]);
    await tx.done;
    if (isMetricsSnapshot(metrics)) this.policy.metrics.load(metrics);
    const result = this.policy.restore(records, isVersionTable(versions) ? versions : {}, this.now());
    if (result.drop.length > 0) await this.deleteIds(result.drop);
  }

  private async readBody(entry: CacheEntryMeta): Promise<{ body: Uint8Array<ArrayBuffer>; extra: unknown } | null> {
    const inMemory = this.memory.touch(entry.id);
    if (inMemory) return inMemory;
    await this.pendingWrites.get(entry.id);
    const again = this.memory.touch(entry.id);
    if (again) return again;
    const db = await this.database();
    const tx = db.transaction(['cache-entries', 'cache-bodies'], 'readonly');
    const [record, stored] = await Promise.all([tx.objectStore('cache-entries').get(entry.id), tx.objectStore('cache-bodies').get(entry.id)]);
    await tx.done;
    const meta = decodeEntryMeta(record);
    if (!meta.ok || meta.entry.rawBytes !== entry.rawBytes) return null;
    const body = await decodeBody(stored, entry.rawBytes);
    if (!body) return null;
    const extra = (record as StoredCacheEntry).extra;
    this.remember(entry.id, body, extra);
    return { body, extra };
  }

  private async write(entry: CacheEntryMeta, extra: unknown, body: StoredBody, deleteIds: string[], retry = true): Promise<boolean> {
    try {
      const db = await this.database();
      const tx = db.transaction(['cache-entries', 'cache-bodies', 'cache-state'], 'readwrite');
      const entries = tx.objectStore('cache-entries');
      const bodies = tx.objectStore('cache-bodies');
      // Requests fail with their transaction; tx.done reports it once.
      for (const id of deleteIds) {
        entries.delete(id).catch(ignore);
        bodies.delete(id).catch(ignore);
      }
      bodies.put(body, entry.id).catch(ignore);
      entries.put({ ...entry, extra }, entry.id).catch(ignore);
      await tx.done;
      return true;
    } catch (error) {
      if (isQuotaError(error)) {
        this.policy.metrics.error('storage is full (QuotaExceededError)');
        if (retry && this.policy.entryCount > 1) {
          // Free at least twice what this entry needs, oldest first, then try once more.
          const evicted = this.policy.shrinkBy(Math.max(body.data.byteLength * 2, Math.ceil(this.policy.bytes * 0.1))).filter((e) => e.id !== entry.id);
          for (const e of evicted) this.memory.remove(e.id);
          return this.write(entry, extra, body, [...deleteIds, ...evicted.map((e) => e.id)], false);
        }
        this.policy.remove(entry.id);
        this.memory.remove(entry.id);
        this.policy.disable('the browser refused to store more (storage is full)');
        return false;
      }
      this.policy.remove(entry.id);
      this.memory.remove(entry.id);
      this.failed('write', error);
      return false;
    }
  }

  private async deleteIds(ids: readonly string[]): Promise<void> {
    for (const id of ids) this.memory.remove(id);
    if (ids.length === 0) return;
    try {
      const db = await this.database();
      const tx = db.transaction(['cache-entries', 'cache-bodies'], 'readwrite');
      for (const id of ids) {
        tx.objectStore('cache-entries').delete(id).catch(ignore);
        tx.objectStore('cache-bodies').delete(id).catch(ignore);
      }
      await tx.done;
    } catch (error) {
      this.failed('delete', error);
    }
  }

  private async saveState(): Promise<void> {
    try {
      await (await this.database()).put('cache-state', this.policy.versionTable(), STATE_VERSIONS);
    } catch (error) {
      this.failed('write state', error);
    }
  }

  private remember(id: string, body: Uint8Array<ArrayBuffer>, extra: unknown): void {
    if (body.byteLength > this.memoryBytes / 4) return;
    this.memory.set(id, { body, extra }, body.byteLength);
    while (this.memory.bytes > this.memoryBytes) this.memory.evictOldest();
  }

  private markDirty(id: string): void {
    this.dirty.add(id);
    this.flushTimer ??= setTimeout(() => void this.flush(), this.flushDelayMs);
  }

  private database(): Promise<IDBPDatabase<CacheStores>> {
    this.db ??= this.open().then((db) => {
      // Deleted or closed under us (another context deleted it, the browser gave up): reopen next time.
      db.addEventListener('close', () => this.lostDatabase());
      db.addEventListener('versionchange', () => {
        db.close();
        this.lostDatabase();
      });
      return db;
    });
    this.db.catch(() => (this.db = null));
    return this.db;
  }

  private lostDatabase(): void {
    this.db = null;
    // What the index says is stored may be gone: start empty rather than promise missing bodies.
    this.policy.clearAll();
    this.memory.clear();
  }

  private failed(operation: string, error: unknown): void {
    this.policy.metrics.error(`${operation} failed: ${describe(error)}`);
    // A full disk seen by any operation (opening the database, a flush): stop writing, say why.
    if (isQuotaError(error)) this.policy.disable('the browser refused to store more (storage is full)');
    const name = (error as { name?: string } | null)?.name;
    if (name === 'InvalidStateError' || name === 'NotFoundError' || name === 'UnknownError') this.lostDatabase();
  }
}

function ignore(): void {}

function isQuotaError(error: unknown): boolean {
  const name = (error as { name?: string } | null)?.name;
  return name === 'QuotaExceededError' || (name === 'AbortError' && /quota/i.test(String((error as { message?: string }).message)));
}

function describe(error: unknown): string {
  const e = error as { name?: string; message?: string } | null;
  return e?.name ? `${e.name}${e.message ? `: ${e.message}` : ''}` : String(error);
}

function isVersionTable(value: unknown): value is Record<string, number> {
  return typeof value === 'object' && value !== null && Object.values(value).every((v) => Number.isInteger(v) && (v as number) >= 0);
}

function isMetricsSnapshot(value: unknown): value is CacheMetricsSnapshot {
  const v = value as Partial<CacheMetricsSnapshot> | null;
  return typeof v === 'object' && v !== null && typeof v.counters === 'object' && v.counters !== null && Array.isArray(v.series) && Object.values(v.counters).every((n) => typeof n === 'number' && Number.isFinite(n) && n >= 0);
}
