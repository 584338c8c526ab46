/**
 * The cache's own IndexedDB database, apart from the recorded sessions: the cache is disposable
 * (cleared, deleted or refused by a full disk) and none of that may touch a recording. Where the
 * browser has storage buckets (Chromium), the database lives in a bucket of its own, so it has its
 * own backing store on disk: a backing store that a full disk breaks is then the cache's, not the
 * recordings'. One typed schema, one upgrade.
 */
import { wrap, type IDBPDatabase } from 'idb';
import { createCacheStores, type CacheStores } from './cache-store';

export const CACHE_DB_NAME = 'admin-performance-cache';
export const CACHE_DB_VERSION = 1;
/** The storage bucket the cache lives in where buckets exist (tests and benches open it by this name). */
export const CACHE_BUCKET_NAME = 'response-cache';

interface StorageBuckets {
  open(name: string, options?: { durability?: 'strict' | 'relaxed'; persisted?: boolean }): Promise<{ indexedDB: IDBFactory }>;
}

let factory: Promise<IDBFactory> | null = null;

/** The IndexedDB factory of the cache's bucket, or the origin's default one where buckets do not exist (the bucket is opened once per context). */
export function cacheDatabaseFactory(): Promise<IDBFactory> {
  factory ??= openFactory();
  return factory;
}

async function openFactory(): Promise<IDBFactory> {
  const buckets = (globalThis.navigator as { storageBuckets?: StorageBuckets } | undefined)?.storageBuckets;
  if (!buckets) return indexedDB;
  try {
    return (await buckets.open(CACHE_BUCKET_NAME, { durability: 'relaxed', persisted: false })).indexedDB;
  } catch {
    return indexedDB;
  }
}

/** Opens the cache database (a new connection each call; the CacheStore keeps one and reopens it if lost). */
export async function openCacheDatabase(name = CACHE_DB_NAME): Promise<IDBPDatabase<CacheStores>> {
  const request = (await cacheDatabaseFactory()).open(name, CACHE_DB_VERSION);
  request.onupgradeneeded = (event) => {
    if (event.oldVersion === 0) createCacheStores(wrap(request.result) as unknown as IDBPDatabase<CacheStores>);
  };
  return wrap(request) as unknown as Promise<IDBPDatabase<CacheStores>>;
}
