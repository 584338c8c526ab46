/**
 * The cache's own IndexedDB database, apart from the recorded sessions: the cache is disposable
 * (cleared, deleted or refused by a full disk) and none of that may touch a recording. One typed
 * schema, one upgrade.
 */
import { openDB, type IDBPDatabase } from 'idb';
import { createCacheStores, type CacheStores } from './cache-store';

export const CACHE_DB_NAME = 'admin-performance-cache';
export const CACHE_DB_VERSION = 1;

/** Opens the cache database (a new connection each call; the CacheStore keeps one and reopens it if lost). */
export function openCacheDatabase(name = CACHE_DB_NAME): Promise<IDBPDatabase<CacheStores>> {
  return openDB<CacheStores>(name, CACHE_DB_VERSION, {
    upgrade(db, oldVersion) {
      switch (oldVersion) {
        case 0:
          createCacheStores(db);
      }
    },
  });
}
